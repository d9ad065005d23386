"""On-disk cache of the corpus, scores, terms and validation tables.

The notebooks of one ``framing run`` (and a rerun where nothing changed) share
their inputs instead of re-scoring the corpus in every notebook. An entry is
keyed by the checksums of every input actually read (each file the corpus
manifest lists, the lexicon, the speakers file, the gold coding), the
parameters, the package version and a fingerprint of the package's source, so
editing any of them computes afresh. Entries are Parquet tables and JSON
verified by their checksums when read (:mod:`analysis.report.store`): an entry
that fails a check is recomputed with a :class:`CacheWarning`, never trusted.
A notebook opened alone computes what it needs on a miss.

The folder is ``cache_dir`` when given, else ``$FRAMING_CACHE_DIR`` (set by
``framing run``), else ``.framing-cache/`` in the current directory (git-ignored).
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from analysis import __version__
from analysis.config import (
    DEFAULT_DEV,
    DEFAULT_GOLD,
    DEFAULT_LEXICON,
    DEFAULT_MODEL,
    DEFAULT_SPEAKERS,
)
from analysis.ingest.corpus import corpus_files
from analysis.provenance import checksum_files, sha256_file
from analysis.report.store import BadEntry, load_entry, save_entry

__all__ = [
    "CACHE_ENV", "CacheWarning", "cache_folder", "cache_key", "input_checksum",
    "corpus_checksum", "cached",
    "get_corpus", "get_scores", "get_terms", "get_keyness", "get_validation", "get_crossval",
    "get_holdout",
]

#: Environment variable that points every notebook of a batch at one cache folder.
CACHE_ENV = "FRAMING_CACHE_DIR"

T = TypeVar("T")


def cache_folder(path: str | Path | None = None) -> Path:
    """The cache folder: ``path``, else ``$FRAMING_CACHE_DIR``, else ``./.framing-cache``."""
    chosen = path or os.environ.get(CACHE_ENV) or Path.cwd() / ".framing-cache"
    return Path(chosen)


class CacheWarning(UserWarning):
    """A cache entry failed its checks and was computed again."""


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Checksum of the package's source and templates: a code change invalidates the cache."""
    package = Path(__file__).resolve().parents[1]
    files = [p for p in package.rglob("*") if p.suffix in (".py", ".html")
             and "__pycache__" not in p.parts]
    return checksum_files(files, root=package)[:16]


def cache_key(*parts: Any) -> str:
    """A short stable key for ``parts`` plus the package version and source.

    >>> cache_key("scores", {"by": "outlet"}) == cache_key("scores", {"by": "outlet"})
    True
    >>> cache_key("scores", {"by": "outlet"}) == cache_key("scores", {"by": "origin"})
    False
    """
    payload = json.dumps([__version__, _code_fingerprint(), *parts], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def input_checksum(path: str | Path) -> str:
    """Checksum of a file, or of every non-hidden file below a folder (names and bytes)."""
    p = Path(path)
    if p.is_dir():
        files = [f for f in p.rglob("*") if f.is_file()
                 and not any(part.startswith(".") for part in f.relative_to(p).parts)]
        return checksum_files(files, root=p)
    return sha256_file(p)


def corpus_checksum(path: str | Path) -> str:
    """Checksum of the files the corpus at ``path`` is read from (and only those)."""
    files = corpus_files(path)
    root = Path(os.path.commonpath([str(f.parent) for f in files])) if files else Path(path)
    return checksum_files(files, root=root)


def cached(kind: str, key_parts: Any, compute: Callable[[], T], *,
           cache_dir: str | Path | None = None) -> T:
    """``compute()``, stored under ``kind`` and the key of ``key_parts``; reused on a hit.

    An entry that fails its checks (changed, truncated, half-deleted) is
    recomputed with a :class:`CacheWarning`. Entries are written to a hidden
    folder and renamed, so notebooks running side by side never read half an entry.
    """
    folder = cache_folder(cache_dir)
    path = folder / f"{kind}-{cache_key(kind, key_parts)}"
    if path.exists():
        try:
            return load_entry(path)
        except BadEntry as exc:
            warnings.warn(f"cache entry ignored and computed again: {exc}", CacheWarning,
                          stacklevel=2)
    value = compute()
    save_entry(path, value)
    return value


def get_corpus(path: str | Path, *, cache_dir: str | Path | None = None):
    """The :class:`analysis.ingest.corpus.Corpus` loaded from ``path`` (cached)."""

    def compute():  # imports inside: a hit should not pay for importing what it does not run
        from analysis.ingest.corpus import load_corpus

        corpus = load_corpus(path)
        return corpus

    return cached("corpus", {"corpus": corpus_checksum(path)}, compute, cache_dir=cache_dir)


def get_scores(corpus_path: str | Path, lexicon_path: str | Path = DEFAULT_LEXICON, *,
               by: str = "outlet", n_boot: int = 1000, seed: int = 0,
               method: str = "ensemble", model_path: str | Path = DEFAULT_MODEL,
               cache_dir: str | Path | None = None):
    """:func:`analysis.frames.scoring.score_corpus` of the corpus with the lexicon (cached).

    ``method``: ``lexicon``, ``model`` or ``ensemble`` (default, as ``framing score``),
    the last two with the learned scorer at ``model_path``.
    """

    def compute():
        from analysis.frames.lexicon import load_lexicon
        from analysis.frames.model_hits import load_model
        from analysis.frames.scoring import score_corpus

        corpus = get_corpus(corpus_path, cache_dir=cache_dir)
        model = load_model(model_path) if method != "lexicon" else None
        return score_corpus(corpus, load_lexicon(lexicon_path), by=by, n_boot=n_boot, seed=seed,
                            method=method, model=model)

    key = {"corpus": corpus_checksum(corpus_path), "lexicon": input_checksum(lexicon_path),
           "speakers": input_checksum(DEFAULT_SPEAKERS), "by": by, "n_boot": n_boot,
           "seed": seed, "method": method,
           "model": input_checksum(model_path) if method != "lexicon" else None}
    return cached("scores", key, compute, cache_dir=cache_dir)


def get_terms(corpus_path: str | Path, lexicon_path: str | Path = DEFAULT_LEXICON, *,
              by: str = "outlet", cache_dir: str | Path | None = None) -> dict[str, Any]:
    """The tables of ``framing terms`` (:mod:`analysis.language.terms`) by name (cached).

    Keys: ``keyness`` (each group against the rest, its ``CLI_TOP_N`` highest-z terms,
    as ``framing terms`` writes it), ``distinctive_terms``, ``similarity_articles``,
    ``similarity_groups``, ``collocations``, ``suggestions``. Every term of one group
    against the rest is :func:`get_keyness` (``reference=None``): all terms of every
    group would be groups x vocabulary rows, which a corpus of a thousand outlets
    cannot hold in memory.
    """

    def compute() -> dict[str, Any]:
        from analysis.frames.lexicon import load_lexicon
        from analysis.language.terms import CLI_TOP_N, terms_tables

        corpus = get_corpus(corpus_path, cache_dir=cache_dir)
        return terms_tables(corpus, load_lexicon(lexicon_path), by=by, n=CLI_TOP_N)

    key = {"corpus": corpus_checksum(corpus_path), "lexicon": input_checksum(lexicon_path),
           "by": by, "keyness_rows": "top"}
    return cached("terms", key, compute, cache_dir=cache_dir)


def get_keyness(corpus_path: str | Path, target: str, reference: str | None = None, *,
                by: str = "outlet", cache_dir: str | Path | None = None):
    """:func:`analysis.language.terms.keyness` of ``target`` against ``reference`` (cached)."""

    def compute():
        from analysis.language import terms

        corpus = get_corpus(corpus_path, cache_dir=cache_dir)
        return terms.keyness(corpus, target, reference, by=by)

    key = {"corpus": corpus_checksum(corpus_path), "target": target, "reference": reference,
           "by": by}
    return cached("keyness", key, compute, cache_dir=cache_dir)


def get_validation(gold_path: str | Path = DEFAULT_GOLD,
                   lexicon_path: str | Path = DEFAULT_LEXICON, *,
                   cache_dir: str | Path | None = None):
    """:func:`analysis.frames.validate.validate_lexicon` on the gold coding (cached)."""

    def compute():
        from analysis.frames.lexicon import load_lexicon
        from analysis.frames.validate import load_gold, validate_lexicon

        return validate_lexicon(load_lexicon(lexicon_path), load_gold(gold_path))

    key = {"gold": input_checksum(gold_path), "lexicon": input_checksum(lexicon_path)}
    return cached("validation", key, compute, cache_dir=cache_dir)


def get_crossval(dev_path: str | Path = DEFAULT_DEV, lexicon_path: str | Path = DEFAULT_LEXICON,
                 *, model_path: str | Path = DEFAULT_MODEL, cache_dir: str | Path | None = None):
    """Cross-validated figures of lexicon, model and ensemble on the coded corpus.

    ``framing train`` writes them beside the model (``frames.crossval/``); they are
    used when they were made with this lexicon and this coding (their checksums
    match), else computed here (about a minute) and cached.
    """
    from analysis.frames.crossval import CrossValidation, crossval_checksums
    from analysis.frames.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_path)
    wanted = crossval_checksums(lexicon, dev_path)
    shipped = Path(model_path).with_name(Path(model_path).stem + ".crossval")
    try:
        record = json.loads((shipped / "run.json").read_text(encoding="utf-8"))
        if {k: record["checksums"].get(k) for k in wanted} == wanted:
            tables = {n: pd.read_csv(shipped / f"{n}.csv", keep_default_na=False)
                      for n in ("crossval_articles", "crossval_sentences", "learning_curve",
                                "crossval_errors", "dev_cues")}
            return CrossValidation(
                articles=tables["crossval_articles"], sentences=tables["crossval_sentences"],
                learning_curve=tables["learning_curve"], errors=tables["crossval_errors"],
                cues=tables["dev_cues"], folds=record["folds"], n_articles=record["n_articles"])
    except (OSError, ValueError, KeyError):
        pass  # not shipped, or unreadable: compute below

    def compute():
        from analysis.frames.coding import coded_corpus, load_coding
        from analysis.frames.crossval import cross_validate

        coding = load_coding(dev_path)
        return cross_validate(coding, coded_corpus(coding), lexicon)

    return cached("crossval", wanted, compute, cache_dir=cache_dir)


def get_holdout(holdout_path: str | Path, lexicon_path: str | Path = DEFAULT_LEXICON, *,
                model_path: str | Path = DEFAULT_MODEL, cache_dir: str | Path | None = None):
    """The fixed lexicon and model on a coded folder they were not made from (cached).

    :func:`analysis.frames.holdout.evaluate_holdout`, nothing refitted; ``holdout_path``
    is a folder in ``data/dev``'s layout (``excerpts.jsonl``, ``coding/gold.jsonl``, and
    any later batches in ``batchN/`` sub-folders, read with it).
    """
    folder = Path(holdout_path)

    def compute():
        from analysis.frames.coding import coded_corpus, load_coding
        from analysis.frames.holdout import evaluate_holdout
        from analysis.frames.lexicon import load_lexicon
        from analysis.frames.model_hits import load_model

        coding = load_coding(folder)
        return evaluate_holdout(coding, coded_corpus(coding), load_lexicon(lexicon_path),
                                load_model(model_path))

    from analysis.frames.coding import coding_files

    key = {str(path.relative_to(folder)): input_checksum(path) for path in coding_files(folder)}
    key |= {"lexicon": input_checksum(lexicon_path), "model": input_checksum(model_path)}
    return cached("holdout", key, compute, cache_dir=cache_dir)
