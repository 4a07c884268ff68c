"""A sentence's lexical overlap with a question, from term ids: the same as from term sets."""

import math

import numpy as np
import pytest

from index.sparse import terms
from qa.sentence_terms import SentenceTerms


def _overlap_by_sets(sentences, query_terms, ids):
    """The oracle: a set of terms per sentence, each question term compared with each."""
    sets = [frozenset(s) for s in sentences]
    frequency = {}
    for held in sets:
        for term in held:
            frequency[term] = frequency.get(term, 0) + 1
    weights = {t: math.log(1 + len(sets) / frequency.get(t, 1)) for t in query_terms}
    total = sum(weights.values()) or 1.0

    def shares_prefix(term, held):
        return term in held or len(term) >= 5 and any(
            len(o) >= 5 and (term.startswith(o) or o.startswith(term)) for o in held)

    def matches(term, held):
        # ... or its form with the d ~ s alternation does ("invad" ~ "invas").
        alternate = term[:-1] + {"d": "s", "s": "d"}[term[-1]] if (
            len(term) >= 5 and term[-1] in "ds") else None
        return shares_prefix(term, held) or alternate is not None and shares_prefix(alternate, held)

    return np.array([sum(w for t, w in weights.items() if matches(t, sets[i])) / total
                     for i in ids])


@pytest.mark.parametrize("question", [
    "What did Maloof warn?",
    "Who is Andre Vltchek?",
    "What did the parliament vote on?",
    "Which behaviours of the militias were described?",  # stems that only share a prefix
    "When was the resolution adopted by the Iraqi parliament?",
    "What is the capital of France?",  # nothing the article says
])
def test_overlap_equals_the_term_sets(engine, question):
    sentences = [terms(s.text) for s in engine.index.sentences]
    held = SentenceTerms(sentences)
    ids = list(range(len(sentences)))
    query_terms = set(terms(question))
    assert held.overlap(query_terms, ids).tolist() == _overlap_by_sets(
        sentences, query_terms, ids).tolist()


def test_a_long_term_matches_the_terms_it_begins_with_or_that_begin_with_it():
    held = SentenceTerms([["govern"], ["government"], ["gov"], ["parliament", "vote"]])
    assert held.overlap({"governments"}, [0, 1, 2, 3]).tolist() == [1.0, 1.0, 0.0, 0.0]
    assert held.overlap({"gov"}, [0, 1, 2, 3]).tolist() == [0.0, 0.0, 1.0, 0.0]
    assert held.idf("vote") == math.log(1 + 4 / 1)
    assert held.idf("unheard") == math.log(1 + 4)


def test_a_verb_matches_its_noun_across_the_d_s_alternation():
    held = SentenceTerms([["2003", "invas"], ["invad"], ["respons"], ["bus"], ["invit"]])
    ids = [0, 1, 2, 3, 4]
    assert held.overlap({"invad"}, ids).tolist() == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert held.overlap({"respond"}, ids).tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]
    assert held.overlap({"bud"}, ids).tolist() == [0.0] * 5  # short stems stay exact

