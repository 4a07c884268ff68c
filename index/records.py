"""JSON records of documents and sentence facts, shared by every store (no pickle)."""

from __future__ import annotations

from dataclasses import asdict, fields
from sys import intern

from index.nlp import Entity, SentenceFacts
from index.types import Document, Passage, Sentence, Span


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
    return _facts({**record, "entities": [_entity(e) for e in record["entities"]]})


def decoded_record(record: dict) -> object:
    """``json.loads``'s ``object_hook`` for saved records: a sentence, passage, entity or
    sentence-facts record becomes its object as soon as it is parsed, so the parsed dicts
    never all exist at once (at the peak of a load they took more memory than the objects
    they became); any other JSON object stays a dict.

    Names, labels and document ids are interned: a large corpus writes the same ones in
    thousands of records, and a parsed JSON string is a new object each time.
    """
    make = _MAKERS.get(tuple(record))
    return record if make is None else make(record)


def _entity(record: dict) -> Entity:
    return Entity(intern(record["text"]), intern(record["label"]), record["start"], record["end"])


def _facts(record: dict) -> SentenceFacts:
    return SentenceFacts(
        tuple(record["entities"]),
        *(None if record[key] is None else intern(record[key])
          for key in ("speaker", "referent", "listener")),
    )


def _sentence(record: dict) -> Sentence:
    return Sentence(intern(record["doc_id"]), record["sentence_id"], record["text"],
                    record["start"], record["end"])


def _passage(record: dict) -> Passage:
    return Passage(intern(record["doc_id"]), record["passage_id"], record["text"],
                   record["start"], record["end"], tuple(record["sentences"]))


# A record's kind is known by its keys, written in the order of its dataclass's fields.
_MAKERS = {
    tuple(f.name for f in fields(kind)): make
    for kind, make in ((Entity, _entity), (SentenceFacts, _facts), (Sentence, _sentence),
                       (Passage, _passage))
}
