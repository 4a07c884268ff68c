"""Misspelt question words are corrected to the words the article itself uses."""

import pytest

from qa.spelling import Vocabulary
from qa.typos import edit_distance

ARTICLE = ("The parliament adopted a resolution. Facebook removed the posts. "
           "Abdullah Öcalan wrote from prison. The poets and their posts were listed.")


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary([ARTICLE])


@pytest.mark.parametrize("question, corrected", [
    ("what did the parliment adopt", "what did the parliament adopt"),  # a letter missing
    ("What did Fcaebook remove?", "What did Facebook remove?"),  # a swap, capital kept
    ("which prison held Öcalam?", "which prison held Öcalan?"),  # accents kept
    ("What did Facebook remove?", "What did Facebook remove?"),  # "removed" in another form
    ("who wrote from prisno?", "who wrote from prison?"),
])
def test_misspelt_words_become_the_articles_words(vocabulary, question, corrected):
    assert vocabulary.corrected(question) == corrected


@pytest.mark.parametrize("question", [
    "what was the vote",  # short words are never changed
    "which poats were listed",  # as close to "posts" as to "poets"
    "what did the minister say",  # nothing in the article is a typo away
    "who will listen to the parliament",  # an English word one edit from "listed"
    "which poems were listed",  # an English word one edit from "poets"
])
def test_words_without_one_close_article_word_stay(vocabulary, question):
    assert vocabulary.corrected(question) == question


def test_a_swap_of_neighbours_is_one_edit():
    assert edit_distance("zeria", "zeira", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 2) == 3


def test_a_misspelt_question_gets_the_answer_of_the_right_spelling(engine):
    right = engine.ask("What did the parliament adopt?")
    wrong = engine.ask("what did the parliment adopt")
    assert wrong.found and wrong.citations[0].quote == right.citations[0].quote
    assert "parliament" in wrong.query
