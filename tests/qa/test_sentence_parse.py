"""What the grammar of an article sentence says, from the real parser."""

import pytest

from qa.sentence_parse import apposed


def span(sentence, words):
    start = sentence.index(words)
    return start, start + len(words)


@pytest.mark.parametrize("sentence, name, noun, expected", [
    ("He was a guard at Sobibor, a Nazi death camp in Poland.", "Sobibor", "camp", True),
    ("The company, Chiquita, paid a fine.", "Chiquita", "company", True),
    ("Survivors of Sobibor said the camp was feared.", "Sobibor", "camp", False),
    ("Kessler worked at the camp before he moved to Sobibor.", "Sobibor", "camp", False),
])
def test_a_name_and_a_noun_stand_in_apposition_only_when_the_grammar_says_so(
        sentence, name, noun, expected):
    assert apposed(sentence, span(sentence, noun), span(sentence, name)) is expected
    assert apposed(sentence, span(sentence, name), span(sentence, noun)) is expected
