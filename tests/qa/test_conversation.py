"""Follow-ups are made standalone from the conversation: earlier questions and answers."""

import pytest


@pytest.mark.parametrize(
    "question, history, expected",
    [
        ("What did he say about the US Army?", ["Who is Andre Vltchek?"],
         "What did Andre Vltchek say about the US Army?"),
        ("And according to him, who invited the US troops?",
         ["What did Davies say about international law?"],
         "And according to Nicolas J.S. Davies, who invited the US troops?"),
        ("What was his warning?", ["Who is Michael Maloof?"], "What was Michael Maloof’s warning?"),
        ("And what about Kurdistan?", ["What did Vltchek say about the US Army?"],
         "What did Vltchek say about Kurdistan?"),
        ("what about Davies?", ["Who is Andre Vltchek?"], "Who is Davies?"),
        ("and Maloof?", ["What did Vltchek say about the US Army?"],
         "What did Vltchek say about Maloof?"),
        ("Why?", ["What did Maloof warn?"], "Why did Maloof warn?"),
        ("and what does he think will happen?", ["what's maloof's background?"],
         "and what does Michael Maloof think will happen?"),
        # The person comes from the latest turn that has one, across several turns.
        ("Where does he work?", ["Who is Andre Vltchek?", "What did he say about the army?"],
         "Where does Andre Vltchek work?"),
        # A turn without a name of its own: the person comes from the previous answer.
        ("What else did he say?", ["Who warned that the effort might flop?"],
         "What else did Michael Maloof say?"),
        # "they" with no noun of its own: the previous question joins the search.
        ("where are they?", ["why are US troops in Iraq?"],
         "where are they? (why are US troops in Iraq?)"),
        # A misspelt name is written as the article writes it.
        ("who is pompeio?", [], "who is Pompeo?"),
        # The person the question named, not the first one its answer names (Soleimani).
        ("what was his role?", ["who is muhandis"], "what was Abu Mahdi al-Muhandis’s role?"),
    ],
)
def test_follow_ups_become_standalone(engine, question, history, expected):
    assert engine.ask(question, history).query == expected


@pytest.mark.parametrize(
    "question, history",
    [
        # The question names its own subject: "his" is Pompeo, not the earlier Vltchek.
        ("What did Pompeo say about his critics?", ["Who is Andre Vltchek?"]),
        ("Who is Pompeo?", ["Who is Andre Vltchek?"]),
        ("What did Maloof warn?", []),
        ("What did he say?", None),
        ("When was the resolution adopted?", ["", "   "]),
    ],
)
def test_questions_with_their_own_subject_are_left_alone(engine, question, history):
    assert engine.ask(question, history).query == question


def test_it_points_at_the_previous_answer(engine):
    first = engine.ask("Where did the airstrike take place?")
    follow_up = engine.ask("when did it happen?", ["Where did the airstrike take place?"])
    assert follow_up.found
    assert "Where did the airstrike take place?" in follow_up.query
    assert follow_up.citations[0].quote == first.citations[0].quote


def test_the_author_is_the_article_voice_next_to_the_previous_answer(engine):
    answer = engine.ask("what did the author think of that?",
                        ["How did Pompeo justify keeping US troops in Iraq?"])
    assert answer.found
    quote = answer.citations[0].quote
    sentence = next(s for s in engine.index.sentences if s.text == quote)
    assert engine.index.facts[sentence.sentence_id].speaker is None


def quoted(answer):
    return [c.quote for c in answer.citations]


@pytest.mark.parametrize("more", ["tell me more", "Anything else?", "go on please"])
def test_tell_me_more_asks_again_for_what_was_not_shown(engine, more):
    first = engine.ask("What did Maloof say?")
    again = engine.ask(more, ["What did Maloof say?"])
    assert again.found and again.query == "What did Maloof say?"
    assert not set(quoted(again)) & set(quoted(first))
    assert all("Maloof" in q or q.startswith("“") for q in quoted(again))


def test_what_else_never_repeats_and_ends_when_nothing_is_left(engine):
    history = ["What did Maloof say?"]
    seen = set(quoted(engine.ask(history[0])))
    for _ in range(6):
        answer = engine.ask("what else did he say?", history)
        if not answer.found:
            break
        assert not set(quoted(answer)) & seen
        seen |= set(quoted(answer))
        history.append("what else did he say?")
    assert not answer.found  # Maloof's statements run out
    assert answer.text == "The article says nothing more about this."


@pytest.mark.parametrize("question", [
    "what is this article about?", "Summarize the article.", "give me a summary",
    "what happened?",
])
def test_what_the_article_is_about_is_its_lead(engine, question):
    answer = engine.ask(question)
    title = next(iter(engine.index.documents.values())).title_span
    body = [s for s in engine.index.sentences if not title.start <= s.start < title.end]
    assert answer.found
    assert quoted(answer) == [s.text for s in body[: len(answer.citations)]]
    rest = engine.ask("tell me more", [question])
    assert rest.found and not set(quoted(rest)) & set(quoted(answer))


def test_earlier_answers_as_history_resolve_as_their_questions_do(engine):
    questions = ["Who is Andre Vltchek?", "What did he say about the US Army?"]
    answers = []
    for question in questions:
        answers.append(engine.ask(question, answers))
    assert answers[1].query == "What did Andre Vltchek say about the US Army?"
    follow_up = "Who did he talk to?"
    assert engine.ask(follow_up, answers) == engine.ask(follow_up, questions)
