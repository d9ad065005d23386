"""One function per ``framing`` command: read the inputs, run the stages, write the tables.

Stage modules take and return data; this module is the edge where files are
read (:func:`~analysis.ingest.corpus.load_corpus`, the lexicon, the gold
coding) and results are written, always through :func:`analysis.outputs.write_tables`
(tables + ``run.json``, moved into place together). Each function returns the
exit code and prints a one-line summary; unusable input raises
:class:`~analysis.errors.InputError` before anything is written.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from analysis import __version__
from analysis.config import DEFAULT_MODEL
from analysis.distributed import CONNECT_TIMEOUT, dask_client
from analysis.errors import InputError
from analysis.frames.coding import coded_corpus, coding_files, load_coding
from analysis.frames.crossval import cross_validate, crossval_checksums, fit_model
from analysis.frames.holdout import evaluate_holdout
from analysis.frames.lexicon import load_lexicon
from analysis.frames.model_hits import load_model
from analysis.frames.scoring import ScoringWarning, score_stream
from analysis.frames.validate import load_gold, validate_lexicon
from analysis.frames.voice_eval import evaluate_voice
from analysis.ingest.corpus import CorpusStream, load_corpus
from analysis.ingest.groups import check_group_by
from analysis.language.terms import CLI_TOP_N, terms_tables
from analysis.outputs import check_writable, write_tables, write_text
from analysis.provenance import checksum_files, sha256_file
from analysis.schema import conform
from analysis.text.tokens import sentence_table
from analysis.voice.speakers import load_speakers
from analysis.workers import check_jobs

__all__ = ["ingest", "score", "terms", "validate", "train"]


def ingest(corpus_path: str | Path, *, out_dir: str | Path,
           manifest: str | Path | None = None, allow_outside: bool = False,
           day_first: bool = False, n_jobs: int = 1) -> int:
    """``framing ingest``: articles, ingest report, removals and sentences of a corpus.

    ``allow_outside``, ``day_first`` and ``n_jobs`` (processes reading and cleaning
    the items) are passed to :func:`~analysis.ingest.corpus.load_corpus`, as in
    :func:`score` and :func:`terms`.
    """
    check_jobs(n_jobs)
    corpus = load_corpus(corpus_path, manifest=manifest, allow_outside=allow_outside,
                         day_first=day_first, n_jobs=n_jobs)
    tables = {
        "articles": corpus.articles,
        "ingest_report": conform(corpus.report, "ingest_report"),
        "removals": conform(corpus.removals, "removals"),
        "sentences": sentence_table(corpus.articles),
    }
    write_tables(out_dir, tables, command="ingest", parquet=["articles"],
                 parameters={"corpus": str(corpus.source), "allow_outside": allow_outside,
                             "day_first": day_first},
                 checksums={"corpus": corpus.checksum},
                 extra={"summary": corpus.summary()})
    print(corpus.summary() + f" -> {out_dir}")
    return 0


def _cluster(dask: str | None, n_jobs: int, timeout: float) -> AbstractContextManager[Any]:
    """A Dask client for ``--dask`` (``"local"``: a LocalCluster of ``n_jobs`` workers),
    or no client."""
    if dask is None:
        return nullcontext()
    return dask_client(dask, n_workers=n_jobs, timeout=timeout)


def _timed(fn: Callable[[], Any], timings: dict[str, float]) -> Callable[[], Any]:
    """``fn`` that records its seconds in ``timings[fn.__name__]``."""
    def timed() -> Any:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            timings[fn.__name__] = time.perf_counter() - start
    return timed


def score(corpus_path: str | Path, *, lexicon_path: str | Path, by: str = "outlet",
          out_dir: str | Path = "reports/score", n_jobs: int = 1, n_boot: int = 1000,
          seed: int = 0, method: str = "lexicon", model_path: str | Path | None = None,
          allow_outside: bool = False, day_first: bool = False, dask: str | None = None,
          dask_timeout: float = CONNECT_TIMEOUT) -> int:
    """``framing score``: hits, frame and group scores, evidence.

    ``method`` ``model`` or ``ensemble`` reads the learned scorer from ``model_path``.
    ``dask`` (a scheduler address, or ``"local"`` for a LocalCluster of ``n_jobs``
    workers) runs the engine on Dask workers; it is connected to before the
    corpus is read, so an unreachable scheduler fails fast.
    """
    check_jobs(n_jobs)
    if n_boot < 1:
        raise InputError(f"--n-boot must be at least 1, not {n_boot}")
    check_group_by(by)
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    lexicon = load_lexicon(lexicon_path)
    model = load_model(model_path or DEFAULT_MODEL) if method != "lexicon" else None
    with _cluster(dask, n_jobs, dask_timeout) as client:
        # The corpus streams through the engine a chunk at a time: memory holds the
        # rows of the output tables and a signature per article, not the texts.
        corpus = CorpusStream(corpus_path, allow_outside=allow_outside, day_first=day_first,
                              n_jobs=n_jobs, client=client, audit=False)
        load_time = time.perf_counter() - t0
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ScoringWarning)
            # ... and the rows go to disk as each chunk is scored, written at the end.
            scores = score_stream(corpus, lexicon, stories=_timed(corpus.story_ids, timings),
                                  keep_sentences=False, spill=True, by=by, n_jobs=n_jobs,
                                  n_boot=n_boot, seed=seed, method=method, model=model,
                                  client=client)
    scores.checksums["corpus"] = corpus.checksum
    for w in caught:
        if issubclass(w.category, ScoringWarning):
            print(f"framing score: warning: {w.message}")
        else:  # ingest warnings, shown as they would be outside the block
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    tables = {name: getattr(scores, name)
              for name in ("hits", "frame_scores", "outlet_scores", "evidence")}
    try:
        write_tables(out_dir, tables, command="score",
                     parameters={**scores.parameters, "allow_outside": allow_outside,
                                 "day_first": day_first, "dask": dask},
                     checksums=scores.checksums,
                     timings={"load": load_time, **scores.timings, **timings},
                     extra={"package_version": __version__,
                            "excluded_articles": scores.excluded})
    finally:
        scores.close()
    n = scores.counts
    print(f"scored {n['articles']} articles: {n['hits'] - n['negated']} hits "
          f"({n['negated']} negated), {len(scores.excluded)} excluded -> {out_dir}")
    return 0


def terms(corpus_path: str | Path, *, lexicon_path: str | Path, by: str = "outlet",
          out_dir: str | Path, allow_outside: bool = False, day_first: bool = False,
          n_jobs: int = 1, dask: str | None = None,
          dask_timeout: float = CONNECT_TIMEOUT) -> int:
    """``framing terms``: every table of :func:`~analysis.language.terms.terms_tables`.

    Everything is computed before anything is written, so unusable input
    (one article, one group, no terms) writes nothing. ``n_jobs`` and ``dask``
    say where the term counts of the articles are made, as in :func:`score`.
    """
    check_jobs(n_jobs)
    start = time.perf_counter()
    with _cluster(dask, n_jobs, dask_timeout) as client:
        corpus = load_corpus(corpus_path, allow_outside=allow_outside, day_first=day_first,
                             n_jobs=n_jobs, client=client)
        lexicon = load_lexicon(lexicon_path)
        timings = {"load": time.perf_counter() - start}
        tables = terms_tables(corpus, lexicon, by=by, timings=timings, n_jobs=n_jobs,
                              client=client)
    write_tables(out_dir, tables, command="terms", timings=timings,
                 parameters={"corpus": str(corpus_path), "lexicon": str(lexicon_path),
                             "by": by, "top_n": CLI_TOP_N, "prior_strength": 1.0,
                             "correction": "default", "allow_outside": allow_outside,
                             "day_first": day_first, "dask": dask},
                 checksums={"corpus": corpus.checksum, "lexicon": lexicon.checksum})
    groups = tables["keyness"]["group"].nunique()
    print(f"{corpus.summary()}; {groups} groups by {by} compared -> {out_dir}")
    return 0


def validate(*, gold_path: str | Path, lexicon_path: str | Path,
             out_dir: str | Path | None = None, dev: str | Path | None = None,
             folds: int | str = 5, holdout: str | Path | None = None,
             model_path: str | Path = DEFAULT_MODEL) -> int:
    """``framing validate``: the lexicon against the gold sentences, then (with ``dev``)
    lexicon, model and ensemble cross-validated on the coded development corpus
    (``folds`` grouped folds, or ``"batch"``: one gathering batch left out at a time), and
    (with ``holdout``) the shipped lexicon and model, nothing refitted, on a coded
    folder in data/dev's layout that neither was written or trained from."""
    started = time.perf_counter()
    gold = load_gold(gold_path)
    lexicon = load_lexicon(lexicon_path)
    result = validate_lexicon(lexicon, gold)
    print(f"Lexicon: {lexicon_path} (version {getattr(lexicon, 'version', '?')})")
    print(result.to_text())
    tables = {"validation_frames": result.per_frame, "validation_errors": result.errors,
              "validation_cues": result.per_cue}
    if result.alpha is not None:
        tables["alpha"] = result.alpha
    gold_files = sorted(set(gold["source"]))
    checksums = {"gold": checksum_files(gold_files),
                 "lexicon": getattr(lexicon, "checksum", None) or sha256_file(lexicon_path)}
    if dev is not None:
        if folds != "batch" and (not isinstance(folds, int) or folds < 2):
            raise InputError(f"--folds must be at least 2 or 'batch', not {folds}")
        coding = load_coding(dev)
        cv = cross_validate(coding, coded_corpus(coding), lexicon, k=folds)
        print(cv.to_text())
        tables.update(cv.tables())
        voices = evaluate_voice(coding, load_speakers())
        print(voices.to_text())
        tables.update(voices.tables())
        checksums.update({f"dev_{k}": v for k, v in crossval_checksums(lexicon, dev).items()})
    if holdout is not None:
        held = load_coding(holdout)
        evaluation = evaluate_holdout(held, coded_corpus(held), lexicon, load_model(model_path))
        print(evaluation.to_text())
        tables.update(evaluation.tables())
        voices = evaluate_voice(held, load_speakers())
        print(voices.to_text())
        tables.update({f"holdout_{name}": table for name, table in voices.tables().items()})
        checksums.update({"holdout_coding": checksum_files(coding_files(holdout),
                                                           root=Path(holdout)),
                          "model": sha256_file(model_path)})
    if out_dir is None:
        return 0
    write_tables(out_dir, tables, command="validate",
                 parameters={"gold": gold_files, "lexicon": str(lexicon_path),
                             "reference": result.reference, "coders": list(result.coders),
                             "dev": str(dev) if dev else None, "folds": folds,
                             "holdout": str(holdout) if holdout else None,
                             "model": str(model_path) if holdout else None},
                 checksums=checksums, timings={"validate": time.perf_counter() - started})
    print(f"-> {out_dir}")
    return 0


def train(*, dev: str | Path, lexicon_path: str | Path, out: str | Path,
          folds: int = 5) -> int:
    """``framing train``: fit the learned scorer on every coded excerpt; write it as JSON.

    The same inputs give the same file, byte for byte (``data/models/frames.json``
    is rebuilt this way). Beside it, ``<name>.crossval/`` holds the cross-validated
    figures of every method with this lexicon and coding, which the report shows
    while neither has changed.
    """
    lexicon = load_lexicon(lexicon_path)
    coding = load_coding(dev)
    corpus = coded_corpus(coding)
    model = fit_model(coding, corpus.articles, lexicon)
    model.training_.update({"articles": len(corpus.articles),
                            "coding": crossval_checksums(lexicon, dev)["coding"],
                            "lexicon": lexicon.checksum, "lexicon_version": lexicon.version})
    check_writable(out)
    write_text(out, model.to_json())
    print(f"trained on {model.training_['sentences']} sentences of {len(corpus.articles)} "
          f"excerpts; thresholds {model.threshold_} -> {out}")
    cv = cross_validate(coding, corpus, lexicon, k=folds)
    folder = Path(out).with_name(Path(out).stem + ".crossval")
    write_tables(folder, cv.tables(), command="train",
                 parameters={"dev": str(dev), "lexicon": str(lexicon_path), "folds": folds},
                 checksums=crossval_checksums(lexicon, dev),
                 extra={"n_articles": cv.n_articles, "folds": cv.folds})
    print(cv.to_text())
    print(f"-> {folder}")
    return 0
