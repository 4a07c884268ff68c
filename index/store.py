"""Save and load a built index: two FAISS files and JSON, written atomically, no pickle."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

from index.article_index import ArticleIndex, Chunking, fingerprint, fingerprint_key
from index.dense import DenseIndex
from index.embed import Embedder
from index.errors import ArticleQAError, IndexCorruptError
from index.types import Document, Passage, Sentence, Span

log = logging.getLogger("article_qa")

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records.json"
PASSAGE_VECTORS = "passages.faiss"
SENTENCE_VECTORS = "sentences.faiss"


class IndexMismatchError(ArticleQAError):
    """A saved index was built from other articles, another model or other settings."""


def default_cache_dir() -> Path:
    """``$ARTICLE_QA_CACHE`` if set, else the user's cache directory for article-qa."""
    override = os.environ.get("ARTICLE_QA_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("article-qa"))


def save(index: ArticleIndex, directory: Path) -> None:
    """Write ``index`` to ``directory``, replacing what is there only once it is complete."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        index.passage_vectors.save(staging / PASSAGE_VECTORS)
        index.sentence_vectors.save(staging / SENTENCE_VECTORS)
        records = {
            "documents": [_document_record(d) for d in index.documents.values()],
            "sentences": [asdict(s) for s in index.sentences],
            "passages": [asdict(p) for p in index.passages],
        }
        (staging / RECORDS).write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        manifest = {
            "format": FORMAT_VERSION,
            **fingerprint(list(index.documents.values()), index.model_name, index.chunking),
            "dimension": index.dimension,
            "passages": len(index.passages),
            "sentences": len(index.sentences),
        }
        # The manifest goes last: a directory without one is never taken for an index.
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
        _replace_dir(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(directory: Path, expected: dict) -> ArticleIndex:
    """Load the index in ``directory`` if its manifest matches the ``expected`` fingerprint.

    Raises:
        FileNotFoundError: If there is no saved index.
        IndexMismatchError: If it was built from other inputs (stale).
        IndexCorruptError: If any file is unreadable or inconsistent.
    """
    directory = Path(directory)
    manifest = _read_json(directory / MANIFEST)
    if manifest.get("format") != FORMAT_VERSION or any(
        manifest.get(key) != value for key, value in expected.items()
    ):
        raise IndexMismatchError(f"saved index in {directory} was built from other inputs")
    records = _read_json(directory / RECORDS)
    try:
        documents = [_document_from_record(r) for r in records["documents"]]
        sentences = [Sentence(**r) for r in records["sentences"]]
        passages = [Passage(**{**r, "sentences": tuple(r["sentences"])}) for r in records["passages"]]
        chunking = Chunking(**manifest["chunking"])
    except (KeyError, TypeError) as exc:
        raise IndexCorruptError(f"{directory / RECORDS} is malformed: {exc}") from exc
    passage_vectors = DenseIndex.load(directory / PASSAGE_VECTORS)
    sentence_vectors = DenseIndex.load(directory / SENTENCE_VECTORS)
    texts = {d.doc_id: d.text for d in documents}
    consistent = (
        passage_vectors.size == len(passages) == manifest.get("passages")
        and sentence_vectors.size == len(sentences) == manifest.get("sentences")
        and passage_vectors.dimension == sentence_vectors.dimension == manifest.get("dimension")
        and all(texts[x.doc_id][x.start : x.end] == x.text for x in [*passages, *sentences])
    )
    if not consistent:
        raise IndexCorruptError(f"saved index in {directory} is inconsistent with its manifest")
    return ArticleIndex(
        documents, sentences, passages, passage_vectors, sentence_vectors, manifest["model"], chunking
    )


def load_or_build(
    documents: list[Document],
    embedder: Embedder,
    chunking: Chunking = Chunking(),
    cache_dir: Path | None = None,
) -> ArticleIndex:
    """Reuse the saved index for these documents, or build, save and return a new one.

    A stale or damaged index is rebuilt with a one-line notice; a cache that cannot be
    written only costs the saving, never the answer.
    """
    expected = fingerprint(documents, embedder.name, chunking)
    directory = Path(cache_dir or default_cache_dir()) / fingerprint_key(expected)
    try:
        index = load(directory, expected)
        log.info("loaded index from %s", directory)
        return index
    except FileNotFoundError:
        log.info("building index in %s", directory)
    except ArticleQAError as exc:
        log.warning("rebuilding index: %s", exc)
    index = ArticleIndex.build(documents, embedder, chunking)
    try:
        save(index, directory)
    except OSError as exc:
        log.warning("index not saved (%s); it will be rebuilt next time", exc)
    return index


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise IndexCorruptError(f"{path} does not hold a JSON object")
    return data


def _replace_dir(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target``; an existing target is swapped out, then removed."""
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, retired / "index")
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, target)


def _document_record(document: Document) -> dict:
    record = asdict(document)
    record["body"] = [[s.start, s.end] for s in document.body]
    for key in ("title_span", "date_span"):
        span = getattr(document, key)
        record[key] = [span.start, span.end] if span else None
    return record


def _document_from_record(record: dict) -> Document:
    def span(pair):
        return Span(*pair) if pair else None

    return Document(
        **{
            **record,
            "body": tuple(Span(*pair) for pair in record["body"]),
            "title_span": span(record["title_span"]),
            "date_span": span(record["date_span"]),
        }
    )
