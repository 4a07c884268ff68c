"""Find an article's body, title and date inside raw page text by selecting spans."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from index.types import Document, Span

# A prose paragraph ends like a sentence, possibly inside closing quotes or brackets, and
# possibly followed by footnote marks ("[citation needed]", "[n 1]", ":12-11:359").
_SENTENCE_END = re.compile(
    r"[.!?…:;][\"'”’)\]]*(?:\s*\[[^\]\n]{1,30}\])*(?::[\d–-]+(?::[\d–-]+)?)?$"
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
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_CROSS_LINK = re.compile(
    r"^(?:also on|read more|see also|related|more on|watch|click here)\b", re.IGNORECASE
)
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|org|net|ru|io|co\.uk|info|news)\b", re.IGNORECASE)
_PROMPT = re.compile(
    r"\b(?:share (?:it|this)|subscribe|sign up|follow us|newsletter"
    r"|like this (?:story|article)|join (?:us|our))\b",
    re.IGNORECASE,
)
_MENU_SEPARATOR = re.compile(r"\s[|•·»/]\s")
_MIN_PARAGRAPH_WORDS = 4
_MAX_TITLE_WORDS = 30
_MAX_PROMPT_WORDS = 12


def clean(text: str, doc_id: str | None = None, source: str | None = None) -> Document:
    """Split raw article text into body paragraphs, title and date without changing it.

    Args:
        text: The article as read from disk, junk included.
        doc_id: A stable id; defaults to the first 12 hex digits of the text's sha256.
        source: Where the text came from (a path), kept for citations.

    Returns:
        A :class:`Document` whose ``body`` spans select the prose paragraphs.
    """
    lines = list(_lines(text))
    keys = [" ".join(span.of(text).lower().split()) for span in lines]
    counts = Counter(keys)
    seen: set[str] = set()
    body: list[Span] = []
    headlines: list[Span] = []
    date_span = None
    for span, key in zip(lines, keys):
        line = span.of(text).strip()
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


def _lines(text: str):
    """Yield the span of every non-blank line, trimmed of surrounding whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + raw.index(stripped)
            yield Span(start, start + len(stripped))


def _is_link(line: str) -> bool:
    """A URL, a "Read more"-style cross-link, or a headline naming a site."""
    return bool(
        _URL.search(line)
        or _CROSS_LINK.match(line)
        or (_DOMAIN.search(line) and not _is_prose(line))
    )


def _is_prompt(line: str) -> bool:
    """A short call to share, subscribe or follow."""
    return len(line.split()) <= _MAX_PROMPT_WORDS and bool(_PROMPT.search(line))


def _is_prose(line: str) -> bool:
    return len(line.split()) >= _MIN_PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))


def _is_headline(line: str) -> bool:
    words = line.split()
    # Navigation bars are long runs of words, or short ones split by separators.
    return (
        2 <= len(words) <= _MAX_TITLE_WORDS
        and not _SENTENCE_END.search(line)
        and len(_MENU_SEPARATOR.findall(line)) < 2
    )
