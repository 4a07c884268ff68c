"""What a question asks of the things it names: the question with their names taken out."""

from __future__ import annotations

import re
from typing import Iterable

from index.sparse import terms
from qa.entities import ArticleEntity
from qa.names import as_words

# Whom a later sentence calls "he", "they" or "the company": these names are taken out.
# Places stay ("in Iraq" is mostly a circumstance of what is asked): taking them out too
# ranked fewer first sentences right on SQuAD 0-9 (0.707 against 0.712) and NewsQA stories
# 0-188 (0.594 against 0.598) at relation_weight 0.6 (docs/evaluation.md, fifth pass).
_REFERRED_LABELS = frozenset({"PERSON", "ORG", "NORP"})


def without_names(text: str, names: Iterable[str]) -> str:
    """``text`` with every occurrence of ``names`` (and their possessive) removed, in any
    case, longest first, and the spaces left closed up."""
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = re.sub(as_words(name, possessive=True), " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def relation_query(query: str, entities: Iterable[ArticleEntity]) -> str | None:
    """``query`` without the people, organisations and groups among ``entities`` (the
    article entities the question names): "What was Abu-Jamal convicted of?" -> "What was
    convicted of?"; or None when it names none or nothing else is left.

    A sentence that holds the answer often refers to the question's subject as "he" or "the
    company" ("He was convicted for the 1981 murder of ..."), while sentences that merely
    repeat the name score high on the whole question's embedding; the embedding of what is
    asked of the names does not favour them.

    Example:
        >>> relation_query("Who did Polanski marry?", [polanski])  # the linked entity
        'Who did marry?'
    """
    names = [alias for entity in entities if entity.label in _REFERRED_LABELS
             for alias in entity.aliases]
    stripped = without_names(query, names)
    if stripped == " ".join(query.split()) or not terms(stripped):
        return None
    return stripped
