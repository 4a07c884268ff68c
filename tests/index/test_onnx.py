"""The ONNX query path gives sentence-transformers' vectors, answers and rankings, without torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from index.embedder_choice import default_embedder
from index.errors import ModelUnavailableError
from index.fast_embed import FastQueryEmbedder
from index.model import MODEL_NAME
from index.files import lock_path
from index.onnx_embed import META_FILE, MODEL_FILE, ExportedModel, OnnxEmbedder, export
from index.st_embed import SentenceTransformerEmbedder
from qa import ArticleQA, default_article_path


@pytest.fixture(scope="module")
def onnx_dir(embedder, tmp_path_factory):
    return export(tmp_path_factory.mktemp("onnx") / "minilm", model=embedder.model())


@pytest.fixture(scope="module")
def onnx_embedder(onnx_dir) -> OnnxEmbedder:
    return OnnxEmbedder.load(onnx_dir)


@pytest.fixture(scope="module")
def queries(engine, gold) -> list[str]:
    """Every gold question as asked, and as rewritten with its history."""
    asked = [item["question"] for item in gold]
    rewritten = [engine.ask(item["question"], item["history"]).query for item in gold]
    return sorted(set(asked + rewritten))


def test_question_vectors_match_sentence_transformers(embedder, onnx_embedder, queries):
    reference = embedder.embed(queries)
    fast = np.concatenate([onnx_embedder.embed([q]) for q in queries])
    cosines = (reference * fast).sum(axis=1)
    assert len(queries) >= 30
    assert cosines.min() >= 0.999, queries[int(cosines.argmin())]
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_top5_passages_identical(embedder, onnx_embedder, queries, engine):
    for query in queries:
        ranked = [
            [hit.passage.passage_id for hit in engine.index.search(query, e.embed([query])[0], 5)]
            for e in (embedder, onnx_embedder)
        ]
        dense = [
            [row for row, _ in engine.index.passage_vectors.search(e.embed([query])[0], 5)]
            for e in (embedder, onnx_embedder)
        ]
        assert ranked[0] == ranked[1], query
        assert dense[0] == dense[1], query


def test_padded_batches_equal_single_texts(onnx_embedder, engine):
    # Passages of different lengths in one batch exercise padding and the attention mask.
    texts = [p.text for p in engine.index.passages] + ["Who?"]
    batch = onnx_embedder.embed(texts)
    single = np.concatenate([onnx_embedder.embed([t]) for t in texts])
    assert (batch * single).sum(axis=1).min() >= 0.99999


def test_passage_vectors_match_sentence_transformers(embedder, onnx_embedder, engine):
    texts = [p.text for p in engine.index.passages] + [s.text for s in engine.index.sentences]
    assert (embedder.embed(texts) * onnx_embedder.embed(texts)).sum(axis=1).min() >= 0.999


def test_engine_answers_identical_with_the_fast_path(embedder, onnx_dir, engine, cache_dir, gold):
    fast = FastQueryEmbedder(documents=embedder, onnx_dir=onnx_dir)
    fast_engine = ArticleQA.from_paths([default_article_path()], embedder=fast, cache_dir=cache_dir)
    for item in gold:
        expected = engine.ask(item["question"], item["history"])
        got = fast_engine.ask(item["question"], item["history"])
        assert (got.text, got.citations, got.found) == (expected.text, expected.citations, expected.found)
        assert [h.passage.passage_id for h in got.passages] == [h.passage.passage_id for h in expected.passages]


def test_query_path_does_not_import_torch(onnx_dir):
    code = (
        "import sys\n"
        "from index.fast_embed import FastQueryEmbedder\n"
        f"vector = FastQueryEmbedder(onnx_dir={str(onnx_dir)!r}).embed(['Who is Maloof?'])\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers')\n"
        "print(vector.shape, sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(1, 384) []"


def test_missing_export_is_made_on_first_question(embedder, tmp_path):
    fast = FastQueryEmbedder(documents=embedder, onnx_dir=tmp_path / "export")
    vector = fast.embed(["What did Maloof warn?"])
    assert (tmp_path / "export" / META_FILE).exists()
    assert float(vector[0] @ embedder.embed(["What did Maloof warn?"])[0]) >= 0.999


def test_a_process_waiting_for_another_export_loads_it_and_exports_nothing(onnx_dir, tmp_path):
    """API workers starting together on a new cache export once: while one exports (here a
    process holding the lock, then writing a finished export), the others wait and load it."""
    directory = tmp_path / "export"
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, shutil, sys, time\n"
         f"h = open({str(lock_path(directory))!r}, 'a'); fcntl.flock(h, fcntl.LOCK_EX)\n"
         "print('locked', flush=True); time.sleep(1)\n"
         f"shutil.copytree({str(onnx_dir)!r}, {str(directory)!r})\n"],
        stdout=subprocess.PIPE, text=True,
    )
    assert writer.stdout.readline().strip() == "locked"

    def no_model():
        raise AssertionError("exported although another process was exporting")

    loaded = ExportedModel(directory).get(no_model)
    assert writer.wait(30) == 0
    vector = loaded.embed(["What did Maloof warn?"])[0]
    assert float(vector @ OnnxEmbedder.load(onnx_dir).embed(["What did Maloof warn?"])[0]) >= 0.9999


@pytest.mark.parametrize("damage", ["truncate", "overwrite", "metadata"])
def test_damaged_export_is_exported_again(embedder, onnx_dir, tmp_path, damage):
    directory = tmp_path / "export"
    export(directory, model=embedder.model())
    model_file = directory / MODEL_FILE
    size = model_file.stat().st_size
    if damage == "truncate":
        model_file.write_bytes(model_file.read_bytes()[: size // 2])
    elif damage == "overwrite":
        # Same size, so only the probe vector (or ONNX Runtime) can tell.
        data = bytearray(model_file.read_bytes())
        data[size // 3 : size // 3 + 4_000_000] = bytes(4_000_000)
        model_file.write_bytes(bytes(data))
    else:
        (directory / META_FILE).write_text("{not json", "utf-8")
    with pytest.raises(ModelUnavailableError):
        OnnxEmbedder.load(directory)
    fast = FastQueryEmbedder(documents=embedder, onnx_dir=directory)
    vector = fast.embed(["What did Maloof warn?"])
    assert float(vector[0] @ embedder.embed(["What did Maloof warn?"])[0]) >= 0.999
    assert OnnxEmbedder.load(directory).name == MODEL_NAME
    assert json.loads((directory / META_FILE).read_text("utf-8"))["model_bytes"] == size


def test_default_embedder_is_the_fast_path_with_the_models_name(monkeypatch):
    assert isinstance(default_embedder(), FastQueryEmbedder)
    assert default_embedder().name == MODEL_NAME == SentenceTransformerEmbedder.name
    monkeypatch.setenv("ARTICLE_QA_EMBEDDER", "torch")
    assert isinstance(default_embedder(), SentenceTransformerEmbedder)


def test_preload_loads_an_existing_export_and_never_exports(embedder, onnx_dir, tmp_path):
    preloaded = FastQueryEmbedder(documents=embedder, onnx_dir=onnx_dir, preload=True)
    assert float(preloaded.embed(["Who is Maloof?"])[0] @ embedder.embed(["Who is Maloof?"])[0]) >= 0.999
    FastQueryEmbedder(documents=embedder, onnx_dir=tmp_path / "none", preload=True)
    for thread in threading.enumerate():
        if thread.name == "article-qa-onnx-preload":
            thread.join()
    assert not (tmp_path / "none").exists()


def test_indexing_runs_on_onnx_in_the_order_given(embedder, onnx_dir, engine):
    fast = FastQueryEmbedder(documents=embedder, onnx_dir=onnx_dir)
    # Longest first, so that sorting by length inside must put every row back.
    texts = sorted(
        [p.text for p in engine.index.passages] + [s.text for s in engine.index.sentences],
        key=len,
        reverse=True,
    )
    vectors = fast.embed_documents(texts)
    assert not fast._fallback
    assert (vectors * embedder.embed(texts)).sum(axis=1).min() >= 0.999


def test_batches_on_several_threads_give_the_one_thread_vectors(onnx_embedder, engine):
    whole = [p.text for p in engine.index.passages] + [s.text for s in engine.index.sentences]
    # Halves and three quarters too: texts of many lengths, a few batches for each thread.
    texts = [text[: len(text) * part // 4] for text in whole for part in (2, 3, 4)]
    assert len(texts) > 3 * 32
    assert np.array_equal(onnx_embedder.embed(texts, workers=3), onnx_embedder.embed(texts))


def test_first_question_on_a_new_machine_prints_no_library_warnings(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "qa", "ask", "What did Maloof warn?"],
        env={**os.environ, "ARTICLE_QA_CACHE": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Maloof" in done.stdout
    lines = done.stderr.splitlines()
    assert all(line.startswith("article-qa: ") for line in lines), done.stderr
    assert sum("exporting the embedding model" in line for line in lines) == 1
    assert not any("warn" in line.lower() for line in lines), done.stderr
