"""Follow-up questions: rewrite a question that leans on earlier turns into a standalone one."""

from __future__ import annotations

import re

from qa.names import names

_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers|they|them|their)\b", re.IGNORECASE)
_POSSESSIVE = {"his", "her", "hers", "their"}
_ELLIPTICAL_MAX_WORDS = 3


def resolve(question: str, history: list[str] | None) -> str:
    """Return ``question`` made standalone using ``history`` (earlier user turns, oldest first).

    A pronoun is replaced by the most recent name the user mentioned; a bare elliptical
    question ("why?", "and when?") is joined to the previous question. A question that needs
    no context comes back unchanged.
    """
    question = question.strip()
    if not history:
        return question
    name = _last_name(history)
    if name and _PRONOUN.search(question):
        return _PRONOUN.sub(lambda m: _replace(m.group(1), name), question)
    if len(question.split()) <= _ELLIPTICAL_MAX_WORDS:
        return f"{question} {history[-1].strip()}"
    return question


def _replace(pronoun: str, name: str) -> str:
    return f"{name}’s" if pronoun.lower() in _POSSESSIVE else name


def _last_name(history: list[str]) -> str | None:
    """The first name in the most recent earlier turn that has one."""
    for turn in reversed(history):
        found = names(turn)
        if found:
            return found[0]
    return None
