"""Cleaning selects the article body and metadata by general rules, never rewriting text."""

from index.chunk import make_passages, split_sentences
from index.clean import clean

JUNK_MARKERS = ("icon", "Also on rt.com", "Share it with a friend", "Like this story")


def test_shipped_article_body_has_no_boilerplate(article_text):
    document = clean(article_text)
    passages = make_passages(document, split_sentences(document))
    assert passages
    for passage in passages:
        for marker in JUNK_MARKERS:
            assert marker not in passage.text


def test_title_and_date_are_metadata_and_title_is_not_repeated(article_text):
    document = clean(article_text)
    assert document.title.startswith("Easier said than done")
    assert document.date == "5 Jan, 2020 22:28"
    body = " ".join(span.of(article_text) for span in document.body)
    assert document.title not in body
    assert article_text[document.title_span.start : document.title_span.end] == document.title


def test_general_rules_clean_another_site():
    raw = (
        "Home | World | Business | Sport | Video | Live\n"
        "March 3, 2021\n"
        "Council approves new bridge\n"
        "Council approves new bridge\n"
        "The city council approved a new bridge on Tuesday, officials said.\n"
        "Read more: Mayor outlines transport plan\n"
        "https://example.org/news/bridge\n"
        "Work will start in May and cost about $40 million, the mayor said.\n"
        "Subscribe to our newsletter!\n"
    )
    document = clean(raw)
    body = [span.of(raw) for span in document.body]
    assert body == [
        "The city council approved a new bridge on Tuesday, officials said.",
        "Work will start in May and cost about $40 million, the mayor said.",
    ]
    assert document.title == "Council approves new bridge"
    assert document.date == "March 3, 2021"


def test_prose_that_mentions_a_site_is_kept():
    raw = "Shares of Amazon.com rose 3% on Monday after the company reported strong sales."
    assert [span.of(raw) for span in clean(raw).body] == [raw]


def test_empty_and_junk_only_text_have_no_body():
    assert clean("").body == ()
    assert clean("icon close icon menu icon search\nShare this article!\n").body == ()
