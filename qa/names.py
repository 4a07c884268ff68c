"""Find the names (capitalised word runs) a text mentions, and a name written as words."""

from __future__ import annotations

import re

_POSSESSIVE = r"(?:['’]s)?"
_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
# Sentence-initial words are capitalised without being names.
_LEADING_WORD = re.compile(
    r"^(?:what|who|whom|whose|which|when|where|why|how|is|are|was|were|did|does|do|can|could"
    r"|would|should|will|has|have|had|and|according|tell|so|but|in|on|at|the|a|an)$",
    re.IGNORECASE,
)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the names in ``text``, without leading question or function words."""
    spans = []
    for match in _NAME.finditer(text):
        start, end = match.start(), match.end()
        while text[end - 1] == ".":
            end -= 1
        words = list(re.finditer(r"\S+", text[start:end]))
        while words and _LEADING_WORD.match(words[0].group()):
            words.pop(0)
        if words:
            spans.append((start + words[0].start(), end))
    return spans


def names(text: str) -> list[str]:
    """Names in ``text`` in order, without leading question or function words."""
    return [text[start:end] for start, end in name_spans(text)]


def as_words(name: str, possessive: bool = False) -> str:
    """A pattern for ``name`` written as whole words ("Ali", not the "Ali" of "Alison"),
    with its possessive "'s" if ``possessive``."""
    ending = _POSSESSIVE if possessive else ""
    return rf"(?<!\w){re.escape(name)}{ending}(?!\w)"
