"""JSON records of documents and sentences, shared by every store (no pickle)."""

from __future__ import annotations

from dataclasses import asdict, fields

from index.types import Document, Sentence, Span

# Sentence fields that stores keep in columns of their own; any other field (per-sentence
# annotations) travels as one JSON object beside them.
SENTENCE_COLUMNS = ("doc_id", "sentence_id", "text", "start", "end")


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


def sentence_annotations(sentence: Sentence) -> dict:
    """The fields of ``sentence`` beyond :data:`SENTENCE_COLUMNS`, as JSON-ready values."""
    return {f.name: getattr(sentence, f.name) for f in fields(Sentence) if f.name not in SENTENCE_COLUMNS}
