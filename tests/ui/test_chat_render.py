"""What the chat page shows, rendered from real answers over the real article."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from qa import ArticleQA
from qa.names import names
from ui.render import answer_html, answer_text, article_html, cite_id, example_questions


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element that has an id."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in {"br"}:
            self._open.append(attributes.get("id"))
            if attributes.get("id"):
                self.text_by_id[attributes["id"]] = ""

    def handle_endtag(self, tag):
        if tag != "br" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for ident in self._open:
            if ident:
                self.text_by_id[ident] += data


def without_marker_labels(text: str) -> str:
    return re.sub(r"\[\d+\]$", "", text)


def test_highlighted_sentences_are_exactly_the_cited_quotes(engine):
    answer = engine.ask("What did Maloof warn?")
    assert answer.found and len(answer.citations) >= 1
    page = Elements(article_html(engine.index.documents.values(), answer.citations, turn=3))
    for citation in answer.citations:
        assert without_marker_labels(page.text_by_id[cite_id(3, citation.n)]) == citation.quote


def test_article_panel_shows_title_date_and_every_body_paragraph(engine):
    (document,) = engine.index.documents.values()
    shown = html.unescape(re.sub(r"<[^>]+>", "", article_html([document])))
    assert document.title in shown and document.date in shown
    for span in document.body:
        assert span.of(document.text) in shown
    assert "Also on rt.com" not in shown  # the cleaned text, not the raw page


def test_each_marker_links_to_its_highlighted_sentence(engine):
    answer = engine.ask("What did Maloof warn?")
    reply = Elements(answer_html(answer, turn=2))
    panel = Elements(article_html(engine.index.documents.values(), answer.citations, turn=2))
    markers = [a for tag, a in reply.tags if tag == "a" and a.get("class") == "aqa-marker"]
    assert [m["href"] for m in markers] == [f"#{cite_id(2, c.n)}" for c in answer.citations]
    for marker in markers:
        assert marker["href"][1:] in panel.text_by_id
    sources = answer_html(answer, turn=2)
    assert '<details class="aqa-sources" open>' in sources
    for citation in answer.citations:
        assert html.escape(citation.quote) in sources


@pytest.mark.parametrize("question", ["Who is Andre Vltchek?", "When was the resolution adopted?"])
def test_every_marker_in_the_answer_is_a_link(engine, question):
    answer = engine.ask(question)
    assert answer.found
    reply = Elements(answer_html(answer, turn=1))
    links = [a["href"] for tag, a in reply.tags if tag == "a" and a.get("class") == "aqa-marker"]
    markers = re.findall(r"\[(\d+)\]", answer.text)
    assert links == [f"#{cite_id(1, int(n))}" for n in markers]


def test_not_in_the_article_shows_related_passages_as_not_an_answer(engine):
    answer = engine.ask("What is the capital of France?")
    assert not answer.found
    reply = answer_html(answer, turn=1)
    assert "Not in the article" in reply
    assert "Related passages (not an answer)" in reply
    assert "aqa-sources" not in reply and "aqa-marker" not in reply
    assert html.escape(answer.passages[0].text.splitlines()[0]) in reply


def test_follow_up_shows_what_was_searched_for(engine):
    answer = engine.ask("What did he say about the US Army?", ["Who is Andre Vltchek?"])
    assert "searched for: What did Andre Vltchek say about the US Army?" in answer_html(answer, 1)
    assert "searched for" not in answer_html(engine.ask("What did Maloof warn?"), 1)


def test_plain_text_reply_starts_with_the_answer_text(engine):
    answer = engine.ask("What did Maloof warn?")
    text = answer_text(answer)
    assert text.split("\n\n")[0] == answer.text
    assert '[1] "The whole endeavor' in text and "characters" in text


def test_example_questions_come_from_the_article_and_are_answered(engine, article_text):
    examples = example_questions(engine)
    assert 2 <= len(examples) <= 4
    for question in examples:
        assert engine.ask(question).found, question
        for name in names(question):
            assert name in article_text, (question, name)


MARKUP_ARTICLE = """Markup in the news: a test page

5 Jan, 2020 22:28

The council published a note that said <script>alert("article")</script> in its footer, officials said.

A second paragraph quoted <img src=x onerror=alert(1)> as the caption of a photo, the mayor added.

The mayor said [a link](javascript:alert(2)) was removed from the council website on Monday.
"""


@pytest.fixture(scope="module")
def markup_engine(embedder, tmp_path_factory) -> ArticleQA:
    return ArticleQA.from_text(
        MARKUP_ARTICLE, embedder=embedder, cache_dir=tmp_path_factory.mktemp("markup-cache")
    )


def test_markup_in_an_article_is_shown_as_text(markup_engine):
    answer = markup_engine.ask("What did the council note say in its footer?")
    documents = markup_engine.index.documents.values()
    for markup in (article_html(documents, answer.citations, 1), answer_html(answer, 1)):
        tags = {tag for tag, _ in Elements(markup).tags}
        assert not tags & {"script", "img"}, tags
        assert not any("javascript:" in v for _, a in Elements(markup).tags for v in a.values() if v)
    panel = article_html(documents)
    assert "&lt;script&gt;alert(&quot;article&quot;)&lt;/script&gt;" in panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel


def test_markup_in_a_question_is_shown_as_text(engine):
    answer = engine.ask("<img src=x onerror=alert(1)>")
    reply = answer_html(answer, 1)
    assert "<img" not in reply
    assert not {tag for tag, _ in Elements(reply).tags} & {"img", "script"}
