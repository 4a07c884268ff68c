"""Chat forms of a gold question: what people type instead of the formal question."""

import pytest

from eval.chat_forms import rewrite


@pytest.mark.parametrize("form, typed", [
    ("chat-lowercase", "what did michael maloof warn"),
    ("chat-request", "can you tell me what did Michael Maloof warn?"),
    ("chat-typo", "What did Mihcael Maloof warn?"),
])
def test_each_form_of_a_question(form, typed):
    assert rewrite(form, "What did Michael Maloof warn?") == typed


def test_a_question_without_a_long_name_has_no_typo():
    assert rewrite("chat-typo", "Who won?") == "Who won?"


def test_an_unknown_form_is_an_error():
    with pytest.raises(ValueError, match="unknown chat form"):
        rewrite("chat-shouting", "Who won?")
