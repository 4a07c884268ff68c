"""The engine's embedder: sentence-transformers for indexing, its ONNX export for questions."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from index.errors import ModelUnavailableError
from index.model import MODEL_NAME
from index.onnx_embed import ExportedModel, default_onnx_dir
from index.st_embed import SentenceTransformerEmbedder

log = logging.getLogger("article_qa")


class FastQueryEmbedder:
    """The model on ONNX Runtime for questions and for indexing; sentence-transformers as fallback.

    The model is exported from sentence-transformers once into ``onnx_dir`` on first use (and
    re-exported if damaged). ``embed`` (what a question goes through) runs the export on one
    thread; ``embed_documents`` (what index building uses) runs length-sorted batches on
    one thread per core, side by side. Both give sentence-transformers' vectors (cosine >=
    0.999, checked by tests/index/test_onnx.py), so ``name`` is the model's and saved indexes
    stay valid. When ONNX cannot be used, both fall back to sentence-transformers with one warning.

    Args:
        documents: The sentence-transformers embedder for indexing (default: a new one).
        onnx_dir: Where the export lives (default: :func:`default_onnx_dir`).
        threads: ONNX Runtime threads per call. One: a short question's matrix products
            are too small to split across cores (on this project's 2-core machine, one thread
            took ~5 ms per gold question where two took ~10 ms), and indexing keeps every
            core busy with whole batches instead (see :meth:`embed_documents`).
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
        self.documents = documents or SentenceTransformerEmbedder()
        model_path = getattr(self.documents, "_model_path", None)
        self._exported = ExportedModel(onnx_dir or default_onnx_dir(model_path), threads)
        self._fallback = False
        if preload:
            self._exported.preload()

    @property
    def onnx_dir(self) -> Path:
        return self._exported.directory

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions (or any short texts) on ONNX Runtime, one thread."""
        return self._run(texts, workers=1)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts for an index on ONNX Runtime: length-sorted batches, one thread per core.

        Whole batches side by side on single-threaded runs rather than each batch split
        across the cores: on this project's 2 cores the same 1,233 texts took 14 CPU-s this
        way and 18-19 CPU-s split (the split's threads wait for each other, and spin).
        """
        return self._run(texts, workers=os.cpu_count() or 1)

    def _run(self, texts: Sequence[str], workers: int) -> np.ndarray:
        if not self._fallback:
            try:
                return self._exported.get(self.documents.model).embed(texts, workers)
            except ModelUnavailableError as exc:
                log.warning("embedding with sentence-transformers: %s", exc)
                self._fallback = True
        return self.documents.embed(texts)
