"""Where article-qa keeps its files: the cache directory (indexes, vectors, model exports)."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """``$ARTICLE_QA_CACHE`` if set, else the user's cache directory for article-qa."""
    override = os.environ.get("ARTICLE_QA_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("article-qa"))
