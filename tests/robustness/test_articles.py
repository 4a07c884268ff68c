"""Articles nobody checked: unreadable ones fail with one clear line, the rest are indexed."""

from __future__ import annotations

import codecs
import logging
import os
import random

import pytest
from big_article import dispatch_line, synthetic_article

from qa import ArticleQA, ArticleQAError, ArticleReadError, EmptyArticleError

ARTICLE = (
    "Council approves new bridge\n\n"
    "The city council approved a new bridge over the river on Tuesday, officials said.\n\n"
    "Work will start in May and should take two years, the mayor told reporters.\n\n"
    "The café owner Zoë Müller said “business will boom” once the bridge opens in Zürich.\n"
)
BOILERPLATE = (
    "Home | News | World | Business | Sport\n"
    "Breaking News Today\n"
    "Share this article\n"
    "Subscribe to our newsletter\n"
    "Read more: https://example.com/story\n"
    "Follow us on Twitter\n"
)


@pytest.fixture()
def build(embedder, tmp_path):
    """``build(*paths)``: an engine over article files, with its own index cache."""

    def build(*paths):
        return ArticleQA.from_paths(paths, embedder=embedder, cache_dir=tmp_path / "cache")

    return build


def write(path, data):
    path.write_bytes(data)
    return path


def one_line(exc) -> str:
    message = str(exc.value)
    assert message and "\n" not in message
    return message


def test_an_empty_file_is_refused(build, tmp_path):
    with pytest.raises(EmptyArticleError) as exc:
        build(write(tmp_path / "empty.txt", b""))
    assert "empty.txt is empty" in one_line(exc)


def test_a_whitespace_file_is_refused(build, tmp_path):
    with pytest.raises(EmptyArticleError, match="is empty"):
        build(write(tmp_path / "blank.txt", b" \n\n\t \r\n"))


def test_a_boilerplate_only_page_is_refused(build, tmp_path):
    with pytest.raises(EmptyArticleError) as exc:
        build(write(tmp_path / "nav.txt", BOILERPLATE.encode()))
    assert "no article text found" in one_line(exc)


def test_boilerplate_only_text_is_refused_by_from_text():
    with pytest.raises(EmptyArticleError, match="no article text found"):
        ArticleQA.from_text(BOILERPLATE)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        bytes(b or 1 for b in random.Random(5).randbytes(4096)),  # no NUL byte at all
        "The council approved a bridge, officials said.\n".encode("utf-16-le"),  # UTF-16, no BOM
    ],
    ids=["png", "random-bytes-without-nul", "utf16-without-bom"],
)
def test_a_binary_file_is_refused(build, tmp_path, data):
    with pytest.raises(ArticleReadError) as exc:
        build(write(tmp_path / "article.txt", data))
    assert "is a binary file" in one_line(exc)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_decoded_with_a_notice(build, tmp_path, caplog, check, encoding):
    text = ARTICLE.replace("“", '"').replace("”", '"') if encoding == "latin-1" else ARTICLE
    path = write(tmp_path / "legacy.txt", text.encode(encoding))
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        engine = build(path)
    assert any(f"not UTF-8; decoding it as cp1252" in r.message for r in caplog.records)
    (document,) = engine.index.documents.values()
    assert document.text == text
    answer = engine.ask("What did the café owner Zoë Müller say?")
    check(answer, engine)
    assert answer.found and any("Zürich" in c.quote for c in answer.citations)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_byte_order_marks_name_the_encoding(build, tmp_path, check, caplog, encoding):
    data = ARTICLE.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no mark: add it
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        engine = build(write(tmp_path / f"{encoding}.txt", data))
    assert not caplog.records, "a marked encoding needs no notice"
    (document,) = engine.index.documents.values()
    assert document.text == ARTICLE  # offsets count characters of the text without its mark
    answer = engine.ask("When will work start?")
    check(answer, engine)
    assert answer.found


def test_damaged_utf16_keeps_the_rest_with_a_notice(build, tmp_path, caplog):
    data = codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le") + b"\x00"  # one stray byte
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        engine = build(write(tmp_path / "odd.txt", data))
    assert any("not valid utf-16" in r.message for r in caplog.records)
    (document,) = engine.index.documents.values()
    assert document.text == ARTICLE + "\ufffd"


def test_a_large_article_is_indexed_and_answered_deep_inside(build, tmp_path, check):
    # 10 MB is measured by tests/robustness/big_article.py (see docs/limits.md); 60 KB keeps the suite quick.
    text = synthetic_article(60_000)
    copies = text.count("Dispatch number ")
    engine = build(write(tmp_path / "big.txt", text.encode()))
    answer = engine.ask(f"Where was dispatch number {copies} filed from?")
    check(answer, engine)
    assert [c.quote for c in answer.citations if "Dispatch" in c.quote] == [dispatch_line(copies)]
    (citation,) = [c for c in answer.citations if "Dispatch" in c.quote]
    assert text[citation.start : citation.end] == citation.quote


def test_an_oversize_file_is_refused_before_it_is_read(build, tmp_path):
    from index.read import MAX_ARTICLE_BYTES

    path = tmp_path / "huge.txt"
    with open(path, "wb") as file:
        file.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(ArticleReadError) as exc:
        build(path)
    assert "the limit is" in one_line(exc)


def test_a_file_that_vanished_after_listing_is_skipped(build, tmp_path, caplog):
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder / "bridge.txt", ARTICLE.encode())
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")  # listed, but not there to read
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        engine = build(folder)
    assert len(engine.index.documents) == 1
    (warning,) = [r.message for r in caplog.records if "skipped" in r.message]
    assert "skipped 1 of 2 article file(s)" in warning and "gone.txt" in warning


def test_a_partial_corpus_indexes_the_rest_and_says_what_was_skipped(build, tmp_path, caplog, check):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "folder.txt").mkdir()  # a folder with an article's name is not a file
    (folder / ".hidden.txt").write_text("The hidden draft was never meant to be read, it said.")
    write(folder / "bridge.txt", ARTICLE.encode())
    write(folder / "sub" / "iraq.md", synthetic_article(1).encode())
    write(folder / "empty.txt", b"")
    write(folder / "image.txt", b"\x89PNG\x00\x00")
    write(folder / "nav.md", BOILERPLATE.encode())
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        engine = build(folder)
    sources = sorted(os.path.basename(d.source) for d in engine.index.documents.values())
    assert sources == ["bridge.txt", "iraq.md"]
    (warning,) = [r.message for r in caplog.records if "skipped" in r.message]
    assert "skipped 4 of 6 article file(s)" in warning
    for name in ("empty.txt", "image.txt", "nav.md", "pipe.txt"):
        assert name in warning
    check(engine.ask("When will work start?"), engine)


def test_a_missing_path_among_several_is_skipped(build, tmp_path, caplog):
    good = write(tmp_path / "bridge.txt", ARTICLE.encode())
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        engine = build(good, tmp_path / "no-such.txt", good)  # and one given twice
    assert len(engine.index.documents) == 1
    assert any("article not found" in r.message and "no-such.txt" in r.message for r in caplog.records)


def test_nothing_readable_raises_one_line_listing_every_file(build, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder / "image.txt", b"\x89PNG\x00\x00")
    write(folder / "empty.txt", b"")
    with pytest.raises(ArticleReadError) as exc:
        build(folder)
    message = one_line(exc)
    assert "no article could be read (2 tried)" in message
    assert "image.txt is a binary file" in message and "empty.txt is empty" in message


def test_a_corpus_of_only_empty_articles_is_an_empty_article_error(build, tmp_path):
    write(tmp_path / "a.txt", b"")
    write(tmp_path / "b.txt", BOILERPLATE.encode())
    with pytest.raises(EmptyArticleError):
        build(tmp_path / "a.txt", tmp_path / "b.txt")


def test_a_folder_without_articles_is_refused(build, tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with pytest.raises(ArticleReadError) as exc:
        build(tmp_path)
    assert "no .txt/.md" in one_line(exc)


def test_every_read_failure_is_an_article_qa_error(build, tmp_path):
    for path in (tmp_path / "no-such.txt", tmp_path, write(tmp_path / "x.txt", b"\x00")):
        with pytest.raises(ArticleQAError):
            build(path)


# The command line: exit status 2 and one line; a partial corpus still answers.

@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty.txt is empty"),
        ("nav.txt", BOILERPLATE.encode(), "no article text found"),
        ("image.txt", b"\x89PNG\x00\x00binary", "is a binary file"),
        ("missing.txt", None, "article not found"),
    ],
)
def test_cli_reports_an_unreadable_article_in_one_line(cli, one_line_error, tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = cli("ask", "Who approved the bridge?", "--article", str(path), cache_dir=tmp_path / "cache")
    one_line_error(result, message)


def test_cli_reports_an_unreadable_folder_in_one_line(cli, one_line_error, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"\x00\x01")
    result = cli("index", "--article", str(folder), cache_dir=tmp_path / "cache")
    one_line_error(result, "no article could be read (2 tried)")


def test_cli_indexes_a_partial_corpus_and_names_what_it_skipped(cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "bridge.txt").write_text(ARTICLE, "cp1252")
    (folder / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    result = cli("ask", "When will work start?", "--article", str(folder), cache_dir=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert "Work will start in May" in result.stdout
    assert "Traceback" not in result.stderr
    assert "decoding it as cp1252" in result.stderr
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and "image.txt is a binary file" in skipped[0]
