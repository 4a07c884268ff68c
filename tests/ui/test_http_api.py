"""The JSON HTTP API on the real engine: answers, articles, and 4xx JSON for every kind of bad input."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.server import served, wait_for_workers
from qa.library import Library
from ui.http_api import MAX_BODY_BYTES, build_api, with_chat

STORY = (
    "Storm closes schools\n\nHeavy snow closed every school in the county on Monday, the mayor said.\n\n"
    "The mayor said buses would run again on Wednesday if the roads were cleared in time."
)


@pytest.fixture(scope="module")
def client(embedder, tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("api-store"), embedder=embedder)
    with TestClient(build_api(library), raise_server_exceptions=False) as client:
        yield client


def as_json(answer) -> dict:
    return json.loads(json.dumps(answer.to_dict()))


def test_ask_returns_the_engines_answer_as_json(client, engine):
    response = client.post("/v1/ask", json={"question": "What did Maloof warn?"})
    assert response.status_code == 200
    expected = as_json(engine.ask("What did Maloof warn?"))
    assert response.json() == expected | {"timings_ms": response.json()["timings_ms"]}


def test_follow_ups_use_the_history(client, engine):
    body = {"question": "What did he say about the US Army?", "history": ["Who is Andre Vltchek?"]}
    answer = client.post("/v1/ask", json=body).json()
    expected = engine.ask(body["question"], body["history"])
    assert answer["query"] == expected.query and answer["citations"] == as_json(expected)["citations"]


def test_earlier_answers_sent_back_as_history_resolve_follow_ups(client):
    first = client.post("/v1/ask", json={"question": "Who is Andre Vltchek?"}).json()
    body = {"question": "What did he say about the US Army?"}
    by_answer = client.post("/v1/ask", json=body | {"history": [first]}).json()
    by_question = client.post("/v1/ask", json=body | {"history": [first["question"]]}).json()
    assert by_answer["query"] == "What did Andre Vltchek say about the US Army?"
    assert by_answer["citations"] == by_question["citations"]


def test_an_added_article_is_listed_and_answers(client):
    added = client.post("/v1/articles", json={"text": STORY})
    assert added.status_code == 201
    doc_id = added.json()["doc_id"]
    assert doc_id in [a["doc_id"] for a in client.get("/v1/articles").json()["articles"]]
    answer = client.post("/v1/ask", json={"question": "When will the buses run again?", "articles": [doc_id]})
    assert answer.status_code == 200
    data = answer.json()
    assert data["found"] and "Wednesday" in data["text"]
    assert {c["doc_id"] for c in data["citations"]} == {doc_id}


@pytest.mark.parametrize(
    "path, body, status, message",
    [
        ("/v1/ask", {"question": "   "}, 400, "question is empty"),
        ("/v1/ask", {"question": "x" * 5000}, 400, "limit"),
        ("/v1/ask", {"question": 42}, 422, "question"),
        ("/v1/ask", {}, 422, "question: Field required"),
        ("/v1/ask", {"question": "Who?", "history": "Who?"}, 422, "history"),
        ("/v1/ask", {"question": "Who?", "history": [{"question": "Who?"}]}, 422, "query"),
        ("/v1/ask", {"question": "Who?", "articles": ["no-such-id"]}, 404, "no-such-id"),
        ("/v1/ask", {"question": "Who?", "articles": []}, 422, "articles"),
        ("/v1/ask", {"question": "Who?", "colour": "red"}, 422, "colour"),
        ("/v1/articles", {"text": "Home | News | Sport"}, 422, "no article text"),
        ("/v1/articles", {"title": "no text"}, 422, "text"),
    ],
)
def test_bad_input_is_a_4xx_json_error(client, path, body, status, message):
    response = client.post(path, json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_malformed_and_oversize_bodies_are_refused(client):
    broken = client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert broken.status_code == 422 and "error" in broken.json()
    huge = client.post("/v1/articles", json={"text": "word " * MAX_BODY_BYTES})
    assert huge.status_code == 413 and "bytes" in huge.json()["error"]


def test_health_and_openapi_docs(client):
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/v1/ask", "/v1/articles", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_the_chat_mounts_beside_the_api(embedder, engine, tmp_path):
    app = with_chat(build_api(Library(tmp_path, embedder=embedder)), engine)
    with TestClient(app) as client:
        assert client.get("/chat/").status_code == 200
        assert client.get("/healthz").json()["status"] == "ok"


def test_workers_share_one_postgresql_store(postgres_url, tmp_path):
    """Two uvicorn workers: an article added through one is answered by whichever gets the question."""
    with served(tmp_path, tmp_path / "api.log", command=("api", "--workers", "2"),
                options=("--store", postgres_url), ready="healthz") as app:
        assert len(wait_for_workers(app.url, 2, timeout=120)) == 2
        added = httpx.post(f"{app.url}v1/articles", json={"text": STORY}, timeout=120)
        assert added.status_code == 201, added.text
        doc_id = added.json()["doc_id"]
        for _ in range(6):
            answer = httpx.post(f"{app.url}v1/ask", timeout=60,
                                json={"question": "Who closed the schools?", "articles": [doc_id]})
            assert answer.status_code == 200, answer.text
            assert {c["doc_id"] for c in answer.json()["citations"]} == {doc_id}
