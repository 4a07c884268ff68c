"""Articles as people give them: files, folders, an uploaded file or pasted text, cleaned.

The chat page reads what people add through here (the UI may not import ``index``).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from index.clean import clean
from index.errors import ArticleReadError, EmptyArticleError
from index.read import ARTICLE_SUFFIXES, decode, read_article, read_articles
from index.types import Document

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_PASTE_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_UPLOAD_BYTES",
    "Document",
    "clean",
    "from_paste",
    "from_upload",
    "read_articles",
]

# Embedding is the cost of a new article (~40 texts per 800 words); 2 MB of text is about
# 2,000 passages and sentences per 100 KB, so the largest upload is a few minutes to index.
MAX_UPLOAD_BYTES = 2_000_000
MAX_PASTE_CHARS = 2_000_000
MAX_TITLE_CHARS = 300


def from_upload(path: str | os.PathLike, name: str | None = None) -> Document:
    """The article in an uploaded file; ``name`` (the file's own name) becomes its source.

    Raises:
        ArticleReadError: If the file is of another kind, too large, binary or unparsable.
        EmptyArticleError: If it is empty or holds no prose.
    """
    path = Path(path)
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleReadError(
            f"{name}: unsupported file type; upload {', '.join(ARTICLE_SUFFIXES)} or paste the text"
        )
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise ArticleReadError(
            f"{name} is {size / 1e6:,.1f} MB; the limit for an upload is {MAX_UPLOAD_BYTES / 1e6:,.0f} MB"
        )
    try:
        document = read_article(path)
    except (ArticleReadError, EmptyArticleError) as exc:
        # The temporary upload path means nothing to the person: name their file instead.
        raise type(exc)(str(exc).replace(str(path), name)) from None
    return replace(document, source=name)


def from_paste(text: str, title: str | None = None) -> Document:
    """The article in pasted text, with an optional title that overrides the detected one.

    Raises:
        ValueError: If the text or the title is too long.
        ArticleReadError: If the text is not text (control characters).
        EmptyArticleError: If it is empty or holds no prose.
    """
    text = text or ""
    title = " ".join((title or "").split()) or None
    if not text.strip():
        raise EmptyArticleError("paste the article's text first")
    if len(text) > MAX_PASTE_CHARS:
        raise ValueError(f"the pasted text is {len(text):,} characters; the limit is {MAX_PASTE_CHARS:,}")
    if title and len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"the title is {len(title):,} characters; the limit is {MAX_TITLE_CHARS}")
    decode(text.encode("utf-8", errors="replace"), "the pasted text")  # refuses binary junk
    document = clean(text, source="pasted text")
    if not document.body:
        raise EmptyArticleError("no article text found in the pasted text: only headlines, links or boilerplate")
    if title:
        document = replace(document, title=title, title_span=None)
    return document
