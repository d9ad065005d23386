"""The row store gives back exactly the rows appended, in any order asked."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from analysis.ingest.rowstore import SparseRowStore


def test_rows_come_back_as_appended_across_chunks():
    rng = np.random.default_rng(0)
    chunks = [sparse.random(n, 50, density=0.2, format="csr", random_state=rng,
                            data_rvs=lambda k: rng.integers(1, 9, k)).astype(np.float32)
              for n in (3, 0, 5, 1)]
    whole = sparse.vstack(chunks, format="csr").astype(np.float64)
    with SparseRowStore(n_features=50) as store:
        for chunk in chunks:
            store.append(chunk)
        positions = np.array([8, 0, 3, 3, 5])
        got = store.rows(positions)
        assert len(store) == 9 and store.lengths().tolist() == np.diff(whole.indptr).tolist()
    assert got.dtype == np.float64
    assert (got != whole[positions]).nnz == 0
    assert got.indices.tolist() == whole[positions].indices.tolist()
