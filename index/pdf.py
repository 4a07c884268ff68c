"""Read a PDF into a document: pypdf extracts each page's text, cleaning finds the article.

A PDF document's ``text`` is the extracted text, pages joined by a blank line: every passage
and citation offset refers to that text (as for HTML), and ``source`` stays the file's path.
Extracted lines break where the page's lines did; cleaning rebuilds the paragraphs.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from index.clean import clean
from index.errors import ArticleReadError
from index.types import Document

log = logging.getLogger("article_qa")

PDF_SUFFIXES = (".pdf",)
# A news article is a few pages; a long report takes minutes to embed, so it is refused.
MAX_PDF_PAGES = 100


def read_pdf(data: bytes, path: str | Path = "article.pdf") -> Document:
    """Extract and clean the article text of a PDF.

    Args:
        data: The file's bytes.
        path: Where it came from, kept as the document's ``source``.

    Returns:
        A :class:`Document` over the extracted text; its ``body`` is empty when the PDF has
        no text layer with prose (a scan, say).

    Raises:
        ArticleReadError: If pypdf is missing, or the PDF is encrypted, damaged or over
            ``MAX_PDF_PAGES`` pages.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:
        raise ArticleReadError(f"reading PDF needs pypdf: pip install pypdf ({exc})") from exc
    if not data.lstrip().startswith(b"%PDF-"):
        raise ArticleReadError(f"{path} is not a PDF file (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ArticleReadError(f"{path} is an encrypted PDF; save it without a password first")
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise ArticleReadError(f"{path} has {pages} pages; the limit is {MAX_PDF_PAGES}")
        text = "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    except ArticleReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ArticleReadError(f"{path} is a damaged PDF that cannot be read ({exc})") from None
    return clean(text.strip(), source=str(path))
