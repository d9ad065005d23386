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
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.ingest.rowstore import SparseRowStore
from analysis.ingest.signatures import (
    CHUNK,
    N_FEATURES,
    STORY_BAND_ROWS,
    STORY_BANDS,
    STORY_CHARS,
    band,
    band_pairs,
    counts_and_signatures,
    hasher,
)

__all__ = [
    "STORY_BANDS",
    "STORY_BAND_ROWS",
    "STORY_CHARS",
    "STORY_NGRAMS",
    "STORY_THRESHOLD",
    "StoryClusterer",
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

# Candidate pairs compared at a time: bounds the temporary memory, not the result.
_PAIR_CHUNK = 10_000

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

    Time and memory grow linearly with the number of articles: candidate pairs
    come from MinHash signatures of each text's set of hashed n-grams (datasketch's
    permutations and values, fixed seed, computed for thousands of texts at once)
    grouped by locality-sensitive hashing (:data:`STORY_BANDS` bands
    of :data:`STORY_BAND_ROWS` values), and only candidates are compared by the
    cosine of their n-gram TF-IDF vectors (the similarity
    :func:`story_similarity_matrix` shows), so a pair links only when its actual
    similarity passes ``threshold``. A pair of copies whose n-gram sets have a
    Jaccard similarity of 0.2 is a candidate with probability 0.93, of 0.3 with
    0.998; copies sharing less (a short copy buried in a page ten times its
    length) can be missed, as can members of a bucket shared by more than
    a few other articles (:mod:`analysis.ingest.signatures`) that are never neighbours in any band.

    Texts are compared on their first :data:`STORY_CHARS` characters; the n-grams
    are hashed (``HashingVectorizer`` + ``TfidfTransformer``), so no vocabulary of
    millions of trigrams is held.

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
    with StoryClusterer(threshold=threshold, ngram_range=ngram_range) as clusterer:
        clusterer.add(texts)
        return clusterer.story_ids(ids)


class StoryClusterer:
    """:func:`story_clusters` of a corpus given a chunk of texts at a time.

    :meth:`add` each chunk of texts as it is read, then call :meth:`story_ids`
    once with the ids of all of them. Texts are not kept: each is reduced to its
    MinHash signature (:data:`STORY_BANDS` x :data:`STORY_BAND_ROWS` uint32 values,
    512 bytes) and its hashed n-gram counts, which go to a temporary file
    (:class:`~analysis.ingest.rowstore.SparseRowStore`) and are read back only for
    the candidate pairs being verified; the document frequencies of the TF-IDF
    weights are summed as chunks come. The clusters are those of
    :func:`story_clusters` on all the texts at once.

    >>> with StoryClusterer() as c:
    ...     c.add(["Putin and Xi met by video link on Friday.", "Oil prices rose."])
    ...     c.add(["Putin and Xi met by video link on Friday, the Kremlin said."])
    ...     c.story_ids(["a", "b", "c"], order=[2, 0, 1])
    ['c', 'b', 'c']
    """

    def __init__(self, *, threshold: float = STORY_THRESHOLD,
                 ngram_range: tuple[int, int] = STORY_NGRAMS) -> None:
        self.threshold = threshold
        self.ngram_range = ngram_range
        self._rows = SparseRowStore(N_FEATURES)
        self._signatures: list[np.ndarray] = []
        self._document_frequency = np.zeros(N_FEATURES, dtype=np.int64)
        self._weights: TfidfTransformer | None = None  # fitted when all texts are in

    def add(self, texts: Sequence[str]) -> None:
        """Signatures, n-gram counts and document frequencies of the next ``texts``."""
        for start in range(0, len(texts), CHUNK):
            counts, signatures = counts_and_signatures(texts[start:start + CHUNK],
                                                        self.ngram_range)
            self._signatures.append(signatures)
            self._document_frequency += np.bincount(counts.indices, minlength=N_FEATURES)
            self._rows.append(counts)
        self._weights = None

    def story_ids(self, ids: Sequence[str], *, order: Sequence[int] | None = None) -> list[str]:
        """Story id of each text added, parallel to ``ids`` (one id per text, in the
        order they were added).

        ``order`` lists the texts' positions in the order :func:`story_clusters`
        would be given them (publication date): it decides which copy's id a
        story takes and, as there, which members of a crowded MinHash bucket are
        neighbours. Default: the order they were added.
        """
        n = len(self._rows)
        if len(ids) != n:
            raise ValueError(f"{len(ids)} ids but {n} texts")
        if not n:
            return []
        order = np.arange(n) if order is None else np.asarray(order, dtype=np.int64)
        signatures = np.concatenate(self._signatures)
        self._signatures = [signatures]
        self._weights = self._tfidf()
        labels = _linked(self, signatures, order)
        lowest = np.full(labels.max() + 1, n)
        np.minimum.at(lowest, labels, np.arange(n))
        out = np.empty(n, dtype=object)
        out[order] = np.asarray(ids, dtype=object)[order[lowest[labels]]]
        return out.tolist()

    def tfidf_rows(self, positions: np.ndarray) -> sparse.csr_matrix:
        """Unit-length TF-IDF rows of the texts at ``positions`` (order of :meth:`add`),
        weighted by the document frequencies of every text added."""
        if self._weights is None:
            self._weights = self._tfidf()
        return self._weights.transform(self._rows.rows(positions), copy=False)

    def _tfidf(self) -> TfidfTransformer:
        """``TfidfTransformer().fit(counts)`` of all the counts, from their document
        frequencies: fitted on an empty row for its shape, then given the idf that
        fit computes (smoothed: ``log((1 + n) / (1 + df)) + 1``)."""
        tfidf = TfidfTransformer().fit(sparse.csr_matrix((1, N_FEATURES)))
        df = self._document_frequency.astype(np.float64) + 1.0
        idf = np.full_like(df, fill_value=len(self._rows) + 1)
        idf /= df
        np.log(idf, out=idf)
        tfidf.idf_ = idf + 1.0
        return tfidf

    def close(self) -> None:
        """Delete the temporary file of n-gram counts."""
        self._rows.close()

    def __enter__(self) -> StoryClusterer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
    key = pd.DataFrame(
        {
            "s": np.asarray(stories, dtype=object).astype(str),
            "g": "" if within is None else np.asarray(within, dtype=object),
            "n": np.asarray(size, dtype=float),
        }
    )
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
    counts = hasher(ngram_range).transform([(t or "")[:STORY_CHARS] for t in texts])
    return sparse.csr_matrix(TfidfTransformer().fit_transform(counts))


def _linked(clusterer: StoryClusterer, signatures: np.ndarray, order: np.ndarray
            ) -> np.ndarray:
    """Component label of each article (in ``order``) once every candidate pair at or
    above the clusterer's threshold is linked.

    Bands are taken one at a time, so memory holds one band's candidates, not all
    of them; the components do not depend on the order pairs are verified in.
    Candidates are verified :data:`_PAIR_CHUNK` at a time, and a pair whose two
    articles are already in one component is not verified: its link could not
    change the components. Where copies are many (a wire story republished
    hundreds of times), most candidates are such pairs. A pair found below the
    threshold is remembered, so another band that proposes it does not verify
    it again.
    """
    n = len(order)
    docs = np.flatnonzero(clusterer._rows.lengths()[order] > 0)
    labels = np.arange(n)
    rejected = np.empty(0, dtype=np.int64)
    rows = order[docs]
    for number in range(STORY_BANDS):
        codes = band_pairs(band(signatures, rows, number), docs, n)
        codes = codes[~np.isin(codes, rejected, assume_unique=True)]
        failed = [rejected]
        for start in range(0, len(codes), _PAIR_CHUNK):
            labels = _link_chunk(clusterer, order, labels, codes[start:start + _PAIR_CHUNK],
                                 failed)
        rejected = np.unique(np.concatenate(failed))
    return labels


def _link_chunk(clusterer: StoryClusterer, order: np.ndarray, labels: np.ndarray,
                codes: np.ndarray, failed: list[np.ndarray]) -> np.ndarray:
    """``labels`` once the pairs ``codes`` that pass are linked; the codes of those that
    fail are appended to ``failed``.

    Pairs are verified in rounds, each a spanning forest of the components the
    open pairs would join: a pair that would only close a cycle waits, and is
    not verified when the forest's links have joined its two articles already.
    """
    n = len(labels)
    while len(codes):
        a, b = codes // n, codes % n
        codes = codes[labels[a] != labels[b]]
        if not len(codes):
            break
        a, b = codes // n, codes % n
        tree = _forest(labels[a], labels[b])
        keep = _verified(clusterer, order, a[tree], b[tree])
        failed.append(codes[tree][~keep])
        if keep.any():
            edges = sparse.coo_matrix((np.ones(int(keep.sum())),
                                       (labels[a[tree][keep]], labels[b[tree][keep]])),
                                      shape=(n, n))
            _, merged = connected_components(edges, directed=False)
            labels = merged[labels]
        codes = codes[~tree]
    return labels


def _forest(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """True for the edges ``(u, v)`` of a spanning forest of the graph they form (the
    first edge that joins two trees, in order).

    >>> _forest(np.array([0, 1, 0, 2]), np.array([1, 2, 2, 3])).tolist()
    [True, True, False, True]
    """
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = x = parent.get(parent[x], parent[x])  # path halving
        return x

    out = np.zeros(len(u), dtype=bool)
    for k, (x, y) in enumerate(zip(u.tolist(), v.tolist(), strict=True)):
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[rx] = ry
            out[k] = True
    return out


def _verified(clusterer: StoryClusterer, order: np.ndarray, a: np.ndarray, b: np.ndarray
              ) -> np.ndarray:
    """True for the pairs ``(a, b)`` (positions in ``order``) at or above the threshold,
    their TF-IDF rows read back for these pairs only."""
    rows, local = np.unique(np.concatenate([order[a], order[b]]), return_inverse=True)
    x = clusterer.tfidf_rows(rows)
    return _pair_cosines(x, local[:len(a)], local[len(a):]) >= clusterer.threshold - 1e-12


def _pair_cosines(x: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Dot product of rows ``left`` and ``right`` of ``x``, :data:`_PAIR_CHUNK` pairs at a time.

    ``x`` holds the unit-length TF-IDF rows, computed once for all articles.
    """
    out = np.empty(len(left))
    for start in range(0, len(left), _PAIR_CHUNK):
        part = slice(start, start + _PAIR_CHUNK)
        out[part] = np.asarray(x[left[part]].multiply(x[right[part]]).sum(axis=1)).ravel()
    return out
