"""Question understanding: the kind of answer wanted, the entities, request words and typos."""

import pytest

from index.nlp import annotate
from index.types import Sentence
from qa import lexicon
from qa.entities import EntityTable
from qa.intent import Wants, understand, unwrap
from qa.spelling import Vocabulary


@pytest.fixture(scope="module")
def understood(engine):
    extractor = engine._extractor

    def run(question):
        return understand(question, extractor.entities, extractor.vocabulary)

    return run


@pytest.mark.parametrize(
    "question, wants",
    [
        ("When was the resolution adopted?", Wants.DATE),
        ("Give me the date of the vote.", Wants.DATE),
        ("where did the strike happen", Wants.PLACE),
        ("how many troops are in iraq", Wants.NUMBER),
        ("Why are US troops in Iraq?", Wants.REASON),
        ("How did Washington react to the resolution?", Wants.MANNER),
        ("How long did Pope John Paul II reign?", Wants.MEASURE),
        ("how old was he when he died", Wants.MEASURE),
        ("The island is how far west of the capital?", Wants.MEASURE),
        ("Is the resolution binding?", Wants.YES_NO),
        ("who killed soleimani", Wants.PERSON),
        ("Which Iranian unit did Soleimani lead?", Wants.ORGANIZATION),
        ("what terrorist group is mentioned", Wants.ORGANIZATION),
        ("who are the people quoted in this article?", Wants.LIST),
        ("List the analysts.", Wants.LIST),
        ("Summarize Vltchek's view.", Wants.VIEW),
        ("who is pompeio?", Wants.IDENTITY),
        ("what's maloof's background?", Wants.IDENTITY),
        ("What Is Maloof's Background?", Wants.IDENTITY),
        # Without a possessive, a capitalised noun after a name continues it: no identity.
        ("When was the Iraqi Position Act passed?", Wants.DATE),
        ("Can you tell me what Maloof warned?", Wants.STATEMENTS),
        ("what did vltcheck say about the parliament?", Wants.STATEMENTS),
        ("What did Fox News report?", Wants.STATEMENTS),
        ("What did the Iraqi president say?", Wants.STATEMENTS),
        # The question word inside the subject asks for it, not for what it said.
        ("What analyst spoke about the parliament?", Wants.PERSON),
        ("How many analysts say the troops must leave?", Wants.NUMBER),
        # The main clause's question word decides, wherever it stands.
        ("When the vote was held, what did the parliament adopt?", Wants.OTHER),
        ("The resolution was adopted in what year?", Wants.DATE),
        ("The airstrike was ordered by whom?", Wants.PERSON),
        ("The strike happened near which city?", Wants.PLACE),
        ("The man who was killed led which unit?", Wants.ORGANIZATION),
        ("Who did Vltchek talk to?", Wants.LISTENER),
        ("which network did Pompeo speak to?", Wants.LISTENER),
        ("On which TV program did Pompeo speak?", Wants.LISTENER),
        ("what does PMF stand for?", Wants.IDENTITY),
        ("Who told RT that the US attacked?", Wants.PERSON),  # the speaker, not the listener
        # "the name of X" asks for the kind of thing X is.
        ("What is the name of Soleimani's unit?", Wants.ORGANIZATION),
        # A possessor is the head only when the question word asks for it.
        ("Which countries' officers died in the strike?", Wants.PLACE),
        ("Which country's president spoke?", Wants.PLACE),
        ("What analyst's view was quoted?", Wants.PERSON),
        # "What" as the object asks for what was found, not for the finders.
        ("What did the officials find in the base?", Wants.OTHER),
        ("which states have no troops?", Wants.PLACE),  # "which" parsed as a pronoun
        # A part of a place is a place; a part of something else is not.
        ("In what part of Iraq are the US troops?", Wants.PLACE),
        ("What part of the resolution is binding?", Wants.OTHER),
        ("What is the name of the law that covers parts of Iraq?", Wants.OTHER),
    ],
)
def test_the_kind_of_answer_wanted(understood, question, wants):
    assert understood(question).wants is wants


@pytest.mark.parametrize("typed, unwrapped", [
    ("can you tell me who Maloof is", "who Maloof is?"),
    ("what did maloof warn", "what did maloof warn?"),
    ("Describe the vote.", "Describe the vote."),
])
def test_unwrapping_drops_requests_and_ends_a_question_with_its_mark(typed, unwrapped):
    assert unwrap(typed) == unwrapped


@pytest.mark.parametrize("question", [
    "Give me the date of the vote.", "Describe the vote.", "List the analysts.",
    "Please tell me about the vote", "I want to know when the vote was", "Summarize the vote",
])
def test_request_words_are_never_names(understood, question):
    intent = understood(question)
    assert intent.unknown_names == ()
    assert intent.mentions == ()


@pytest.mark.parametrize("question, name", [
    ("what did malof warn", "Michael Maloof"),
    ("what did vltcheck say about the parliament?", "Andre Vltchek"),
    ("who is pompeio?", "Mike Pompeo"),
    ("WHO IS NICOLAS DAVIES", "Nicolas J.S. Davies"),
    ("tell me about the pmf", "Iraq’s Popular Mobilization Forces"),
])
def test_names_link_in_any_case_and_with_typos(understood, question, name):
    assert name in [e.name for e in understood(question).entities]


def test_a_name_the_article_never_mentions_is_unknown(understood):
    assert understood("What did Donald Trump say about the vote?").unknown_names == ("Donald Trump",)
    assert understood("Which Kurdish leaders support the move?").unknown_names == ("Kurdish",)


def table_of(*texts):
    sentences = [Sentence("d", i, 0, len(t), t) for i, t in enumerate(texts)]
    return EntityTable(sentences, annotate(sentences))


def test_unicode_names_link_with_and_without_accents():
    table = table_of(
        "Abdullah Öcalan founded the party, the court said.",
        "The letter was written in Paris by the novelist Émile Zola.",
        "Mohammed bin Salman met the envoy in Riyadh.",
    )
    for question, name in [("who is ocalan?", "Abdullah Öcalan"),
                           ("what did Émile Zola write", "Émile Zola"),
                           ("what did emile zola write", "Émile Zola"),
                           ("whom did mohammed bin salman meet", "Mohammed bin Salman")]:
        assert name in [m.entity.name for m in table.link(question)], question


def test_a_surname_links_without_its_arabic_article():
    table = table_of(
        "The militia's deputy commander, Abu Karim al-Rashid, was killed on Friday.",
        "Prime Minister Nouri al-Maliki said the talks would go on.",
    )
    for question, name in [("who is rashid?", "Abu Karim al-Rashid"),
                           ("who is al-rashid?", "Abu Karim al-Rashid"),
                           ("what did maliki say", "Nouri al-Maliki")]:
        assert name in [m.entity.name for m in table.link(question)], question


def test_a_surname_keeps_its_particle():
    table = table_of("Police shot Jean Charles de Menezes in 2005.",
                     "De Menezes was killed on a train.")
    entity = table.named("Jean Charles de Menezes")
    assert "de menezes" in entity.aliases and entity.sentences == (0, 1)


def test_a_name_links_without_its_middle_initial():
    table = table_of("Study author William G. Christen, of Harvard Medical School, said more "
                     "trials are needed.")
    for question in ("who is william christen?", "who is William G. Christen?"):
        assert [m.text.lower() for m in table.link(question)] == [question[7:-1].lower()]


def test_a_lowercase_name_is_read_as_a_name_not_a_verb():
    sentences = ["Dr. Lucie Bruijn, scientific director of the ALS Association, said so.",
                 "Stephen Hawking was taken to hospital in Cambridge."]
    table = table_of(*sentences)
    vocabulary = Vocabulary(sentences)
    # The tagger read "lucie" and "hawking" (hawk) as verbs.
    assert understand("where does lucie bruijn work", table, vocabulary).argument_of == (
        "work", "where")
    assert understand("where did hawking go to hospital", table, vocabulary).argument_of == (
        "go", "where")


def test_two_people_sharing_a_surname_stay_apart():
    table = table_of(
        "The plan will fail, economist Jane Smith said.",
        "The plan will work, minister John Smith said.",
    )
    jane, john = table.link("Jane Smith"), table.link("john smith")
    assert jane[0].entity.name == "Jane Smith" and john[0].entity.name == "John Smith"
    assert jane[0].entity.statements == (0,) and john[0].entity.statements == (1,)


def test_an_acronym_the_article_spells_out_is_the_same_entity():
    table = table_of(
        "Inspectors of the International Atomic Energy Agency (IAEA) arrived on Monday.",
        "The IAEA said the site was sealed.",
    )
    for question in ("what is the iaea?", "What is the International Atomic Energy Agency?"):
        entity = table.link(question)[0].entity
        assert "International Atomic Energy Agency" in entity.name, question
        assert entity.spelled_out == 0 and entity.sentences == (0, 1)


def test_a_name_written_where_the_recogniser_saw_none_is_still_a_mention():
    table = table_of(
        "The attackers engaged the UNAMID convoy for two hours.",
        "UNAMID is the acronym for the mission in Darfur.",
        "Prime Minister Theresa May said the talks may go on.",
        "May is the month of the vote.",
    )
    assert table.named("unamid").sentences == (0, 1)
    # "May" opening a sentence is no mention of her: the article writes "may" as a word.
    assert table.named("Theresa May").sentences == (2,)


def test_a_name_the_article_says_someone_goes_by_is_that_person():
    table = table_of(
        "The posting was written for Tila Nguyen, 27, who goes by Tila Tequila.",
        "Police said Nguyen was not hurt.",
        "Hamza bin Laden, also known as Abu Muaz, was not seen again.",
    )
    assert table.link("how old is tila tequila?")[0].entity.name == "Tila Nguyen"
    assert table.named("Tila Nguyen").sentences == (0, 1)
    assert table.named("abu muaz").name == "Hamza bin Laden"


def test_a_long_name_links_by_its_initials_and_only_exactly():
    table = table_of(
        "The New England Journal of Medicine questioned the drug in 2007.",
        "Human Rights Watch said the court was wrong.",
    )
    assert [m.entity.name for m in table.link("when did the NEJM question it?")] == [
        "New England Journal of Medicine"]
    assert [m.entity.name for m in table.link("what did hrw say")] == ["Human Rights Watch"]
    assert table.link("what did nejn say") == ()  # an acronym a letter off is another one


@pytest.mark.parametrize("question, verb", [
    ("Who did Pompeo criticise?", "criticise"),
    ("whom did the US attack", "attack"),
    ("who will the parliament ask?", "ask"),
    ("who killed soleimani", None),  # the subject is asked for
    ("who is Pompeo?", None),
])
def test_the_verb_whose_object_a_who_question_asks_for(understood, question, verb):
    assert understood(question).object_of == verb


@pytest.mark.parametrize("question, verb, passive", [
    ("who killed soleimani", "kill", False),
    ("Who was arrested?", "arrest", True),
    ("who will lead the team?", "lead", False),
    ("who is the judge?", None, False),  # "be" names no act
    ("Who did Pompeo criticise?", None, False),  # the object is asked for
])
def test_the_verb_whose_subject_a_who_question_asks_for(understood, question, verb, passive):
    intent = understood(question)
    assert (intent.subject_of, intent.passive) == (verb, passive)


@pytest.mark.parametrize("question, done_to", [
    ("who killed soleimani", "soleimani"),
    ("Who criticised the Iraqi parliament?", "the Iraqi parliament"),
    ("Who was arrested?", None),
])
def test_what_a_who_question_says_was_done_to(understood, question, done_to):
    intent = understood(question)
    span = intent.done_to
    assert (intent.text[span[0]:span[1]] if span else None) == done_to


@pytest.mark.parametrize("question, argument", [
    ("What was Abu-Jamal convicted of?", ("convict", "of")),
    ("what does daschle advocate", ("advocate", "dobj")),
    ("What is banned in 14 states?", ("ban", "nsubjpass")),
    ("where do most nurses work?", ("work", "where")),
    ("where do most nurses tend to work?", ("work", "where")),  # the verb "tend" governs
    ("In which part of Iraq do the troops work?", ("work", "where")),
    ("What type of hermaphrodite produces eggs?", None),  # asks for a kind, not an argument
    ("Who signed it?", None),
])
def test_the_place_of_what_among_the_arguments_of_the_verb(understood, question, argument):
    assert understood(question).argument_of == argument


@pytest.mark.parametrize("question, event", [
    ("when did the US invade Iraq?", "invade"),
    ("When was the resolution adopted?", "adopt"),
    ("what year did the strike begin", "begin"),
    ("when was the vote?", None),  # "be" names no event
    ("who killed soleimani", None),  # not a when-question
])
def test_the_event_a_when_question_asks_to_date(understood, question, event):
    assert understood(question).event == event


def test_a_speaker_none_of_whose_words_the_article_uses_is_unknown(understood):
    assert understood("what did pfizer say about the vote?").unknown_names == ("pfizer",)
    assert understood("what did the parliament say?").unknown_names == ()
    assert understood("what does the analyst say?").unknown_names == ()  # "analysts"
    assert understood("what did the author say?").unknown_names == ()


def test_short_words_are_not_fuzzy_matched():
    table = table_of("The US and Iran met in Oman, officials said.")
    assert table.link("tell us about it") == ()
    assert [m.entity.name for m in table.link("what did the US do")] == ["US"]


@pytest.mark.parametrize("text", ["May 25, 1979", "Sunday", "early Friday", "9 p.m.",
                                  "28 years ago", "last year", "the 1990s", "earlier this week",
                                  "the first century AD", "the early nineteenth century"])
def test_a_point_in_time_answers_when(text):
    assert lexicon.POINT_IN_TIME.search(text)


@pytest.mark.parametrize("text", ["6", "age 73", "almost 30 years", "two years", "annual",
                                  "each year", "a decade"])
def test_an_age_or_a_duration_does_not_answer_when(text):
    assert not lexicon.POINT_IN_TIME.search(text)


@pytest.mark.parametrize("question, noun", [
    ("Which resolution did the parliament adopt?", "resolution"),
    ("what base was attacked?", "base"),
    ("What type of troops are in Iraq?", None),  # a kind of troops, not a type
    ("What did the parliament adopt?", None),
    ("Which unit did Soleimani lead?", None),  # an organisation: a known kind
])
def test_the_noun_which_asks_for_one_of(understood, question, noun):
    assert understood(question).instance_of == noun
