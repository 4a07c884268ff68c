"""What a store of articles offers the engine, whichever kind it is (files or PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from index.article_index import Chunking
from index.embed import Embedder
from index.nlp import SentenceFacts
from index.types import Document, Hit, Passage, Sentence


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """One article held by a store, as listed (no text)."""

    doc_id: str
    title: str | None
    date: str | None
    source: str | None
    sha256: str
    characters: int


class SearchIndex(Protocol):
    """A searchable corpus: what the answering code reads (``ArticleIndex`` is one)."""

    documents: dict[str, Document]
    sentences: tuple[Sentence, ...]
    passages: tuple[Passage, ...]
    facts: tuple[SentenceFacts, ...]  # one per sentence

    def search(self, query: str, query_vector: np.ndarray, k: int, retrieval: str = "hybrid") -> list[Hit]: ...

    def search_batch(
        self, queries: Sequence[str], query_vectors: np.ndarray, k: int, retrieval: str = "hybrid"
    ) -> list[list[Hit]]: ...

    def sentence_similarities(self, query_vectors: np.ndarray, sentence_ids: Sequence[int]) -> np.ndarray: ...


class Store(Protocol):
    """Keeps articles with their passages, sentences and vectors; opens indexes over them."""

    location: str

    def add(self, documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> None:
        """Add (or replace, if changed) ``documents``, embedding only what is new."""

    def index(self, documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> SearchIndex:
        """Add ``documents`` if needed and return an index over exactly them, in order."""

    def articles(self) -> list[ArticleInfo]:
        """Every article in the store, oldest first."""

    def documents(self, doc_ids: Sequence[str]) -> list[Document]:
        """The stored articles with these ids, in that order.

        Raises:
            UnknownArticleError: If an id is not in the store.
        """
