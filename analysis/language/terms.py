"""Distinctive language, all tables at once: what ``framing terms`` and 03-language show.

Terms, stop words and groups are those of :mod:`analysis.language.counts`
(unigrams and bigrams of normalised tokens; each story once per group). Every
table function takes a :class:`~analysis.ingest.corpus.Corpus`, its articles
DataFrame (columns article_id, outlet, origin, story_id, text) or, where it
counts terms, a :class:`~analysis.language.counts.TermCounts`, and returns a
tidy DataFrame documented in :mod:`analysis.schema`:

- :func:`~analysis.language.keyness.keyness_all` (keyness),
- :func:`~analysis.language.distinctive.distinctive_terms`,
- :func:`~analysis.language.similarity.similarity` (articles and groups),
- :func:`~analysis.language.collocations.collocations`,
- :func:`~analysis.language.suggestions.suggest_cues`.
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from analysis.language.collocations import collocations
from analysis.language.counts import term_counts
from analysis.language.distinctive import distinctive_terms
from analysis.language.keyness import keyness, keyness_all
from analysis.language.similarity import similarity
from analysis.language.suggestions import suggest_cues

__all__ = [
    "CLI_TOP_N",
    "keyness",
    "keyness_all",
    "distinctive_terms",
    "similarity",
    "collocations",
    "suggest_cues",
    "terms_tables",
]


#: Rows per group written to keyness.csv by ``framing terms``.
CLI_TOP_N = 100


def terms_tables(corpus: Any, lexicon: Any, *, by: str = "outlet", n: int = CLI_TOP_N,
                 timings: dict[str, float] | None = None, n_jobs: int = 1,
                 client: Any = None) -> dict[str, pd.DataFrame]:
    """Every table of this module, by schema name, as ``framing terms`` writes them.

    Keyness keeps the ``n`` highest-z terms per group. When ``timings`` is
    given, the seconds each table took are added to it. The term counts of the
    articles are made in ``n_jobs`` processes or on the workers of ``client`` (a
    ``dask.distributed.Client``, :func:`~analysis.language.counts.term_counts`);
    group sums, keyness and the other tables are computed here, and are the same.
    """
    steps = {
        "keyness": lambda c: keyness_all(c, by=by, n=n),
        "distinctive_terms": lambda c: distinctive_terms(c, by=by),
        "similarity_articles": lambda c: similarity(corpus, level="article"),
        "similarity_groups": lambda c: similarity(corpus, by=by, level="group"),
        "collocations": lambda c: collocations(corpus, lexicon, by=by),
        "suggestions": lambda c: suggest_cues(corpus, lexicon),
    }
    timings = {} if timings is None else timings
    start = time.perf_counter()
    counts = term_counts(corpus, by=by, n_jobs=n_jobs, client=client)
    timings["term_counts"] = time.perf_counter() - start
    tables = {}
    for name, step in steps.items():
        start = time.perf_counter()
        tables[name] = step(counts)
        timings[name] = time.perf_counter() - start
    return tables

