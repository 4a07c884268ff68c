"""Saved indexes round-trip, and stale or damaged ones are rebuilt, never mixed."""

import json
import logging
import shutil

import pytest
from counting_embedder import CountingEmbedder

from index.article_index import fingerprint, fingerprint_key
from index.clean import clean
from index.errors import IndexCorruptError
from index.sparse import SparseIndex
from index.store import BM25_DIR, MANIFEST, PASSAGE_VECTORS, IndexMismatchError, load, load_or_build, save
from qa import ArticleQA


@pytest.fixture()
def saved(engine, tmp_path):
    index = engine.index
    documents = list(index.documents.values())
    directory = tmp_path / fingerprint_key(fingerprint(documents, index.model_name, index.chunking))
    save(index, directory)
    return index, documents, directory


def test_save_then_load_gives_identical_answers(saved, engine, embedder, gold):
    index, documents, directory = saved
    loaded = load(directory, fingerprint(documents, index.model_name, index.chunking))
    reloaded = ArticleQA(loaded, embedder, engine.settings)
    for row in gold:
        original = engine.ask(row["question"], row["history"])
        again = reloaded.ask(row["question"], row["history"])
        assert (again.text, again.citations, again.found) == (
            original.text,
            original.citations,
            original.found,
        )


def test_loaded_records_equal_the_saved_ones_and_share_repeated_strings(saved):
    index, documents, directory = saved
    loaded = load(directory, fingerprint(documents, index.model_name, index.chunking))
    assert loaded.documents == index.documents
    assert (loaded.sentences, loaded.passages, loaded.facts) == (
        index.sentences, index.passages, index.facts)
    # Repeated strings held once: one document id, one label, and the document's text is the
    # only copy of every sentence's and passage's words.
    assert len({id(record.doc_id) for record in (*loaded.sentences, *loaded.passages)}) == 1
    (document,) = loaded.documents.values()
    assert all(record.document_text is document.text
               for record in (*loaded.sentences, *loaded.passages))
    labels = [e.label for fact in loaded.facts for e in fact.entities]
    assert len({id(label) for label in labels}) == len(set(labels))


def test_bm25_is_loaded_from_its_files_not_rebuilt(saved, gold, monkeypatch):
    index, documents, directory = saved

    def rebuild(self, texts):
        raise AssertionError("BM25 was rebuilt from the passages' texts")

    monkeypatch.setattr(SparseIndex, "__init__", rebuild)
    loaded = load(directory, fingerprint(documents, index.model_name, index.chunking))
    assert loaded.sparse.size == len(index.passages)
    for row in gold:
        assert loaded.sparse.search(row["question"], 20) == index.sparse.search(row["question"], 20)


def test_edited_bm25_file_is_reported(saved):
    index, documents, directory = saved
    vocabulary = directory / BM25_DIR / "vocab.index.json"
    vocabulary.write_text(vocabulary.read_text().replace("{", '{"zzz": 0, ', 1))
    with pytest.raises(IndexCorruptError, match="BM25 index"):
        load(directory, fingerprint(documents, index.model_name, index.chunking))


def test_second_start_does_not_re_embed(engine, embedder, tmp_path, article_text):
    counting = CountingEmbedder(embedder)
    load_or_build([clean(article_text)], counting, cache_dir=tmp_path)
    assert counting.texts > 0
    counting.texts = 0
    load_or_build([clean(article_text)], counting, cache_dir=tmp_path)
    assert counting.texts == 0


def test_a_saved_index_names_the_file_the_article_was_read_from_now(embedder, tmp_path,
                                                                    article_text):
    counting = CountingEmbedder(embedder)
    load_or_build([clean(article_text, source="old/place.txt")], counting, cache_dir=tmp_path)
    counting.texts = 0
    loaded = load_or_build([clean(article_text, source="new/place.txt")], counting,
                           cache_dir=tmp_path)
    assert counting.texts == 0  # the saved index, not a new one
    assert [d.source for d in loaded.documents.values()] == ["new/place.txt"]


def test_stale_manifest_is_refused_and_rebuilt_with_a_notice(saved, embedder, caplog):
    index, documents, directory = saved
    manifest = json.loads((directory / MANIFEST).read_text())
    manifest["documents"][0]["sha256"] = "0" * 64
    (directory / MANIFEST).write_text(json.dumps(manifest))
    expected = fingerprint(documents, index.model_name, index.chunking)
    with pytest.raises(IndexMismatchError):
        load(directory, expected)
    counting = CountingEmbedder(embedder)
    with caplog.at_level(logging.INFO, logger="article_qa"):
        rebuilt = load_or_build(documents, counting, index.chunking, directory.parent)
    assert counting.texts > 0
    assert any("rebuilding index" in r.message for r in caplog.records)
    assert len(rebuilt.passages) == len(index.passages)
    assert load(directory, expected).passages == index.passages


def test_truncated_faiss_file_is_reported_and_rebuilt(saved, embedder, caplog):
    index, documents, directory = saved
    data = (directory / PASSAGE_VECTORS).read_bytes()
    (directory / PASSAGE_VECTORS).write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorruptError):
        load(directory, fingerprint(documents, index.model_name, index.chunking))
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        rebuilt = load_or_build(documents, embedder, index.chunking, directory.parent)
    assert rebuilt.passage_vectors.size == len(index.passages)
    assert any("cannot read FAISS index" in r.message for r in caplog.records)


def test_missing_index_is_not_found(tmp_path, saved):
    index, documents, _ = saved
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nothing", fingerprint(documents, index.model_name, index.chunking))


def test_save_replaces_an_existing_index_atomically(saved):
    index, documents, directory = saved
    save(index, directory)
    leftovers = [p.name for p in directory.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    shutil.rmtree(directory)
