"""Ray ingestion on a local Ray with 2 workers writes the same rows as the single-process path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.article_index import Chunking
from index.jsonl import read_sources
from index.pg_store import PostgresStore
from index.ray_ingest import ingest
from index.st_embed import SentenceTransformerEmbedder

# The 1,000 CNN stories live beside the project, never inside it.
NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "newsqa" / "news-1000.jsonl"
STORIES = 6


@pytest.fixture(scope="module")
def news_slice(tmp_path_factory) -> Path:
    if not NEWS.exists():
        pytest.skip(f"{NEWS} is not there")
    lines = NEWS.read_text("utf-8").splitlines()[:STORIES]
    path = tmp_path_factory.mktemp("news") / "news-slice.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def rows(store: PostgresStore):
    """Every stored passage and sentence with its article, offsets, text and vector."""
    return {
        table: store._database.execute(
            f"SELECT d.doc_id, t.ordinal, t.start_char, t.end_char, t.text, t.embedding"
            f" FROM {table} t JOIN documents d ON d.id = t.document ORDER BY 1, 2"
        )
        for table in ("passages", "sentences")
    }


def vector(value) -> np.ndarray:
    return value if isinstance(value, np.ndarray) else value.to_numpy()


def test_ray_with_two_workers_writes_what_one_process_writes(news_slice, postgres_server, embedder, tmp_path):
    from eval.postgres import create_database

    single = PostgresStore(create_database(postgres_server, "single_process"))
    single.add(read_sources([news_slice]), embedder, Chunking())
    url = create_database(postgres_server, "ray_ingested")

    report = ingest([news_slice], url, SentenceTransformerEmbedder, workers=2)
    assert (report.articles, report.changed) == (STORIES, STORIES)
    again = ingest([news_slice], url, SentenceTransformerEmbedder, workers=2)
    assert (again.articles, again.changed) == (STORIES, 0)

    distributed = PostgresStore(url)
    assert distributed.counts() == single.counts()
    assert sorted(a.doc_id for a in distributed.articles()) == sorted(a.doc_id for a in single.articles())
    expected, found = rows(single), rows(distributed)
    for table in expected:
        assert [r[:5] for r in found[table]] == [r[:5] for r in expected[table]]
        # Other batches pad texts differently: the same vectors up to float rounding.
        np.testing.assert_allclose(
            np.stack([vector(r[5]) for r in found[table]]),
            np.stack([vector(r[5]) for r in expected[table]]),
            atol=1e-5,
        )
