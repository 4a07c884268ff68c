"""Short answers are verbatim phrases of the sentence, and only for clear factoid questions."""

import pytest

from qa.short import description, role_of, short_answer

CASES = [
    ("When did the Iraqi parliament adopt the resolution?",
     "A resolution was adopted by the Iraqi parliament on Sunday.", "Sunday"),
    ("In what year did the war end?", "The war ended in 1763 with the Treaty of Paris.", "1763"),
    ("How many people live in Fresno?", "Fresno has a population of 494,665 people as of 2010.",
     "494,665"),
    ("Where did the airstrike take place?",
     "The officials were killed in a US airstrike on the outskirts of Baghdad this week.",
     "the outskirts of Baghdad"),
    ("Who commanded the Quds Force?",
     "It followed the killing of Iranian Quds Force commander Qassem Soleimani, as well as "
     "other Iranian and Iraqi officials.", "Qassem Soleimani"),
    ("Abu Mahdi al-Muhandis was the deputy commander of which force?",
     "It followed the killing of Iranian Quds Force commander Qassem Soleimani and the deputy "
     "commander of Iraq’s Popular Mobilization Forces (PMF), Abu Mahdi al-Muhandis.",
     "Iraq’s Popular Mobilization Forces"),
    ("How many valves did the Corliss engine of 1849 use?",
     "Patented in 1849, the Corliss engine used four valves.", "four"),
    ("How much will the bridge cost?", "The bridge will cost $4.5 million, officials said.",
     "$4.5 million"),
    ("How much was the fine?", "The court set the fine at €300 on Monday.", "€300"),
    ("How many people have been infected?", "At the clinic, at least 388 people have been "
     "infected since May.", "at least 388"),
    # The number, date or place nearest to the question's words, not the first.
    ("How many seats did Democrats win?", "With eight of the 435 seats still open, Democrats "
     "were projected to win 254 seats.", "254"),
    ("When did the club reopen?", "Closed in 1999 after a fire, the club reopened in 2004.",
     "2004"),
    # The day of a date is no count.
    ("How many people died in the courthouse bombing?", "He planned the June 23 bombing of "
     "a Kirkuk courthouse that left 20 Iraqis dead.", "20"),
    # The title the question asks by is not part of the name.
    ("who is the police chief?", "Police Chief Peter Brower said the suspect was charged.",
     "Peter Brower"),
    # A day or a month after "on" / "in" is not a place.
    ("Where did the bomb explode?", "A bomb exploded on Sunday in Tripoli.", "Tripoli"),
    # Someone listed with the person asked about shares their part: not who did it to them.
    ("Who shot Karim Nasser?", "Karim Nasser and Adel Mansour were shot by Omar Haddad at "
     "the gate, police said.", "Omar Haddad"),
]


@pytest.mark.parametrize("question, sentence, expected", CASES)
def test_short_answer_is_the_verbatim_phrase(question, sentence, expected):
    span = short_answer(question, sentence)
    assert span is not None and sentence[span[0] : span[1]] == expected


@pytest.mark.parametrize(
    "question, sentence",
    [
        ("Why did the parliament vote?", "The parliament voted on Sunday."),
        ("What did Maloof warn?", "The effort might still flop, Maloof cautioned."),
        # A who-question whose only candidate is a bare place far from the question's words.
        ("Who is spearheading the effort to expel US troops?",
         "The effort to expel US troops from Iraq might flop, since politicians, including the "
         "caretaker PM who is spearheading the effort now, were reluctant."),
        ("When did it happen?", "Nobody knows what happened."),
        ("Where did it happen?", "It happened on Monday, in March 2009."),
        ("who killed Nasser?", "Two militia commanders, Karim Nasser and Adel Mansour, were "
         "killed in a drone strike near Mosul."),
        # An answer made of the question's own words answers nothing.
        ("Which Florida city is the largest?", "Florida has many large cities and beaches."),
        # A bare year is not a count; "one of" is not one thing.
        ("How many valves did the engine use?", "The engine was patented in 1849."),
        ("How many species live there?", "It is one of the richest forests on Earth."),
    ],
)
def test_no_short_answer_when_none_is_clear(question, sentence):
    assert short_answer(question, sentence) is None


@pytest.mark.parametrize(
    "name, sentence, role",
    [
        ("Nicolas J.S. Davies", "It is part of the military, author and analyst Nicolas J.S. "
         "Davies said.", "author and analyst"),
        ("Michael Maloof", "It might still flop, former Pentagon official Michael Maloof "
         "cautioned.", "former Pentagon official"),
        ("Mike Pompeo", "Secretary of State Mike Pompeo defended it.", "Secretary of State"),
        ("Qassem Soleimani", "It came after the assassination of Iranian Quds Force commander "
         "Qassem Soleimani.", "Iranian Quds Force commander"),
        # Not the dateline before it.
        ("Fabio Capello", "(CNN) -- England coach Fabio Capello named his squad.", "England coach"),
    ],
)
def test_role_is_the_words_before_the_name(name, sentence, role):
    span = role_of(name, sentence)
    assert span is not None and sentence[span[0] : span[1]] == role


def test_no_role_holds_a_verb_of_the_sentence():
    assert role_of("David Scheiner", "Obama, 46, last saw Dr. David Scheiner in 2007.") is None


def test_no_role_without_lowercase_words():
    assert role_of("Davies", "“It began there,” Davies told RT.") is None


def test_no_role_ends_in_a_word_that_is_no_noun():
    assert role_of("Michael Lohan", "The relationship between Michael Lohan and his "
                   "daughter has been strained.") is None


@pytest.mark.parametrize(
    "name, sentence, described",
    [
        ("Tom Lantos", "Rep. Tom Lantos, the Democratic chairman of the House Committee on "
         "Foreign Affairs, died Monday.", "the Democratic chairman of the House Committee on "
         "Foreign Affairs"),
        ("Hepatitis C", "Hepatitis C is a contagious liver disease that attacks the liver.",
         "a contagious liver disease that attacks the liver"),
        # The name stands for the noun it modifies; the speaker after the comma is not it.
        ("PMF", "The PMF militia is part of the country’s military, analyst Nicolas Davies "
         "said.", "part of the country’s military"),
        # Else a relative clause that says what the name is.
        ("Scheiner", "Scheiner, who has been Obama's primary doctor since 1987, observed "
         "that he was healthy.", "Obama's primary doctor"),
        # The name in apposition to the noun before it.
        ("Maria Lindqvist", "The airline's chief executive, Maria Lindqvist, said the strike "
         "would end.", "The airline's chief executive"),
        ("Shawn Chapman Holley", "Her lawyer, Shawn Chapman Holley, told CNN on Sunday that "
         "she will appear.", "Her lawyer"),
    ],
)
def test_description_is_an_appositive_or_what_the_name_is(name, sentence, described):
    span = description(name, sentence)
    assert span is not None and sentence[span[0] : span[1]] == described


@pytest.mark.parametrize("name, sentence", [
    ("Michael Lohan", "Michael Lohan, 50, was arrested late Monday."),  # an age
    ("Sonia Sotomayor", "Sonia Sotomayor, who rose from a Bronx housing project, spoke."),
    ("Michael Maloof", "It might still flop, former Pentagon official Michael Maloof said."),
])
def test_no_description_when_the_sentence_does_not_say_what_the_name_is(name, sentence):
    assert description(name, sentence) is None


def test_an_age_written_after_a_name_is_no_count():
    sentence = "Hasan, 39, was wounded, and 42 others were hurt."
    span = short_answer("how many were wounded?", sentence)
    assert sentence[span[0]:span[1]] == "42"
    assert short_answer("how many were wounded?", "Hasan, 39, was wounded.") is None
