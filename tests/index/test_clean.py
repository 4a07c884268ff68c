"""Cleaning selects the article body and metadata by general rules, never rewriting text."""

import textwrap

import pytest

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


def _wrap(text: str, width: int = 72, newline: str = "\n") -> str:
    """Hard-wrap every paragraph at ``width`` columns, as mail and many .txt files are."""
    paragraphs = [p for p in text.splitlines() if p.strip()]
    wrapped = "\n\n".join(
        textwrap.fill(p, width, break_on_hyphens=False, break_long_words=False) for p in paragraphs
    )
    return wrapped.replace("\n", newline)


def _words(sentences) -> list[str]:
    return [" ".join(s.text.split()) for s in sentences]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("width", [60, 72, 80])
def test_wrapped_copy_has_the_same_sentences_at_offsets_into_the_wrapped_text(
    article_text, width, newline
):
    wrapped = _wrap(article_text, width, newline)
    assert max(map(len, wrapped.splitlines())) <= width  # it really is wrapped
    original, rewrapped = clean(article_text), clean(wrapped)
    sentences = split_sentences(rewrapped)
    assert _words(sentences) == _words(split_sentences(original))
    assert " ".join(rewrapped.title.split()) == original.title
    assert rewrapped.date == original.date
    for sentence in sentences:
        assert wrapped[sentence.start : sentence.end] == sentence.text
    for passage in make_passages(rewrapped, sentences):
        assert wrapped[passage.start : passage.end] == passage.text


def test_a_line_ending_mid_sentence_continues_and_short_last_lines_are_kept():
    raw = _wrap(
        "The city council approved a new bridge over the river on Tuesday after a debate "
        "that lasted most of the night, officials said. Work starts in May.\n"
        "The bridge will cost about $40 million and will take two years to build, according "
        "to the mayor's office, which published the plans.",
        width=40,
    )
    body = [span.of(raw) for span in clean(raw).body]
    assert [" ".join(b.split()) for b in body] == [
        "The city council approved a new bridge over the river on Tuesday after a debate that "
        "lasted most of the night, officials said. Work starts in May.",
        "The bridge will cost about $40 million and will take two years to build, according "
        "to the mayor's office, which published the plans.",
    ]


def test_unwrapped_lines_are_not_joined():
    raw = (
        "Council approves new bridge\n"
        "The city council approved a new bridge on Tuesday, officials said.\n"
        "Photo gallery of the river crossing\n"
        "Work will start in May and cost about $40 million, the mayor said.\n"
    )
    document = clean(raw)
    assert document.title == "Council approves new bridge"
    assert [span.of(raw) for span in document.body] == [raw.splitlines()[1], raw.splitlines()[3]]


def test_tabs_and_crlf_are_whitespace():
    raw = "\tThe council approved the bridge on Tuesday, officials said.\r\n\r\n\t\tWork starts in May, the mayor said.\t\r\n"
    assert [span.of(raw) for span in clean(raw).body] == [
        "The council approved the bridge on Tuesday, officials said.",
        "Work starts in May, the mayor said.",
    ]


def test_markdown_markers_are_left_outside_the_spans():
    raw = (
        "# Council approves new bridge\n"
        "\n"
        "The city council approved a new bridge on Tuesday, officials said.\n"
        "\n"
        "## What happens next\n"
        "\n"
        "- Work will start in May, the mayor said.\n"
        "- The bridge will cost about $40 million, according to the plans.\n"
        "1. Residents can comment on the design until March.\n"
        "\n"
        "> We have waited for this bridge for thirty years, one resident said.\n"
    )
    document = clean(raw)
    assert document.title == "Council approves new bridge"
    assert [span.of(raw) for span in document.body] == [
        "The city council approved a new bridge on Tuesday, officials said.",
        "Work will start in May, the mayor said.",
        "The bridge will cost about $40 million, according to the plans.",
        "Residents can comment on the design until March.",
        "We have waited for this bridge for thirty years, one resident said.",
    ]


def test_a_wrapped_block_quote_is_one_paragraph():
    raw = (
        "> We have waited for this bridge for thirty years and we\n"
        "> will keep waiting for as long as it takes, because the\n"
        "> ferry is no way to cross a river, one resident said.\n"
    )
    (paragraph,) = clean(raw).body
    assert paragraph.of(raw).startswith("We have waited")
    assert paragraph.of(raw).endswith("one resident said.")


def test_prose_with_a_url_is_kept_and_bare_links_are_not():
    raw = (
        "The full report is published at https://example.org/report, the ministry said.\n"
        "https://example.org/news/bridge\n"
        "See https://example.org/a-very-long-link-to-another-story-about-bridges.\n"
    )
    assert [span.of(raw) for span in clean(raw).body] == [raw.splitlines()[0]]


def test_cross_links_and_prompts_glued_to_prose_are_cut_out_and_the_prose_kept():
    raw = (
        "Storm hits coast\n\n"
        "The storm reached the coast on Monday. Watch the waves hit the pier »\n\n"
        "Watch residents describe the night Â” Crews worked through the night, officials said.\n\n"
        "The road reopened in 1978. E-mail to a friend\n"
    )
    body = [span.of(raw) for span in clean(raw).body]
    assert body == [
        "The storm reached the coast on Monday.",
        "Crews worked through the night, officials said.",
        "The road reopened in 1978.",
    ]


def test_a_paragraph_that_stops_mid_sentence_goes_on_in_the_next():
    raw = (
        "Funds promised\n\n"
        "“We will take that into account in the plan we will use,”\n\n"
        "Holder told reporters. On Tuesday, Rep.\n\n"
        "Ileana Ros-Lehtinen said the funds would come.\n\n"
        "She has been missing since 3 a.m.\n\nTuesday, when police were called.\n\n"
        "The case, which drew national attention from\n\nreporters, is open.\n\n"
        "Songs included “Taxman,”\n\n"
        "Next week\n"
    )
    document = clean(raw)
    body = [span.of(raw) for span in document.body]
    # Joined only where the joined text is prose: the list of songs runs into a heading.
    assert body == [
        "“We will take that into account in the plan we will use,”\n\nHolder told reporters."
        " On Tuesday, Rep.\n\nIleana Ros-Lehtinen said the funds would come.",
        "She has been missing since 3 a.m.\n\nTuesday, when police were called.",
        "The case, which drew national attention from\n\nreporters, is open.",
    ]
    sentences = [s.text for s in split_sentences(document)]
    assert sentences[1].startswith("“We will") and sentences[1].endswith("Holder told reporters.")
    assert sentences[2] == "On Tuesday, Rep.\n\nIleana Ros-Lehtinen said the funds would come."


def test_a_paragraph_ending_in_initials_ends_where_the_next_opens_a_sentence():
    raw = (
        "Curfew set\n\n"
        "Vick must stay at home from 10 p.m. to 6 a.m.\n\n"
        "His lawyers did not comment on the ruling.\n\n"
        "She has been missing since 3 a.m.\n\nTuesday, when police were called.\n"
    )
    body = [span.of(raw) for span in clean(raw).body]
    assert body == [
        "Vick must stay at home from 10 p.m. to 6 a.m.",
        "His lawyers did not comment on the ruling.",
        "She has been missing since 3 a.m.\n\nTuesday, when police were called.",
    ]
