"""The embedded default store: FAISS + BM25 index folders in a cache folder, one process's own."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Sequence

from index.article_index import ArticleIndex, Chunking
from index.embed import Embedder
from index.errors import IndexCorruptError, UnknownArticleError
from index.paths import default_cache_dir
from index.records import document_from_record, document_record
from index.store import load_or_build
from index.store_protocol import ArticleInfo
from index.types import Document

ARTICLES = "articles"


class FileStore:
    """Indexes saved as files under ``directory`` (default: the user cache), as before stores.

    ``index`` is :func:`index.store.load_or_build`; ``add`` also keeps the article's record
    in ``directory/articles`` so that it can be listed and asked about by id later.
    """

    def __init__(self, directory: str | os.PathLike | None = None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()
        self.location = str(self.directory)

    def index(self, documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> ArticleIndex:
        return load_or_build(list(documents), embedder, chunking, self.directory)

    def add(self, documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> None:
        """Keep each article's record, and build (so cache) the vectors of the new ones."""
        for document in documents:
            self._write(document)
        self.index(documents, embedder, chunking)

    def articles(self) -> list[ArticleInfo]:
        records = []
        for path in (self.directory / ARTICLES).glob("*.json"):
            try:
                records.append((path.stat().st_mtime_ns, json.loads(path.read_text("utf-8"))))
            except (OSError, ValueError):
                continue  # being replaced, or damaged: not listed
        return [
            ArticleInfo(r["doc_id"], r["title"], r["date"], r["source"],
                        hashlib.sha256(r["text"].encode()).hexdigest(), len(r["text"]))
            for _, r in sorted(records, key=lambda pair: pair[0])
        ]

    def documents(self, doc_ids: Sequence[str]) -> list[Document]:
        documents = []
        for doc_id in doc_ids:
            path = self._path(doc_id)
            try:
                documents.append(document_from_record(json.loads(path.read_text("utf-8"))))
            except FileNotFoundError:
                raise UnknownArticleError(f"no article with id {doc_id!r} in the store") from None
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise IndexCorruptError(f"cannot read the article record {path}: {exc}") from exc
        return documents

    def _path(self, doc_id: str) -> Path:
        # Ids come from callers: hashed, they can never name a path outside the folder.
        return self.directory / ARTICLES / f"{hashlib.sha256(doc_id.encode()).hexdigest()[:32]}.json"

    def _write(self, document: Document) -> None:
        path = self._path(document.doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(document_record(document), file, ensure_ascii=False)
        os.replace(staging, path)
