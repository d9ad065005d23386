"""MinHash signatures of word shingles and their locality-sensitive hashing bands.

:mod:`analysis.ingest.stories` finds candidate copies of one story with these: each
text's hashed n-gram counts, a MinHash signature of the n-grams that carry most of its
counts, and the pairs of texts that share a band of their signatures. Only the
candidates are then compared by their actual similarity there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from datasketch import MinHash
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

__all__ = ["CHUNK", "N_FEATURES", "SEED", "STORY_BANDS", "STORY_BAND_ROWS", "STORY_CHARS",
           "WORD", "band", "band_pairs", "counts_and_signatures", "hasher", "heavy_ngrams",
           "minhash_signatures"]

#: Characters of each text compared for story clusters: copies share their
#: opening, and the cap bounds the memory a single huge text can take.
STORY_CHARS = 200_000

#: Words of a shingle: runs of letters and digits, case-folded (hyphens and
#: apostrophes split words, so "no-limits" = "no limits").
WORD = r"(?u)\b\w+\b"

#: MinHash signature of each text: STORY_BANDS x STORY_BAND_ROWS values; two texts
#: are a candidate pair when all the values of one band agree. Two rows a band
#: and 64 bands catch pairs of low Jaccard similarity (copies are often trimmed
#: to a third of the original): a candidate with probability 1 - (1 - s**2)**64,
#: 0.47 at s = 0.1, 0.93 at 0.2, 0.998 at 0.3.
STORY_BANDS = 64
STORY_BAND_ROWS = 2

# Columns of the hashed n-gram counts.
N_FEATURES = 2**22

# Fixed seed of the MinHash permutations: the same corpus gives the same clusters.
SEED = 1

# Texts hashed at a time: bounds the temporary memory, not the result.
CHUNK = 4096

# Share of a text's squared n-gram counts its signature is made from.
_SIGNATURE_WEIGHT = 0.9

# Within one bucket of a band, each article is paired with this many next members.
_BUCKET_WINDOW = 8

def hasher(ngram_range: tuple[int, int]) -> HashingVectorizer:
    return HashingVectorizer(
        token_pattern=WORD,
        lowercase=True,
        ngram_range=ngram_range,
        alternate_sign=False,
        norm=None,
        n_features=N_FEATURES,
    )


def counts_and_signatures(
    texts: Sequence[str], ngram_range: tuple[int, int]
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Hashed n-gram counts and MinHash signatures.

    Texts are read :data:`CHUNK` at a time; neither output depends on the chunk size.
    The counts are float32 (small whole numbers, exact).
    """
    vectorizer = hasher(ngram_range)
    permutations = MinHash(num_perm=STORY_BANDS * STORY_BAND_ROWS, seed=SEED).permutations
    blocks, signatures = [], []
    for start in range(0, len(texts), CHUNK):
        chunk = [(t or "")[:STORY_CHARS] for t in texts[start : start + CHUNK]]
        counts = sparse.csr_matrix(vectorizer.transform(chunk), dtype=np.float32)
        signatures.append(minhash_signatures(heavy_ngrams(counts), permutations))
        blocks.append(counts)
    return sparse.vstack(blocks, format="csr"), np.concatenate(signatures)


def minhash_signatures(ngrams: sparse.csr_matrix, permutations: np.ndarray) -> np.ndarray:
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


def heavy_ngrams(counts: sparse.csr_matrix) -> sparse.csr_matrix:
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


def band(signatures: np.ndarray, rows: np.ndarray, number: int) -> np.ndarray:
    """The values of band ``number`` of the signatures at ``rows`` (only those columns
    are copied, not whole signatures)."""
    return signatures[rows, number * STORY_BAND_ROWS : (number + 1) * STORY_BAND_ROWS]


def band_pairs(values: np.ndarray, docs: np.ndarray, n: int) -> np.ndarray:
    """Codes ``i * n + j`` (``i < j``, sorted) of the pairs that share a band of their
    signatures; ``values`` holds that band (:func:`band`) of the rows of ``docs``, in
    the order of ``docs``.

    Within a band's bucket (articles in order) each article is paired with the next
    :data:`_BUCKET_WINDOW` ones, not with all: a bucket of thousands of copies of one
    story still gives a linear number of pairs, and its chain links them all.
    """
    key = values[:, 0].astype(np.uint64)
    for column in values[:, 1:].T:
        key = (key << np.uint64(32)) ^ column.astype(np.uint64) ^ (key >> np.uint64(29))
    order = np.argsort(key, kind="stable")
    key, members = key[order], docs[order]
    found = [members[:-d][key[:-d] == key[d:]] * n + members[d:][key[:-d] == key[d:]]
             for d in range(1, min(_BUCKET_WINDOW, len(key) - 1) + 1)]
    return np.unique(np.concatenate([np.empty(0, dtype=np.int64), *found]))
