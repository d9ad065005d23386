"""TF-IDF cosine similarity, and story clusters of near-duplicate (syndicated) articles.

One implementation serves two purposes: finding copies of one story published by
several sites (so that they do not count as several outlets agreeing), and the
document similarity tables of :mod:`analysis.language.terms`.

Texts are tokenized with :func:`analysis.text.tokens.tokenize`, the same analyzer the
lexicon uses, so "no-limits" and "no limits" are the same two tokens.

>>> texts = ["Putin and Xi met by video link on Friday.",
...          "Putin and Xi met by video link on Friday, the Kremlin said.",
...          "Xi and Putin met on Friday by video link."]
>>> story_clusters(["a", "b", "c"], texts)
['a', 'a', 'c']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import (
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

from analysis.text.tokens import tokenize

__all__ = [
    "STORY_CHARS",
    "STORY_NGRAMS",
    "STORY_THRESHOLD",
    "tfidf_vectorizer",
    "tfidf_matrix",
    "cosine_similarity_matrix",
    "story_similarity_matrix",
    "story_clusters",
    "nearest_neighbours",
]

#: Story clusters compare word trigrams ("shingles"), not single words: two
#: independent reports of one event share most of their vocabulary (single-word
#: cosine 0.5-0.8 on the bundled corpus) but few three-word sequences, while a
#: copy shares whole sentences.
STORY_NGRAMS = (3, 3)

#: Cosine similarity of trigram TF-IDF at or above which two articles are
#: copies of one story. On the bundled corpus (cleaned text) the Union Leader
#: copy of the Washington Post story of 2022-12-30 scores 0.44 against the
#: Post's own, longer and later-edited page; the most similar other pair scores
#: 0.06 (silkroad2021 vs unionleader, independent reports of the same video
#: call). 0.2 sits more than a factor of two from both. Limit: a copy wholly
#: contained in a text ten times its length scores only about 0.23, so for
#: copies buried in much longer pages pass a lower ``threshold``.
STORY_THRESHOLD = 0.2

#: Characters of each text compared for story clusters: copies share their
#: opening, and the cap bounds the memory a single huge text can take.
STORY_CHARS = 200_000

# Rows of the similarity matrix computed at a time: bounds memory to
# _BLOCK x n floats however many articles there are.
_BLOCK = 512


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
    whole n x n matrix); :func:`story_clusters` never does.

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


def story_similarity_matrix(
    texts: Sequence[str], *, ngram_range: tuple[int, int] = STORY_NGRAMS
) -> np.ndarray:
    """Dense matrix of the similarities :func:`story_clusters` compares with its threshold.

    Use it to inspect or recalibrate :data:`STORY_THRESHOLD` on a small corpus.

    >>> m = story_similarity_matrix(["Putin met Xi in Beijing", "Putin met Xi in Moscow",
    ...                              "Oil prices rose in May"])
    >>> (m > STORY_THRESHOLD).astype(int).tolist()
    [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    """
    x = _hashed_tfidf(texts, ngram_range)
    return np.asarray((x @ x.T).toarray(), dtype=float).clip(0.0, 1.0)


def story_clusters(
    ids: Sequence[str],
    texts: Sequence[str],
    *,
    threshold: float = STORY_THRESHOLD,
    ngram_range: tuple[int, int] = STORY_NGRAMS,
) -> list[str]:
    """Story id of each article: near-duplicates (cosine >= ``threshold``) share one.

    Clusters are the connected components of the graph linking every pair at or
    above the threshold, so copy A ~ B and B ~ C put A, B and C in one story.
    The story id is the id of the cluster's first article in the order given
    (:func:`analysis.ingest.corpus.load_corpus` orders by publication date, so it is
    the earliest copy); an article without copies is its own story.

    Texts are compared on their first :data:`STORY_CHARS` characters. The
    n-grams are hashed (``HashingVectorizer`` + ``TfidfTransformer``), so no
    vocabulary of millions of trigrams is held, and the similarity graph is
    reduced to one link per article after each block of rows, so memory stays
    bounded even when thousands of articles are copies of one story.

    Args:
        ids: article ids, unique.
        texts: the article texts, parallel to ``ids``.
        threshold: minimum cosine similarity of two copies of one story
            (default :data:`STORY_THRESHOLD`).
        ngram_range: word n-grams compared (default :data:`STORY_NGRAMS`,
            trigrams); the threshold is calibrated for the default.

    >>> story_clusters(["x", "y", "z"], ["Putin met Xi", "Xi met Putin", "Oil"],
    ...                ngram_range=(1, 1))
    ['x', 'x', 'z']
    """
    ids = list(ids)
    if len(ids) != len(texts):
        raise ValueError(f"{len(ids)} ids but {len(texts)} texts")
    if not ids:
        return []
    x = _hashed_tfidf(texts, ngram_range)
    n = len(ids)
    first = np.arange(n)  # first member (lowest index) of each article's cluster so far
    for start, block in _similarity_blocks(x):
        block = block.tocoo()
        keep = block.data >= threshold - 1e-12
        rows = np.concatenate([np.arange(n), block.row[keep] + start])
        cols = np.concatenate([first, block.col[keep]])
        graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        lowest = np.full(labels.max() + 1, n)
        np.minimum.at(lowest, labels, np.arange(n))
        first = lowest[labels]
    return [ids[i] for i in first]


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
    for start, block in _similarity_blocks(x):
        block = block.toarray()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = 2.0  # self first
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(block, top, 1), 1), 1)
        rows.append(np.repeat(np.arange(start, start + len(block)), k))
        cols.append(top.ravel())
        vals.append(np.take_along_axis(block, top, axis=1).clip(0.0, 1.0).ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _similarity_blocks(x: sparse.csr_matrix):
    """Yield ``(start, x[start:start+_BLOCK] @ x.T)``: cosine rows of normalised ``x``."""
    xt = x.T.tocsc()
    for start in range(0, x.shape[0], _BLOCK):
        yield start, x[start : start + _BLOCK] @ xt


def _hashed_tfidf(texts: Sequence[str], ngram_range: tuple[int, int]) -> sparse.csr_matrix:
    hasher = HashingVectorizer(
        tokenizer=tokenize,
        lowercase=False,
        token_pattern=None,
        ngram_range=ngram_range,
        alternate_sign=False,
        norm=None,
        n_features=2**22,
    )
    counts = hasher.transform([(t or "")[:STORY_CHARS] for t in texts])
    return sparse.csr_matrix(TfidfTransformer().fit_transform(counts))
