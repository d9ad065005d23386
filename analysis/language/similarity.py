"""Document similarity: TF-IDF cosine between articles and between groups.

Texts are tokenized with :func:`analysis.text.tokens.tokenize`, the same analyzer
the lexicon uses, so "no-limits" and "no limits" are the same two tokens. The
tables (:func:`similarity`) use the terms of :mod:`analysis.language.counts`
(words without stop words or numbers), so shared function words do not make
every pair look alike. Copies of one story are found at ingest
(:mod:`analysis.ingest.stories`); here they are only marked (``syndicated``).

>>> cosine_similarity_matrix(["Xi met Putin", "Putin met Xi"]).round(2).tolist()
[[1.0, 1.0], [1.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.errors import InputError
from analysis.ingest.groups import group_labels
from analysis.ingest.stories import similarity_blocks
from analysis.language.counts import (
    STOP_WORDS,
    articles_frame,
    one_per_story,
    sum_by_group,
    term_tokens,
)
from analysis.schema import conform
from analysis.text.tokens import tokenize

__all__ = [
    "DENSE_SIMILARITY_LIMIT",
    "SIMILAR_TOP_K",
    "tfidf_vectorizer",
    "tfidf_matrix",
    "cosine_similarity_matrix",
    "nearest_neighbours",
    "similarity",
]


def tfidf_vectorizer(**kwargs) -> TfidfVectorizer:
    """A scikit-learn ``TfidfVectorizer`` that uses the package tokenizer.

    Args:
        **kwargs: any ``TfidfVectorizer`` parameter (``min_df``, ``ngram_range``,
            ``stop_words``, ``sublinear_tf`` ...); they override the defaults
            ``tokenizer=tokenize, lowercase=False, token_pattern=None``.

    Returns:
        An unfitted vectorizer; rows of its output are L2-normalised, so the dot
        product of two rows is their cosine similarity.

    >>> vec = tfidf_vectorizer().fit(["No-limits ties", "no limits"])
    >>> sorted(vec.vocabulary_)
    ['limits', 'no', 'ties']
    """
    params = {"tokenizer": tokenize, "lowercase": False, "token_pattern": None}
    params.update(kwargs)
    return TfidfVectorizer(**params)


def tfidf_matrix(texts: Sequence[str], **kwargs) -> sparse.csr_matrix:
    """Sparse TF-IDF matrix (one L2-normalised row per text); ``kwargs`` go to the vectorizer.

    >>> tfidf_matrix(["a b", "b c"]).shape
    (2, 3)
    """
    texts = [t or "" for t in texts]
    try:
        return sparse.csr_matrix(tfidf_vectorizer(**kwargs).fit_transform(texts))
    except ValueError:  # empty vocabulary: no text has a token
        return sparse.csr_matrix((len(texts), 0))


def cosine_similarity_matrix(texts: Sequence[str], **kwargs) -> np.ndarray:
    """Dense n x n matrix of TF-IDF cosine similarities between ``texts``.

    Meant for tables and heat maps of up to a few thousand texts (it holds the
    whole n x n matrix); story clusters never do.

    Args:
        texts: the documents.
        **kwargs: passed to :func:`tfidf_vectorizer`.

    Returns:
        Symmetric array with 1.0 on the diagonal (0.0 for a text without tokens).

    >>> m = cosine_similarity_matrix(["Xi met Putin", "Putin met Xi", "oil prices"])
    >>> m.round(2).tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    x = tfidf_matrix(texts, **kwargs)
    return np.asarray((x @ x.T).toarray(), dtype=float).clip(0.0, 1.0)


def nearest_neighbours(x: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row of ``x`` (L2-normalised TF-IDF) with itself and its ``k`` most similar rows.

    Computed a block of rows at a time, so memory stays at ``_BLOCK x n``
    floats however many articles there are.

    Returns:
        Arrays ``(i, j, cosine)``, ``k + 1`` entries per row, the row itself first.

    >>> x = tfidf_matrix(["Xi met Putin", "Putin met Xi", "oil prices"])
    >>> i, j, cos = nearest_neighbours(x, 1)
    >>> j.reshape(3, 2)[:, 0].tolist(), cos.reshape(3, 2)[:2, 1].round(2).tolist()
    ([0, 1, 2], [1.0, 1.0])
    """
    k = min(k + 1, x.shape[0])
    rows, cols, vals = [], [], []
    for start, block in similarity_blocks(x):
        block = block.toarray()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = 2.0  # self first
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(block, top, 1), 1), 1)
        rows.append(np.repeat(np.arange(start, start + len(block)), k))
        cols.append(top.ravel())
        vals.append(np.take_along_axis(block, top, axis=1).clip(0.0, 1.0).ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


#: Above this many articles the article similarity table lists only each
#: article's SIMILAR_TOP_K most similar others: the full table has n^2 rows.
DENSE_SIMILARITY_LIMIT = 500


SIMILAR_TOP_K = 10


def similarity(corpus: Any, *, by: str = "outlet", level: str = "article") -> pd.DataFrame:
    """Cosine similarity of every pair of articles (``level="article"``) or of groups.

    TF-IDF cosine over the terms of :mod:`analysis.language.counts` (words without
    stop words or numbers), so shared function words do not make every pair
    look alike. ``syndicated`` marks pairs in one story cluster. Above
    :data:`DENSE_SIMILARITY_LIMIT` articles each article lists only its
    :data:`SIMILAR_TOP_K` most similar others.
    """
    arts = articles_frame(corpus)
    if level == "article":
        return _article_similarity(arts)
    if level != "group":
        raise InputError(f"similarity level must be 'article' or 'group', not {level!r}")
    return _group_similarity(arts, by)


_TERM_SIMILARITY = {"tokenizer": term_tokens, "stop_words": sorted(STOP_WORDS)}


def _all_pairs(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cos = cosine_similarity_matrix(texts, **_TERM_SIMILARITY)
    i, j = np.divmod(np.arange(len(texts) ** 2), len(texts))
    return i, j, cos[i, j]


def _article_similarity(arts: pd.DataFrame) -> pd.DataFrame:
    texts = arts["text"].astype(str).tolist()
    dense = len(texts) <= DENSE_SIMILARITY_LIMIT
    i, j, cos = (_all_pairs(texts) if dense else
                 nearest_neighbours(tfidf_matrix(texts, **_TERM_SIMILARITY), SIMILAR_TOP_K))
    ids, story = arts["article_id"].astype(str).to_numpy(), arts["story_id"].astype(str).to_numpy()
    outlet = arts["outlet"].astype(str).to_numpy()
    df = pd.DataFrame({"i": i, "j": j, "cosine": cos.round(12), "article_id": ids[i],
                       "other_article_id": ids[j], "outlet": outlet[i], "other_outlet": outlet[j],
                       "syndicated": (i != j) & (story[i] == story[j])})
    others = df[df["i"] != df["j"]].sort_values(["i", "cosine", "other_article_id"],
                                                ascending=[True, False, True])
    df["rank"] = 0
    df.loc[others.index, "rank"] = others.groupby("i").cumcount().to_numpy() + 1
    df = df.sort_values(["i", "rank"]).reset_index(drop=True)
    return conform(df, "similarity_articles")


def _group_similarity(arts: pd.DataFrame, by: str) -> pd.DataFrame:
    labels = group_labels(arts, by=by)
    keep = one_per_story(arts, labels)
    texts = arts.loc[keep, "text"].astype(str).groupby(labels[keep]).agg("\n\n".join)
    groups = texts.index.tolist()
    cos = cosine_similarity_matrix(texts.tolist(), **_TERM_SIMILARITY)
    _, g_ind = sum_by_group(sparse.identity(len(arts), format="csr"), labels.tolist())
    _, s_ind = sum_by_group(sparse.identity(len(arts), format="csr"),
                            arts["story_id"].astype(str).tolist())
    carries = ((g_ind @ s_ind.T) > 0).astype(np.int64)  # groups x stories
    shared = (carries @ carries.T).toarray()
    i, j = np.divmod(np.arange(len(groups) ** 2), len(groups))
    df = pd.DataFrame({"group_by": by, "group": np.array(groups, dtype=object)[i],
                       "other_group": np.array(groups, dtype=object)[j],
                       "cosine": cos[i, j].round(12), "shared_stories": shared[i, j]})
    return conform(df, "similarity_groups")

