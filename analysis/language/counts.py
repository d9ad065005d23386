"""Term counts: the terms of every article and each group's sums, counted once.

Terms are unigrams and bigrams of the package's normalised tokens
(:func:`analysis.text.tokens.tokenize`), without numbers and without stop words
(:data:`STOP_WORDS`: scikit-learn's English list plus :data:`DOMAIN_STOP_WORDS`).
As in scikit-learn, stop words are removed before bigrams are formed, so
"partnership with China" yields the bigram "partnership china".

Groups come from :func:`analysis.ingest.groups.group_labels`. A group's counts
are those of its articles with each story cluster counted once
(:func:`analysis.ingest.stories.one_copy_per_story`), summed by one sparse
product with a group indicator matrix: memory grows with the vocabulary, not
with articles x vocabulary.

With a Dask ``client`` (:func:`term_counts`), chunks of articles are counted on
its workers (:func:`count_chunk`) and merged here into the matrix scikit-learn's
``fit_transform`` gives for the whole corpus (:func:`merge_counts`): the same
sorted vocabulary, the same counts.

>>> counts = sparse.csr_matrix([[3, 1], [1, 3], [0, 2]])
>>> names, sums = sum_by_group(counts, ["x", "y", "y"])
>>> names, sums.toarray().tolist()
(['x', 'y'], [[3, 1], [1, 5]])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from analysis.errors import InputError
from analysis.ingest.groups import group_labels
from analysis.ingest.stories import one_copy_per_story
from analysis.text.tokens import tokenize
from analysis.workers import map_chunks

__all__ = [
    "DOMAIN_STOP_WORDS",
    "STOP_WORDS",
    "group_indicator",
    "sum_by_group",
    "TermCounts",
    "term_tokens",
    "count_vectorizer",
    "one_per_story",
    "articles_frame",
    "fit_term_counts",
    "count_chunk",
    "merge_counts",
    "term_counts",
]

#: Articles per chunk counted on one Dask worker.
CHUNK_SIZE = 500


#: Words frequent in news reports whatever their framing: reporting verbs, titles,
#: time words, the possessive 's. Removed on top of scikit-learn's English list.
DOMAIN_STOP_WORDS: frozenset[str] = frozenset(
    """'s said says say saying told tells according added noted stated reported
    mr mrs ms dr
    year years month months week weeks day days today yesterday time
    monday tuesday wednesday thursday friday saturday sunday
    also just like including new
    percent cent""".split()
)


#: All stop words: scikit-learn's ``ENGLISH_STOP_WORDS`` plus :data:`DOMAIN_STOP_WORDS`.
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS


def group_indicator(labels: Sequence[str]) -> tuple[list[str], sparse.csr_matrix]:
    """Sorted distinct labels and the sparse groups x items 0/1 membership matrix.

    >>> names, ind = group_indicator(["b", "a", "b"])
    >>> names, ind.toarray().tolist()
    (['a', 'b'], [[0, 1, 0], [1, 0, 1]])
    """
    names, codes = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    n = len(codes)
    ind = sparse.csr_matrix(
        (np.ones(n, dtype=np.int64), (codes, np.arange(n))), shape=(len(names), n)
    )
    return names.tolist(), ind


def sum_by_group(counts: sparse.spmatrix, labels: Sequence[str]
                 ) -> tuple[list[str], sparse.csr_matrix]:
    """Term counts summed over the rows of each group (one sparse product, no loop).

    Args:
        counts: documents x terms count matrix.
        labels: group of each document (row).

    Returns:
        The sorted group names and their groups x terms count matrix.
    """
    names, ind = group_indicator(labels)
    return names, sparse.csr_matrix(ind @ sparse.csr_matrix(counts))


def term_tokens(text: str) -> list[str]:
    """Normalised word tokens of ``text``; numbers, money and percentages dropped.

    >>> term_tokens("Trade rose 25% to $240 billion in 2022")
    ['trade', 'rose', 'to', 'billion', 'in']
    """
    return [t for t in tokenize(text) if t[0].isalpha()]


def count_vectorizer(*, ngram_range: tuple[int, int] = (1, 2), min_df: int = 1,
                     stop_words: Iterable[str] = STOP_WORDS) -> CountVectorizer:
    """scikit-learn ``CountVectorizer`` over :func:`term_tokens` without stop words.

    Followed by ``TfidfTransformer`` it is scikit-learn's ``TfidfVectorizer``
    (which is exactly that pipeline); the raw counts are kept for keyness.

    >>> v = count_vectorizer().fit(["The no-limits partnership, Xi said"])
    >>> v.get_feature_names_out().tolist()
    ['limits', 'limits partnership', 'partnership', 'partnership xi', 'xi']
    """
    return CountVectorizer(tokenizer=term_tokens, lowercase=False, token_pattern=None,
                           stop_words=sorted(stop_words), ngram_range=ngram_range,
                           min_df=min_df, dtype=np.int64)


def articles_frame(corpus: Any) -> pd.DataFrame:
    """The articles DataFrame of a Corpus (or the DataFrame itself), checked."""
    df = getattr(corpus, "articles", corpus)
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"expected a Corpus or an articles DataFrame, got {type(corpus).__name__}")
    missing = [c for c in ("article_id", "outlet", "text") if c not in df.columns]
    if missing:
        raise InputError(f"articles table lacks the columns {missing}")
    df = df.reset_index(drop=True).copy()
    for col in ("origin", "story_id"):
        if col not in df.columns:
            df[col] = ""
    df = df.fillna({"origin": "", "story_id": "", "outlet": "unknown", "text": ""})
    df["story_id"] = df["story_id"].where(df["story_id"].astype(str) != "", df["article_id"])
    return df


def one_per_story(articles: pd.DataFrame, labels: pd.Series) -> np.ndarray:
    """True for the copy of each story that counts for its group (the longest one)."""
    size = articles["text"].astype(str).str.len()
    return one_copy_per_story(articles["story_id"], size, within=labels.to_numpy())


@dataclass
class TermCounts:
    """Term counts of a corpus, per article and per group (each story once per group)."""

    by: str
    articles: pd.DataFrame
    labels: pd.Series  # group of each article
    terms: np.ndarray
    article_counts: sparse.csr_matrix  # articles x terms
    groups: list[str]
    group_counts: sparse.csr_matrix  # groups x terms, deduplicated stories


def fit_term_counts(texts: Sequence[str], what: str, **kwargs
                    ) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Terms and the texts x terms count matrix; InputError naming ``what`` if none is left."""
    vec = count_vectorizer(**kwargs)
    try:
        x = vec.fit_transform(texts)
    except ValueError as exc:  # scikit-learn: "empty vocabulary"
        raise InputError(
            f"no terms to compare in {what}: every word is a stop word or a number "
            f"(or min_df removed them all)") from exc
    return vec.get_feature_names_out(), sparse.csr_matrix(x)


def count_chunk(params: dict[str, Any], texts: list[str]
                ) -> tuple[np.ndarray, sparse.csr_matrix]:
    """The terms of some texts in the order they first appear, and the texts x terms
    counts with the terms' columns sorted (``params``: :func:`count_vectorizer`'s,
    without ``min_df``); a chunk without any term gives no terms, not an error."""
    vec = count_vectorizer(**params)
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # scikit-learn: "empty vocabulary"
        return np.array([], dtype=object), sparse.csr_matrix((len(texts), 0), dtype=np.int64)
    return np.array(list(vec.vocabulary_), dtype=object), sparse.csr_matrix(x)


def merge_counts(parts: Iterable[tuple[np.ndarray, sparse.csr_matrix]], what: str, *,
                 min_df: int = 1) -> tuple[np.ndarray, sparse.csr_matrix]:
    """The chunks' counts (:func:`count_chunk`, in corpus order) as one sorted vocabulary
    and one matrix, exactly as :func:`fit_term_counts` gives them for all the texts at
    once: the same counts, and each row's entries in the same order.

    >>> parts = [count_chunk({}, ["trade deal"]), count_chunk({}, ["energy deal"])]
    >>> terms, x = merge_counts(parts, "ab")
    >>> terms.tolist(), x.toarray().tolist()
    (['deal', 'energy', 'energy deal', 'trade', 'trade deal'], [[1, 0, 0, 1, 1], [1, 1, 1, 0, 0]])
    """
    parts = list(parts)
    seen = np.concatenate([np.asarray(t, dtype=object) for t, _ in parts]
                          or [np.array([], dtype=object)])
    terms, first = np.unique(seen, return_index=True)  # first: where a term first appears
    blocks = []
    for chunk_terms, x in parts:
        columns = np.searchsorted(terms, np.sort(chunk_terms)).astype(x.indices.dtype)
        blocks.append(sparse.csr_matrix((x.data, columns[x.indices], x.indptr),
                                        shape=(x.shape[0], len(terms))))
    x = sparse.csr_matrix(sparse.vstack(blocks, format="csr"), dtype=np.int64)
    # scikit-learn orders a row's entries by where their terms first appear in the
    # corpus; floating-point sums over a row (TF-IDF norms) depend on that order
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    order = np.lexsort((first[x.indices], rows))
    x = sparse.csr_matrix((x.data[order], x.indices[order], x.indptr), shape=x.shape)
    if min_df > 1:
        keep = np.flatnonzero(np.bincount(x.indices, minlength=len(terms)) >= min_df)
        terms, x = terms[keep], x[:, keep]
    if len(terms) == 0:
        raise InputError(
            f"no terms to compare in {what}: every word is a stop word or a number "
            f"(or min_df removed them all)")
    return terms, x


def _count_terms(texts: list[str], what: str, *, ngram_range: tuple[int, int], min_df: int,
                 n_jobs: int, client: Any) -> tuple[np.ndarray, sparse.csr_matrix]:
    if client is None and (n_jobs <= 1 or len(texts) <= CHUNK_SIZE):
        return fit_term_counts(texts, what, ngram_range=ngram_range, min_df=min_df)
    chunks = (texts[i:i + CHUNK_SIZE] for i in range(0, len(texts), CHUNK_SIZE))
    parts = map_chunks(count_chunk, {"ngram_range": ngram_range}, chunks,
                       n_jobs=n_jobs, client=client)
    return merge_counts(parts, what, min_df=min_df)


def term_counts(corpus: Any, *, by: str = "outlet", ngram_range: tuple[int, int] = (1, 2),
                min_df: int = 1, n_jobs: int = 1, client: Any = None) -> TermCounts:
    """Count the terms of every article once; group sums come from one sparse product.

    Passing the result instead of a corpus to the other functions of this module
    avoids tokenizing the corpus again. Chunks of articles are counted in
    ``n_jobs`` processes, or on the workers of ``client`` (a
    ``dask.distributed.Client``); the counts are the same.
    """
    if isinstance(corpus, TermCounts):
        if corpus.by != by:
            raise InputError(f"these term counts are grouped by {corpus.by}, not {by}")
        return corpus
    arts = articles_frame(corpus)
    labels = group_labels(arts, by=by)
    terms, x = _count_terms(arts["text"].astype(str).tolist(), f"{len(arts)} article(s)",
                            ngram_range=ngram_range, min_df=min_df, n_jobs=n_jobs,
                            client=client)
    keep = one_per_story(arts, labels)
    groups, g = sum_by_group(x[keep], labels[keep].tolist())
    return TermCounts(by, arts, labels, terms, x, groups, g)
