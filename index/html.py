"""Read an HTML page into a document: trafilatura finds the article body, title and date.

An HTML document's ``text`` is the plain text trafilatura extracts from the page (one line per
paragraph), not the markup: every passage and citation offset refers to that text, and
``source`` stays the file's path. Cleaning then selects the prose paragraphs of the extracted
text by the same rules as for plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path

from index.clean import clean
from index.errors import ArticleReadError
from index.types import Document, Span

log = logging.getLogger("article_qa")

HTML_SUFFIXES = (".html", ".htm")


def read_html(data: bytes, path: str | Path = "page.html") -> Document:
    """Extract and clean the article in an HTML page.

    Args:
        data: The page as read from disk (trafilatura detects its encoding).
        path: Where it came from, kept as the document's ``source``.

    Returns:
        A :class:`Document` over the extracted text; its ``body`` is empty when the page has
        no article text.

    Raises:
        ArticleReadError: If trafilatura is not installed.
    """
    try:
        import trafilatura
    except ImportError as exc:
        raise ArticleReadError(f"reading HTML needs trafilatura: pip install trafilatura ({exc})") from exc
    # Comments and tables are not the article's prose; metadata gives the title and date.
    extracted = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    title = _metadata(extracted, "title")
    date = _metadata(extracted, "date")
    document = clean(text, source=str(path))
    title_span = _line_span(text, title) if title else document.title_span
    body = tuple(span for span in document.body if span != title_span)
    return Document(
        doc_id=document.doc_id,
        text=text,
        title=title or document.title,
        date=date or document.date,
        body=body,
        title_span=title_span,
        date_span=document.date_span,
        source=str(path),
    )


def _metadata(extracted, name: str) -> str | None:
    value = getattr(extracted, name, None) if extracted is not None else None
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _line_span(text: str, line: str) -> Span | None:
    """The span of the first line of ``text`` that reads ``line`` (whitespace aside)."""
    wanted = " ".join(line.split())
    start = 0
    for raw in text.split("\n"):
        if " ".join(raw.split()) == wanted and raw.strip():
            offset = start + raw.index(raw.strip())
            return Span(offset, offset + len(raw.strip()))
        start += len(raw) + 1
    return None
