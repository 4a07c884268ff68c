"""Follow-up questions: rewrite a question that leans on earlier turns into a standalone one."""

from __future__ import annotations

import re

from qa.names import names

_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers|they|them|their)\b", re.IGNORECASE)
_POSSESSIVE = {"his", "her", "hers", "their"}
_WHAT_ABOUT = re.compile(r"^\W*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\W*$", re.IGNORECASE)
_ABOUT_TAIL = re.compile(r"\babout\s+.+?(\W*)$", re.IGNORECASE)
_BARE_WH = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(why|when|where|how|who|what)\b\W*$", re.IGNORECASE
)
_WH_LEAD = re.compile(r"^\W*(?:what|who|when|where|which|why|how)\s+(.*)$", re.IGNORECASE)


def resolve(question: str, history: list[str] | None) -> str:
    """Return ``question`` made standalone using ``history`` (earlier user turns, oldest first).

    - "And what about X?" asks the previous question again about X.
    - A bare "Why?" / "When?" asks the previous question with that question word.
    - A pronoun is replaced by the most recent name the user mentioned.

    A question that needs no context comes back unchanged.
    """
    question = question.strip()
    turns = [turn.strip() for turn in history or [] if turn and turn.strip()]
    if not turns:
        return question
    previous = resolve(turns[-1], turns[:-1])
    about = _WHAT_ABOUT.match(question)
    if about:
        return _ask_about(previous, about.group(1))
    bare = _BARE_WH.match(question)
    if bare:
        lead = _WH_LEAD.match(previous)
        rest = lead.group(1) if lead else previous
        return f"{bare.group(1).capitalize()} {rest}"
    name = _last_name(turns)
    if name and _PRONOUN.search(question):
        return _PRONOUN.sub(lambda m: _replace(m.group(1), name), question)
    return question


def _ask_about(previous: str, topic: str) -> str:
    """The previous question with its topic swapped for ``topic``."""
    if _ABOUT_TAIL.search(previous):
        return _ABOUT_TAIL.sub(lambda m: f"about {topic}{m.group(1)}", previous)
    previous_names = names(previous)
    if previous_names and names(topic):
        return previous.replace(previous_names[-1], topic)
    return f"{previous.rstrip('?. ')} about {topic}?"


def _replace(pronoun: str, name: str) -> str:
    return f"{name}’s" if pronoun.lower() in _POSSESSIVE else name


def _last_name(history: list[str]) -> str | None:
    """The first name in the most recent earlier turn that has one."""
    for turn in reversed(history):
        found = names(turn)
        if found:
            return found[0]
    return None
