"""Dense retrieval with FAISS over L2-normalised vectors: exact, or HNSW for large corpora."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError

# Above this many vectors, exact search costs more than a few milliseconds a question
# (flat inner product is linear: ~3 ms at 20k and ~20 ms at 100k vectors of 384 floats on
# one core here; eval/scale.py measures it) and HNSW answers in well under one.
ANN_THRESHOLD = 20_000
# HNSW graph degree and beam widths, chosen by `python -m eval.hnsw_sweep` (README
# "Performance"): on 100k SQuAD passage vectors replicated with isotropic noise (a hard case:
# 40 near-copies of each passage), recall@10 against exact search was 0.969 with
# efConstruction 80 and efSearch 256, and 0.995 with efConstruction 200 and efSearch 256,
# at 0.36 ms a question. Loading applies the current efSearch to indexes saved with another.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 256


class DenseIndex:
    """Inner-product search; on unit vectors inner product is cosine similarity.

    Small corpora use an exact flat index; from ``ANN_THRESHOLD`` vectors on, ``build``
    makes an HNSW graph (approximate, same scores for what it finds).
    """

    def __init__(self, faiss_index) -> None:
        self._index = faiss_index

    @classmethod
    def build(cls, vectors: np.ndarray, exact: bool | None = None) -> DenseIndex:
        """Index ``vectors`` (rows are L2-normalised float32 embeddings).

        Args:
            vectors: One row per item.
            exact: True for exact search, False for HNSW, None (default) to choose by size.
        """
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if exact is None:
            exact = len(vectors) < ANN_THRESHOLD
        if exact:
            index = faiss.IndexFlatIP(vectors.shape[1])
        else:
            index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        index.add(vectors)
        return cls(index)

    @property
    def size(self) -> int:
        return self._index.ntotal

    @property
    def dimension(self) -> int:
        return self._index.d

    @property
    def exact(self) -> bool:
        """Whether search is exact (flat) rather than approximate (HNSW)."""
        return not hasattr(self._index, "hnsw")

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Return up to ``k`` ``(row, cosine)`` pairs for one query vector, best first."""
        return self.search_batch(query.reshape(1, -1), k)[0]

    def search_batch(self, queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """Search several query vectors at once; one result list per query."""
        k = min(k, self.size)
        if k == 0:
            return [[] for _ in queries]
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        # One question is faster on one thread: splitting a scan this small across OpenMP
        # threads costs more in synchronisation than it saves (and much more when the
        # cores are shared); batches keep all threads.
        with _threads(1 if len(queries) == 1 else None):
            scores, rows = self._index.search(queries, k)
        return [
            [(int(r), float(s)) for r, s in zip(row_ids, row_scores) if r >= 0]
            for row_ids, row_scores in zip(rows, scores)
        ]

    def vectors(self) -> np.ndarray:
        """All stored vectors, in row order: a read-only view, not a copy, of FAISS's storage."""
        import faiss

        storage = self._index if self.exact else faiss.downcast_index(self._index.storage)
        if self.size == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        flat = faiss.rev_swig_ptr(storage.get_xb(), self.size * self.dimension)
        view = np.asarray(_Owned(flat.reshape(self.size, self.dimension), self))
        view.flags.writeable = False
        return view

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise IndexCorruptError(f"cannot read FAISS index {path}: {exc}") from exc
        if hasattr(index, "hnsw"):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index)


class _Owned:
    """Exposes a view of FAISS memory while keeping the index that owns it alive."""

    def __init__(self, array: np.ndarray, owner: DenseIndex) -> None:
        self.__array_interface__ = array.__array_interface__
        self._array = array
        self._owner = owner


@contextmanager
def _threads(count: int | None):
    import faiss

    if count is None:
        yield
        return
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)
