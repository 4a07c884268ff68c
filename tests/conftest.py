"""Session-wide fixtures: the real model and the real index over the real article, built once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
def article_text() -> str:
    return default_article_path().read_text("utf-8")


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
