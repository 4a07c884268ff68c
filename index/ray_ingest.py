"""Ingestion spread over Ray: Ray Data ``map_batches`` cleans, chunks and embeds; workers write to PostgreSQL.

Each worker is an actor that loads the model once and writes its batches straight into the
store (one transaction per article, under the article's advisory lock), so only counts
travel back to the driver. Locally, Ray starts on this machine's cores.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

from index.article_index import Chunking
from index.embed import Embedder, document_embedding
from index.jsonl import SUFFIX, document_of, read_jsonl
from index.pg_store import PostgresStore
from index.read import read_article

log = logging.getLogger("article_qa")

# Articles per batch: big enough that embedding batches fill (a story is ~40 texts), small
# enough that the workers share the work evenly.
BATCH_ARTICLES = 16


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingestion saw and did."""

    articles: int
    changed: int


class _Ingester:
    """One Ray worker: the model, loaded once, and a connection to the store."""

    def __init__(self, store_url: str, chunking: dict, embedder: Callable[[], Embedder]) -> None:
        # One thread per worker: Ray gives each worker one core.
        import torch

        torch.set_num_threads(1)
        self._embedder = embedder()
        document_embedding(self._embedder)(["load the model once, here"])
        self._store = PostgresStore(store_url)
        self._chunking = Chunking(**chunking)

    def __call__(self, batch: dict) -> dict:
        documents = [
            document_of({"id": i, "text": t, "source": s}) if p == "" else read_article(p)
            for p, i, t, s in zip(batch["path"], batch["id"], batch["text"], batch["source"])
        ]
        changed = self._store.add(documents, self._embedder, self._chunking)
        return {"articles": [len(documents)], "changed": [changed]}


def sources(paths: Sequence[str | Path]) -> list[dict]:
    """One item per article: a file's path, or a ``.jsonl`` record's id, text and source."""
    items = []
    for path in map(Path, paths):
        if path.suffix.lower() == SUFFIX:
            items += [{"path": "", **record} for record in read_jsonl(path)]
        elif path.is_dir():
            items += [{"path": str(p), "id": "", "text": "", "source": ""} for p in sorted(path.rglob("*"))
                      if p.is_file() and p.suffix.lower() in (".txt", ".md", ".html", ".htm")]
        else:
            items.append({"path": str(path), "id": "", "text": "", "source": ""})
    return items


def ingest(
    paths: Sequence[str | Path],
    store_url: str,
    embedder: Callable[[], Embedder],
    chunking: Chunking = Chunking(),
    *,
    address: str | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Add the articles under ``paths`` to the PostgreSQL store at ``store_url`` with Ray.

    Args:
        paths: Article files, folders of them, and ``.jsonl`` files.
        store_url: A ``postgresql://`` URL every worker can reach.
        embedder: Makes the embedder, once in each worker (a class or function Ray can ship).
        chunking: How articles are cut into passages.
        address: A running Ray cluster (``ray://host:10001`` or ``auto``); default: start
            Ray on this machine.
        workers: How many worker actors (default: one per CPU Ray sees).

    Raises:
        ImportError: If Ray is not installed.
    """
    try:
        import ray
    except ImportError as exc:
        raise ImportError("ingesting with Ray needs: pip install 'article-qa[ray]'") from exc
    items = sources(paths)
    if not items:
        return IngestReport(0, 0)
    PostgresStore(store_url).close()  # fail fast, and migrate once, before starting workers
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING, **({} if address else {"num_cpus": os.cpu_count()}))
    try:
        workers = workers or max(1, int(ray.available_resources().get("CPU", 1)))
        ray.data.DataContext.get_current().enable_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        counts = (
            ray.data.from_items(items)
            .map_batches(
                _Ingester,
                fn_constructor_args=(store_url, asdict(chunking), embedder),
                batch_size=BATCH_ARTICLES,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=workers),
                num_cpus=1,
            )
            .take_all()
        )
    finally:
        if started_here:
            ray.shutdown()
    return IngestReport(sum(int(r["articles"]) for r in counts), sum(int(r["changed"]) for r in counts))
