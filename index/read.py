"""Read article files from disk into cleaned documents."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

from index.clean import clean
from index.errors import ArticleReadError
from index.html import HTML_SUFFIXES, read_html
from index.types import Document

log = logging.getLogger("article_qa")

ARTICLE_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)
# Text that is not UTF-8 is decoded as Windows-1252, the usual legacy encoding of news
# pages; bytes it cannot map become U+FFFD so nothing is silently dropped.
FALLBACK_ENCODING = "cp1252"


def read_articles(paths: Iterable[str | Path]) -> list[Document]:
    """Read and clean every article file in ``paths`` (folders are searched for .txt/.md).

    Raises:
        ArticleReadError: If a path does not exist or no file can be read.
    """
    documents = []
    for path in _expand(paths):
        documents.append(read_article(path))
    return documents


def read_article(path: str | Path) -> Document:
    """Read and clean one article file.

    Raises:
        ArticleReadError: If it cannot be read or is not text.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleReadError(f"article not found: {path}") from None
    except OSError as exc:
        raise ArticleReadError(f"cannot read article {path}: {exc.strerror or exc}") from None
    if path.suffix.lower() in HTML_SUFFIXES:
        return read_html(data, path)
    if b"\x00" in data:
        raise ArticleReadError(f"{path} is a binary file, not article text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s is not UTF-8; decoding it as %s", path, FALLBACK_ENCODING)
        text = data.decode(FALLBACK_ENCODING, errors="replace")
    return clean(text, source=str(path))


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise ArticleReadError(f"no {'/'.join(ARTICLE_SUFFIXES)} files in {path}")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise ArticleReadError(f"article not found: {path}")
    if not files:
        raise ArticleReadError("no article given")
    return files
