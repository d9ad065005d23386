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
from datasketch import MinHash
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

__all__ = [
    "STORY_BANDS",
    "STORY_BAND_ROWS",
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

#: MinHash signature of each text: STORY_BANDS x STORY_BAND_ROWS values; two texts
#: are a candidate pair when all the values of one band agree. Two rows a band
#: and 64 bands catch pairs of low Jaccard similarity (copies are often trimmed
#: to a third of the original): a candidate with probability 1 - (1 - s**2)**64,
#: 0.47 at s = 0.1, 0.93 at 0.2, 0.998 at 0.3.
STORY_BANDS = 64
STORY_BAND_ROWS = 2

# Fixed seed of the MinHash permutations: the same corpus gives the same clusters.
_SEED = 1

# Texts hashed at a time, and candidate pairs compared at a time: bound the
# temporary memory, not the result.
_CHUNK = 4096
_PAIR_CHUNK = 10_000

# Share of a text's squared n-gram counts its signature is made from.
_SIGNATURE_WEIGHT = 0.9

# Within one bucket of a band, each article is paired with this many next members.
_BUCKET_WINDOW = 8

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
    :data:`_BUCKET_WINDOW` other articles that are never neighbours in any band.

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
    if not ids:
        return []
    counts, signatures = _counts_and_signatures(texts, ngram_range)
    left, right = _candidate_pairs(signatures, has_ngrams=np.diff(counts.indptr) > 0)
    # In place: the float64 counts become the unit-length TF-IDF rows, no copy.
    tfidf = TfidfTransformer().fit(counts).transform(counts, copy=False)
    del counts
    n = len(ids)
    labels = _linked(sparse.csr_matrix(tfidf, copy=False), left, right, threshold, n)
    lowest = np.full(labels.max() + 1, n)
    np.minimum.at(lowest, labels, np.arange(n))
    return [ids[i] for i in lowest[labels]]


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


def _hasher(ngram_range: tuple[int, int]) -> HashingVectorizer:
    return HashingVectorizer(
        token_pattern=_WORD,
        lowercase=True,
        ngram_range=ngram_range,
        alternate_sign=False,
        norm=None,
        n_features=2**22,
    )


def _hashed_tfidf(texts: Sequence[str], ngram_range: tuple[int, int]) -> sparse.csr_matrix:
    counts = _hasher(ngram_range).transform([(t or "")[:STORY_CHARS] for t in texts])
    return sparse.csr_matrix(TfidfTransformer().fit_transform(counts))


def _counts_and_signatures(
    texts: Sequence[str], ngram_range: tuple[int, int]
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Hashed n-gram counts and MinHash signatures.

    Texts are read :data:`_CHUNK` at a time; neither output depends on the chunk size.
    The chunks' counts are held as float32 (small whole numbers) and stacked once
    into the float64 matrix the TF-IDF weights are computed in.
    """
    hasher = _hasher(ngram_range)
    permutations = MinHash(num_perm=STORY_BANDS * STORY_BAND_ROWS, seed=_SEED).permutations
    blocks, signatures = [], []
    for start in range(0, len(texts), _CHUNK):
        chunk = [(t or "")[:STORY_CHARS] for t in texts[start : start + _CHUNK]]
        counts = sparse.csr_matrix(hasher.transform(chunk), dtype=np.float32)
        signatures.append(_minhash_signatures(_heavy_ngrams(counts), permutations))
        blocks.append(counts)
    counts = sparse.vstack(blocks, format="csr", dtype=np.float64)
    del blocks
    return counts, np.concatenate(signatures)


def _minhash_signatures(ngrams: sparse.csr_matrix, permutations: np.ndarray) -> np.ndarray:
    """MinHash signature of each row's set of columns, for all rows at once.

    The same values as datasketch's ``MinHash.update_batch`` of each row's column
    numbers (``hashfunc=int``, scheme ``affine32``: the MurmurHash3 finalizer, then
    ``a * h + b`` modulo 2**32), without a Python call per article. A row without
    columns gets the empty signature (all 2**32 - 1), as in datasketch.
    """
    a, b = (np.asarray(p, dtype=np.uint32) for p in permutations)
    out = np.full((ngrams.shape[0], len(a)), np.iinfo(np.uint32).max, dtype=np.uint32)
    rows = np.flatnonzero(np.diff(ngrams.indptr))
    if len(rows) == 0:
        return out
    h = _fmix32(ngrams.indices.astype(np.uint32))
    starts = ngrams.indptr[rows]
    hashed = np.empty_like(h)
    # One permutation at a time over all the chunk's n-grams: long contiguous loops.
    for p in range(len(a)):
        np.multiply(h, a[p], out=hashed)
        hashed += b[p]
        out[rows, p] = np.minimum.reduceat(hashed, starts)
    return out


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (wrapping arithmetic), as datasketch applies it."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _heavy_ngrams(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Per row, the n-grams that carry :data:`_SIGNATURE_WEIGHT` of its squared counts.

    MinHash compares sets, the cosine compares counts: a story repeated through a
    long page shares a small fraction of the page's n-gram set but most of its
    counts. Most texts count each n-gram once or twice and keep them all. Rows
    are handled together: each row's squares sorted largest first, and the
    cutoff is the square at which their running sum reaches the weight (float32
    arithmetic, as a per-row ``np.cumsum`` would do it on whole counts).
    """
    if counts.nnz == 0:
        return counts
    lengths = np.diff(counts.indptr)
    row = np.repeat(np.arange(counts.shape[0]), lengths)
    squares = counts.data.astype(np.float32) ** 2
    order = np.lexsort((-squares, row))
    ranked = squares[order].astype(np.float64)
    before = np.concatenate([[0.0], np.cumsum(ranked)])
    running = (before[1:] - np.repeat(before[counts.indptr[:-1]], lengths)).astype(np.float32)
    total = (before[counts.indptr[1:]] - before[counts.indptr[:-1]]).astype(np.float32)
    below = running < np.float32(_SIGNATURE_WEIGHT) * total[row]
    first = counts.indptr[:-1] + np.bincount(row, weights=below, minlength=len(lengths))
    cutoff = ranked[np.minimum(first.astype(np.int64), len(ranked) - 1)].astype(np.float32)
    keep = squares >= cutoff[row]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row[keep], minlength=len(lengths)))])
    return sparse.csr_matrix((counts.data[keep], counts.indices[keep], indptr), shape=counts.shape)


def _candidate_pairs(
    signatures: np.ndarray, *, has_ngrams: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, that share a band of their signatures.

    Within a band's bucket (articles in order) each article is paired with the next
    :data:`_BUCKET_WINDOW` ones, not with all: a bucket of thousands of copies of one
    story still gives a linear number of pairs, and its chain links them all.
    """
    docs = np.flatnonzero(has_ngrams)
    n = len(has_ngrams)
    found: list[np.ndarray] = []
    for band in range(STORY_BANDS):
        values = signatures[docs, band * STORY_BAND_ROWS : (band + 1) * STORY_BAND_ROWS]
        key = values[:, 0].astype(np.uint64)
        for column in values[:, 1:].T:
            key = (key << np.uint64(32)) ^ column.astype(np.uint64) ^ (key >> np.uint64(29))
        order = np.argsort(key, kind="stable")
        key, members = key[order], docs[order]
        found.extend(
            members[:-d][key[:-d] == key[d:]] * n + members[d:][key[:-d] == key[d:]]
            for d in range(1, min(_BUCKET_WINDOW, len(key) - 1) + 1)
        )
    # One sort of all the bands' pairs at the end: merging band by band re-sorted
    # the growing set 64 times.
    codes = np.unique(np.concatenate([np.empty(0, dtype=np.int64), *found]))
    return codes // n, codes % n


def _linked(x: sparse.csr_matrix, left: np.ndarray, right: np.ndarray, threshold: float,
            n: int) -> np.ndarray:
    """Component label of each article once every candidate pair at or above
    ``threshold`` is linked.

    Candidates are verified :data:`_PAIR_CHUNK` at a time, and a pair whose two
    articles are already in one component is not verified: its link could not
    change the components. Where copies are many (a wire story republished
    hundreds of times), most candidates are such pairs. Components are kept as a
    label per article, merged after each chunk.
    """
    labels = np.arange(n)
    for start in range(0, len(left), _PAIR_CHUNK):
        a, b = left[start:start + _PAIR_CHUNK], right[start:start + _PAIR_CHUNK]
        open_ = labels[a] != labels[b]
        a, b = a[open_], b[open_]
        if not len(a):
            continue
        keep = _pair_cosines(x, a, b) >= threshold - 1e-12
        if keep.any():
            edges = sparse.coo_matrix((np.ones(int(keep.sum())),
                                       (labels[a[keep]], labels[b[keep]])), shape=(n, n))
            _, merged = connected_components(edges, directed=False)
            labels = merged[labels]
    return labels


def _pair_cosines(x: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Dot product of rows ``left`` and ``right`` of ``x``, :data:`_PAIR_CHUNK` pairs at a time.

    ``x`` holds the unit-length TF-IDF rows, computed once for all articles.
    """
    out = np.empty(len(left))
    for start in range(0, len(left), _PAIR_CHUNK):
        part = slice(start, start + _PAIR_CHUNK)
        out[part] = np.asarray(x[left[part]].multiply(x[right[part]]).sum(axis=1)).ravel()
    return out
