"""Sentences and passages keep exact offsets into the original text."""

import pytest

from index.chunk import make_passages, split_sentences
from index.clean import clean


@pytest.fixture(scope="module")
def document(article_text):
    return clean(article_text)


def test_every_sentence_and_passage_is_a_verbatim_slice(document, article_text):
    sentences = split_sentences(document)
    passages = make_passages(document, sentences)
    for item in [*sentences, *passages]:
        assert article_text[item.start : item.end] == item.text
        assert item.text == item.text.strip()


def test_abbreviations_and_quotes_do_not_split_sentences(document):
    texts = [s.text for s in split_sentences(document)]
    assert any("author and analyst Nicolas J.S. Davies said." in t for t in texts)
    assert not any(t in ("J.S.", "Davies said.") for t in texts)
    # A closing curly quote stays with its sentence.
    assert not any(t.startswith("”") for t in texts)


def test_passages_overlap_by_one_sentence_and_cover_every_sentence(document):
    sentences = split_sentences(document)
    passages = make_passages(document, sentences, size=3, overlap=1)
    covered = {sid for p in passages for sid in p.sentences}
    assert covered == {s.sentence_id for s in sentences}
    assert all(1 <= len(p.sentences) <= 3 for p in passages)
    shared = [set(a.sentences) & set(b.sentences) for a, b in zip(passages, passages[1:])]
    assert any(len(common) == 1 for common in shared)


def test_bad_window_settings_are_refused(document):
    with pytest.raises(ValueError, match="overlap"):
        make_passages(document, split_sentences(document), size=2, overlap=2)


def test_a_sentence_continues_over_a_paragraph_break_after_a_title_or_an_initial():
    text = ("Town hall closes\n\nShe was chief of staff to Sen.\n\nDaniel Moynihan for six years, "
            "the council said. President George W.\n\nBush thanked her for the long years of "
            "service.\n\nThe old town hall closed on Monday after a council vote.\n\nIt will "
            "become a library next year, the mayor said.")
    texts = [s.text for s in split_sentences(clean(text))]
    assert ("She was chief of staff to Sen.\n\nDaniel Moynihan for six years, the council said."
            in texts)
    assert "President George W.\n\nBush thanked her for the long years of service." in texts
    # An ordinary paragraph break still ends a sentence.
    assert "The old town hall closed on Monday after a council vote." in texts


def test_a_comma_after_an_abbreviation_continues_the_sentence():
    text = ("Study author William G. Christen, Sc.D., of Harvard Medical School, expects more "
            "trials. The store at 7000 Kalahari Dr.; another at 601 Earl St., Daytona Beach.")
    texts = [s.text for s in split_sentences(clean(text))]
    assert texts == ["Study author William G. Christen, Sc.D., of Harvard Medical School, "
                     "expects more trials.",
                     "The store at 7000 Kalahari Dr.; another at 601 Earl St., Daytona Beach."]


def test_an_initial_or_a_time_of_day_does_not_end_the_sentence():
    text = ("The council authorized the joint AU/U. N. hybrid force of peacekeepers. The "
            "attack began at 3:45 a.m. Sunday, when the patrol was ambushed. The vote was at "
            "10 a.m. Officials said it passed. E. coli can cause kidney failure.")
    texts = [s.text for s in split_sentences(clean(text))]
    assert texts == ["The council authorized the joint AU/U. N. hybrid force of peacekeepers.",
                     "The attack began at 3:45 a.m. Sunday, when the patrol was ambushed.",
                     "The vote was at 10 a.m.", "Officials said it passed.",
                     "E. coli can cause kidney failure."]
