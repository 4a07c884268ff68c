"""The same gold question as people type it in a chat, to measure what chat phrasing costs."""

from __future__ import annotations

import re

# Systems named after the form: the product asked the rewritten question.
CHAT_FORMS = ("chat-lowercase", "chat-request", "chat-typo")
_NAME = re.compile(r"\b[A-Z][a-z]{4,}\b")


def rewrite(form: str, question: str) -> str:
    """``question`` in one chat form: all lowercase without its question mark; wrapped in
    "can you tell me"; or with two neighbouring letters of its longest name swapped
    ("Pompeo" -> "Pmopeo": the middle pair), the first word aside."""
    if form == "chat-lowercase":
        return question.lower().rstrip(" ?")
    if form == "chat-request":
        return f"can you tell me {question[:1].lower()}{question[1:]}"
    if form == "chat-typo":
        names = [m for m in _NAME.finditer(question) if m.start() > 0]
        if not names:
            return question
        name = max(names, key=lambda m: len(m.group()))
        word, i = name.group(), len(name.group()) // 2 - 1
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return question[: name.start()] + swapped + question[name.end() :]
    raise ValueError(f"unknown chat form {form!r}; choose from {', '.join(CHAT_FORMS)}")
