"""Save and load a built index: FAISS, NumPy and bm25s's files and JSON, written atomically, no pickle."""

from __future__ import annotations

import ctypes
import errno
import json
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Callable

import numpy as np

from index.article_index import ArticleIndex, Chunking, fingerprint, fingerprint_key
from index.dense import DenseIndex
from index.embed import Embedder
from index.errors import ArticleQAError, IndexCorruptError
from index.files import exclusive_lock, file_sha256
from index.paths import default_cache_dir
from index.nlp import Entity, SentenceFacts
from index.records import (
    decoded_record,
    document_from_record,
    document_record,
    passages_from_record,
    passages_record,
    sentences_from_record,
    sentences_record,
)
from index.sparse import FILES as SPARSE_FILES
from index.sparse import SparseIndex
from index.types import Document, Passage, Sentence
from index.vector_rows import VectorRows

log = logging.getLogger("article_qa")

# 2: the manifest records the sha256 of every other file of the index; 3: sentence facts;
# 4: the BM25 index is saved (bm25s's files in BM25_DIR), not rebuilt at every load, and
# sentence vectors are a .npy file, memory-mapped when loaded (only candidates are read);
# 5: sentences and passages are saved as columns of offsets, without copies of their text.
FORMAT_VERSION = 5
MANIFEST = "manifest.json"
RECORDS = "records.json"
PASSAGE_VECTORS = "passages.faiss"
SENTENCE_VECTORS = "sentences.npy"
BM25_DIR = "bm25"
DATA_FILES = (RECORDS, PASSAGE_VECTORS, SENTENCE_VECTORS, *(f"{BM25_DIR}/{name}" for name in SPARSE_FILES))
# How long a process waits for another one building the same index before building it too.
# A crashed builder releases the lock at once (the kernel drops it), so this only bounds the
# wait for a live but stuck one; saves stay atomic either way.
LOCK_TIMEOUT_S = 600.0


class IndexMismatchError(ArticleQAError):
    """A saved index was built from other articles, another model or other settings."""


def save(index: ArticleIndex, directory: Path) -> None:
    """Write ``index`` to ``directory``, replacing what is there only once it is complete.

    Everything is written to a hidden sibling folder, flushed to disk, and swapped in with
    one rename; the manifest, written last, records every file's sha256, so a folder that a
    crash or a full disk left short is never taken for an index.

    Raises:
        OSError: If the index cannot be written (the previous one, if any, is untouched).
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        _save_vectors(index.passage_vectors, staging / PASSAGE_VECTORS)
        np.save(staging / SENTENCE_VECTORS, index.sentence_matrix, allow_pickle=False)
        index.sparse.save(staging / BM25_DIR)
        documents = list(index.documents.values())
        records = {
            "documents": [document_record(d) for d in documents],
            "sentences": sentences_record(index.sentences, documents),
            "passages": passages_record(index.passages, documents),
            "facts": [asdict(f) for f in index.facts],
        }
        (staging / RECORDS).write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        manifest = {
            "format": FORMAT_VERSION,
            **fingerprint(list(index.documents.values()), index.model_name, index.chunking),
            "dimension": index.dimension,
            "passages": len(index.passages),
            "sentences": len(index.sentences),
            "files": {name: file_sha256(staging / name) for name in DATA_FILES},
        }
        # The manifest goes last: a directory without one is never taken for an index.
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
        for name in (*DATA_FILES, MANIFEST):
            _fsync(staging / name)
        _fsync(staging / BM25_DIR)
        _fsync(staging)
        _replace_dir(staging, directory)
        _fsync(directory.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(directory: Path, expected: dict) -> ArticleIndex:
    """Load the index in ``directory`` if its manifest matches the ``expected`` fingerprint.

    Every file is checked against the sha256 the manifest records, and every sentence and
    passage against the article text, before anything is used.

    Raises:
        FileNotFoundError: If there is no saved index (no manifest).
        IndexMismatchError: If it was built from other inputs (stale).
        IndexCorruptError: If any file is missing, damaged, edited or inconsistent.
    """
    directory = Path(directory)
    manifest = _read_json(directory / MANIFEST)
    if manifest.get("format") != FORMAT_VERSION or any(
        manifest.get(key) != value for key, value in expected.items()
    ):
        raise IndexMismatchError(f"saved index in {directory} was built from other inputs")
    _verify_files(directory, manifest)
    records = _read_json(directory / RECORDS, decoded_record)
    try:
        documents = [document_from_record(r) for r in records["documents"]]
        sentences = sentences_from_record(records["sentences"], documents)
        passages = passages_from_record(records["passages"], documents)
        facts = list(records["facts"])
        chunking = Chunking(**manifest["chunking"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexCorruptError(f"{directory / RECORDS} is malformed: {exc}") from exc
    if not all(isinstance(f, SentenceFacts)
               and all(isinstance(e, Entity) for e in f.entities) for f in facts):
        raise IndexCorruptError(f"{directory / RECORDS} is malformed: a record of the wrong shape")
    passage_vectors = DenseIndex.load(directory / PASSAGE_VECTORS)
    sentence_matrix = VectorRows(directory / SENTENCE_VECTORS)
    sparse = SparseIndex.load(directory / BM25_DIR)
    consistent = (
        passage_vectors.size == len(passages) == manifest.get("passages") == sparse.size
        and sentence_matrix.shape == (len(sentences), passage_vectors.dimension)
        and len(sentences) == manifest.get("sentences") == len(facts)
        and passage_vectors.dimension == manifest.get("dimension")
        and fingerprint(documents, manifest["model"], chunking)["documents"] == expected["documents"]
        and _records_consistent(sentences, passages)
    )
    if not consistent:
        raise IndexCorruptError(f"saved index in {directory} is inconsistent with its manifest")
    return ArticleIndex(
        documents, sentences, passages, passage_vectors, sentence_matrix, manifest["model"],
        chunking, facts, sparse,
    )


def load_or_build(
    documents: list[Document],
    embedder: Embedder,
    chunking: Chunking = Chunking(),
    cache_dir: Path | None = None,
    lock_timeout: float = LOCK_TIMEOUT_S,
) -> ArticleIndex:
    """Reuse the saved index for these documents, or build, save and return a new one.

    A stale or damaged index is rebuilt with a one-line notice; a cache that cannot be
    written only costs the saving, never the answer. Processes building the same index take
    turns (a lock file beside it): the one that waited loads what the first one saved.
    """
    expected = fingerprint(documents, embedder.name, chunking)
    directory = Path(cache_dir or default_cache_dir()) / fingerprint_key(expected)
    try:
        index = load(directory, expected)
        log.info("loaded index from %s", directory)
        return _sourced_as_given(index, documents)
    except FileNotFoundError:
        log.info("building index in %s", directory)
    except ArticleQAError as exc:
        log.warning("rebuilding index: %s", exc)
    with exclusive_lock(directory, lock_timeout) as locked:
        if locked:
            # Another process may have saved this very index while we waited for the lock.
            try:
                index = load(directory, expected)
                log.info("loaded index from %s (saved by another process)", directory)
                return _sourced_as_given(index, documents)
            except (FileNotFoundError, ArticleQAError):
                pass
            _remove_leftovers(directory)
        # Per-document vectors live beside the indexes: adding an article embeds only it.
        index = ArticleIndex.build(documents, embedder, chunking, directory.parent / "vectors")
        try:
            save(index, directory)
        except OSError as exc:
            log.warning("index not saved (%s); it will be rebuilt next time", exc)
    return index


def _sourced_as_given(index: ArticleIndex, documents: list[Document]) -> ArticleIndex:
    """``index`` with each article's source as given now. A saved index serves the same
    articles read from anywhere (their text and cleaning are in its fingerprint, their path
    is not); citations must name the file read, not the one the index was built from."""
    sources = {document.doc_id: document.source for document in documents}
    index.documents = {doc_id: replace(document, source=sources[doc_id])
                       for doc_id, document in index.documents.items()}
    return index


def _remove_leftovers(directory: Path) -> None:
    """Delete staging folders that a crashed save left beside ``directory`` (lock held)."""
    for leftover in directory.parent.glob(f".{directory.name}.*"):
        log.info("removing %s, left by an interrupted save", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


def _save_vectors(vectors: DenseIndex, path: Path) -> None:
    try:
        vectors.save(path)
    except RuntimeError as exc:  # FAISS reports write errors (a full disk) as RuntimeError
        raise OSError(f"cannot write {path}: {exc}") from exc


def _kind(name: str) -> str:
    """What a data file of the index holds, for messages."""
    if name.endswith(".faiss"):
        return "FAISS index"
    if name.endswith(".npy") and "/" not in name:
        return "vectors"
    if name.startswith(f"{BM25_DIR}/"):
        return "BM25 index"
    return "index records"


def _verify_files(directory: Path, manifest: dict) -> None:
    """Check every data file against the sha256 in the manifest."""
    expected = manifest.get("files")
    if not isinstance(expected, dict):
        raise IndexCorruptError(f"{directory / MANIFEST} lists no file checksums")
    for name in DATA_FILES:
        path = directory / name
        kind = _kind(name)
        try:
            digest = file_sha256(path)
        except OSError as exc:
            raise IndexCorruptError(f"cannot read {kind} {path}: {exc.strerror or exc}") from exc
        if digest != expected.get(name):
            raise IndexCorruptError(
                f"cannot read {kind} {path}: it does not match the manifest's sha256 (damaged or edited)"
            )


def _records_consistent(sentences: list[Sentence], passages: list[Passage]) -> bool:
    """Every sentence and passage lies inside its document's text, a document's sentences
    follow each other without overlapping, and a passage runs from the start of its first
    sentence to the end of its last, all of its own document."""
    try:
        return (
            all(0 <= x.start < x.end <= len(x.document_text) for x in [*passages, *sentences])
            and all(a.end <= b.start for a, b in zip(sentences, sentences[1:]) if a.doc_id == b.doc_id)
            and all(
                p.sentences
                and all(0 <= i < len(sentences) and sentences[i].doc_id == p.doc_id for i in p.sentences)
                and p.start == sentences[p.sentences[0]].start
                and p.end == sentences[p.sentences[-1]].end
                for p in passages
            )
        )
    except TypeError:  # an offset or id of the wrong type
        return False


def _read_json(path: Path, object_hook: Callable[[dict], object] | None = None) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"), object_hook=object_hook)
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
        raise IndexCorruptError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise IndexCorruptError(f"{path} does not hold a JSON object")
    return data


def _fsync(path: Path) -> None:
    """Flush a file or a folder's entries to disk, so a rename never outlives its content."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_dir(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target``; an existing target is swapped out, then removed.

    Where the OS can swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``), a
    crash at any moment leaves either the old or the new index in place; elsewhere there is
    an instant between two renames with no index, after which it is simply rebuilt.
    """
    if not target.exists():
        os.replace(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old index
    else:
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, retired / "index")
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the OS or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # glibc < 2.28, musl
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
