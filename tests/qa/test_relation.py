"""Ranking by what a question asks of the things it names: the question without their names."""

import pytest

from qa import ArticleQA, Settings
from qa.intent import understand
from qa.relation import relation_query, without_names

# Made up for this test: the record is said of "she", while the lead repeats the full name.
SPRINTER = """Osei to run in Tokyo

ACCRA, Ghana -- Amara Osei, the Ghanaian sprinter, will race at the world championships in \
Tokyo next month, her federation said on Friday.

Osei's coach, Kwame Mensah, said the training camp in Accra had gone well and that Osei was \
free of injury.

She holds the African record in the 200 meters, which she set in Nairobi in 2022.

The championships open on September 13 and run for nine days.

Mensah said Osei would also run in the relay if the team qualified.

Her younger brother, Kofi, plays football for Accra Hearts of Oak.
"""
QUESTIONS = [
    "What record does Amara Osei have?",
    "What does Osei hold?",
    "When will Osei race in Tokyo?",
    "Who coaches Osei?",
    "What sport does Osei's brother play?",
    "Where did Osei set her record?",
    "What is the capital of France?",
]


@pytest.fixture(scope="module")
def relation(engine):
    extractor = engine._extractor

    def run(question):
        return relation_query(question, understand(question, extractor.entities,
                                                   extractor.vocabulary).entities)

    return run


@pytest.mark.parametrize("question, expected", [
    ("What did Maloof warn?", "What did warn?"),
    ("What did Michael Maloof warn?", "What did warn?"),  # the full name, not "Michael" left
    ("what is maloof's background?", "what is background?"),  # any case, the possessive too
    ("Why did the Iraqi parliament vote on the US troops?",
     "Why did the parliament vote on the US troops?"),  # a group goes, places stay
    ("why are US troops in Iraq in the first place?", None),  # places only
    ("Why did the parliament vote?", None),  # names no entity
    ("Who is Maloof?", None),  # nothing left but question words
    ("What is the capital of France?", None),
])
def test_the_relation_is_the_question_without_the_entities_it_names(relation, question, expected):
    assert relation(question) == expected


def test_names_are_removed_longest_first_as_whole_words():
    assert without_names("Did Iran's Iranian allies meet Iran Air?", ["Iran", "Iran Air"]) == (
        "Did Iranian allies meet ?")
    assert without_names("What did he say?", ["", "Davies"]) == "What did he say?"


@pytest.fixture(scope="module")
def sprinter(embedder, cache_dir):
    def build(**settings):
        return ArticleQA.from_text(SPRINTER, settings=Settings(**settings), embedder=embedder,
                                   cache_dir=cache_dir)

    return build


def test_a_sentence_saying_she_outranks_one_repeating_her_name(sprinter):
    answer = sprinter().ask("What is Amara Osei's record?")
    assert answer.citations[0].quote.startswith("She holds the African record")
    # Ranked by the whole question, the lead that names her in full wins. ("What record
    # does she have?" does not need the relation: "African record" names one.)
    unweighted = sprinter(relation_weight=0.0).ask("What is Amara Osei's record?")
    assert unweighted.citations[0].quote.startswith("ACCRA, Ghana")


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_relation_ranks_but_never_decides_not_found(sprinter, question):
    with_relation = sprinter().ask(question)
    without = sprinter(relation_weight=0.0).ask(question)
    assert with_relation.found == without.found
    # Embedded in one batch with the relation, the question's vector may differ in the
    # last float bits (padding), never more.
    assert with_relation.confidence == pytest.approx(without.confidence, abs=1e-6)
