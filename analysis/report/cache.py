"""On-disk cache of the corpus, scores, terms and validation tables.

The notebooks of one ``framing run`` (and a rerun where nothing changed) share
their inputs instead of re-scoring the corpus in every notebook. Entries are
pickles keyed by the checksums of the input files, the parameters, the package
version and a fingerprint of the package's source, so editing the corpus, the
lexicon or the code computes afresh. A notebook opened alone computes what it
needs on a miss.

The folder is ``cache_dir`` when given, else ``$FRAMING_CACHE_DIR`` (set by
``framing run``), else ``.framing-cache/`` in the current directory (git-ignored).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from analysis import __version__
from analysis.config import DEFAULT_GOLD, DEFAULT_LEXICON
from analysis.provenance import checksum_files, sha256_file

__all__ = [
    "CACHE_ENV", "cache_folder", "cache_key", "input_checksum", "cached",
    "get_corpus", "get_scores", "get_terms", "get_keyness", "get_validation", "provenance",
]

#: Environment variable that points every notebook of a batch at one cache folder.
CACHE_ENV = "FRAMING_CACHE_DIR"

T = TypeVar("T")


def cache_folder(path: str | Path | None = None) -> Path:
    """The cache folder: ``path``, else ``$FRAMING_CACHE_DIR``, else ``./.framing-cache``."""
    chosen = path or os.environ.get(CACHE_ENV) or Path.cwd() / ".framing-cache"
    return Path(chosen)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Checksum of the package's own source: a code change invalidates the cache."""
    package = Path(__file__).resolve().parent
    return checksum_files(package.glob("*.py"), root=package)[:16]


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


def cached(kind: str, key_parts: Any, compute: Callable[[], T], *,
           cache_dir: str | Path | None = None) -> T:
    """``compute()``, stored under ``kind`` and the key of ``key_parts``; reused on a hit.

    Entries are written to a temporary file and renamed, so notebooks running side
    by side never read a half-written pickle.
    """
    folder = cache_folder(cache_dir)
    path = folder / f"{kind}-{cache_key(kind, key_parts)}.pkl"
    if path.exists():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # unreadable or stale entry: compute it again
    value = compute()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return value


def get_corpus(path: str | Path, *, cache_dir: str | Path | None = None):
    """The :class:`analysis.ingest.corpus.Corpus` loaded from ``path`` (cached)."""

    def compute():  # imports inside: a hit should not pay for importing what it does not run
        from analysis.ingest.corpus import load_corpus

        corpus = load_corpus(path)
        return corpus

    return cached("corpus", {"corpus": input_checksum(path)}, compute, cache_dir=cache_dir)


def get_scores(corpus_path: str | Path, lexicon_path: str | Path = DEFAULT_LEXICON, *,
               by: str = "outlet", n_boot: int = 1000, seed: int = 0,
               cache_dir: str | Path | None = None):
    """:func:`analysis.frames.scoring.score_corpus` of the corpus with the lexicon (cached)."""

    def compute():
        from analysis.frames.lexicon import load_lexicon
        from analysis.frames.scoring import score_corpus

        corpus = get_corpus(corpus_path, cache_dir=cache_dir)
        return score_corpus(corpus, load_lexicon(lexicon_path), by=by, n_boot=n_boot, seed=seed)

    key = {"corpus": input_checksum(corpus_path), "lexicon": input_checksum(lexicon_path),
           "by": by, "n_boot": n_boot, "seed": seed}
    return cached("scores", key, compute, cache_dir=cache_dir)


def get_terms(corpus_path: str | Path, lexicon_path: str | Path = DEFAULT_LEXICON, *,
              by: str = "outlet", cache_dir: str | Path | None = None) -> dict[str, Any]:
    """The tables of ``framing terms`` (:mod:`analysis.language.terms`) by name (cached).

    Keys: ``keyness`` (each group against the rest), ``distinctive_terms``,
    ``similarity_articles``, ``similarity_groups``, ``collocations``, ``suggestions``.
    """

    def compute() -> dict[str, Any]:
        from analysis.frames.lexicon import load_lexicon
        from analysis.language import terms
        from analysis.language.keyness import term_counts

        corpus = get_corpus(corpus_path, cache_dir=cache_dir)
        lexicon = load_lexicon(lexicon_path)
        counts = term_counts(corpus, by=by)
        return {
            "keyness": terms.keyness_all(counts, by=by),
            "distinctive_terms": terms.distinctive_terms(counts, by=by),
            "similarity_articles": terms.similarity(corpus, level="article"),
            "similarity_groups": terms.similarity(corpus, by=by, level="group"),
            "collocations": terms.collocations(corpus, lexicon, by=by),
            "suggestions": terms.suggest_cues(corpus, lexicon),
        }

    key = {"corpus": input_checksum(corpus_path), "lexicon": input_checksum(lexicon_path),
           "by": by}
    return cached("terms", key, compute, cache_dir=cache_dir)


def get_keyness(corpus_path: str | Path, target: str, reference: str | None = None, *,
                by: str = "outlet", cache_dir: str | Path | None = None):
    """:func:`analysis.language.terms.keyness` of ``target`` against ``reference`` (cached)."""

    def compute():
        from analysis.language import terms

        corpus = get_corpus(corpus_path, cache_dir=cache_dir)
        return terms.keyness(corpus, target, reference, by=by)

    key = {"corpus": input_checksum(corpus_path), "target": target, "reference": reference,
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


def provenance(corpus_path: str | Path, lexicon_path: str | Path, out_dir: str | Path,
               **parameters: Any) -> str:
    """Write ``provenance.json`` into ``out_dir`` and return it as a Markdown line.

    Every notebook ends with this, so each folder of charts and tables says which
    corpus (checksum of its input files), which lexicon (version and checksum of
    the YAML) and which package version produced it.
    """
    from analysis.frames.lexicon import load_lexicon
    from analysis.provenance import write_run_json

    lexicon = load_lexicon(lexicon_path)
    checksums = {"corpus": input_checksum(corpus_path), "lexicon": lexicon.checksum,
                 "lexicon_version": lexicon.version}
    path = write_run_json(out_dir, command="notebook",
                          parameters={"corpus_path": str(corpus_path),
                                      "lexicon_path": str(lexicon_path), **parameters},
                          checksums=checksums)
    path.rename(path.with_name("provenance.json"))
    return (f"Corpus checksum `{checksums['corpus'][:12]}`, lexicon {lexicon.version} "
            f"(checksum `{lexicon.checksum[:12]}`), analysis {__version__}. "
            f"Full record: `provenance.json` beside this notebook's outputs.")
