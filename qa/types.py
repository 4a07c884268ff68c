"""What an answer is made of: citations into the article and the answer itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from index.types import Hit


@dataclass(frozen=True, slots=True)
class Citation:
    """Marker ``[n]`` in an answer, pointing at a verbatim quote of a document.

    Invariant: ``quote == document.text[start:end]`` for the document ``doc_id``.
    """

    n: int
    doc_id: str
    quote: str
    start: int
    end: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question.

    ``text`` carries inline markers ``[1]``, ``[2]`` matching ``citations``. When the article
    does not answer the question, ``found`` is False, ``citations`` is empty and
    ``passages`` still lists the nearest passages (best first).
    """

    question: str
    text: str
    citations: tuple[Citation, ...]
    found: bool
    passages: tuple[Hit, ...]
    query: str
    confidence: float
    short: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """A JSON-ready dict; each passage carries its text, offsets and scores."""
        data = asdict(self)
        data["passages"] = [
            {
                "doc_id": hit.doc_id,
                "passage_id": hit.passage.passage_id,
                "text": hit.text,
                "start": hit.start,
                "end": hit.end,
                "score": hit.score,
                "rank": hit.rank,
                "dense_score": hit.dense_score,
                "sparse_score": hit.sparse_score,
            }
            for hit in self.passages
        ]
        return data
