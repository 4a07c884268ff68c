"""Articles from JSON Lines files: one ``{"id": ..., "text": ...}`` object per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from index.clean import clean
from index.errors import ArticleReadError
from index.read import read_articles
from index.types import Document

SUFFIX = ".jsonl"


def read_jsonl(path: str | Path) -> list[dict]:
    """The ``{"id", "text", "source"}`` records of a JSON Lines file of articles, in order.

    Raises:
        ArticleReadError: If the file cannot be read or a line is not such an object.
    """
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleReadError(f"cannot read {path}: {exc}") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            record = {"id": str(item["id"]), "text": item["text"], "source": f"{path}#{item['id']}"}
        except (ValueError, KeyError, TypeError) as exc:
            raise ArticleReadError(f"{path}, line {number}: not an object with id and text ({exc})") from exc
        if not isinstance(record["text"], str):
            raise ArticleReadError(f"{path}, line {number}: text is not a string")
        records.append(record)
    return records


def document_of(record: dict) -> Document:
    """The cleaned article of one :func:`read_jsonl` record."""
    return clean(record["text"], doc_id=record["id"], source=record["source"])


def read_sources(paths: Iterable[str | Path]) -> list[Document]:
    """Articles from ``.jsonl`` files (first, in order), then from other files and folders.

    Raises:
        ArticleReadError: If a file is missing or unreadable.
        EmptyArticleError: If no article has any prose.
    """
    paths = [Path(p) for p in paths]
    documents = [
        document_of(record)
        for path in paths
        if path.suffix.lower() == SUFFIX
        for record in read_jsonl(path)
    ]
    others = [p for p in paths if p.suffix.lower() != SUFFIX]
    return documents + (read_articles(others) if others else [])
