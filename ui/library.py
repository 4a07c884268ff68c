"""Articles in the chat page: each session's own, and engines in a bounded LRU cache.

Articles are kept as cleaned documents, keyed by a hash of their content (text and title), so
people who load the same article share one entry and one engine. Engines are rebuilt on demand
(from the on-disk index cache, so quickly) after the memory budget has evicted them: nothing
loaded is ever lost, only its in-memory index.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Sequence

from qa.articles import Document

ALL = "all"  # the selector's key for "all articles" of a session
# The in-memory indexes a server keeps: MiniLM vectors are 1.5 KB per text, and the
# records, BM25 and FAISS about as much again; a 1,000-word article's engine is ~0.3 MB.
DEFAULT_MEMORY_BYTES = 512 * 2**20


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded article: its content key, cleaned document and selector label."""

    key: str
    document: Document

    @property
    def label(self) -> str:
        title = " ".join((self.document.title or "").split()) or _first_words(self.document)
        date = f" ({' '.join(self.document.date.split())})" if self.document.date else ""
        return f"{title}{date}"


def article_key(document: Document) -> str:
    """The content hash of a document: its text and its title."""
    digest = hashlib.sha256(document.text.encode())
    digest.update(b"\0" + (document.title or "").encode())
    return digest.hexdigest()[:16]


def corpus_key(keys: Sequence[str]) -> str:
    """The key of the engine over several articles (order does not matter)."""
    return "all-" + hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Session:
    """One browser session's articles (the preloaded ones, then its own) and its choice."""

    articles: tuple[Article, ...]
    current: str  # an article's key, or ALL

    def chosen(self) -> list[Article]:
        """The articles the chat is about; of two with the same text, the first."""
        picked = self.articles if self.current == ALL else [a for a in self.articles if a.key == self.current]
        unique: dict[str, Article] = {}
        for article in picked:
            unique.setdefault(article.document.doc_id, article)
        return list(unique.values())

    def documents(self) -> list[Document]:
        return [article.document for article in self.chosen()]

    def engine_key(self) -> str:
        chosen = self.chosen()
        return corpus_key([a.key for a in chosen]) if len(chosen) > 1 else chosen[0].key

    def names(self) -> dict[str, str]:
        """What each source is called: the session's own file name, or with several
        articles the article's label. Engines are shared by content, names are not."""
        if self.current == ALL:
            return {a.document.doc_id: a.label for a in self.chosen()}
        return {
            a.document.doc_id: os.path.basename(a.document.source or "") or a.label
            for a in self.chosen()
        }

    def choices(self) -> list[tuple[str, str]]:
        choices = [(article.label, article.key) for article in self.articles]
        return choices + [("All articles", ALL)] if len(self.articles) > 1 else choices


class EngineCache:
    """Engines by key, least recently used evicted first once over ``budget_bytes``.

    Args:
        build: Makes an engine over documents (see :func:`engine_builder`).
        budget_bytes: The memory the kept engines may use together. The engine just asked
            for is always kept, even if it alone is over budget.
        measure: An engine's size in bytes (default: :func:`engine_bytes`).
    """

    def __init__(
        self,
        build: Callable[[list[Document]], object],
        budget_bytes: int = DEFAULT_MEMORY_BYTES,
        measure: Callable[[object], int] | None = None,
    ) -> None:
        self._build = build
        self.budget_bytes = budget_bytes
        self._measure = measure or engine_bytes
        self._engines: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}

    def get(self, key: str, documents: Sequence[Document]):
        """The engine for ``key``, built over ``documents`` if it is not in memory."""
        with self._lock:
            if key in self._engines:
                self._engines.move_to_end(key)
                return self._engines[key][0]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # two sessions loading one new article build it once
            with self._lock:
                if key in self._engines:
                    self._engines.move_to_end(key)
                    return self._engines[key][0]
            engine = self._build(list(documents))
            with self._lock:
                self._engines[key] = (engine, self._measure(engine))
                self._engines.move_to_end(key)
                self._evict(keep=key)
                self._building.pop(key, None)
            return engine

    def keys(self) -> list[str]:
        """Keys in memory, least recently used first."""
        with self._lock:
            return list(self._engines)

    def used_bytes(self) -> int:
        with self._lock:
            return sum(size for _, size in self._engines.values())

    def _evict(self, keep: str) -> None:
        total = sum(size for _, size in self._engines.values())
        for key in list(self._engines):
            if total <= self.budget_bytes:
                break
            if key != keep:
                total -= self._engines.pop(key)[1]


def engine_builder(**options) -> Callable[[list[Document]], object]:
    """Builds engines (``ArticleQA.from_documents(documents, **options)``) that all share the
    first one's embedder, so that the server holds one model however many articles it has."""
    from qa import ArticleQA

    shared: list = []

    def build(documents: list[Document]):
        engine = ArticleQA.from_documents(
            documents, **{"embedder": shared[0] if shared else None, **options}
        )
        if not shared:
            shared.append(engine.embedder)
        return engine

    return build


def engine_bytes(engine) -> int:
    """An estimate of an engine's memory: its vectors twice over, plus its texts ten times."""
    index = engine.index
    vectors = index.sentence_matrix.nbytes + len(index.passages) * index.dimension * 4
    texts = sum(len(d.text) for d in index.documents.values())
    return 2 * vectors + 10 * texts


def _first_words(document: Document, words: int = 8) -> str:
    first = document.body[0].of(document.text).split() if document.body else ["Untitled"]
    return " ".join(first[:words]) + ("…" if len(first) > words else "")
