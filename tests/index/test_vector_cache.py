"""Vectors are cached per document: adding an article to a corpus embeds only that article."""

from __future__ import annotations

import numpy as np

from index.vector_cache import VectorCache
from qa import ArticleQA

OTHER = (
    "The city council approved the new Elm Street bridge on Tuesday after a two-year review.\n\n"
    "Construction will begin in March and is expected to cost 48 million dollars, the council said.\n\n"
    "Mayor Dana Whitfield called the vote a turning point for the river district.\n"
)


class Recording:
    """The real embedder, with a record of every text it was asked to embed."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.name = embedder.name
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return self._embedder.embed(texts)


def test_adding_an_article_embeds_only_that_article(tmp_path, article_text, embedder):
    (tmp_path / "a").mkdir()
    first = tmp_path / "a" / "iraq.txt"
    first.write_text(article_text, "utf-8")
    second = tmp_path / "bridge.txt"
    second.write_text(OTHER, "utf-8")
    cache = tmp_path / "cache"

    recording = Recording(embedder)
    alone = ArticleQA.from_paths([first], embedder=recording, cache_dir=cache)
    texts = [p.text for p in alone.index.passages] + [s.text for s in alone.index.sentences]
    written_out = {i: f.written_out for i, f in enumerate(alone.index.facts) if f.written_out}
    # each distinct text once, and each sentence that refers to people as written out
    assert written_out
    assert sorted(recording.texts) == sorted([*set(texts), *written_out.values()])
    i, text = next(iter(written_out.items()))
    assert np.allclose(alone.index.sentence_matrix[i], embedder.embed([text])[0], atol=1e-5)

    recording = Recording(embedder)
    both = ArticleQA.from_paths([first, second], embedder=recording, cache_dir=cache)
    added = {p.text for p in both.index.passages if p.doc_id != next(iter(alone.index.documents))}
    assert recording.texts and set(recording.texts) >= added
    assert all(text in OTHER for text in recording.texts)

    # The corpus index holds exactly the vectors a fresh build would compute.
    fresh = ArticleQA.from_paths([first, second], embedder=embedder, cache_dir=tmp_path / "fresh")
    assert np.allclose(both.index.passage_vectors.vectors(), fresh.index.passage_vectors.vectors(), atol=1e-5)
    assert np.allclose(both.index.sentence_matrix, fresh.index.sentence_matrix, atol=1e-5)
    assert both.ask("How much will the bridge cost?").citations[0].source == str(second)


def test_damaged_entry_is_embedded_again(tmp_path):
    cache = VectorCache(tmp_path, "model")
    key = cache.key("document", ["a", "b"])
    cache.put(key, np.ones((2, 4), dtype=np.float32))
    assert cache.get(key, 2).shape == (2, 4)
    assert cache.get(key, 3) is None  # another number of texts: not this entry
    (cache.directory / f"{key}.npy").write_bytes(b"not numpy")
    assert cache.get(key, 2) is None


def test_changed_vectors_fail_the_checksum_and_are_embedded_again(tmp_path):
    cache = VectorCache(tmp_path, "model")
    key = cache.key("document", ["a", "b"])
    cache.put(key, np.ones((2, 4), dtype=np.float32))
    # Well-formed, finite, the right shape: only the checksum can tell.
    np.save(cache.directory / f"{key}.npy", np.full((2, 4), 0.5, dtype=np.float32))
    assert cache.get(key, 2) is None
    cache.put(key, np.ones((2, 4), dtype=np.float32))
    (cache.directory / f"{key}.sha256").unlink()
    assert cache.get(key, 2) is None


def test_keys_depend_on_model_document_and_texts(tmp_path):
    cache = VectorCache(tmp_path, "model")
    keys = {
        cache.key("document", ["a", "b"]),
        cache.key("document", ["ab"]),
        cache.key("document", ["a", "b", ""]),
        cache.key("other document", ["a", "b"]),
        VectorCache(tmp_path, "other model").key("document", ["a", "b"]),
    }
    assert len(keys) == 5
