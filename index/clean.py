"""Find an article's body, title and date inside raw page text by selecting spans."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from index.types import Document, Span

# A prose paragraph ends like a sentence, possibly inside closing quotes or brackets, and
# possibly followed by footnote marks ("[citation needed]", "[n 1]", ":12-11:359").
_SENTENCE_END = re.compile(
    r"[.!?…:;][\"'”’)\]]*(?:\s*\[[^\]\n]{1,30}\])*(?::[\d–-]+(?::[\d–-]+)?)?$"
)
_AFTER_COMMA = re.compile(r",[\"'”’]*$")
# Initials ("U.S.", "F.W.", "a.m."): where a paragraph break is usually not a sentence's end.
_INITIALS = re.compile(r"(?<!\S)(?:(?:[A-Z]\.)+|(?:[a-z]\.){2,})$")
# A capitalised function word opens a sentence: after "6 a.m." or "the U.S.", "His lawyers
# ..." is a new one (where "Ambassador Ryan Crocker said ..." may go on from "U.S.").
_OPENS_SENTENCE = re.compile(
    r"(?:The|A|An|This|That|These|Those|He|She|It|They|We|I|His|Her|Its|Their|Our|My|There"
    r"|But|And|Or|So|Yet|In|On|At|After|Before|When|While|If|As|Since|Although|Meanwhile)\b"
)
# A title written before a name, or a name's middle initial, where a sentence does not end
# although a full stop does ("... last saw Dr." | "David Scheiner ...", "George W." | "Bush").
_BEFORE_A_NAME = re.compile(
    r"(?<!\S)(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Cpl|Pvt|Pfc"
    r"|Spc|Rev|Fr|Det|Insp|Supt|St)\.|[A-Z][a-z]+\s[A-Z]\.)$"
)
_DATE = re.compile(
    r"^(?:(?:published|updated|posted)[:\s]+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}"  # 5 Jan, 2020
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"  # January 5, 2020
    r"|\d{4}-\d{2}-\d{2})"  # 2020-01-05
    r"(?:[,\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?(?:\s+[A-Z]{2,5})?$",
    re.IGNORECASE,
)
# Cross-links and prompts are recognised by their shape, not by any one site's wording.
_URL_TOKEN = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CROSS_LINK = re.compile(
    r"^(?:also on|read more|see also|related|more on|watch|click here)\b", re.IGNORECASE
)
# A cross-link glued to prose, as news pages print them between or after paragraphs
# ("... help Obama lead. Watch Obama pay tribute to McCain »"): its wording up to a link
# mark (», or a quote mark standing for one) followed by the next sentence or the end.
_GLUED_LINK = re.compile(
    r"(?:^|(?<=[.!?\"”’]\s))(?:also on|read more|see also|more on|watch|click here)\b"
    r"[^.!?\n]{0,100}?(?:Â?[»”])(?=\s+[A-Z“\"‘]|\s*$)",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|org|net|ru|io|co\.uk|info|news)\b", re.IGNORECASE)
_PROMPT = re.compile(
    r"\b(?:share (?:it|this)|subscribe|sign up|follow us|newsletter"
    r"|like this (?:story|article)|join (?:us|our)|e-?mail (?:this|to a friend))\b",
    re.IGNORECASE,
)
# A sharing prompt printed at the end of a paragraph ("... in 1978. E-mail to a friend").
_GLUED_PROMPT = re.compile(r"(?<=[.!?\"”’])\s+(?:e-?mail (?:this|to a friend)|share this)\s*$",
                           re.IGNORECASE)
# Markdown's block markers: a heading's hashes, a list item's bullet or number, a quote's ">".
_MARKER = re.compile(
    r"^[ \t]*(?:(?P<heading>#{1,6})(?:[ \t]+|$)|(?P<item>[-*+•]|\d{1,3}[.)])[ \t]+"
    r"|(?P<quote>>(?:[ \t]*>)*)[ \t]*)"
)
_MARKER_KINDS = (("#", "heading"), ("-", "item"), (">", "quote"))
_MENU_SEPARATOR = re.compile(r"\s[|•·»/]\s")
_MIN_PARAGRAPH_WORDS = 4
_MAX_TITLE_WORDS = 30
_MAX_PROMPT_WORDS = 12


def clean(text: str, doc_id: str | None = None, source: str | None = None) -> Document:
    """Split raw article text into body paragraphs, title and date without changing it.

    Paragraphs are rebuilt across hard line breaks (text wrapped at a fixed width) and
    across breaks inside a sentence (after a comma, a title or initials); cross-links and
    sharing prompts glued to prose ("... lead. Watch the speech »") are cut out of it; Markdown
    heading, list and block-quote markers are left outside the selected spans.

    Args:
        text: The article as read from disk, junk included.
        doc_id: A stable id; defaults to the first 12 hex digits of the text's sha256.
        source: Where the text came from (a path), kept for citations.

    Returns:
        A :class:`Document` whose ``body`` spans select the prose paragraphs.

    Example:
        >>> [span.of(raw) for span in clean(raw := "It rained on\nTuesday, they said.").body]
        ['It rained on\nTuesday, they said.']
    """
    blocks = _joined_where_sentences_go_on(
        text, [piece for block in _blocks(text) for piece in _without_glued_links(text, block)])
    keys = [" ".join(span.of(text).lower().split()) for span in blocks]
    counts = Counter(keys)
    seen: set[str] = set()
    body: list[Span] = []
    headlines: list[Span] = []
    date_span = None
    for span, key in zip(blocks, keys):
        line = span.of(text)
        repeated = key in seen
        seen.add(key)
        if date_span is None and _DATE.match(line):
            date_span = span
        elif repeated or _is_link(line) or _is_prompt(line):
            continue
        elif _is_prose(line):
            body.append(span)
        elif not body and _is_headline(line):
            headlines.append(span)
    # Pages usually print their headline twice (page title and article heading).
    title_span = next(
        (span for span in headlines if counts[" ".join(span.of(text).lower().split())] > 1),
        headlines[0] if headlines else None,
    )
    return Document(
        doc_id=doc_id or hashlib.sha256(text.encode()).hexdigest()[:12],
        text=text,
        title=title_span.of(text) if title_span else None,
        date=date_span.of(text) if date_span else None,
        body=tuple(body),
        title_span=title_span,
        date_span=date_span,
        source=source,
    )


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank physical line: its text after any Markdown marker, and its shape."""

    span: Span
    width: int  # columns from the start of the physical line, indentation and marker included
    marker: str  # "#" heading, "-" list item, ">" block quote, "" plain
    lead: int  # length of the line's first word, marker included
    after_blank: bool  # a blank line (or the start of the text) comes before it


def _lines(text: str) -> list[_Line]:
    """Every non-blank line (any of \\n, \\r\\n, \\r ends one), trimmed, marker split off."""
    lines: list[_Line] = []
    previous_end = 0
    for match in re.finditer(r"[^\r\n]+", text):
        raw = match.group()
        if not raw.strip():
            continue
        marker = _MARKER.match(raw)
        kind = ""
        offset = 0
        if marker:
            kind = next(name for name, group in _MARKER_KINDS if marker.group(group))
            offset = marker.end()
        content = raw[offset:]
        stripped = content.strip()
        if not stripped:  # a bare marker ("#", ">", "-") holds no text
            continue
        start = match.start() + offset + content.index(stripped)
        gap = text[previous_end : match.start()]
        lines.append(
            _Line(
                Span(start, start + len(stripped)),
                len(raw.rstrip()),
                kind,
                len(raw.split(maxsplit=1)[0]),
                after_blank=not lines or _line_breaks(gap) > 1,
            )
        )
        previous_end = match.end()
    return lines


def _blocks(text: str) -> list[Span]:
    """Paragraph spans: lines joined where text wrapped at a fixed width broke a paragraph.

    A text counts as wrapped when at least a third of its lines of prose length run on into
    the next line without ending a sentence. In a wrapped text a line continues onto the next
    when the next line's first word would not have fitted after it (the line is "full"), or
    when it ends mid-sentence and the next line starts in lower case. Nothing joins across a
    blank line, a heading, or the start of a list item or block quote.
    """
    lines = _lines(text)
    if not lines:
        return []
    width = _wrap_width(lines)
    if not _looks_wrapped(text, lines, width):
        return [line.span for line in lines]
    blocks: list[Span] = []
    start = lines[0].span.start
    for line, following in zip(lines, lines[1:] + [None]):
        if following is None or not _continues(text, line, following, width):
            blocks.append(Span(start, line.span.end))
            if following is not None:
                start = following.span.start
    return blocks


def _continues(text: str, line: _Line, following: _Line, width: int) -> bool:
    if following.after_blank or "#" in (line.marker, following.marker):
        return False
    if (line.marker == ">") != (following.marker == ">"):
        return False
    full = line.width + 1 + following.lead > width
    if following.marker == "-":  # a list item, or a number that wrapping put first on a line
        return full and not _SENTENCE_END.search(line.span.of(text))
    ends_sentence = bool(_SENTENCE_END.search(line.span.of(text)))
    return full or (not ends_sentence and following.span.of(text)[0].islower())


def _looks_wrapped(text: str, lines: list[_Line], width: int) -> bool:
    """At least a third of the prose-length lines fill the width and run on mid-sentence."""
    prose_length = [line for line in lines if len(line.span.of(text).split()) >= _MIN_PARAGRAPH_WORDS]
    runs_on = sum(
        1
        for line, following in zip(lines, lines[1:])
        if not following.after_blank
        and len(line.span.of(text).split()) >= _MIN_PARAGRAPH_WORDS
        and line.width + 1 + following.lead > width
        and not _SENTENCE_END.search(line.span.of(text))
    )
    return runs_on >= 2 and runs_on * 3 >= len(prose_length)


def _wrap_width(lines: list[_Line]) -> int:
    # The 95th percentile of line widths, not the maximum, so that a few long lines the
    # wrapping left alone (a URL, a table row) do not hide the width the rest was wrapped at.
    widths = sorted(line.width for line in lines)
    return widths[min(len(widths) - 1, int(0.95 * len(widths)))]


def _line_breaks(gap: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", gap))


def _is_link(line: str) -> bool:
    """A "Read more"-style cross-link, or a line naming a site or URL that is not prose.

    Prose that mentions a URL ("The report is at https://...") stays; a line that is mostly
    a URL does not.
    """
    if _CROSS_LINK.match(line):
        return True
    urls = _URL_TOKEN.findall(line)
    if urls and sum(map(len, urls)) * 2 > len(line):
        return True
    return bool((urls or _DOMAIN.search(line)) and not _is_prose(line))


def _is_prompt(line: str) -> bool:
    """A short call to share, subscribe or follow."""
    return len(line.split()) <= _MAX_PROMPT_WORDS and bool(_PROMPT.search(line))


def _is_prose(line: str) -> bool:
    return len(line.split()) >= _MIN_PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))


def ends_before_a_name(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with a title or a middle initial (its last few words)."""
    return _BEFORE_A_NAME.search(text[max(0, end - 24) : end]) is not None


def _joined_where_sentences_go_on(text: str, blocks: list[Span]) -> list[Span]:
    """``blocks`` with each one that stops mid-sentence (:func:`_goes_on`: "... we will
    ultimately use,”" | "Holder told reporters.", "On Tuesday, Rep." | "Ileana Ros-Lehtinen
    ...", "a U.S." | "Marine Corps band") joined to the next, where the joined text is prose.
    Sentences are split inside the joined paragraph as anywhere else."""
    groups: list[list[Span]] = []
    for block in blocks:
        last = groups[-1][-1] if groups else None
        if last is not None and _goes_on(text, last, block):
            groups[-1].append(block)
        else:
            groups.append([block])
    joined: list[Span] = []
    for group in groups:
        whole = Span(group[0].start, group[-1].end)
        if len(group) > 1 and _is_prose(whole.of(text)) and not _is_link(whole.of(text)):
            joined.append(whole)
        else:
            joined.extend(group)
    return joined


def _goes_on(text: str, block: Span, following: Span) -> bool:
    """Whether ``block``'s last sentence goes on in ``following`` (only blank space between):
    it stops at a comma, a title, or initials that ``following`` does not open a sentence
    after, or ``following`` starts in lower case where ``block`` ends no sentence."""
    if text[block.end : following.start].strip():
        return False
    line = block.of(text)
    after_initials = _INITIALS.search(line) and not _OPENS_SENTENCE.match(following.of(text))
    return bool(
        _AFTER_COMMA.search(line) or after_initials or ends_before_a_name(text, block.end)
        or (following.of(text)[0].islower() and not _SENTENCE_END.search(line))
    )


def _without_glued_links(text: str, block: Span) -> list[Span]:
    """``block`` with the cross-links and sharing prompts glued into it cut out: the pieces
    of text around them, trimmed (the whole block when it holds none)."""
    line = block.of(text)
    cuts = [m.span() for m in _GLUED_LINK.finditer(line)]
    cuts += [m.span() for m in _GLUED_PROMPT.finditer(line)]
    if not cuts:
        return [block]
    pieces, start = [], 0
    for begin, end in sorted(cuts) + [(len(line), len(line))]:
        piece = line[start:begin]
        if piece.strip():
            offset = block.start + start + len(piece) - len(piece.lstrip())
            pieces.append(Span(offset, offset + len(piece.strip())))
        start = max(start, end)
    return pieces


def _is_headline(line: str) -> bool:
    words = line.split()
    # Navigation bars are long runs of words, or short ones split by separators.
    return (
        2 <= len(words) <= _MAX_TITLE_WORDS
        and not _SENTENCE_END.search(line)
        and len(_MENU_SEPARATOR.findall(line)) < 2
    )
