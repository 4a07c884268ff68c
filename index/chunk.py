"""Split a cleaned document into sentences and overlapping passages of whole sentences."""

from __future__ import annotations

import re
from functools import lru_cache

from index.clean import ends_before_a_name
from index.types import Document, Passage, Sentence, Span

# Bumped whenever sentence splitting changes, so saved indexes are split again.
SEGMENTATION_VERSION = 4


def split_sentences(document: Document, first_id: int = 0) -> list[Sentence]:
    """Split the title and every body paragraph into sentences with original offsets; a
    sentence continues over a paragraph break that follows a title or a middle initial.

    Args:
        document: A cleaned document.
        first_id: The id of the first sentence (ids run on across a corpus).

    Returns:
        Sentences in document order, numbered from ``first_id``.
    """
    text = document.text
    title = document.title_span
    spans = [title] if title else []
    spans.extend(document.body)
    found: list[tuple[int, int]] = []
    for paragraph in spans:
        for span in _sentence_spans(paragraph.of(text)):
            start, end = paragraph.start + span.start, paragraph.start + span.end
            if (found and text[start].isupper() and not text[found[-1][1] : start].strip()
                    and not (title and found[-1][1] <= title.end < start)
                    and ends_before_a_name(text, found[-1][1])):
                # A title or an initial does not end the sentence, not even at a paragraph
                # break ("... chief of staff to Sen." | "Daniel Patrick Moynihan.").
                found[-1] = (found[-1][0], end)
            else:
                found.append((start, end))
    return [Sentence(document.doc_id, first_id + i, start, end, text)
            for i, (start, end) in enumerate(found)]


def make_passages(
    document: Document,
    sentences: list[Sentence],
    size: int = 3,
    overlap: int = 1,
    first_id: int = 0,
) -> list[Passage]:
    """Group adjacent sentences into windows of ``size`` that share ``overlap`` sentences.

    A window never crosses text that cleaning dropped, so every passage's text is the plain
    slice ``document.text[start:end]`` and contains no boilerplate.

    Args:
        document: The document the sentences come from.
        sentences: Its sentences, as returned by :func:`split_sentences`.
        size: Sentences per passage.
        overlap: Sentences shared by consecutive passages; must be smaller than ``size``.
        first_id: The id of the first passage (ids run on across a corpus).

    Returns:
        Passages in document order, numbered from ``first_id``.

    Raises:
        ValueError: If ``size`` or ``overlap`` is out of range.
    """
    if size < 1 or not 0 <= overlap < size:
        raise ValueError(f"need size >= 1 and 0 <= overlap < size, got {size=}, {overlap=}")
    passages: list[Passage] = []
    for run in _contiguous_runs(document.text, sentences):
        starts = range(0, max(len(run) - overlap, 1), size - overlap)
        for first in starts:
            window = run[first : first + size]
            start, end = window[0].start, window[-1].end
            passages.append(
                Passage(
                    document.doc_id,
                    first_id + len(passages),
                    start,
                    end,
                    tuple(s.sentence_id for s in window),
                    document.text,
                )
            )
    return passages


def _contiguous_runs(text: str, sentences: list[Sentence]) -> list[list[Sentence]]:
    """Group sentences separated only by whitespace; dropped text starts a new run."""
    runs: list[list[Sentence]] = []
    for sentence in sentences:
        if runs and not text[runs[-1][-1].end : sentence.start].strip():
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    return runs


def _sentence_spans(paragraph: str) -> list[Span]:
    """Sentence spans within one paragraph, trimmed of surrounding whitespace."""
    # pysbd ends a sentence at every line break, and reads "\r\n" as two spaces; a
    # paragraph rebuilt from wrapped lines is segmented with each break read as one space,
    # and ``where`` maps positions of that flat text back to the paragraph.
    flat = _LINE_BREAK.sub(" ", paragraph)
    where = [m.start() for m in re.finditer(r"\r\n|[\s\S]", paragraph)] + [len(paragraph)]
    spans: list[Span] = []
    for piece in _segmenter().segment(flat):
        stripped = piece.sent.strip()
        if stripped:
            start = piece.start + piece.sent.index(stripped)
            span = Span(where[start], where[start + len(stripped) - 1] + 1)
            if spans and _continues(spans[-1].of(paragraph), stripped):
                span = Span(spans.pop().start, span.end)
            spans.append(span)
    return spans


def _continues(previous: str, piece: str) -> bool:
    """Whether pysbd's ``piece`` goes on with the sentence ``previous``: the period closed an
    abbreviation ("William G. Christen, Sc.D.*, of* ...") or an initial of a run ("the
    joint AU/U. *N. hybrid force*") or a time of day ("began at 3:45 a.m. *Sunday*, when ...")."""
    return (piece[0] in _CONTINUATION
            or (_INITIAL_END.search(previous) is not None and _INITIAL.match(piece) is not None)
            or (_TIME_OF_DAY_END.search(previous) is not None
                and _DAY_OR_ZONE.match(piece) is not None))


# A sentence never starts with these.
_CONTINUATION = ",;"
# Initials split apart ("U." | "N. hybrid"); "E. coli" after a sentence starts one.
_INITIAL = re.compile(r"[A-Z]\.\s")
_INITIAL_END = re.compile(r"(?<![\w.])[A-Z]\.$")
_TIME_OF_DAY_END = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_DAY_OR_ZONE = re.compile(r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|ET|EST|EDT|CT|CST|CDT"
                          r"|MT|PT|PST|PDT|GMT|UTC)\b")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=1)
def _segmenter():
    # pysbd keeps abbreviations ("J.S.") and quoted multi-sentence speech together.
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)
