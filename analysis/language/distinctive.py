"""Distinctive terms: the TF-IDF terms that set each article and each group apart.

>>> arts = pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["a.com", "b.com"],
...     "text": ["Russia depends on China for trade.", "A stabilizing force for peace."]})
>>> distinctive_terms(arts, n=1).query("group_by == 'outlet'")[["group", "term"]].values.tolist()
[['a.com', 'china'], ['b.com', 'force']]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.language.counts import term_counts
from analysis.schema import conform

__all__ = ["distinctive_terms"]


def _top_terms(matrix: sparse.spmatrix, counts: sparse.spmatrix, names: Sequence[str],
               terms: np.ndarray, n: int) -> pd.DataFrame:
    """The ``n`` highest-weighted terms of each row, one row per term (one sort, no loop).

    Ties go to the term earlier in ``terms`` (alphabetical: scikit-learn sorts its vocabulary).
    """
    m = sparse.csr_matrix(matrix)
    m.sort_indices()
    m = m.tocoo()  # row-major, columns ascending within a row
    # Two stable sorts (by weight, then by row) order each row by weight, ties by column.
    order = np.argsort(-m.data, kind="stable")
    order = order[np.argsort(m.row[order], kind="stable")]
    row, col, val = m.row[order], m.col[order], m.data[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row, side="left") + 1
    keep = rank <= n
    row, col, val, rank = row[keep], col[keep], val[keep], rank[keep]
    count = np.asarray(sparse.csr_matrix(counts)[row, col]).ravel()
    return pd.DataFrame({"group": np.asarray(names, dtype=object)[row], "rank": rank,
                         "term": terms[col], "tfidf": val, "count": count})


def distinctive_terms(corpus: Any, *, by: str = "outlet", n: int = 20) -> pd.DataFrame:
    """Top ``n`` TF-IDF terms of each article and of each group (table *distinctive_terms*).

    TF-IDF is scikit-learn's (``TfidfTransformer`` with its defaults: smoothed
    idf, L2-normalised rows) over articles for the article rows, and over
    groups (each group one document) for the group rows.
    """
    counts = term_counts(corpus, by=by)
    tfidf = TfidfTransformer()
    per_article = _top_terms(tfidf.fit_transform(counts.article_counts), counts.article_counts,
                             counts.articles["article_id"].astype(str).tolist(), counts.terms, n)
    per_group = _top_terms(tfidf.fit_transform(counts.group_counts), counts.group_counts,
                           counts.groups, counts.terms, n)
    df = pd.concat([per_article.assign(group_by="article"), per_group.assign(group_by=by)],
                   ignore_index=True)
    return conform(df, "distinctive_terms")

