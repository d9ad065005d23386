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
    "term_counts",
]


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


def term_counts(corpus: Any, *, by: str = "outlet", ngram_range: tuple[int, int] = (1, 2),
                min_df: int = 1) -> TermCounts:
    """Count the terms of every article once; group sums come from one sparse product.

    Passing the result instead of a corpus to the other functions of this module
    avoids tokenizing the corpus again.
    """
    if isinstance(corpus, TermCounts):
        if corpus.by != by:
            raise InputError(f"these term counts are grouped by {corpus.by}, not {by}")
        return corpus
    arts = articles_frame(corpus)
    labels = group_labels(arts, by=by)
    terms, x = fit_term_counts(arts["text"].astype(str).tolist(), f"{len(arts)} article(s)",
                           ngram_range=ngram_range, min_df=min_df)
    keep = one_per_story(arts, labels)
    groups, g = sum_by_group(x[keep], labels[keep].tolist())
    return TermCounts(by, arts, labels, terms, x, groups, g)

