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
from pathlib import Path

from analysis import __version__
from analysis.errors import InputError
from analysis.frames.lexicon import load_lexicon
from analysis.frames.scoring import ScoringWarning, score_corpus
from analysis.frames.validate import load_gold, validate_lexicon
from analysis.ingest.corpus import load_corpus
from analysis.ingest.groups import check_group_by
from analysis.language.terms import CLI_TOP_N, terms_tables
from analysis.outputs import write_tables
from analysis.provenance import checksum_files, sha256_file
from analysis.schema import conform
from analysis.text.tokens import sentence_table
from analysis.workers import check_jobs

__all__ = ["ingest", "score", "terms", "validate"]


def ingest(corpus_path: str | Path, *, out_dir: str | Path,
           manifest: str | Path | None = None) -> int:
    """``framing ingest``: articles, ingest report, removals and sentences of a corpus."""
    corpus = load_corpus(corpus_path, manifest=manifest)
    tables = {
        "articles": corpus.articles,
        "ingest_report": conform(corpus.report, "ingest_report"),
        "removals": conform(corpus.removals, "removals"),
        "sentences": sentence_table(corpus.articles),
    }
    write_tables(out_dir, tables, command="ingest", parquet=["articles"],
                 parameters={"corpus": str(corpus.source)},
                 checksums={"corpus": corpus.checksum},
                 extra={"summary": corpus.summary()})
    print(corpus.summary() + f" -> {out_dir}")
    return 0


def score(corpus_path: str | Path, *, lexicon_path: str | Path, by: str = "outlet",
          out_dir: str | Path = "reports/score", n_jobs: int = 1, n_boot: int = 1000,
          seed: int = 0) -> int:
    """``framing score``: hits, frame and group scores, evidence."""
    check_jobs(n_jobs)
    if n_boot < 1:
        raise InputError(f"--n-boot must be at least 1, not {n_boot}")
    check_group_by(by)
    t0 = time.perf_counter()
    lexicon = load_lexicon(lexicon_path)
    corpus = load_corpus(corpus_path)
    load_time = time.perf_counter() - t0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScoringWarning)
        scores = score_corpus(corpus, lexicon, by=by, n_jobs=n_jobs, n_boot=n_boot, seed=seed)
    for w in caught:
        print(f"framing score: warning: {w.message}")
    tables = {name: getattr(scores, name)
              for name in ("hits", "frame_scores", "outlet_scores", "evidence")}
    write_tables(out_dir, tables, command="score", parameters=scores.parameters,
                 checksums=scores.checksums, timings={"load": load_time, **scores.timings},
                 extra={"package_version": __version__, "excluded_articles": scores.excluded})
    n_support = int((~scores.hits["negated"]).sum())
    print(f"scored {scores.frame_scores['article_id'].nunique()} articles: {n_support} hits "
          f"({len(scores.hits) - n_support} negated), {len(scores.excluded)} excluded "
          f"-> {out_dir}")
    return 0


def terms(corpus_path: str | Path, *, lexicon_path: str | Path, by: str = "outlet",
          out_dir: str | Path) -> int:
    """``framing terms``: every table of :func:`~analysis.language.terms.terms_tables`.

    Everything is computed before anything is written, so unusable input
    (one article, one group, no terms) writes nothing.
    """
    start = time.perf_counter()
    corpus = load_corpus(corpus_path)
    lexicon = load_lexicon(lexicon_path)
    timings = {"load": time.perf_counter() - start}
    tables = terms_tables(corpus, lexicon, by=by, timings=timings)
    write_tables(out_dir, tables, command="terms", timings=timings,
                 parameters={"corpus": str(corpus_path), "lexicon": str(lexicon_path),
                             "by": by, "top_n": CLI_TOP_N, "prior_strength": 1.0,
                             "correction": "default"},
                 checksums={"corpus": corpus.checksum, "lexicon": lexicon.checksum})
    groups = tables["keyness"]["group"].nunique()
    print(f"{corpus.summary()}; {groups} {by}s compared -> {out_dir}")
    return 0


def validate(*, gold_path: str | Path, lexicon_path: str | Path,
             out_dir: str | Path | None = None) -> int:
    """``framing validate``: print the validation report; write its tables to ``out_dir``."""
    started = time.perf_counter()
    gold = load_gold(gold_path)
    lexicon = load_lexicon(lexicon_path)
    result = validate_lexicon(lexicon, gold)
    print(f"Lexicon: {lexicon_path} (version {getattr(lexicon, 'version', '?')})")
    print(result.to_text())
    if out_dir is None:
        return 0
    tables = {"validation_frames": result.per_frame, "validation_errors": result.errors,
              "validation_cues": result.per_cue}
    if result.alpha is not None:
        tables["alpha"] = result.alpha
    gold_files = sorted(set(gold["source"]))
    write_tables(out_dir, tables, command="validate",
                 parameters={"gold": gold_files, "lexicon": str(lexicon_path),
                             "reference": result.reference, "coders": list(result.coders)},
                 checksums={"gold": checksum_files(gold_files),
                            "lexicon": getattr(lexicon, "checksum", None)
                            or sha256_file(lexicon_path)},
                 timings={"validate": time.perf_counter() - started})
    print(f"-> {out_dir}")
    return 0
