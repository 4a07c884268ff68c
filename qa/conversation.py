"""The conversation state: who and what earlier turns were about, and resolving a new turn
that leans on them ("he", "it", "why?", "and Maloof?")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.nlp import parse
from qa import lexicon
from qa.entities import EntityTable

_WHAT_ABOUT = re.compile(r"^\W*(?:and\s+|but\s+)?(?:what|how)\s+about\s+(.+?)\W*$", re.IGNORECASE)
# "And Maloof?": a short topic alone, no clause of its own.
_AND_X = re.compile(
    r"^\W*and\s+(?!(?:what|who|whom|when|where|why|how|which|is|are|was|were|do|does|did|can"
    r"|could|will|would|has|have|had|according|if|then)\b)((?:[^\s,;:?]+\s*){1,4}?)\W*$",
    re.IGNORECASE,
)
_ABOUT_TAIL = re.compile(r"\babout\s+.+?(\W*)$", re.IGNORECASE)
_BARE_WH = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(why|when|where|how|who|what)\b\W*$", re.IGNORECASE
)
_WH_LEAD = re.compile(r"^\W*(?:what|who|when|where|which|why|how)\s+(.*)$", re.IGNORECASE)
_WORD = re.compile(r"\b\w+\b")


@dataclass(frozen=True, slots=True)
class Turn:
    """An earlier turn: the question as asked and as resolved, the people it was about
    (the question's own first, then the speaker and people of the answer) and the sentence
    ids the answer cited."""

    question: str
    query: str
    people: tuple[str, ...]
    cited: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A turn made standalone: ``query`` is searched (and shown as ``Answer.query``);
    ``intent_text`` is what is parsed for the kind of answer; ``context`` holds the sentence
    ids a reference like "it" or "that" points back at; ``shown`` the sentence ids the
    conversation already gave, which "tell me more" or "what else" must not repeat."""

    query: str
    intent_text: str
    context: tuple[int, ...] = ()
    shown: tuple[int, ...] = ()


def resolve(question: str, turns: list[Turn], table: EntityTable,
            opening: Turn | None = None) -> Resolved:
    """``question`` made standalone using the earlier ``turns`` (oldest first).

    - "And what about X?" / "And X?" asks the previous question again about X.
    - A bare "Why?" asks the previous question with that question word.
    - "Tell me more" / "anything else?" asks the previous question again; with "what
      else ...", the sentences already cited are marked ``shown``.
    - he/she/his/her is the most recent person of the conversation, unless the question
      names a person of its own.
    - it/that/this/there/they in a question that names nothing of its own points at the
      previous answer: its sentences become context and its question joins the search.
      With no earlier turn, it points at ``opening``, what the article is about, when the
      question holds no noun at all ("where did this happen?").
    Misspelt or lowercase names are written as the article writes them.
    """
    question = question.strip()
    if not turns:
        canonical = _canonical(question, table)
        if opening is not None and _only_refers(canonical):
            # "when did it happen?" first of all: "it" is what the article is about.
            return Resolved(f"{canonical} ({opening.query})", canonical, opening.cited)
        return Resolved(canonical, canonical)
    previous = turns[-1]
    if lexicon.MORE.match(question):
        # The previous question again, for what its answers have not shown yet.
        chain = [t for t in turns if t.query == previous.query]
        return Resolved(previous.query, previous.query, (), _cited(chain))
    about = _WHAT_ABOUT.match(question) or _AND_X.match(question)
    if about:
        query = _canonical(_ask_about(previous.query, about.group(1), table), table)
        return Resolved(query, query)
    bare = _BARE_WH.match(question)
    if bare:
        lead = _WH_LEAD.match(previous.query)
        rest = lead.group(1) if lead else previous.query
        query = f"{bare.group(1).capitalize()} {rest}"
        return Resolved(query, query, previous.cited)
    question = _canonical(question, table)
    mentions = table.link(question)
    words = {w.lower() for w in _WORD.findall(question)}
    # "What else did he say?": nothing the conversation has already shown.
    shown = _cited(turns) if "else" in words else ()
    own_person = any(m.entity.label == "PERSON" for m in mentions)
    person = next((p for turn in reversed(turns) for p in turn.people), None)
    if person and not own_person and words & lexicon.PERSON_PRONOUNS:
        query = re.sub(
            r"\b(he|she|him|her|his|hers)\b",
            lambda m: f"{person}’s" if m.group(1).lower() in lexicon.POSSESSIVE_PRONOUNS
            else person,
            question,
            flags=re.IGNORECASE,
        )
        return Resolved(query, query, (), shown)
    if not mentions and words & lexicon.THING_REFERENCES:
        return Resolved(f"{question.rstrip()} ({previous.query})", question, previous.cited,
                        shown)
    return Resolved(question, question, (), shown)


def _cited(turns: list[Turn]) -> tuple[int, ...]:
    """The sentence ids the answers of ``turns`` cited, once each, in order."""
    return tuple(dict.fromkeys(i for t in turns for i in t.cited))


def _only_refers(question: str) -> bool:
    """Whether ``question`` refers to something ("it", "this") and names nothing itself."""
    words = {w.lower() for w in _WORD.findall(question)}
    if not words & lexicon.THING_REFERENCES:
        return False
    return not any(t.pos in ("NOUN", "PROPN", "NUM") for t in parse(question))


def _canonical(text: str, table: EntityTable) -> str:
    """``text`` with each misspelt name written as the article writes it ("pompeio" ->
    "Pompeo", "vltcheck's" -> "Vltchek's"), and each name typed in lowercase capitalised as
    the article writes it ("becker" -> "Becker": the parser then reads it as a name)."""
    for mention in reversed(table.link(text)):
        entity = mention.entity
        if mention.text.lower() not in entity.aliases:
            single = len(mention.text.split()) == 1 and entity.label == "PERSON"
            name = entity.name.split()[-1] if single else entity.name
        elif mention.text.islower():
            at = entity.name.lower().find(mention.text)
            # Another name of the entity ("tila tequila" of Tila Nguyen): each word capitalised.
            name = (entity.name[at : at + len(mention.text)] if at >= 0 else
                    " ".join(word[:1].upper() + word[1:] for word in mention.text.split()))
        else:
            continue
        text = text[: mention.start] + name + text[mention.end :]
    return text


def _ask_about(previous: str, topic: str, table: EntityTable) -> str:
    """The previous question with its topic swapped for ``topic``."""
    if _ABOUT_TAIL.search(previous):
        return _ABOUT_TAIL.sub(lambda m: f"about {topic}{m.group(1)}", previous)
    before = table.link(previous)
    if before and table.link(topic):
        last = before[-1]
        return previous[: last.start] + topic + previous[last.end :]
    return f"{previous.rstrip('?. ')} about {topic}?"
