"""HTML pages become documents over trafilatura's extracted text; folders mix .txt, .md, .html."""

from __future__ import annotations

import html

import pytest

from index.html import read_html
from index.read import read_article, read_articles
from qa import ArticleQA

BRIDGE = [
    "The city council approved the new Elm Street bridge on Tuesday after a two-year review.",
    "Construction will begin in March and is expected to cost 48 million dollars, the council said.",
    "Mayor Dana Whitfield called the vote a turning point for the river district.",
    "Opponents argued that the money should have gone to repairing the existing crossings first.",
]


def page(title: str, date: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)} | City Herald</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{date}T09:30:00Z">
<script>var tracking = "Subscribe now to read more stories like this one.";</script></head>
<body><nav><a href="/">Home</a> | <a href="/city">City</a> | <a href="/sport">Sport</a></nav>
<main><article><h1>{html.escape(title)}</h1>
<p class="byline">By Staff Reporter</p>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Ten things to do this weekend</a></li></ul></aside>
<footer><p>Share this story! Follow us and sign up for our newsletter.</p>
<p>&copy; 2021 City Herald. All rights reserved.</p></footer></body></html>"""


@pytest.fixture()
def bridge_page(tmp_path):
    path = tmp_path / "bridge.html"
    path.write_text(page("Council approves Elm Street bridge", "2021-02-09", BRIDGE), "utf-8")
    return path


def test_html_body_title_and_date(bridge_page):
    document = read_article(bridge_page)
    assert document.title == "Council approves Elm Street bridge"
    assert document.date == "2021-02-09"
    assert document.source == str(bridge_page)
    body = [span.of(document.text) for span in document.body]
    assert body == BRIDGE
    assert document.title_span.of(document.text) == document.title
    for junk in ("Home", "Most read", "Share this story", "tracking", "<p>", "rights reserved"):
        assert all(junk not in paragraph for paragraph in body)


def test_offsets_refer_to_the_extracted_text(bridge_page):
    document = read_html(bridge_page.read_bytes(), bridge_page)
    assert "<" not in document.text
    for paragraph in BRIDGE:
        start = document.text.index(paragraph)
        assert document.text[start : start + len(paragraph)] == paragraph


def test_page_without_article_text_is_empty(tmp_path):
    path = tmp_path / "menu.htm"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    assert not read_html(path.read_bytes(), path).body


def test_folder_of_txt_md_and_html(tmp_path, bridge_page, article_text):
    (tmp_path / "iraq.txt").write_text(article_text, "utf-8")
    (tmp_path / "notes.md").write_text(
        "# Harbour notes\n\nThe harbour master said the new ferry will carry 400 passengers a day.\n",
        "utf-8",
    )
    documents = read_articles([tmp_path])
    assert sorted(d.source.rsplit("/", 1)[-1] for d in documents) == ["bridge.html", "iraq.txt", "notes.md"]


def test_answers_cite_the_html_page(tmp_path, bridge_page, article_text, embedder):
    (tmp_path / "iraq.txt").write_text(article_text, "utf-8")
    engine = ArticleQA.from_paths([tmp_path], embedder=embedder, cache_dir=tmp_path / "cache")
    answer = engine.ask("When will construction of the bridge begin?")
    assert answer.found
    for citation in answer.citations:
        assert citation.source == str(bridge_page)
        document = engine.index.documents[citation.doc_id]
        assert document.text[citation.start : citation.end] == citation.quote
    assert any("48 million dollars" in citation.quote for citation in answer.citations)
    iraq = engine.ask("What did Maloof warn?")
    assert iraq.found and iraq.citations[0].source.endswith("iraq.txt")
