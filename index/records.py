"""JSON records of documents, their sentences and passages, and sentence facts (no pickle)."""

from __future__ import annotations

from dataclasses import asdict, fields
from sys import intern
from typing import Iterator, Sequence

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


def sentences_record(sentences: Sequence[Sentence], documents: Sequence[Document]) -> dict:
    """``sentences`` as columns: each one's document (its position in ``documents``), start
    and end. No text is written: a sentence's words are its document's."""
    return _spans_record(sentences, documents)


def sentences_from_record(record: dict, documents: Sequence[Document]) -> list[Sentence]:
    """The inverse of :func:`sentences_record` (a sentence's id is its position).

    Raises:
        ValueError, KeyError, TypeError: If ``record`` is not such a record.
    """
    return [Sentence(document.doc_id, i, start, end, document.text)
            for i, (document, start, end) in enumerate(_spans(record, documents))]


def passages_record(passages: Sequence[Passage], documents: Sequence[Document]) -> dict:
    """``passages`` as columns, like :func:`sentences_record`, with their sentences' ids."""
    return {**_spans_record(passages, documents), "sentences": [list(p.sentences) for p in passages]}


def passages_from_record(record: dict, documents: Sequence[Document]) -> list[Passage]:
    """The inverse of :func:`passages_record` (a passage's id is its position).

    Raises:
        ValueError, KeyError, TypeError: If ``record`` is not such a record.
    """
    return [Passage(document.doc_id, i, start, end, tuple(ids), document.text)
            for i, ((document, start, end), ids)
            in enumerate(zip(_spans(record, documents), record["sentences"], strict=True))]


def _spans_record(items: Sequence[Sentence | Passage], documents: Sequence[Document]) -> dict:
    position = {document.doc_id: i for i, document in enumerate(documents)}
    return {"document": [position[x.doc_id] for x in items], "start": [x.start for x in items],
            "end": [x.end for x in items]}


def _spans(record: dict, documents: Sequence[Document]) -> Iterator[tuple[Document, int, int]]:
    """(document, start, end) of each item of a record of :func:`_spans_record`."""
    positions = record["document"]
    if not all(type(i) is int and 0 <= i < len(documents) for i in positions):
        raise ValueError("a document position out of range")
    return zip((documents[i] for i in positions), record["start"], record["end"], strict=True)


def facts_from_record(record: dict) -> SentenceFacts:
    """The facts of a sentence from ``dataclasses.asdict`` of them."""
    return _facts({**record, "entities": [_entity(e) for e in record["entities"]]})


def decoded_record(record: dict) -> object:
    """``json.loads``'s ``object_hook`` for saved records: an entity or sentence-facts record
    becomes its object as soon as it is parsed, so the parsed dicts never all exist at once
    (at the peak of a load they took more memory than the objects they became); any other
    JSON object stays a dict.

    Names and labels are interned: a large corpus writes the same ones in thousands of
    records, and a parsed JSON string is a new object each time.
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
        tuple(intern(name) for name in record["antecedents"]),
        record["written_out"],
        tuple((intern(word), start, end) for word, start, end in record["dated"]),
        tuple((intern(verb), intern(place), start, end)
              for verb, place, start, end in record["arguments"]),
    )


# A record's kind is known by its keys, written in the order of its dataclass's fields.
_MAKERS = {
    tuple(f.name for f in fields(kind)): make
    for kind, make in ((Entity, _entity), (SentenceFacts, _facts))
}
