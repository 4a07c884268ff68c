"""The articles of one store and engines over them: what a server answers from, per request."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Sequence

from index.article_index import Chunking
from index.embed import Embedder
from index.embedder_choice import default_embedder
from index.read import read_article
from index.store_choice import open_store
from index.store_protocol import ArticleInfo, Store
from qa.api import ArticleQA, default_article_path
from qa.articles import from_paste
from qa.config import Settings
from qa.types import Answer

# Engines kept per process (one per set of articles asked about); a new one only loads
# records, so the bound is on memory, not on correctness.
ENGINES_KEPT = 32


def check_store(location: str | Path | None = None) -> None:
    """Reach the store at ``location`` (default ``$ARTICLE_QA_STORE``) once, creating its schema.

    Raises:
        StoreUnavailableError: If it cannot be reached or used.
    """
    open_store(location).articles()


class Library:
    """Articles kept in a store (a folder or PostgreSQL), asked about by id.

    Every method reads the store, so any number of processes sharing one PostgreSQL store
    see the same articles.

    Example:
        >>> library = Library("postgresql://localhost/articles")
        >>> article = library.add_text(open("story.txt").read())
        >>> library.ask("Who won?", articles=[article.doc_id]).text
    """

    def __init__(
        self,
        store: Store | str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.store = store if store is not None and hasattr(store, "index") else open_store(store)
        self.settings = settings or Settings()
        self._embedder = embedder or default_embedder()
        self._engines: OrderedDict[tuple[str, ...], ArticleQA] = OrderedDict()
        self._lock = threading.Lock()

    def add_text(self, text: str, title: str | None = None) -> ArticleInfo:
        """Clean, index and keep an article given as text; returns what is listed for it.

        Raises:
            ValueError: If the text or the title is too long.
            ArticleReadError: If the text is not text (control characters).
            EmptyArticleError: If the text holds no article prose.
        """
        document = from_paste(text, title)
        self.store.add([document], self._embedder, self._chunking())
        return next(a for a in self.store.articles() if a.doc_id == document.doc_id)

    def articles(self) -> list[ArticleInfo]:
        """Every article in the store, oldest first."""
        return self.store.articles()

    def engine(self, articles: Sequence[str] | None = None) -> ArticleQA:
        """The engine over these stored articles (default: the shipped article).

        Raises:
            UnknownArticleError: If an id is not in the store.
        """
        key = tuple(dict.fromkeys(articles)) if articles else ()
        with self._lock:
            if key in self._engines:
                self._engines.move_to_end(key)
                return self._engines[key]
        documents = self.store.documents(key) if key else [read_article(default_article_path())]
        engine = ArticleQA.from_documents(
            documents, settings=self.settings, embedder=self._embedder, store=self.store
        )
        with self._lock:
            self._engines[key] = engine
            while len(self._engines) > ENGINES_KEPT:
                self._engines.popitem(last=False)
        return engine

    def ask(self, question: str, history: Sequence[str | Answer] | None = None,
            articles: Sequence[str] | None = None) -> Answer:
        """Answer ``question`` over ``articles`` (ids; default: the shipped article)."""
        return self.engine(articles).ask(question, history)

    def _chunking(self) -> Chunking:
        return Chunking(self.settings.passage_sentences, self.settings.passage_overlap)
