"""JSON records of documents and sentence facts, shared by every store (no pickle)."""

from __future__ import annotations

from dataclasses import asdict
from sys import intern

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
    """The facts of a sentence from ``dataclasses.asdict`` of them.

    Labels and names are interned: a large corpus writes the same ones in thousands of
    sentences, and a parsed JSON string is a new object each time.
    """
    return SentenceFacts(
        tuple(Entity(intern(e["text"]), intern(e["label"]), e["start"], e["end"])
              for e in record["entities"]),
        *(None if record[key] is None else intern(record[key])
          for key in ("speaker", "referent", "listener")),
    )
