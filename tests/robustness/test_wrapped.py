"""A hard-wrapped copy of the article answers exactly as the original does."""

import textwrap

import pytest

from qa import ArticleQA


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def wrapped_text(article_text) -> str:
    return "\r\n\r\n".join(
        textwrap.fill(p, 72, break_on_hyphens=False, break_long_words=False).replace("\n", "\r\n")
        for p in article_text.splitlines()
        if p.strip()
    )


@pytest.fixture(scope="module")
def wrapped_engine(wrapped_text, embedder, cache_dir) -> ArticleQA:
    return ArticleQA.from_text(wrapped_text, embedder=embedder, cache_dir=cache_dir)


def test_wrapped_article_gives_the_same_answers(engine, wrapped_engine, wrapped_text, gold):
    (document,) = wrapped_engine.index.documents.values()
    assert document.text == wrapped_text
    for row in gold:
        history = row.get("history") or None
        original = engine.ask(row["question"], history)
        wrapped = wrapped_engine.ask(row["question"], history)
        assert wrapped.found == original.found, row["question"]
        assert _flat(wrapped.text) == _flat(original.text), row["question"]
        assert [_flat(c.quote) for c in wrapped.citations] == [
            _flat(c.quote) for c in original.citations
        ]
        for citation in wrapped.citations:
            assert wrapped_text[citation.start : citation.end] == citation.quote
