"""Article sentences parsed at ask time, once per process, and what their grammar says."""

from __future__ import annotations

from functools import lru_cache

from index.nlp import Token, parse
from qa import lexicon

# Article sentences whose parse is kept: "who is" answers parse the same few sentences of
# each person again and again (a parse is a few ms; a kept one, ~20 tokens, a few kB).
SENTENCE_PARSES_KEPT = 4096


@lru_cache(maxsize=SENTENCE_PARSES_KEPT)
def parsed(sentence: str) -> tuple[Token, ...]:
    """The parse of an article sentence, computed once per process."""
    return parse(sentence)


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
