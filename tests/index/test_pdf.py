"""PDF articles: pypdf's text, paragraphs rebuilt across the page's line breaks, clear errors."""

from __future__ import annotations

import io
import textwrap

import pytest
from pypdf import PdfReader, PdfWriter

from index.chunk import split_sentences
from index.clean import clean
from index.errors import ArticleReadError, EmptyArticleError
from index.pdf import MAX_PDF_PAGES, read_pdf
from index.read import read_article
from pdf_maker import make_pdf


# The test PDF's standard font is ASCII-only, and its encoding reads "'" back as "’".
ASCII = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "…": "..."})


def _words(text: str) -> str:
    return " ".join(text.translate(ASCII).split())


@pytest.fixture(scope="module")
def ascii_article(article_text) -> str:
    return article_text.translate(ASCII).encode("ascii", "replace").decode()


@pytest.fixture(scope="module")
def pdf_bytes(ascii_article) -> bytes:
    lines: list[str] = []
    for paragraph in filter(str.strip, ascii_article.splitlines()):
        lines += textwrap.wrap(paragraph, 80, break_on_hyphens=False) + [""]
    return make_pdf([lines[:50], lines[50:]])


def test_pdf_text_gives_the_articles_sentences_at_offsets_into_the_extracted_text(pdf_bytes, ascii_article):
    document = read_pdf(pdf_bytes, "article.pdf")
    assert document.source == "article.pdf"
    sentences = split_sentences(document)
    for sentence in sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text
    expected = [_words(s.text) for s in split_sentences(clean(ascii_article))]
    assert [_words(s.text) for s in sentences] == expected


def test_a_pdf_file_is_read_by_its_suffix(pdf_bytes, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes)
    assert read_article(path).body


def test_encrypted_pdf_is_a_clear_error(pdf_bytes):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ArticleReadError, match="encrypted PDF"):
        read_pdf(out.getvalue(), "locked.pdf")


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_damaged_pdf_is_a_clear_error_or_reads_what_survives(pdf_bytes, cut):
    try:
        document = read_pdf(pdf_bytes[: int(len(pdf_bytes) * cut)], "cut.pdf")
    except ArticleReadError as exc:
        assert "cut.pdf is a damaged PDF" in str(exc)
    else:
        assert all(span.of(document.text) for span in document.body)


def test_not_a_pdf_and_too_many_pages_are_refused():
    with pytest.raises(ArticleReadError, match="not a PDF"):
        read_pdf(b"hello", "fake.pdf")
    with pytest.raises(ArticleReadError, match=f"the limit is {MAX_PDF_PAGES}"):
        read_pdf(make_pdf([["Page."]] * (MAX_PDF_PAGES + 1)), "long.pdf")


def test_a_pdf_without_prose_is_empty(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([["Figure 1"], ["Table 2"]]))
    with pytest.raises(EmptyArticleError):
        read_article(path)
