"""Answers and articles as escaped HTML for the chat page, and as plain text for programs."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from qa import Answer, Citation

RELATED_PASSAGES = 3
MAX_EXAMPLES = 4
_MARKER = re.compile(r"\[(\d+)\]")


def escape(text: str) -> str:
    """``text`` as literal HTML text: markup in an article or a question shows, never runs."""
    return html.escape(text, quote=True)


def cite_id(turn: int, n: int) -> str:
    """The id of the highlighted sentence for marker ``[n]`` of answer number ``turn``.

    Markers of earlier answers point at ids that the article panel (which highlights only
    the last answer) no longer carries, so they never point at the wrong sentence.
    """
    return f"aqa-cite-{turn}-{n}"


def question_html(question: str) -> str:
    """The user's question as shown in the chat, character for character."""
    return f'<div class="aqa-question">{_lines(question)}</div>'


def answer_html(answer: Answer, turn: int, names: Mapping[str, str] | None = None) -> str:
    """One chat reply: the answer with linked [n] markers, then its sources or related passages.

    Everything taken from the answer (article sentences, the question) is escaped.

    Args:
        answer: What ``engine.ask`` returned.
        turn: The answer's number in the conversation (for the markers' link targets).
        names: Article names by ``doc_id``: when given (several articles), each source
            names its article.
    """
    parts = []
    if answer.found:
        parts.append(f'<div class="aqa-answer">{_linked_markers(answer, turn)}</div>')
    else:
        parts.append(
            '<div class="aqa-answer aqa-not-found"><span class="aqa-badge">Not in the article'
            f"</span> {escape(answer.text)}</div>"
        )
    if answer.query != answer.question:
        parts.append(f'<div class="aqa-query">searched for: {escape(answer.query)}</div>')
    if answer.citations:
        items = "".join(
            f'<li value="{c.n}"><a class="aqa-source" href="#{cite_id(turn, c.n)}"">'
            f'<blockquote>{escape(_flat(c.quote))}</blockquote></a>'
            f'<span class="aqa-where">{escape(_where(c, names))}</span></li>'
            for c in answer.citations
        )
        parts.append(
            f'<details class="aqa-sources" open><summary>Sources ({len(answer.citations)})'
            f"</summary><ol>{items}</ol></details>"
        )
    elif not answer.found and answer.passages:
        hits = answer.passages[:RELATED_PASSAGES]
        items = "".join(f"<li><blockquote>{escape(_flat(hit.text))}</blockquote></li>" for hit in hits)
        parts.append(
            '<details class="aqa-related"><summary>Related passages (not an answer)</summary>'
            f'<p class="aqa-note">The nearest passages of the article; none of them answers '
            f"the question.</p><ul>{items}</ul></details>"
        )
    return "".join(parts)


def answer_text(answer: Answer) -> str:
    """The reply as plain text for programs: the answer, then its numbered sources.

    The first paragraph is exactly ``answer.text``.
    """
    lines = [answer.text]
    if answer.query != answer.question:
        lines.append(f"(searched for: {answer.query})")
    for c in answer.citations:
        lines.append(f'[{c.n}] "{c.quote}"\n    {_where(c)}')
    if not answer.found and answer.passages:
        related = "\n".join(f"  - {hit.text}" for hit in answer.passages[:RELATED_PASSAGES])
        lines.append(f"Related passages (not an answer):\n{related}")
    return "\n\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    n: int


def article_html(documents: Iterable, citations: Sequence[Citation] = (), turn: int = 0) -> str:
    """The cleaned article(s): title, date and body paragraphs, cited sentences highlighted.

    Args:
        documents: The engine's documents (``engine.index.documents.values()``): each has
            ``doc_id``, ``text``, ``title``, ``date``, ``body`` spans, ``title_span``,
            ``date_span``.
        citations: The citations of the last answer; each becomes a ``<mark>`` with the id
            ``cite_id(turn, n)`` over its characters.
        turn: The number of the answer the citations belong to.
    """
    sections = []
    for document in documents:
        marks = [_Mark(c.start, c.end, c.n) for c in citations if c.doc_id == document.doc_id]
        text = document.text
        if document.title_span is not None:
            title = _marked(text, document.title_span.start, document.title_span.end, marks, turn)
        else:
            title = escape(document.title or "")
        head = f'<h2 class="aqa-title">{title}</h2>' if title else ""
        if document.date_span is not None:
            span = document.date_span
            head += f'<p class="aqa-date">{_marked(text, span.start, span.end, marks, turn)}</p>'
        elif document.date:
            head += f'<p class="aqa-date">{escape(document.date)}</p>'
        body = "".join(
            f"<p>{_marked(text, span.start, span.end, marks, turn)}</p>" for span in document.body
        )
        sections.append(f'<article class="aqa-doc">{head}{body}</article>')
    return f'<div class="aqa-article">{"".join(sections)}</div>'


def example_questions(engine, limit: int = MAX_EXAMPLES) -> list[str]:
    """Questions about the people the article quotes that the engine answers from it.

    For each person reported as speaking ("Maloof cautioned", "Vltchek told RT"), in the
    order they first speak, "What did <surname> say?" or "Who is <full name>?" (alternating,
    so the examples show both kinds); a candidate is kept only if ``engine.ask`` finds an
    answer, so an example never leads to "not in the article". Nothing is hard-coded: another
    article gets its own examples, or none.
    """
    people: dict[str, str] = {}  # surname -> the longest form of the name
    for speaker in (facts.speaker for facts in engine.index.facts):
        if speaker:
            surname = speaker.split()[-1]
            if len(speaker) > len(people.get(surname, "")):
                people[surname] = speaker
    examples = []
    for i, (surname, full) in enumerate(people.items()):
        forms = [f"What did {surname} say?", f"Who is {full}?"]
        for question in forms[::-1] if i % 2 else forms:
            if engine.ask(question).found:
                examples.append(question)
                break
        if len(examples) == limit:
            break
    return examples


def _linked_markers(answer: Answer, turn: int) -> str:
    """``answer.text`` escaped, with every ``[n]`` of one of its citations made a link.

    A marker may follow its quote or a short answer drawn from it ("Political analyst [1].").
    """
    quotes = {c.n: c.quote for c in answer.citations}
    out = []
    for i, part in enumerate(_MARKER.split(answer.text)):
        if i % 2 == 0:
            out.append(escape(part))
        elif int(part) in quotes:
            target = cite_id(turn, int(part))
            out.append(
                f'<a class="aqa-marker" href="#{target}" title="{escape(quotes[int(part)])}">'
                f"[{part}]</a>"
            )
        else:
            out.append(f"[{part}]")
    return "".join(out)


def _marked(text: str, start: int, end: int, marks: Sequence[_Mark], turn: int) -> str:
    """``text[start:end]`` escaped, with the parts covered by ``marks`` in ``<mark>``."""
    out, pos = [], start
    for mark in sorted(marks, key=lambda m: m.start):
        lo, hi = max(mark.start, pos), min(mark.end, end)
        if lo >= hi:
            continue
        out.append(escape(text[pos:lo]))
        # Only the first piece of a citation carries the id the marker links to.
        ident = f' id="{cite_id(turn, mark.n)}"' if lo == mark.start else ""
        out.append(
            f'<mark class="aqa-cite"{ident}>{escape(text[lo:hi])}'
            f'<sup class="aqa-cite-n">[{mark.n}]</sup></mark>'
        )
        pos = hi
    out.append(escape(text[pos:end]))
    return "".join(out)


def _where(citation: Citation, names: Mapping[str, str] | None = None) -> str:
    if names and citation.doc_id in names:
        name = names[citation.doc_id]
    else:
        name = os.path.basename(citation.source) if citation.source else citation.doc_id
    return f"{name}, characters {citation.start}-{citation.end}"


def _flat(text: str) -> str:
    """A quote on one line: a sentence of a hard-wrapped article keeps its line breaks."""
    return " ".join(text.split())


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines() or [""])
