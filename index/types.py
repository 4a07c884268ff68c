"""Typed records that flow through indexing and retrieval."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` into a document's original text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """Return the slice of ``text`` this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """An article as given (``text`` is never rewritten) plus what cleaning found in it.

    ``body`` holds the spans of the paragraphs that are article prose; everything outside
    them (navigation, cross-links, share prompts, repeated titles) is ignored.
    """

    doc_id: str
    text: str
    title: str | None
    date: str | None
    body: tuple[Span, ...]
    title_span: Span | None = None
    date_span: Span | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document: ``text == document_text[start:end]``.

    ``document_text`` is its document's own text, shared by all of the document's sentences
    and passages: none holds a copy of its words (the copies took 14.2 MB of a 13,535-passage
    engine), and ``text`` is sliced when read.
    """

    doc_id: str
    sentence_id: int
    start: int
    end: int
    document_text: str = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.document_text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of whole, adjacent sentences: ``text == document_text[start:end]``.

    ``sentences`` holds the ids of the sentences it is made of, in order; ``document_text``
    is its document's text, shared as for :class:`Sentence`.
    """

    doc_id: str
    passage_id: int
    start: int
    end: int
    sentences: tuple[int, ...]
    document_text: str = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.document_text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved passage with its fused score and both raw retriever scores.

    ``dense_score`` is the cosine similarity and ``sparse_score`` the BM25 score; either is
    ``None`` when that retriever did not return the passage.
    """

    passage: Passage
    score: float
    rank: int
    dense_score: float | None
    sparse_score: float | None

    @property
    def doc_id(self) -> str:
        return self.passage.doc_id

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def start(self) -> int:
        return self.passage.start

    @property
    def end(self) -> int:
        return self.passage.end
