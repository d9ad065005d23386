"""Rows of sparse count matrices kept on disk, so memory does not hold a corpus's n-grams.

Story clusters (:mod:`analysis.ingest.stories`) verify candidate pairs by the
cosine of their n-gram rows, and a candidate can pair any article with any
other. The rows are appended a chunk at a time to two temporary files (column
numbers as int32, counts as float32; n-gram counts are small whole numbers, exact
in float32) and read back, a few thousand at a time, for the pairs being
verified. Memory holds one offset per row; the files are deleted when the store
is closed.

>>> from scipy import sparse
>>> with SparseRowStore(n_features=5) as store:
...     store.append(sparse.csr_matrix([[0, 2, 0, 0, 1], [0, 0, 0, 0, 0]], dtype=np.float32))
...     store.append(sparse.csr_matrix([[3, 0, 0, 0, 0]], dtype=np.float32))
...     store.rows(np.array([2, 0])).toarray().tolist(), store.lengths().tolist()
([[3.0, 0.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0, 1.0]], [2, 0, 1])
"""

from __future__ import annotations

import tempfile
from typing import IO

import numpy as np
from scipy import sparse

__all__ = ["SparseRowStore"]

_INDEX = np.dtype(np.int32)
_VALUE = np.dtype(np.float32)


class SparseRowStore:
    """Sparse rows appended to temporary files and read back by row number.

    Args:
        n_features: columns of every row.
        directory: where the temporary files go (default: :func:`tempfile.gettempdir`).
    """

    def __init__(self, n_features: int, *, directory: str | None = None) -> None:
        self.n_features = n_features
        self._indices: IO[bytes] = tempfile.TemporaryFile(dir=directory)
        self._values: IO[bytes] = tempfile.TemporaryFile(dir=directory)
        self._ends: list[np.ndarray] = []
        self._stored = 0

    def append(self, rows: sparse.csr_matrix) -> None:
        """Store the rows of ``rows`` after the rows already stored."""
        rows = sparse.csr_matrix(rows)
        self._indices.seek(0, 2)
        self._values.seek(0, 2)
        self._indices.write(rows.indices.astype(_INDEX, copy=False).tobytes())
        self._values.write(rows.data.astype(_VALUE, copy=False).tobytes())
        self._ends.append(self._stored + rows.indptr[1:].astype(np.int64))
        self._stored += int(rows.indptr[-1])

    def __len__(self) -> int:
        return sum(len(e) for e in self._ends)

    def _indptr(self) -> np.ndarray:
        if len(self._ends) != 1:  # merged once, then reused
            self._ends = [np.concatenate([np.empty(0, np.int64), *self._ends])]
        return np.concatenate([[0], self._ends[0]])

    def lengths(self) -> np.ndarray:
        """Stored values of each row."""
        return np.diff(self._indptr())

    def rows(self, positions: np.ndarray) -> sparse.csr_matrix:
        """The rows at ``positions``, in that order, as a float64 CSR matrix."""
        indptr = self._indptr()
        starts, ends = indptr[positions], indptr[np.asarray(positions) + 1]
        indices = [_read(self._indices, _INDEX, s, e) for s, e in zip(starts, ends, strict=True)]
        values = [_read(self._values, _VALUE, s, e) for s, e in zip(starts, ends, strict=True)]
        out_indptr = np.concatenate([[0], np.cumsum(ends - starts)])
        return sparse.csr_matrix(
            (np.concatenate([np.empty(0, _VALUE), *values]).astype(np.float64),
             np.concatenate([np.empty(0, _INDEX), *indices]), out_indptr),
            shape=(len(starts), self.n_features))

    def close(self) -> None:
        """Delete the files."""
        self._indices.close()
        self._values.close()

    def __enter__(self) -> SparseRowStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read(fh: IO[bytes], dtype: np.dtype, start: int, end: int) -> np.ndarray:
    fh.seek(int(start) * dtype.itemsize)
    return np.frombuffer(fh.read(int(end - start) * dtype.itemsize), dtype=dtype)
