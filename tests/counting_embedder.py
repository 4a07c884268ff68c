"""An embedder wrapper for tests that must see whether the index was rebuilt or loaded."""

from __future__ import annotations


class CountingEmbedder:
    """The real embedder, counting how many texts it is asked to embed."""

    def __init__(self, embedder):
        self.name = embedder.name
        self._embedder = embedder
        self.texts = 0

    def embed(self, texts):
        self.texts += len(texts)
        return self._embedder.embed(texts)
