"""JSON records of documents and sentence facts, shared by every store (no pickle)."""

from __future__ import annotations

from dataclasses import asdict

from index.nlp import Entity, SentenceFacts
from index.types import Document, Span


def document_record(document: Document) -> dict:
    """``document`` as a JSON-ready dict (spans as ``[start, end]`` pairs)."""
    record = asdict(document)
    record["body"] = [[s.start, s.end] for s in document.body]
    for key in ("title_span", "date_span"):
        span = getattr(document, key)
        record[key] = [span.start, span.end] if span else None
    return record


def document_from_record(record: dict) -> Document:
    """The inverse of :func:`document_record`."""

    def span(pair):
        return Span(*pair) if pair else None

    return Document(
        **{
            **record,
            "body": tuple(Span(*pair) for pair in record["body"]),
            "title_span": span(record["title_span"]),
            "date_span": span(record["date_span"]),
        }
    )


def facts_from_record(record: dict) -> SentenceFacts:
    """The facts of a sentence from ``dataclasses.asdict`` of them."""
    return SentenceFacts(tuple(Entity(**e) for e in record["entities"]), record["speaker"],
                         record["referent"], record["listener"])
