"""Answers that depend on understanding the question: lists, views, near misses, typed
questions; on the shipped article and on small articles written here."""

import pytest

from qa import ArticleQA

QUOTED = """Bridge vote delayed

The city council delayed its vote on the Harbor Bridge on Tuesday, officials said.

The project will cost taxpayers too much, council member Rosa Alvarez warned.

"We cannot afford another overrun," Alvarez said. "The last bridge cost twice its budget."

Engineer Tom Becker, who designed the bridge, disagreed. The design is safe and cheap to build, Becker told the Harbor Gazette.

According to Mayor Li Wei, a new vote will take place in March.
"""

NO_QUOTES = """Storm closes schools

Heavy snow closed 40 schools across the county on Monday.

The storm dropped 30 centimetres of snow in twelve hours. Roads in the northern valley were blocked until the evening.

Crews cleared the main highway by Tuesday morning.
"""


PRONOUNS = """Chess champion retires

What makes a champion walk away?

Maria Petrova announced her retirement on Friday after twenty years of play. Petrova said the world title matches in Oslo were the hardest of her career.

She won the world title three times, in 2009, 2013 and 2016.
"""


HARBOUR = """Harbour closed

Ships waited outside the harbour for two days this week.

The harbour was shut on Monday on the orders of Admiral Lena Ortiz.

Closing the harbour was a costly mistake, port manager Paul Brandt said.
"""


FERRY = """Ferry strike ends

Ferry crews returned to work on Thursday after a three-day strike.

Two ferries were still cancelled on Friday morning, harbour police said.

"The strike is over and the timetable is back," Prime Minister Ana Costa said in Lisbon.

The Prime Minister met union leaders on Wednesday evening.
"""


GUIDE = """Climber dies on the Eiger

Veteran climber and mountain guide Tomas Berger died on Sunday on the north face of the Eiger, Swiss police said.

Berger, a father of three, had led more than 200 expeditions in the Alps.
"""


BUDGET = """Budget vote set

House Speaker Maria Lopez on Wednesday called on the governor to act before the summer.

Lawmakers will meet again on Friday, the clerk's office said.

“The budget will pass this week,” Lopez said at a news conference.
"""


DOCTORS = """Candidates in good health

Senator Ruiz is in excellent health, his doctor says.

Ruiz, 46, jogs three miles a day and has never smoked.

Senator Okoye's doctors described him as fit for office despite a knee operation in 2019.
"""


SENTENCE = """Soldier sentenced to 110 years

A U.S. soldier has been sentenced to 110 years in prison for the killing of a family in Iraq.

Car bombs killed 70 people in Baghdad on Wednesday, Reuters reported.

The girl's family told Reuters on Sunday they were dismayed by the punishment.

"We wanted the death penalty," her uncle, Hadi Abdullah, said.
"""


TEXTING = """Senators push texting ban

Four senators pushed for a bill on Wednesday to ban texting while driving.

A study by a transport institute found that drivers who text are 23 times more likely to crash.

The new study should worry every parent, Senator Chuck Schumer said.
"""


DRONE = """Drone strike kills commanders

Two militia commanders, Karim Nasser and Adel Mansour, were killed in a drone strike near Mosul on Friday.

The killing of Nasser and Mansour drew angry protests in Baghdad and Tehran, where crowds burned flags, analysts said.
"""

BAIL = """Quarterback faces new rules

RICHMOND, Virginia (CNN) -- Suspended quarterback Michael Vick must obey tighter bail rules after he tested positive for marijuana, a federal judge ruled Monday.

Vick, who has a home in Surry County, must stay there at night.

His lawyers did not comment.
"""

CROSSING = """City ferry retires

The city's old ferry made its last crossing on Sunday, the harbour office said.

The ferry carried more than 400,000 passengers across the fjord in 2023, a record for the city.

The city bought the ferry from a Danish shipyard in 1998, when the bridge was closed for repairs.

A new electric ferry will take over the crossing in May.
"""

FAMILY = """Family grows again

Anna and Tom Berg are expecting their ninth child this spring, the couple told the Daily Post.

"We are so happy," says Anna, 41, who is due in April.

"Anna is in better health now than ten years ago," says Tom, who built a new room for the baby.

Tom Berg, a 44-year-old carpenter, has lived in the town since 1999.
"""

POLL = """Mayor's approval falls

Mayor Jane Ortiz faced angry voters at a town meeting on Tuesday.

A Gallup poll released Wednesday found that only 34 percent of voters approve of the mayor's work.
"""

SIGNED = """Actress remembered

The actress Lena Moss moved to Los Angeles in 1966 and married the director Paul Kern a year later.

But that hopeful period ended when Moss, eight months pregnant, was murdered by followers of Victor Crane in 1969.

The presidents of Sudan and Chad signed a peace agreement late Thursday, officials said.
"""

GUARD = """Former guard sentenced

A former prison guard, Mark Olsen, was sentenced to eight years on Friday after a jury convicted him, the court said.

Olsen was convicted of smuggling phones into the prison in 2019, prosecutors said.

Inmates were exposed to drugs and weapons, a report on the prison found.
"""

NURSES = """Nurses wanted

Hospitals in the region are short of 400 nurses, the health board said on Monday.

Most nurses in the region now work in care homes, where pay is higher, the board said.

The board will hire nurses from Spain and Portugal this year.
"""

DAM = """Dam plan questioned

The regional government approved the new dam on Monday.

Water engineer Sara Okafor believes the dam will flood three villages.

"The river cannot carry that much water," Okafor told reporters.

Minister Jon Hale defended the plan, insisting that the villages will be moved.

The dam will bring power to 200,000 homes, Hale said.
"""

COURT = """Court upholds child marriage ruling

The court in Onaiza upheld the verdict on Saturday, the judge's office said.

The judge ruled that the mother could not represent her daughter, the family's lawyer, Ali Hassan, told reporters.

A relative said the judge, Sheikh Omar Farouk, stuck by his earlier verdict.

The militia's commander, Karim Nasser, and its deputy commander, Adel Mansour, were not in court.

Tharcisse Renzaho, a former colonel, was found guilty of genocide in another case.

Renzaho was governor of the capital, Kigali, in 1994.
"""

HOTEL = """Student charged in hotel killing

The wedding of accused killer John Marsh and his fiancee, Anna Bell, has been called off.

Marsh, 23, a medical student, is charged with killing Julia Stone on April 14 at a Boston hotel.

Police said Marsh met Stone through an online advert.
"""

TOUR = """Singer falls ill on tour

The band was touring when the singer fell ill, and the band cancelled the rest of the tour.

He had formed the band Rainbow, which was touring the country that spring.

Doctors said he would recover.
"""


@pytest.fixture(scope="module")
def council(embedder, cache_dir):
    return ArticleQA.from_text(QUOTED, embedder=embedder, cache_dir=cache_dir)


@pytest.fixture(scope="module")
def storm(embedder, cache_dir):
    return ArticleQA.from_text(NO_QUOTES, embedder=embedder, cache_dir=cache_dir)


def quotes(answer):
    return [c.quote for c in answer.citations]


def test_the_people_quoted_are_listed_once_each_in_article_order(council):
    answer = council.ask("who are the people quoted in this article?")
    assert answer.found
    cited = " ".join(quotes(answer))
    for name in ("Alvarez", "Becker", "Li Wei"):
        assert name in cited
    starts = [c.start for c in answer.citations]
    assert starts == sorted(starts)
    assert len(answer.citations) == 3


def test_the_people_quoted_are_cited_where_they_speak_not_where_they_believe_or_act(
        embedder, cache_dir):
    dam = ArticleQA.from_text(DAM, embedder=embedder, cache_dir=cache_dir)
    cited = quotes(dam.ask("list the people quoted"))
    assert len(cited) == 2
    assert "Okafor told reporters" in cited[0] and "Hale said" in cited[1]


def test_what_did_x_say_quotes_only_x(council):
    answer = council.ask("what did alvarez say?")
    assert answer.found
    assert all("Becker" not in q and "Li Wei" not in q for q in quotes(answer))
    assert any("overrun" in q for q in quotes(answer))


def test_a_view_is_summarised_from_the_persons_own_statements(council):
    answer = council.ask("Summarize Alvarez's view.")
    assert answer.found
    assert all("Becker" not in q for q in quotes(answer))
    # All three of her statements (the answer's limit), not only the more central half.
    assert len(answer.citations) == 3


def test_misspelt_and_lowercase_names_find_their_person(council):
    answer = council.ask("what did beker tell the gazette?")
    assert answer.found and "safe and cheap" in answer.citations[0].quote


def test_whom_someone_spoke_to_is_the_listener_of_their_statement(council):
    answer = council.ask("who did becker talk to?")
    assert answer.found and answer.short == "the Harbor Gazette"
    assert not council.ask("Who did Alvarez speak to?").found  # the article does not say
    # "On which *paper* did Becker speak": the tagger gives "speak" two subjects.
    assert council.ask("In which newspaper did Becker speak?").short == "the Harbor Gazette"


def test_who_is_gives_the_role_the_article_gives(council):
    answer = council.ask("who is becker?")
    assert answer.found and answer.short is not None and "ngineer" in answer.short


@pytest.mark.parametrize("question", [
    "What did the Harbor Gazette report?",  # named, never quoted
    "What did the governor say about the bridge?",  # a role nobody in the article has
    "What did Donald Trump say about the bridge?",  # never named
    "what did harbor say?",  # a word of others' names (the Harbor Bridge), no one's
])
def test_near_misses_about_speakers_are_refused(council, question):
    assert not council.ask(question).found


def test_an_article_without_quotes_has_no_speakers_and_still_answers(storm):
    assert all(f.speaker is None for f in storm.index.facts)
    assert not storm.ask("who are the people quoted?").found
    assert not storm.ask("what did the mayor say?").found
    when = storm.ask("when did crews clear the highway?")
    assert when.found and "Tuesday" in when.citations[0].quote
    many = storm.ask("how many schools closed?")
    assert many.found and "40" in many.citations[0].quote


def test_a_question_for_a_kind_of_fact_no_sentence_holds_is_refused(storm):
    assert not storm.ask("what is the name of the county?").found
    assert not storm.ask("how much did the cleanup cost?").found


def test_a_role_is_answered_by_who_holds_it_or_by_the_sentences_naming_it(embedder, cache_dir):
    engine = ArticleQA.from_text(FERRY, embedder=embedder, cache_dir=cache_dir)
    # "Prime Minister" is a title, not a person never quoted: Ana Costa holds it.
    minister = engine.ask("What did the Prime Minister say?")
    assert minister.found and "timetable" in minister.citations[0].quote
    # "harbour police said" names no one; the sentence naming the police still answers.
    police = engine.ask("what did the police say?")
    assert police.found and "cancelled" in police.citations[0].quote
    assert not engine.ask("what did the mayor say?").found


def test_who_is_x_is_answered_by_the_first_sentence_that_says_what_x_is(embedder, cache_dir):
    engine = ArticleQA.from_text(GUIDE, embedder=embedder, cache_dir=cache_dir)
    # The lead's role before the name, not a later appositive ("a father of three").
    answer = engine.ask("who is tomas berger?")
    assert answer.found and answer.citations[0].quote.startswith("Veteran climber")
    assert "mountain guide" in answer.short


def test_a_role_is_whose_name_it_stands_next_to_not_any_name_after_it(embedder, cache_dir):
    engine = ArticleQA.from_text(SENTENCE, embedder=embedder, cache_dir=cache_dir)
    # "The girl's family told Reuters": the family is not Reuters's role.
    family = engine.ask("what did the girl's family say?")
    assert family.found and family.citations[0].quote.startswith("The girl's family")
    uncle = engine.ask("what did the uncle say?")
    assert uncle.found and "death penalty" in uncle.citations[0].quote


def test_what_a_subject_written_as_a_noun_says_is_the_clause_it_reports(embedder, cache_dir):
    engine = ArticleQA.from_text(TEXTING, embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("what does the study say?")
    assert answer.found and answer.citations[0].quote.startswith("A study by a transport")
    # What "what" stands for may be that clause.
    found = engine.ask("what did the study find?")
    assert found.short == "that drivers who text are 23 times more likely to crash"


def test_a_role_finds_its_holder_when_the_recogniser_took_the_title_into_the_name(
        embedder, cache_dir):
    # "House Speaker Maria Lopez": the recogniser's name is "Speaker Maria Lopez".
    engine = ArticleQA.from_text(BUDGET, embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("what did the house speaker say?")
    assert answer.found and "will pass this week" in answer.citations[0].quote


def test_a_role_no_one_is_quoted_as_is_qualified_by_the_names_of_the_question(
        embedder, cache_dir):
    engine = ArticleQA.from_text(DOCTORS, embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("what did okoye's doctors say?")
    assert answer.found and answer.citations[0].quote.startswith("Senator Okoye's doctors")


def test_a_pronoun_sentence_answers_about_the_person_it_refers_to(embedder, cache_dir):
    engine = ArticleQA.from_text(PRONOUNS, embedder=embedder, cache_dir=cache_dir)
    # "She won the world title ..." names no one: "she" is Petrova, named just before.
    answer = engine.ask("In which years did Petrova win the world title?")
    assert answer.found and "2013" in answer.citations[0].quote


def test_a_question_the_article_asks_is_never_an_answer(embedder, cache_dir):
    engine = ArticleQA.from_text(PRONOUNS, embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("what makes a champion walk away?")
    assert all(not c.quote.endswith("?") for c in answer.citations)


def test_who_did_it_is_not_answered_by_who_commented_on_it(embedder, cache_dir):
    engine = ArticleQA.from_text(HARBOUR, embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("who closed the harbour?")
    assert answer.found and "Ortiz" in answer.citations[0].quote


def test_who_holds_a_role_is_the_person_named_next_to_it(embedder, cache_dir):
    engine = ArticleQA.from_text(COURT, embedder=embedder, cache_dir=cache_dir)
    judge = engine.ask("who is the judge")
    assert judge.found and judge.citations[0].quote.startswith("A relative said the judge")
    assert "Omar Farouk" in judge.short
    # The question's other words say which of two commanders.
    assert engine.ask("who is the deputy commander?").short == "Adel Mansour"
    assert engine.ask("who is the commander of the militia?").short == "Karim Nasser"
    # Whose role it is does not make the owner the role ("the family's *lawyer*").
    assert engine.ask("who is the family's lawyer?").short == "Ali Hassan"
    # A role said of a name ("Renzaho was governor of the capital, Kigali").
    governor = engine.ask("who was governor of kigali?")
    assert "Renzaho" in governor.short and "Kigali" in governor.citations[0].quote


def test_a_role_of_a_place_held_only_by_the_role_of_another_place_is_refused(
        embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Sanctions on Peru\n\n"
        "U.S. President Tom Hale imposed new sanctions on Peru on Monday.\n\n"
        "Carl Berg, president and CEO of Delta Bank, said the bank would follow them.\n\n"
        "Ann Lee, a student of Moss, went on to become a leader of the Green Party.\n",
        embedder=embedder, cache_dir=cache_dir)
    assert not engine.ask("who is the president of peru?").found
    assert engine.ask("who is the president of the u.s.?").short == "Tom Hale"
    assert engine.ask("who is the president of delta bank?").short == "Carl Berg"
    # The role written another way than as a title is no other place's.
    leader = engine.ask("who was a leader of the green party?")
    assert leader.found and "Ann Lee" in leader.citations[0].quote


def test_who_did_something_to_x_is_not_who_did_it_to_someone_else(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Upset in Miami\n\n"
        "Ivo Marek knocked out top seed Lars Brenner in the fourth round in Miami on Friday."
        "\n\nFourth seed Paulo Saraiva beat fellow Portuguese Rui Mota 6-4 6-4 in the same"
        " round.\n\nSaraiva said he was pleased.\n",
        embedder=embedder, cache_dir=cache_dir)
    # Saraiva beat Mota, not Brenner: the sentence with the asked verb names another object.
    answer = engine.ask("who beat brenner?")
    assert answer.found and answer.short == "Ivo Marek"
    assert engine.ask("who did saraiva beat?").short.startswith("fellow Portuguese Rui Mota")


def test_who_did_x_do_something_to_is_the_object_of_the_verb(embedder, cache_dir):
    engine = ArticleQA.from_text(HOTEL, embedder=embedder, cache_dir=cache_dir)
    # Not his fiancee, named in a sentence that says "killer" and his name.
    killed = engine.ask("who did marsh kill?")
    assert killed.short == "Julia Stone" and "charged with killing" in killed.citations[0].quote


def test_a_when_question_is_answered_by_the_date_of_its_verb(embedder, cache_dir):
    engine = ArticleQA.from_text(CROSSING, embedder=embedder, cache_dir=cache_dir)
    # Not the lead, dated too and saying more of the question's words.
    bought = engine.ask("when did the city buy the ferry?")
    assert bought.short == "1998" and "bought" in bought.citations[0].quote
    # The when-clause dates its own verb.
    assert engine.ask("When was the bridge closed?").short == "1998"
    assert engine.ask("when will the new ferry take over?").short == "May"


def test_how_old_is_answered_by_the_age_written_with_the_name(embedder, cache_dir):
    engine = ArticleQA.from_text(FAMILY, embedder=embedder, cache_dir=cache_dir)
    anna = engine.ask("how old is anna?")
    assert anna.short == "41" and "Anna, 41" in anna.citations[0].quote
    assert engine.ask("How old is Tom Berg?").short == "44"


def test_how_old_is_answered_by_an_age_clause_after_the_name(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "New coach for Riverside\n\n"
        "Riverside named Marta Quintero as head coach on Monday, with a two-year contract."
        "\n\nQuintero, who turns 47 next month, has coached since 2004, when 12 clubs"
        " competed.\n\nRiverside, aged 90 this season, is the oldest club.\n",
        embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("how old is quintero?")
    assert answer.short == "47" and "who turns 47" in answer.citations[0].quote


def test_how_old_is_refused_when_the_article_gives_no_age_of_that_person(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Verdict in Shelton\n\n"
        "Judge Maria Ellis sentenced Dan Price, 19, who goes by Danny Ray, to two years on"
        " Friday.\n\n"
        "The court heard from Price's coach, Rob Tan, who praised him.\n\n"
        "Rob Tan died in March. He was 71.\n",
        embedder=embedder, cache_dir=cache_dir)
    assert engine.ask("how old is dan price?").short == "19"
    # By the other name he goes by, written as the article writes names.
    other_name = engine.ask("how old is danny ray?")
    assert other_name.short == "19" and other_name.query == "how old is Danny Ray?"
    # "He was 71" is the age of the person its "he" refers to.
    assert engine.ask("how old was rob tan?").short == "71"
    # No age of the judge, named or by her role: the others' ages do not answer.
    for question in ("how old is the judge?", "how old is maria ellis?"):
        assert not engine.ask(question).found, question
    # An age with no name may be anyone's: "the 61-year-old" is then the answer.
    unnamed = ArticleQA.from_text(
        "New health chief\n\nTom Dale will lead the health department, a source said.\n\n"
        "Reports said the 61-year-old former senator would be the choice.\n",
        embedder=embedder, cache_dir=cache_dir)
    assert "61-year-old" in unnamed.ask("how old is tom dale?").citations[0].quote


def test_how_old_finds_the_age_where_retrieval_does_not(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "New heart unit opens\n\n"
        "Dr. Lena Ortiz opened the city's first heart unit on Monday. The unit has 40 beds"
        " and two operating rooms.\n\n"
        "Ortiz said the unit would cut waiting times for heart surgery by half. Patients"
        " waited eight months last year.\n\n"
        "The hospital board approved the unit in 2019 after a long campaign by doctors and"
        " patients.\n\n"
        "Ortiz, 52, trained in Madrid and Boston before she joined the hospital in 2001.\n",
        embedder=embedder, cache_dir=cache_dir).with_settings(top_k=1)
    # The one passage retrieved is the first; the age is written in the last.
    assert engine.ask("how old is ortiz?").short == "52"


def test_who_may_be_answered_by_an_organisation(embedder, cache_dir):
    engine = ArticleQA.from_text(POLL, embedder=embedder, cache_dir=cache_dir)
    # Not led by the sentence before, which names a person.
    poll = engine.ask("who did the poll?")
    assert [c.quote[:14] for c in poll.citations] == ["A Gallup poll "]


def test_who_did_something_is_the_subject_of_the_verb_in_either_voice(embedder, cache_dir):
    engine = ArticleQA.from_text(SIGNED, embedder=embedder, cache_dir=cache_dir)
    # Not the sentence of the murder, which names people too.
    signed = engine.ask("who signed the agreement?")
    assert signed.short == "The presidents of Sudan and Chad"
    assert engine.ask("who murdered lena moss?").short == "followers of Victor Crane"
    # A conjoined verb shares its subject.
    assert engine.ask("who married paul kern?").short == "The actress Lena Moss"


def test_what_is_answered_by_the_argument_of_the_verb_in_its_place(embedder, cache_dir):
    engine = ArticleQA.from_text(GUARD, embedder=embedder, cache_dir=cache_dir)
    # Not the lead, which says "convicted" and his full name.
    convicted = engine.ask("what was olsen convicted of?")
    assert convicted.short.startswith("smuggling phones")
    assert engine.ask("what were the inmates exposed to?").short == "drugs and weapons"


def test_the_argument_of_the_verb_keeps_its_hyphenated_words_whole(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Darfur conflict\n\nThe government of Sudan has waged a brutal counter-insurgency"
        " against militias for the past six years.\n\nAid groups have left the region.\n",
        embedder=embedder, cache_dir=cache_dir)
    # The parse ends the object at "counter".
    assert engine.ask("what has the government waged?").short == "a brutal counter-insurgency"


def test_where_is_answered_by_the_place_of_the_verb(embedder, cache_dir):
    engine = ArticleQA.from_text(NURSES, embedder=embedder, cache_dir=cache_dir)
    # A place that is no named entity: where "work" is done.
    assert engine.ask("where do most nurses work?").short == "care homes"


def test_the_place_of_the_verb_answers_where_as_a_named_place_would(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Engineers in demand\n\n"
        "Consultant engineers most typically work on oil platforms, a survey found.\n\n"
        "Traditionally consultant engineers were independent owners, though in Norway many"
        " now work for large firms.\n",
        embedder=embedder, cache_dir=cache_dir)
    # Not the sentence that names a place: where "work" is done, through "tend to".
    answer = engine.ask("where do a majority of consultant engineers tend to work?")
    assert answer.short == "oil platforms"


def test_which_x_is_answered_by_a_name_written_next_to_x(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Fruit company fined\n\n"
        "A Justice Department spokesman said on Tuesday that banana producer Chiquita will"
        " pay a $25 million fine.\n\nThe banana producer has paid fines before.\n",
        embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("which banana producer is this?")
    assert "Chiquita" in answer.citations[0].quote


def test_a_persons_nationality_is_the_nation_a_description_of_them_names(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Cameraman freed\n\n"
        "Norwegian officials welcomed the release of cameraman Ivo al-Karim on Friday."
        "\n\nThe plane also carried a Chilean national, the airline said."
        "\n\nAl-Karim, a Bolivian citizen in his forties, was held for three years.\n",
        embedder=embedder, cache_dir=cache_dir)
    # Not the first nation named, nor another man's; "Al-Karim" is "Ivo al-Karim".
    answer = engine.ask("what is al-karim's nationality?")
    assert answer.found and "Bolivian" in answer.short


def test_the_name_of_something_is_answered_by_a_sentence_holding_a_name(embedder, cache_dir):
    engine = ArticleQA.from_text(TOUR, embedder=embedder, cache_dir=cache_dir)
    # The first sentence says more of the question's words but names no band.
    answer = engine.ask("what is the name of the band that was touring?")
    assert answer.found and "Rainbow" in answer.citations[0].quote


def test_the_name_of_a_work_may_be_a_quoted_title(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Senator writes on health\n\nTom Dale will lead the health department.\n\n"
        "He recently wrote a book on health care titled “Critical: What We Can Do About the Health Care Crisis.”\n",
        embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("what is the name of dale's book?")
    assert answer.found and "Critical" in answer.citations[0].quote


def test_how_much_may_be_answered_by_a_word_how_many_only_by_a_number(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Review questions flexible labour markets\n\n"
        "The review found little support for the view that flexible labour markets improve"
        " outcomes.\n\nUnions said the findings were welcome.\n",
        embedder=embedder, cache_dir=cache_dir)
    much = engine.ask("how much support did the review find for flexible labour markets?")
    assert much.found and "little support" in much.citations[0].quote
    assert not engine.ask("how many reviews found support for flexible labour markets?").found


def test_lists_of_places(engine):
    answer = engine.ask("list the cities mentioned")
    assert answer.found
    assert "Baghdad" in " ".join(quotes(answer))
    # Each item is cited where the body first names it, never in the headline.
    countries = engine.ask("list the countries mentioned")
    headline = engine.index.sentences[0].text
    assert countries.found and headline not in quotes(countries)


def test_it_first_of_all_is_what_the_article_is_about(storm):
    answer = storm.ask("when did it happen?")
    assert answer.found and "Monday" in answer.citations[0].quote
    assert "Storm closes schools" in answer.query
    # A question with a noun of its own is left as it is.
    assert storm.ask("when did the crews clear it?").query == "when did the crews clear it?"


def test_what_an_acronym_is_cites_where_the_article_spells_it_out(engine):
    answer = engine.ask("what is the PMF?")
    assert answer.found
    assert any("Popular Mobilization Forces (PMF)" in q for q in quotes(answer))


def test_a_who_answer_saying_she_also_cites_where_she_is_named(embedder, cache_dir):
    engine = ArticleQA.from_text(
        "Chess champion retires\n\nMaria Petrova announced her retirement on Friday.\n\n"
        "The decision surprised the chess world.\n\n"
        "She won the world title three times, in 2009, 2013 and 2016.\n",
        embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("Who won the world title three times?")
    assert answer.found and "She won" in " ".join(quotes(answer))
    assert "Maria Petrova" in quotes(answer)[0]


def test_what_happened_asks_for_an_event_not_for_the_word_happen(engine):
    answer = engine.ask("what happened on sunday?")
    assert answer.found and "adopted by the Iraqi parliament" in answer.citations[0].quote


def test_it_in_a_follow_up_is_what_the_last_answer_told(embedder, cache_dir):
    engine = ArticleQA.from_text(DRONE, embedder=embedder, cache_dir=cache_dir)
    first = engine.ask("who killed nasser?")
    assert first.citations[0].quote.startswith("Two militia commanders")
    # The protests repeat "killing of Nasser" and name cities; the strike was near Mosul.
    where = engine.ask("where did it happen?", [first])
    assert where.found and where.short == "Mosul"
    when = engine.ask("and when was that?", [first])
    assert when.found and when.short == "Friday"


def test_a_dateline_says_where_the_story_was_filed_not_where_anything_happened(
        embedder, cache_dir):
    engine = ArticleQA.from_text(BAIL, embedder=embedder, cache_dir=cache_dir)
    answer = engine.ask("where does michael vick live?")
    assert answer.found and answer.short == "Surry County"
