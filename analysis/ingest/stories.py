"""Story clusters: copies of one wire story are one story, not several outlets agreeing.

Two named rules decide which copy of a story counts where:

- :func:`story_clusters` gives every article the ``story_id`` of its cluster of
  near-duplicates (word-trigram TF-IDF cosine at or above :data:`STORY_THRESHOLD`).
- :func:`one_copy_per_story` keeps one article of each story, the longest copy
  (it carries the most text; the first on a tie), corpus-wide or within each
  group. Corpus-wide totals (the ``ALL (stories)`` row, cue suggestions) count a
  story once; group counts (keyness, group similarity) count it once per group
  that carries it, so an outlet that republished a wire story still "says" it.

>>> texts = ["Putin and Xi met by video link on Friday.",
...          "Putin and Xi met by video link on Friday, the Kremlin said.",
...          "Xi and Putin met on Friday by video link."]
>>> story_clusters(["a", "b", "c"], texts)
['a', 'a', 'c']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

__all__ = [
    "STORY_CHARS",
    "STORY_NGRAMS",
    "STORY_THRESHOLD",
    "story_clusters",
    "story_similarity_matrix",
    "one_copy_per_story",
    "similarity_blocks",
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

#: Words of a shingle: runs of letters and digits, case-folded (hyphens and
#: apostrophes split words, so "no-limits" = "no limits").
_WORD = r"(?u)\b\w+\b"

# Rows of the similarity matrix computed at a time: bounds memory to
# _BLOCK x n floats however many articles there are.
_BLOCK = 512


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
    (:func:`analysis.ingest.corpus.load_corpus` orders by publication date, so it
    is the earliest copy); an article without copies is its own story.

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
    for start, block in similarity_blocks(x):
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


def one_copy_per_story(
    stories: Sequence[str], size: Sequence[float], *, within: Sequence[str] | None = None
) -> np.ndarray:
    """True for the one article of each story that counts: its longest copy.

    Args:
        stories: ``story_id`` of each article.
        size: how much text each article carries (tokens or characters).
        within: a group label per article: keep one copy per story *and group*
            (a story counts once for every group that carries it).

    Returns:
        A boolean mask parallel to ``stories``; on a tie the first article wins.

    >>> one_copy_per_story(["s", "s", "t"], [10, 30, 5]).tolist()
    [False, True, True]
    >>> one_copy_per_story(["s", "s", "t"], [10, 30, 5], within=["a", "b", "a"]).tolist()
    [True, True, True]
    """
    key = pd.DataFrame({"s": np.asarray(stories, dtype=object).astype(str),
                        "g": "" if within is None else np.asarray(within, dtype=object),
                        "n": np.asarray(size, dtype=float)})
    order = key.sort_values("n", ascending=False, kind="stable")
    keep = ~order.duplicated(["g", "s"])
    return keep.reindex(key.index).to_numpy()


def similarity_blocks(x: sparse.csr_matrix) -> Iterator[tuple[int, sparse.csr_matrix]]:
    """Yield ``(start, x[start:start+_BLOCK] @ x.T)``: cosine rows of normalised ``x``.

    >>> x = sparse.csr_matrix(np.eye(3))
    >>> [(s, b.shape) for s, b in similarity_blocks(x)]
    [(0, (3, 3))]
    """
    xt = x.T.tocsc()
    for start in range(0, x.shape[0], _BLOCK):
        yield start, x[start : start + _BLOCK] @ xt


def _hashed_tfidf(texts: Sequence[str], ngram_range: tuple[int, int]) -> sparse.csr_matrix:
    hasher = HashingVectorizer(
        token_pattern=_WORD,
        lowercase=True,
        ngram_range=ngram_range,
        alternate_sign=False,
        norm=None,
        n_features=2**22,
    )
    counts = hasher.transform([(t or "")[:STORY_CHARS] for t in texts])
    return sparse.csr_matrix(TfidfTransformer().fit_transform(counts))
