"""Which store an engine uses: a folder (FAISS + BM25 files) or a ``postgresql://`` URL."""

from __future__ import annotations

import os

from index.file_store import FileStore
from index.pg_store import PostgresStore
from index.store_protocol import Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str | os.PathLike | None = None) -> Store:
    """The store at ``location``: a ``postgresql://`` URL or a folder.

    ``None`` means ``$ARTICLE_QA_STORE`` if set, else the default cache folder.

    Raises:
        StoreUnavailableError: If the PostgreSQL server cannot be reached or lacks pgvector.
        ImportError: If the PostgreSQL extra is not installed.
    """
    location = location if location is not None else os.environ.get("ARTICLE_QA_STORE") or None
    if isinstance(location, str) and location.startswith(POSTGRES_SCHEMES):
        return PostgresStore(location)
    return FileStore(location)
