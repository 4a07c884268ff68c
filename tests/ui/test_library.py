"""Engines cached by content with a memory budget; articles added as files or pasted text."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from qa import ArticleReadError, EmptyArticleError
from qa.articles import clean, from_paste, from_upload
from ui.library import (
    ALL,
    Article,
    EngineCache,
    Session,
    article_key,
    corpus_key,
    engine_builder,
    engine_bytes,
)

BRIDGE = (
    "Council approves new bridge over the Elm River\n\n"
    "The city council approved a new bridge over the Elm River on Tuesday, officials said.\n\n"
    "Work will start in May and cost about $40 million, according to the city's engineers.\n\n"
    "The bridge will carry two lanes of traffic and a cycle path, and it should open in 2023.\n"
)


def counting_cache(budget: int, sizes: dict[str, int]):
    built: list[str] = []

    def build(documents):
        built.append(documents[0].text)
        return documents[0].text

    return EngineCache(build, budget, measure=lambda engine: sizes[engine]), built


def test_least_recently_used_engine_goes_first_when_over_budget():
    docs = {name: clean(name) for name in "abc"}
    cache, built = counting_cache(budget=25, sizes={"a": 10, "b": 10, "c": 10})
    for name in "ab":
        cache.get(name, [docs[name]])
    cache.get("a", [docs["a"]])  # a is now the most recently used
    cache.get("c", [docs["c"]])
    assert cache.keys() == ["a", "c"]
    assert cache.used_bytes() == 20
    cache.get("b", [docs["b"]])  # evicted, so built again; nothing is lost
    assert built == ["a", "b", "c", "b"]


def test_an_engine_over_budget_on_its_own_is_still_kept():
    cache, _ = counting_cache(budget=5, sizes={"a": 10, "b": 10})
    cache.get("a", [clean("a")])
    cache.get("b", [clean("b")])
    assert cache.keys() == ["b"]


def test_sessions_loading_the_same_article_at_once_build_it_once():
    release = threading.Event()
    built = []

    def build(documents):
        release.wait(5)
        built.append(documents[0].text)
        return documents[0].text

    cache = EngineCache(build, measure=lambda engine: 1)
    threads = [threading.Thread(target=cache.get, args=("k", [clean("k")])) for _ in range(4)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert built == ["k"]


def test_real_engines_share_one_embedder_and_are_keyed_by_content(embedder, cache_dir):
    cache = EngineCache(engine_builder(cache_dir=cache_dir))
    document = from_paste(BRIDGE)
    engine = cache.get(article_key(document), [document])
    assert "$40 million" in engine.ask("How much will the bridge cost?").text
    again = from_paste(BRIDGE)
    assert article_key(again) == article_key(document)
    assert cache.get(article_key(again), [again]) is engine
    other = from_paste(BRIDGE.replace("$40", "$50"))
    assert article_key(other) != article_key(document)
    assert cache.get(article_key(other), [other]).embedder is engine.embedder
    assert 0 < engine_bytes(engine) < 2**20


def test_a_title_given_with_pasted_text_replaces_the_detected_one():
    document = from_paste(BRIDGE, "  The  bridge ")
    assert document.title == "The bridge"
    assert article_key(document) != article_key(from_paste(BRIDGE))


@pytest.mark.parametrize(
    "text, error",
    [
        ("", EmptyArticleError),
        ("   \n", EmptyArticleError),
        ("Home | World\nhttps://example.org/\n", EmptyArticleError),
        ("\x00\x01\x02\x03 junk " * 50, ArticleReadError),
        ("The council met on Tuesday, officials said. " * 50_000, ValueError),
    ],
)
def test_bad_pasted_text_is_one_clear_error(text, error):
    with pytest.raises(error):
        from_paste(text)


def test_an_upload_is_named_by_its_file_name_not_its_temporary_path(tmp_path):
    path = tmp_path / "upload-1234" / "bridge.txt"
    path.parent.mkdir()
    path.write_text(BRIDGE, "utf-8")
    assert from_upload(path, "bridge.txt").source == "bridge.txt"
    (tmp_path / "junk.txt").write_bytes(b"\x00binary\x00" * 10)
    with pytest.raises(ArticleReadError, match="^junk.txt is a binary file"):
        from_upload(tmp_path / "junk.txt", "junk.txt")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with pytest.raises(ArticleReadError, match="unsupported file type"):
        from_upload(tmp_path / "notes.docx", "notes.docx")


def test_a_session_names_sources_by_its_own_files_and_asks_all_its_articles():
    bridge = Article(article_key(d := from_paste(BRIDGE)), replace(d, source="/tmp/x/bridge.txt"))
    titled = from_paste(BRIDGE, "Same text, another title")
    twin = Article(article_key(titled), titled)
    ferry = from_paste("Ferry service ends\n\nThe last ferry sailed on Sunday, its captain said.\n")
    ferry = Article(article_key(ferry), ferry)
    one = Session((bridge, twin, ferry), bridge.key)
    assert one.documents() == [bridge.document]
    assert one.engine_key() == bridge.key
    assert one.names() == {bridge.document.doc_id: "bridge.txt"}
    every = Session((bridge, twin, ferry), ALL)
    # The twin has the bridge's text: an engine over all asks it once.
    assert every.documents() == [bridge.document, ferry.document]
    assert every.engine_key() == corpus_key([bridge.key, ferry.key])
    assert every.names()[ferry.document.doc_id] == "Ferry service ends"
    assert [value for _, value in every.choices()] == [bridge.key, twin.key, ferry.key, ALL]
