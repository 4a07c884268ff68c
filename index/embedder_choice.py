"""The choice of embedder when none is given: ONNX for questions where it can run."""

from __future__ import annotations

import logging
import os

from index.embed import Embedder
from index.errors import ModelUnavailableError
from index.fast_embed import FastQueryEmbedder
from index.st_embed import SentenceTransformerEmbedder

log = logging.getLogger("article_qa")


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
