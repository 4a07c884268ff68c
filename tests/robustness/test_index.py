"""Damaged, edited, unwritable or contended index caches: a rebuild or a clear error, never a
wrong answer from a mismatched index."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from counting_embedder import CountingEmbedder

from index.article_index import fingerprint, fingerprint_key
from index.clean import clean
from index.errors import IndexCorruptError
from index.files import lock_path
from index.store import (
    MANIFEST,
    PASSAGE_VECTORS,
    RECORDS,
    SENTENCE_VECTORS,
    IndexMismatchError,
    load,
    load_or_build,
    save,
)
from qa import ArticleQA

QUESTIONS = ["What did Maloof warn?", "Who is Andre Vltchek?", "What is the capital of France?"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def saved(engine, cache_dir, tmp_path):
    """The session engine's index saved under its key in a fresh cache folder.

    The session cache's per-document vectors come along, so rebuilds need not re-embed.
    """
    if (cache_dir / "vectors").is_dir():
        shutil.copytree(cache_dir / "vectors", tmp_path / "cache" / "vectors")
    index = engine.index
    documents = list(index.documents.values())
    expected = fingerprint(documents, index.model_name, index.chunking)
    directory = tmp_path / "cache" / fingerprint_key(expected)
    save(index, directory)
    return directory, documents, expected


@pytest.fixture()
def reference(engine):
    return [_answer(engine, q) for q in QUESTIONS]


def _answer(engine, question):
    answer = engine.ask(question)
    return answer.text, answer.citations, answer.found


def answers_from(index, engine):
    reloaded = ArticleQA(index, engine.embedder, engine.settings)
    return [_answer(reloaded, q) for q in QUESTIONS]


def _records(directory):
    return json.loads((directory / RECORDS).read_text("utf-8"))


def _rewrite_records(directory, records, *, fix_checksum):
    """Edit records.json; with ``fix_checksum`` also make the manifest vouch for the edit."""
    (directory / RECORDS).write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    if fix_checksum:
        import hashlib

        manifest = json.loads((directory / MANIFEST).read_text())
        manifest["files"][RECORDS] = hashlib.sha256((directory / RECORDS).read_bytes()).hexdigest()
        (directory / MANIFEST).write_text(json.dumps(manifest))


def _truncate(name, keep=0.5):
    def damage(directory):
        data = (directory / name).read_bytes()
        (directory / name).write_bytes(data[: int(len(data) * keep)])

    return damage


def _flip_byte(name):
    def damage(directory):
        data = bytearray((directory / name).read_bytes())
        data[len(data) // 2] ^= 0x55  # a vector component: FAISS itself would not notice
        (directory / name).write_bytes(bytes(data))

    return damage


def _delete(name):
    return lambda directory: (directory / name).unlink()


def _edit_manifest(change):
    def damage(directory):
        manifest = json.loads((directory / MANIFEST).read_text())
        (directory / MANIFEST).write_text(json.dumps(change(manifest)))

    return damage


def _shift_a_sentence(directory):
    records = _records(directory)
    first = records["passages"]["sentences"][1][0]
    records["sentences"]["start"][first] += 1  # passage 1 no longer starts where its first sentence does
    _rewrite_records(directory, records, fix_checksum=True)


def _edit_article_text(directory):
    # A consistent forgery of records.json: the article's text says "work" where the article
    # says "flop". Offsets still line up; only the text's hash against the manifest (and the
    # real article) can tell.
    records = _records(directory)
    for record in records["documents"]:
        record["text"] = record["text"].replace("flop", "work")
    _rewrite_records(directory, records, fix_checksum=True)


def _swap_sentences(directory):
    records = _records(directory)
    for column in ("start", "end"):
        values = records["sentences"][column]
        values[0], values[1] = values[1], values[0]
    _rewrite_records(directory, records, fix_checksum=True)


def _records_of_wrong_shape(directory):
    _rewrite_records(directory, {"documents": "x", "sentences": [1], "passages": None}, fix_checksum=True)


DAMAGE = {
    # name: (damage, what load() raises)
    "truncated passages FAISS": (_truncate(PASSAGE_VECTORS), IndexCorruptError),
    "empty sentences FAISS": (_truncate(SENTENCE_VECTORS, 0), IndexCorruptError),
    "one byte of a vector changed": (_flip_byte(SENTENCE_VECTORS), IndexCorruptError),
    "passages FAISS missing": (_delete(PASSAGE_VECTORS), IndexCorruptError),
    "records missing": (_delete(RECORDS), IndexCorruptError),
    "records truncated": (_truncate(RECORDS), IndexCorruptError),
    "records edited": (_flip_byte(RECORDS), IndexCorruptError),
    "sentence offsets edited (checksum fixed)": (_shift_a_sentence, IndexCorruptError),
    "article text edited (checksum fixed)": (_edit_article_text, IndexCorruptError),
    "sentences swapped (checksum fixed)": (_swap_sentences, IndexCorruptError),
    "records of the wrong shape (checksum fixed)": (_records_of_wrong_shape, IndexCorruptError),
    "manifest missing": (_delete(MANIFEST), FileNotFoundError),
    "manifest not JSON": (lambda d: (d / MANIFEST).write_text('{"format": 2,'), IndexCorruptError),
    "manifest a JSON list": (lambda d: (d / MANIFEST).write_text("[1, 2]"), IndexCorruptError),
    "manifest from an older format": (_edit_manifest(lambda m: {**m, "format": 1}), IndexMismatchError),
    "manifest for another article": (
        _edit_manifest(lambda m: {**m, "documents": [{"doc_id": "x", "sha256": "0" * 64}]}),
        IndexMismatchError,
    ),
    "manifest passage count edited": (
        _edit_manifest(lambda m: {**m, "passages": m["passages"] - 1}),
        IndexCorruptError,
    ),
    "manifest checksums removed": (_edit_manifest(lambda m: {k: v for k, v in m.items() if k != "files"}), IndexCorruptError),
    "manifest checksum edited": (
        _edit_manifest(lambda m: {**m, "files": {**m["files"], PASSAGE_VECTORS: "0" * 64}}),
        IndexCorruptError,
    ),
}


@pytest.mark.parametrize("damage, error", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_index_is_refused_then_rebuilt_with_the_same_answers(
    saved, engine, reference, caplog, damage, error
):
    directory, documents, expected = saved
    damage(directory)
    with pytest.raises(error) as exc:
        load(directory, expected)
    assert "\n" not in str(exc.value)
    with caplog.at_level(logging.INFO, logger="article_qa"):
        rebuilt = load_or_build(documents, engine.embedder, engine.index.chunking, directory.parent)
    notices = [r.message for r in caplog.records if r.name == "article_qa"]
    assert any(m.startswith(("rebuilding index:", "building index in")) for m in notices), notices
    assert answers_from(rebuilt, engine) == reference
    # The rebuilt index was saved over the damaged one and now loads as it is.
    assert answers_from(load(directory, expected), engine) == reference


def test_another_articles_index_under_this_key_is_never_used(saved, engine, embedder, tmp_path):
    directory, documents, _ = saved
    other = clean("Council approves bridge\n\nThe city council approved a new bridge on Tuesday, officials said.\n")
    other_expected = fingerprint([other], engine.index.model_name, engine.index.chunking)
    impostor = directory.parent / fingerprint_key(other_expected)
    shutil.copytree(directory, impostor)
    with pytest.raises(IndexMismatchError):
        load(impostor, other_expected)
    # Even with a manifest rewritten to claim the other article, the records give it away.
    manifest = json.loads((impostor / MANIFEST).read_text())
    (impostor / MANIFEST).write_text(json.dumps({**manifest, **other_expected}))
    with pytest.raises(IndexCorruptError):
        load(impostor, other_expected)
    index = load_or_build([other], embedder, engine.index.chunking, directory.parent)
    answer = ArticleQA(index, embedder, engine.settings).ask("What did the council approve?")
    assert answer.found and all("bridge" in c.quote for c in answer.citations)
    assert "Maloof" not in answer.text


# A cache that cannot be written: answers still work, with a notice, and nothing is saved.

def _without_root_override() -> tuple[str, ...]:
    """A command prefix under which root, too, is refused writes by file permissions."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only for root")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", "--")


@pytest.fixture()
def read_only(tmp_path):
    """``read_only(folder)`` makes a folder tree read-only until the test ends."""
    folders = []

    def make(folder):
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        folders.append(folder)
        return folder

    yield make
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def _tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_read_only_cache_with_an_index_still_answers(cli, cache_dir, engine, tmp_path, read_only):
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir, cache)  # holds the default article's index, saved by ``engine``
    # A cache that was used once (the index, and whatever else a run keeps there), then
    # made read-only.
    assert cli("ask", "Who is Andre Vltchek?", cache_dir=cache).returncode == 0
    before = _tree(read_only(cache))
    result = cli("ask", "What did Maloof warn?", cache_dir=cache, prefix=_without_root_override())
    assert result.returncode == 0, result.stderr
    assert "might still flop" in result.stdout
    assert "loaded index" in result.stderr and "Traceback" not in result.stderr
    assert _tree(cache) == before


def test_a_read_only_empty_cache_still_answers_with_a_notice(cli, tmp_path, read_only):
    cache = tmp_path / "cache"
    cache.mkdir()
    read_only(cache)
    result = cli("ask", "What did Maloof warn?", cache_dir=cache, prefix=_without_root_override())
    assert result.returncode == 0, result.stderr
    assert "might still flop" in result.stdout
    notices = [line for line in result.stderr.splitlines() if "index not saved" in line]
    assert len(notices) == 1 and "rebuilt next time" in notices[0]
    assert "Traceback" not in result.stderr
    assert _tree(cache) == []


BUILD_IN = """
import logging, sys
from index.clean import clean
from index.st_embed import SentenceTransformerEmbedder
from index.store import load_or_build
from qa import ArticleQA, Settings, default_article_path
logging.basicConfig(level=logging.INFO, format="article-qa: %(message)s")
embedder = SentenceTransformerEmbedder()
index = load_or_build([clean(default_article_path().read_text("utf-8"))], embedder, cache_dir=sys.argv[1])
print(ArticleQA(index, embedder, Settings()).ask("What did Maloof warn?").text)
"""


def test_a_read_only_empty_cache_builds_in_memory_and_saves_nothing(tmp_path, read_only):
    cache = tmp_path / "cache"
    cache.mkdir()
    read_only(cache)
    result = subprocess.run(
        [*_without_root_override(), sys.executable, "-c", BUILD_IN, str(cache)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "might still flop" in result.stdout
    assert "Traceback" not in result.stderr
    notices = [line for line in result.stderr.splitlines() if "index not saved" in line]
    assert len(notices) == 1 and "rebuilt next time" in notices[0]
    assert _tree(cache) == []


def test_a_cache_path_that_is_a_file_costs_only_the_saving(engine, tmp_path, caplog, reference):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("not a folder")
    documents = list(engine.index.documents.values())
    with caplog.at_level(logging.WARNING, logger="article_qa"):
        index = load_or_build(documents, engine.embedder, engine.index.chunking, not_a_folder)
    assert answers_from(index, engine) == reference
    assert any("index not saved" in r.message for r in caplog.records)
    assert not_a_folder.read_text() == "not a folder"


# Two builders at once: the second waits for the lock, then loads what the first saved.

def test_a_second_builder_waits_and_loads_instead_of_embedding(embedder, article_text, tmp_path):
    documents = [clean(article_text)]
    cache = tmp_path / "cache"
    second_waits = threading.Event()

    class Watch(logging.Handler):
        def emit(self, record):
            if threading.current_thread().name == "second" and record.getMessage().startswith(
                "waiting for another process"
            ):
                second_waits.set()

    class HoldingEmbedder(CountingEmbedder):
        """Embeds only once the second builder is seen waiting for the lock."""

        def embed(self, texts):
            assert second_waits.wait(60), "the second builder never waited for the lock"
            return super().embed(texts)

    embedders = {"first": HoldingEmbedder(embedder), "second": CountingEmbedder(embedder)}
    results = {}

    def build(name):
        results[name] = load_or_build(documents, embedders[name], cache_dir=cache)

    logger = logging.getLogger("article_qa")
    watch = Watch()
    logger.addHandler(watch)
    previous_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        first = threading.Thread(target=build, args=("first",), name="first")
        first.start()
        # The second starts once the first holds the lock (it then waits inside ``embed``).
        for _ in range(1200):
            if first_is_building(cache) or not first.is_alive():
                break
            first.join(0.05)
        second = threading.Thread(target=build, args=("second",), name="second")
        second.start()
        first.join(120)
        second.join(120)
    finally:
        logger.removeHandler(watch)
        logger.setLevel(previous_level)
    assert second_waits.is_set()
    assert embedders["first"].texts > 0 and embedders["second"].texts == 0
    assert results["second"].passages == results["first"].passages
    assert (results["second"].sentence_matrix == results["first"].sentence_matrix).all()


def first_is_building(cache: Path) -> bool:
    """True once some process holds a build lock in ``cache``."""
    for lock in cache.glob("*.lock"):
        with open(lock) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def test_two_processes_building_the_same_index_embed_it_once(tmp_path):
    article = tmp_path / "bridge.txt"
    article.write_text(
        "Council approves new bridge\n\n"
        + "\n\n".join(
            f"The council approved bridge number {i} over the river on day {i}, officials said."
            for i in range(300)
        ),
        "utf-8",
    )
    command = [sys.executable, "-m", "qa", "--cache-dir", str(tmp_path / "cache"), "index", "--article", str(article)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    stderr = "\n".join(err for _, err in outputs)
    assert stderr.count("article-qa: embedding ") == 1, stderr
    assert stderr.count("loaded index from") == 1, stderr
    assert all("indexed 1 article(s)" in out for out, _ in outputs)


def test_a_builder_gives_up_waiting_after_the_timeout_and_builds(saved, engine, caplog, reference):
    directory, documents, _ = saved
    (directory / MANIFEST).unlink()
    path = lock_path(directory)
    with open(path, "a") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)  # a live but stuck builder
        with caplog.at_level(logging.INFO, logger="article_qa"):
            index = load_or_build(
                documents, engine.embedder, engine.index.chunking, directory.parent, lock_timeout=0.5
            )
    assert answers_from(index, engine) == reference
    assert any("building it here too" in r.message for r in caplog.records)


def test_a_killed_builder_releases_the_lock_at_once(saved, engine, caplog, reference):
    directory, documents, _ = saved
    (directory / MANIFEST).unlink()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time\n"
         f"h = open({str(lock_path(directory))!r}, 'a'); fcntl.flock(h, fcntl.LOCK_EX)\n"
         "print('locked', flush=True); time.sleep(600)"],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(10)
    with caplog.at_level(logging.INFO, logger="article_qa"):
        index = load_or_build(
            documents, engine.embedder, engine.index.chunking, directory.parent, lock_timeout=60
        )
    assert answers_from(index, engine) == reference
    assert not any("building it here too" in r.message for r in caplog.records)


# A crash in the middle of a save: the old index stays whole and usable.

SAVE_UNDER_A_FILE_SIZE_LIMIT = """
import json, resource, signal, sys
from index.store import load, save
source, expected, limit, die, target = sys.argv[1:]
index = load(source, json.loads(expected))
if die == "kill":
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # the kernel kills the process mid-write
resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
try:
    save(index, target)
except OSError as exc:
    print(type(exc).__name__, exc)
    sys.exit(3)
"""


@pytest.mark.parametrize("how", ["kill", "error"])
@pytest.mark.parametrize("over_an_old_index", [True, False], ids=["replacing", "new"])
def test_a_save_cut_short_never_leaves_a_half_index(
    saved, engine, reference, caplog, tmp_path, how, over_an_old_index
):
    directory, documents, expected = saved
    source = tmp_path / "source" / directory.name
    shutil.copytree(directory, source)
    if not over_an_old_index:
        shutil.rmtree(directory)
    passages, sentences = ((source / n).stat().st_size for n in (PASSAGE_VECTORS, SENTENCE_VECTORS))
    assert passages < sentences
    # The passages file fits under the limit; the sentences file, written next, does not.
    limit = (passages + sentences) // 2
    result = subprocess.run(
        [sys.executable, "-c", SAVE_UNDER_A_FILE_SIZE_LIMIT, str(source), json.dumps(expected),
         str(limit), how, str(directory)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    if how == "kill":
        assert result.returncode == -signal.SIGXFSZ, result.stderr
    else:
        assert result.returncode == 3, result.stderr
        assert result.stdout.startswith("OSError")
    if over_an_old_index:
        assert answers_from(load(directory, expected), engine) == reference
    else:
        with pytest.raises(FileNotFoundError):
            load(directory, expected)
    leftovers = [p for p in directory.parent.iterdir() if p.name.startswith(".")]
    assert bool(leftovers) == (how == "kill")  # a failed save cleans up; a killed one cannot
    # The next build of that index removes what a killed save left behind.
    if over_an_old_index:
        (directory / MANIFEST).unlink()
    with caplog.at_level(logging.INFO, logger="article_qa"):
        load_or_build(documents, engine.embedder, engine.index.chunking, directory.parent)
    assert [p for p in directory.parent.iterdir() if p.name.startswith(".")] == []
    assert answers_from(load(directory, expected), engine) == reference
