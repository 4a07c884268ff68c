"""Article sentences parsed at ask time, once per process, and what their grammar says."""

from __future__ import annotations

from typing import Sequence

from index.nlp import Token, parse_many
from qa import lexicon

# A verb's argument and where it stands in the other voice: the subject of the active
# ("X signed") is the agent of the passive ("signed by X"); its object ("signed X") the
# passive's subject ("X was signed").
_OTHER_VOICE = {"nsubj": "agent", "dobj": "nsubjpass", "nsubjpass": "dobj"}

# Article sentences whose parse is kept: "who is" answers parse the same few sentences of
# each person again and again (a parse is a few ms; a kept one, ~20 tokens, a few kB).
SENTENCE_PARSES_KEPT = 4096
_kept: dict[str, tuple[Token, ...]] = {}


def parsed(sentence: str) -> tuple[Token, ...]:
    """The parse of an article sentence, computed once per process."""
    return parsed_all([sentence])[0]


def parsed_all(sentences: Sequence[str]) -> list[tuple[Token, ...]]:
    """The parses of article sentences, those not kept yet computed in one batch."""
    missing = [s for s in dict.fromkeys(sentences) if s not in _kept]
    for sentence, tokens in zip(missing, parse_many(missing) if missing else ()):
        if len(_kept) >= SENTENCE_PARSES_KEPT:
            del _kept[next(iter(_kept))]  # the oldest
        _kept[sentence] = tokens
    return [_kept[s] for s in sentences]


def spoken(sentence: str) -> bool:
    """Whether ``sentence`` gives someone's words: a verb of speech with a subject of its
    own ("..., Maloof cautioned", "Davies told RT"), not a belief ("Vltchek believes") or a
    deed reported with a participle ("Pompeo defended it, insisting that ...")."""
    tokens = parsed(sentence)
    return any(
        token.pos == "VERB" and token.lemma in lexicon.SPEECH_VERBS
        and any(t.head == i and t.dep == "nsubj" for t in tokens)
        for i, token in enumerate(tokens)
    )


def argument_spans(arguments: tuple[tuple[str, str, int, int], ...], lemma: str,
                   place: str) -> list[tuple[int, int]]:
    """Character spans of what stands in ``place`` of each verb ``lemma`` of a sentence,
    from its stored arguments (:attr:`index.nlp.SentenceFacts.arguments`): "nsubj",
    "dobj" or "nsubjpass", in either voice ("killed *by X*" for the subject of "kill"), or
    the object of a preposition ("convicted *of murder*" for "of"; for "where", of a
    preposition that places: "work *in care homes*")."""
    wanted = {place, _OTHER_VOICE.get(place)} if place != "where" else lexicon.LOCATIVE
    if place == "dobj":
        wanted.add("ccomp")  # what is found may be a clause: "found *that drivers ...*"
    return [(start, end) for verb, where, start, end in arguments
            if verb == lemma and where in wanted]


def apposed(sentence: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether the words at character spans ``first`` and ``second`` of ``sentence`` stand
    in apposition, either way round: "*Sobibor*, a Nazi death *camp*", "the *camp*,
    *Sobibor*"."""
    tokens = parsed(sentence)
    one = {i for i, t in enumerate(tokens) if first[0] <= t.start < first[1]}
    other = {i for i, t in enumerate(tokens) if second[0] <= t.start < second[1]}
    return any(tokens[i].dep == "appos" and tokens[i].head in b
               for a, b in ((one, other), (other, one)) for i in a)
