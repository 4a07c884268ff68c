"""The /chat API of the running server, called as a program calls it (gradio_client)."""

from __future__ import annotations

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from ui.render import answer_text


@pytest.fixture(scope="module")
def client(server) -> Client:
    return Client(server.url, verbose=False)


def test_chat_returns_the_same_answer_as_the_python_api(client, engine):
    expected = engine.ask("What did Maloof warn?")
    reply = client.predict("What did Maloof warn?", api_name="/chat")
    assert expected.found and "might still flop" in expected.text
    assert reply.split("\n\n")[0] == expected.text
    assert reply == answer_text(expected)
    for citation in expected.citations:
        assert f'[{citation.n}] "{citation.quote}"' in reply


def test_chat_takes_earlier_questions_as_history(client, engine):
    history = ["Who is Andre Vltchek?"]
    expected = engine.ask("What did he say about the US Army?", history)
    reply = client.predict("What did he say about the US Army?", history, api_name="/chat")
    assert reply.split("\n\n")[0] == expected.text
    assert "We never saw the US Army depart" in reply
    assert "(searched for: What did Andre Vltchek say about the US Army?)" in reply


def test_chat_says_when_the_article_does_not_answer(client, engine):
    expected = engine.ask("What is the capital of France?")
    reply = client.predict(message="What is the capital of France?", api_name="/chat")
    assert not expected.found
    assert reply.startswith(expected.text)
    assert "Related passages (not an answer):" in reply
    assert '[1] "' not in reply


def test_chat_reports_an_empty_question(client):
    with pytest.raises(AppError, match="question is empty"):
        client.predict("   ", api_name="/chat")
