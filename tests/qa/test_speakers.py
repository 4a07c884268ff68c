"""Reported speech is attributed to its speaker, including "he said" and continued quotes."""

from index.types import Sentence
from qa.speakers import attribute


def sentences(*texts, doc_id="d"):
    return [Sentence(doc_id, i, text, 0, len(text)) for i, text in enumerate(texts)]


def test_named_pronoun_and_quoted_continuations():
    speakers = attribute(
        sentences(
            "The vote was historic, analyst Jane Doe said.",
            "“It changes everything,” she said.",
            "“Nobody expected it.”",
            "The parliament met on Sunday.",
            "Easier said than done: a headline.",
            "“We will stay,” said John Smith, who met Doe and Smith later.",
        )
    )
    assert speakers == ["Jane Doe", "Jane Doe", "Jane Doe", None, None, "John Smith"]


def test_listener_is_not_the_speaker():
    speakers = attribute(sentences("“It began there,” Davies told RT.", "Davies and RT agreed."))
    assert speakers[0] == "Davies"


def test_attribution_does_not_cross_documents():
    first = sentences("The plan may fail, Jane Doe warned.", doc_id="a")
    second = [Sentence("b", 1, "“It will not,” he said.", 0, 23)]
    assert attribute(first + second) == ["Jane Doe", None]
