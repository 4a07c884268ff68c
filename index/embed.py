"""The ``Embedder`` protocol that every text embedder of the index implements."""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text.

    An embedder may also offer ``embed_documents(texts)`` for bulk indexing; index builders
    use it when present and ``embed`` otherwise (see :func:`document_embedding`).
    """

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def document_embedding(embedder: Embedder):
    """The function an index builder should embed passages with."""
    return getattr(embedder, "embed_documents", embedder.embed)
