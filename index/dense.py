"""Exact dense retrieval with FAISS over L2-normalised vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError


class DenseIndex:
    """Inner-product search; on unit vectors inner product is cosine similarity."""

    def __init__(self, faiss_index) -> None:
        self._index = faiss_index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        """Index ``vectors`` (rows are L2-normalised float32 embeddings)."""
        import faiss

        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @property
    def size(self) -> int:
        return self._index.ntotal

    @property
    def dimension(self) -> int:
        return self._index.d

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Return up to ``k`` ``(row, cosine)`` pairs for one query vector, best first."""
        return self.search_batch(query.reshape(1, -1), k)[0]

    def search_batch(self, queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """Search several query vectors at once; one result list per query."""
        k = min(k, self.size)
        if k == 0:
            return [[] for _ in queries]
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return [
            [(int(r), float(s)) for r, s in zip(row_ids, row_scores) if r >= 0]
            for row_ids, row_scores in zip(rows, scores)
        ]

    def vectors(self) -> np.ndarray:
        """All stored vectors, in row order."""
        return self._index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as exc:
            raise IndexCorruptError(f"cannot read FAISS index {path}: {exc}") from exc
