"""Who said what: attribute each sentence to the person it reports, if any."""

from __future__ import annotations

import re
from typing import Sequence

from index.types import Sentence

_VERB = (
    r"(?:said|says|told|tells|cautioned|warned|believes|believed|argued|argues|added|adds"
    r"|claimed|claims|noted|notes|explained|insisted|stated|wrote|writes|stressed|suggested"
    r"|thinks|predicted|asked|concluded)"
)
_NAME = r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)*"
# "Maloof said" or the inverted "said Maloof" (not "told RT": that names the listener).
_NAMED = re.compile(
    rf"({_NAME})\s+(?:has\s+|had\s+)?{_VERB}\b|\b(?:said|says|added|wrote|asked),?\s+({_NAME})"
)
_PRONOUN = re.compile(rf"\b(?:he|she|they)\s+(?:has\s+|had\s+)?{_VERB}\b", re.IGNORECASE)
_OPENS_QUOTE = re.compile(r"^[“\"‘]")


def attribute(sentences: Sequence[Sentence]) -> list[str | None]:
    """The speaker of each sentence, in order (None where none is reported).

    "X said" names X; "he said" and a quotation that opens a sentence without naming anyone
    continue the last named speaker of the same document.
    """
    proper = _proper_words(sentences)
    speakers: list[str | None] = []
    last: dict[str, str | None] = {}
    for sentence in sentences:
        named = [
            name.rstrip(".")
            for pair in _NAMED.findall(sentence.text)
            for name in pair
            if name and name.split()[-1].rstrip(".") in proper
        ]
        if named:
            speaker = named[-1]
        elif _PRONOUN.search(sentence.text) or _OPENS_QUOTE.match(sentence.text):
            speaker = last.get(sentence.doc_id)
        else:
            speaker = None
        if named:
            last[sentence.doc_id] = speaker
        speakers.append(speaker)
    return speakers


def _proper_words(sentences: Sequence[Sentence]) -> set[str]:
    """Words written capitalised in mid-sentence somewhere: names, not sentence openers."""
    return {
        match.group(1).rstrip(".")
        for sentence in sentences
        for match in re.finditer(r"(?<=[\w,;:–—”’\")-] )([A-Z][\w’'.-]+)", sentence.text)
    }
