"""Find the names (capitalised word runs) a question mentions."""

from __future__ import annotations

import re

_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
# Sentence-initial words are capitalised without being names.
_LEADING_WORD = re.compile(
    r"^(?:what|who|whom|whose|which|when|where|why|how|is|are|was|were|did|does|do|can|could"
    r"|would|should|will|has|have|had|and|according|tell|so|but|in|on|at|the|a|an)$",
    re.IGNORECASE,
)


def names(text: str) -> list[str]:
    """Names in ``text`` in order, without leading question or function words."""
    found = []
    for match in _NAME.finditer(text):
        words = match.group().rstrip(".").split()
        while words and _LEADING_WORD.match(words[0]):
            words.pop(0)
        if words:
            found.append(" ".join(words))
    return found
