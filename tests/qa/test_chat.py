"""Follow-up questions are rewritten into standalone ones; standalone ones are left alone."""

import pytest

from qa.chat import resolve


@pytest.mark.parametrize(
    "question, history, expected",
    [
        ("What did he say about the US Army?", ["Who is Andre Vltchek?"],
         "What did Andre Vltchek say about the US Army?"),
        ("And according to him, who invited the US troops?",
         ["What did Davies say about international law?"],
         "And according to Davies, who invited the US troops?"),
        ("What was his warning?", ["Who is Michael Maloof?"], "What was Michael Maloof’s warning?"),
        ("And what about Kurdistan?", ["What did Vltchek say about the US Army?"],
         "What did Vltchek say about Kurdistan?"),
        ("what about Davies?", ["Who is Andre Vltchek?"], "Who is Davies?"),
        ("Why?", ["What did Maloof warn?"], "Why did Maloof warn?"),
        ("Why does he think it could fail?", ["What did Maloof warn?"],
         "Why does Maloof think it could fail?"),
        # The name comes from the latest turn that has one, across several turns.
        ("Where does he work?", ["Who is Andre Vltchek?", "What did he say about the army?"],
         "Where does Andre Vltchek work?"),
    ],
)
def test_follow_ups_become_standalone(question, history, expected):
    assert resolve(question, history) == expected


@pytest.mark.parametrize(
    "question, history",
    [
        ("Who is Pompeo?", ["Who is Andre Vltchek?"]),
        ("What did Maloof warn?", []),
        ("What did he say?", None),
        ("When was the resolution adopted?", ["", "   "]),
    ],
)
def test_standalone_questions_are_left_alone(question, history):
    assert resolve(question, history) == question
