"""The PostgreSQL + pgvector store: one database of articles shared by any number of processes.

Passages are searched in the database: pgvector's HNSW index (cosine) or an exact scan for
the dense side, and BM25 computed in SQL over an inverted index (``postings``) of the very
terms ``index.sparse`` indexes for the lexical side, fused by the same reciprocal rank fusion
as the file store. Records (texts and offsets) of the articles an engine covers are loaded into
memory; vectors stay in the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import sys
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import accumulate
from dataclasses import asdict, dataclass
from typing import Iterator, Sequence

import numpy as np

from index.article_index import (
    Chunking,
    check_retrieval,
    chunk_documents,
    fingerprint,
    fingerprint_key,
    fused_hits,
    search_depth,
)
from index.embed import Embedder
from index.embed_annotate import embed_and_annotate
from index.errors import ArticleQAError, EmptyArticleError, StoreUnavailableError, UnknownArticleError
from index.pg_schema import ARTICLE_LOCK, DIMENSION, migrate
from index.nlp import SentenceFacts
from index.records import document_from_record, document_record, facts_from_record
from index.sparse import terms
from index.store_protocol import ArticleInfo
from index.types import Document, Hit, Passage, Sentence

log = logging.getLogger("article_qa")

# bm25s's defaults ("lucene" BM25), so both stores rank passages alike.
BM25_K1 = 1.5
BM25_B = 0.75
# Below this many passages, dense search scans them exactly; above, it uses the HNSW index.
# Far lower than the file store's ANN_THRESHOLD: the exact scan of 100k passages took 696 ms
# in PostgreSQL here (python -m eval.scale_pg, loaded machine) against ~20 ms for FAISS.
EXACT_BELOW = 1_000
# pgvector's beam width (hnsw.ef_search), also how many nearest passages of the whole store
# are read before keeping the engine's. FAISS's 256 gave recall@10 0.977 here with the same
# graph settings (python -m eval.scale_pg at 100k: 40 near-copies of each passage).
HNSW_EF_SEARCH = 400
# Longer terms are left out of the postings: a btree entry must fit in a third of a page
# (2,704 bytes with the other columns).
_MAX_TERM_BYTES = 2046
_PASSWORD = re.compile(r"(//[^:/@]*:)[^@]*@")


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """One article ready to write: its chunks (numbered from 0), their vectors, its sentences' facts."""

    document: Document
    build: str
    sentences: tuple[Sentence, ...]
    passages: tuple[Passage, ...]
    sentence_vectors: np.ndarray
    passage_vectors: np.ndarray
    facts: tuple[SentenceFacts, ...]


def document_rows(documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> list[DocumentRows]:
    """Chunk, embed and annotate ``documents`` (one call for all); articles without prose are skipped."""
    chunked = []
    for document in documents:
        try:
            chunked.append((document, *chunk_documents([document], chunking)))
        except EmptyArticleError as exc:
            log.warning("skipping %s: %s", document.source or document.doc_id, exc)
    if not chunked:
        return []
    passages = [p for _, _, doc_passages in chunked for p in doc_passages]
    sentences = [s for _, doc_sentences, _ in chunked for s in doc_sentences]
    # Annotation keeps its state per document, so all articles go through it at once.
    vectors, facts = embed_and_annotate([d for d, _, _ in chunked], passages, sentences, embedder)
    # Vectors hold all passages, then all sentences; facts hold the sentences only.
    rows, p_at, s_at = [], 0, 0
    for document, doc_sentences, doc_passages in chunked:
        rows.append(
            DocumentRows(
                document,
                build_key(document, embedder.name, chunking),
                tuple(doc_sentences),
                tuple(doc_passages),
                vectors[len(passages) + s_at : len(passages) + s_at + len(doc_sentences)],
                vectors[p_at : p_at + len(doc_passages)],
                facts[s_at : s_at + len(doc_sentences)],
            )
        )
        p_at += len(doc_passages)
        s_at += len(doc_sentences)
    return rows


def build_key(document: Document, model_name: str, chunking: Chunking) -> str:
    """What a document's rows were made from: its text and selection, the model, the chunking."""
    return fingerprint_key(fingerprint([document], model_name, chunking))


class PostgresStore:
    """Articles, passages and sentences in PostgreSQL with pgvector.

    Example:
        >>> store = PostgresStore("postgresql://localhost/articles")
        >>> index = store.index([clean(text)], embedder, Chunking())
    """

    def __init__(self, url: str) -> None:
        self.location = url
        self._database = Database(url)
        self._database.run(migrate)
        # BM25 runs on its own connection while the dense search runs on the other.
        self._lexical = Database(url)

    def close(self) -> None:
        self._database.close()
        self._lexical.close()

    def add(self, documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> int:
        """Upsert ``documents``: unchanged ones cost one lookup, new or changed ones are embedded.

        Returns:
            How many articles were new or changed.
        """
        stored = dict(
            self._database.execute(
                "SELECT doc_id, build FROM documents WHERE doc_id = ANY(%s)", ([d.doc_id for d in documents],)
            )
        )
        missing = [d for d in documents if stored.get(d.doc_id) != build_key(d, embedder.name, chunking)]
        return self.write(document_rows(missing, embedder, chunking)) if missing else 0

    def write(self, rows: Sequence[DocumentRows]) -> int:
        """Write each article in one transaction under its advisory lock; returns how many changed.

        An article whose stored rows were made from the same inputs is left as it is; one
        made from other inputs (a changed text, model or chunking) has its rows replaced.
        """
        changed = 0
        with _errors(self.location), _connect(self.location) as connection:
            for item in rows:
                changed += _write_document(connection, item)
        return changed

    def index(self, documents: Sequence[Document], embedder: Embedder, chunking: Chunking) -> PostgresIndex:
        """Add ``documents`` if needed; an index over exactly them, in order."""
        self.add(documents, embedder, chunking)
        return self.open([d.doc_id for d in documents], embedder.name, chunking)

    def open(self, doc_ids: Sequence[str], model_name: str, chunking: Chunking) -> PostgresIndex:
        """An index over stored articles, loading their records (not their vectors).

        Raises:
            UnknownArticleError: If an article is not in the store.
        """
        found = {
            row[0]: row[1:]
            for row in self._database.execute(
                "SELECT doc_id, id, record, n_passages, n_terms FROM documents WHERE doc_id = ANY(%s)",
                (list(doc_ids),),
            )
        }
        _require(doc_ids, found)
        keys = [found[d][0] for d in doc_ids]
        documents = [document_from_record(found[d][1]) for d in doc_ids]
        position = {key: i for i, key in enumerate(keys)}
        sentence_rows = sorted(
            self._database.execute(
                "SELECT document, ordinal, id, start_char, end_char, annotations"
                " FROM sentences WHERE document = ANY(%s)",
                (keys,),
            ),
            key=lambda r: (position[r[0]], r[1]),
        )
        passage_rows = sorted(
            self._database.execute(
                "SELECT document, ordinal, id, start_char, end_char, sentences"
                " FROM passages WHERE document = ANY(%s)",
                (keys,),
            ),
            key=lambda r: (position[r[0]], r[1]),
        )
        # Number sentences and passages on across the articles, as ArticleIndex.build does.
        first_sentence, first_passage = {}, {}
        for rows, first in ((sentence_rows, first_sentence), (passage_rows, first_passage)):
            for i, row in enumerate(rows):
                first.setdefault(row[0], i)
        doc_of = dict(zip(keys, documents))
        passage_counts = [found[d][2] for d in doc_ids]
        sentences = [Sentence(doc_of[r[0]].doc_id, i, r[3], r[4], doc_of[r[0]].text)
                     for i, r in enumerate(sentence_rows)]
        passages = [
            Passage(doc_of[r[0]].doc_id, i, r[3], r[4], tuple(first_sentence[r[0]] + s for s in r[5]),
                    doc_of[r[0]].text)
            for i, r in enumerate(passage_rows)
        ]
        totals = (sum(found[d][2] for d in doc_ids), sum(found[d][3] for d in doc_ids))
        return PostgresIndex(
            self._database,
            self._lexical,
            documents,
            sentences,
            passages,
            keys,
            np.array([r[2] for r in sentence_rows], dtype=np.int64),
            {r[2]: i for i, r in enumerate(passage_rows)},
            [0, *accumulate(passage_counts)][:-1],
            totals,
            model_name,
            chunking,
            [facts_from_record(r[5]) for r in sentence_rows],
        )

    def articles(self) -> list[ArticleInfo]:
        return [
            ArticleInfo(r[0], r[1].get("title"), r[1].get("date"), r[1].get("source"), r[2], len(r[1]["text"]))
            for r in self._database.execute("SELECT doc_id, record, sha256 FROM documents ORDER BY id")
        ]

    def documents(self, doc_ids: Sequence[str]) -> list[Document]:
        found = dict(
            self._database.execute("SELECT doc_id, record FROM documents WHERE doc_id = ANY(%s)", (list(doc_ids),))
        )
        _require(doc_ids, found)
        return [document_from_record(found[d]) for d in doc_ids]

    def counts(self) -> dict[str, int]:
        """How many documents, passages and sentences the store holds."""
        return {
            table: self._database.execute(f"SELECT count(*) FROM {table}")[0][0]
            for table in ("documents", "passages", "sentences")
        }


class PostgresIndex:
    """Hybrid search over some articles of a :class:`PostgresStore`, like ``ArticleIndex``.

    Dense search is exact below ``EXACT_BELOW`` passages and uses the HNSW index above it
    (the file store switches at 20,000). Passages tied on a score come back in corpus order.
    """

    def __init__(
        self,
        database: Database,
        lexical: Database,
        documents: Sequence[Document],
        sentences: Sequence[Sentence],
        passages: Sequence[Passage],
        document_keys: list[int],
        sentence_keys: np.ndarray,
        passage_positions: dict[int, int],
        first_passages: list[int],
        totals: tuple[int, int],
        model_name: str,
        chunking: Chunking,
        facts: Sequence[SentenceFacts],
    ) -> None:
        self.documents = {document.doc_id: document for document in documents}
        self.sentences = tuple(sentences)
        self.passages = tuple(passages)
        self.facts = tuple(facts)
        self.model_name = model_name
        self.chunking = chunking
        self._database = database
        self._lexical = lexical
        self._keys = document_keys
        self._sentence_keys = sentence_keys
        self._positions = passage_positions
        # Where each article's passages start in ``passages``, in the order of ``document_keys``.
        self._first_passages = first_passages
        self._passage_count, terms_total = totals
        self._average_terms = terms_total / max(self._passage_count, 1)
        self._exact = self._passage_count < EXACT_BELOW

    def search(self, query: str, query_vector: np.ndarray, k: int, retrieval: str = "hybrid") -> list[Hit]:
        """Top ``k`` passages by reciprocal rank fusion of pgvector and BM25 (see ArticleIndex)."""
        return self.search_batch([query], query_vector.reshape(1, -1), k, retrieval)[0]

    def search_batch(
        self, queries: Sequence[str], query_vectors: np.ndarray, k: int, retrieval: str = "hybrid"
    ) -> list[list[Hit]]:
        check_retrieval(retrieval)
        depth = search_depth(k)
        lexical = self._lexical.in_background(lambda: [self._sparse(query, depth) for query in queries])
        dense = [self.search_dense(vector, depth) for vector in query_vectors]
        return [fused_hits(self.passages, d, s, k, retrieval) for d, s in zip(dense, lexical.result())]

    def sentence_similarities(self, query_vectors: np.ndarray, sentence_ids: Sequence[int]) -> np.ndarray:
        """As ``ArticleIndex.sentence_similarities``, with the vectors read from the store in one query."""
        keys = self._sentence_keys[list(sentence_ids)]
        rows = dict(
            self._database.execute("SELECT id, embedding FROM sentences WHERE id = ANY(%s)", (keys.tolist(),), binary=True)
        )
        matrix = np.stack([_array(rows[int(key)]) for key in keys]) if len(keys) else np.zeros((0, DIMENSION))
        return matrix.astype(np.float32) @ np.asarray(query_vectors, dtype=np.float32).T

    def search_dense(self, vector: np.ndarray, k: int, exact: bool | None = None) -> list[tuple[int, float]]:
        """The ``k`` passages nearest ``vector`` as ``(row, cosine)``, best first.

        ``exact`` scans every passage of these articles; ``False`` uses the HNSW index;
        ``None`` (default) chooses by size (``EXACT_BELOW``).
        """
        vector = np.asarray(vector, dtype=np.float32)
        rows = [] if (self._exact if exact is None else exact) else self._database.execute(
            _ANN_SQL, {"v": vector, "docs": self._keys, "n": k, "candidates": HNSW_EF_SEARCH}, binary=True
        )
        if len(rows) < min(k, self._passage_count):
            # Exact, or the nearest passages of the whole store are mostly other articles'.
            rows = self._database.execute(_EXACT_SQL, {"v": vector, "docs": self._keys, "n": k}, binary=True)
        # Scores as the file store computes them: float32 inner products of unit vectors.
        scored = [(self._positions[key], float(_array(embedding) @ vector)) for key, embedding in rows]
        return sorted(scored, key=lambda pair: (-pair[1], pair[0]))

    def _sparse(self, query: str, depth: int) -> list[tuple[int, float]]:
        """The ``depth`` best passages by BM25 as bm25s computes it, over these articles only."""
        asked = Counter(t for t in terms(query) if len(t.encode()) <= _MAX_TERM_BYTES)
        if not asked:
            return []
        params = {"terms": list(asked), "docs": self._keys, "k1": BM25_K1, "b": BM25_B,
                  "avgdl": self._average_terms, "depth": depth}
        frequencies = dict(self._lexical.execute(_FREQUENCIES_SQL, params))
        # Each term's weight in the question times its idf, as bm25s's "lucene" variant.
        params["weights"] = [
            count * _idf(self._passage_count, frequencies.get(term, 0)) for term, count in asked.items()
        ]
        rows = self._lexical.execute(_BM25_SQL, params)
        return [(self._first_passages[rank - 1] + ordinal, score) for rank, ordinal, score in rows]


def _idf(passages: int, frequency: int) -> float:
    return math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5))


# Dense search on the HNSW index: the store's nearest passages (ef_search of them), then
# these articles' among them; a plain ORDER BY ... LIMIT is what the planner serves from the
# index. The exact scan: "+ 0" keeps the planner off the index.
_ANN_SQL = """
SELECT id, embedding FROM (
    SELECT id, document, embedding FROM passages ORDER BY embedding <=> %(v)s LIMIT %(candidates)s
) nearest
WHERE document = ANY(%(docs)s) LIMIT %(n)s
"""
_EXACT_SQL = """
SELECT id, embedding FROM passages WHERE document = ANY(%(docs)s)
ORDER BY (embedding <=> %(v)s) + 0 LIMIT %(n)s
"""
# BM25 ("lucene" variant, as bm25s) scores sum over query terms (with repeats) of
# idf * tf / (tf + k1 * (1 - b + b * dl / avgdl)), idf = ln(1 + (N - df + 0.5) / (df + 0.5)),
# where N, df and avgdl count the engine's articles only (as a file index built over them).
# Document frequencies sum the per-article counts of ``term_documents`` (a few rows per
# article, not one per posting); the scores then read the query terms' postings once. Scores
# are rounded to float32 (as bm25s keeps them) before ranking, so that copies of a passage tie
# exactly and come back in corpus order (article, ordinal), as bm25s ranks them.
_FREQUENCIES_SQL = """
SELECT term, sum(passages)::bigint FROM term_documents
WHERE term = ANY(%(terms)s::text[]) AND document = ANY(%(docs)s::bigint[])
GROUP BY term
"""
_BM25_SQL = """
SELECT e.rank, p.ordinal,
       sum(q.weight * p.tf / (p.tf + %(k1)s * (1 - %(b)s + %(b)s * p.n_terms / %(avgdl)s)))::real AS score
FROM postings p
JOIN unnest(%(docs)s::bigint[]) WITH ORDINALITY AS e (document, rank) USING (document)
JOIN unnest(%(terms)s::text[], %(weights)s::float8[]) AS q (term, weight) USING (term)
WHERE p.term = ANY(%(terms)s::text[])
GROUP BY e.rank, p.ordinal
ORDER BY score DESC, e.rank, p.ordinal
LIMIT %(depth)s
"""


def term_counts(text: str) -> tuple[Counter[str], int]:
    """The BM25 terms of ``text`` (``index.sparse.terms``) with their counts, and its length."""
    found = terms(text)
    return Counter(t for t in found if len(t.encode()) <= _MAX_TERM_BYTES), len(found)


def passage_frequencies(lexical: Sequence[tuple[Counter[str], int]]) -> Counter[str]:
    """How many of an article's passages hold each term."""
    return Counter(term for counts, _ in lexical for term in counts)


def _write_document(connection, item: DocumentRows) -> bool:
    document = item.document
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (ARTICLE_LOCK, document.doc_id))
        stored = connection.execute(
            "SELECT id, build FROM documents WHERE doc_id = %s", (document.doc_id,)
        ).fetchone()
        if stored and stored[1] == item.build:
            return False
        if stored:
            connection.execute("DELETE FROM documents WHERE id = %s", (stored[0],))
        lexical = [term_counts(p.text) for p in item.passages]
        key = connection.execute(
            "INSERT INTO documents (doc_id, sha256, build, record, n_passages, n_terms)"
            " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
            (
                document.doc_id,
                hashlib.sha256(document.text.encode()).hexdigest(),
                item.build,
                json.dumps(document_record(document), ensure_ascii=False),
                len(item.passages),
                sum(length for _, length in lexical),
            ),
        ).fetchone()[0]
        with connection.cursor().copy(
            "COPY sentences (document, ordinal, text, start_char, end_char, annotations, embedding)"
            " FROM STDIN"
        ) as copy:
            for sentence, fact, vector in zip(item.sentences, item.facts, item.sentence_vectors):
                copy.write_row(
                    (key, sentence.sentence_id, sentence.text, sentence.start, sentence.end,
                     json.dumps(asdict(fact), ensure_ascii=False), vector)
                )
        with connection.cursor().copy(
            "COPY passages (document, ordinal, text, start_char, end_char, sentences, embedding) FROM STDIN"
        ) as copy:
            for passage, vector in zip(item.passages, item.passage_vectors):
                copy.write_row(
                    (key, passage.passage_id, passage.text, passage.start, passage.end,
                     list(passage.sentences), vector)
                )
        with connection.cursor().copy("COPY postings (term, document, ordinal, tf, n_terms) FROM STDIN") as copy:
            for passage, (counts, length) in zip(item.passages, lexical):
                for term, count in counts.items():
                    copy.write_row((term, key, passage.passage_id, count, length))
        with connection.cursor().copy("COPY term_documents (term, document, passages) FROM STDIN") as copy:
            for term, passages in passage_frequencies(lexical).items():
                copy.write_row((term, key, passages))
    return True


def _connect(url: str):
    try:
        import psycopg
        from pgvector.psycopg import register_vector
    except ImportError as exc:
        raise ImportError("a PostgreSQL store needs: pip install 'article-qa[postgres]'") from exc
    try:
        connection = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise StoreUnavailableError(f"cannot connect to {redacted(url)}: {_first_line(exc)}") from exc
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(connection)
        connection.execute(f"SET hnsw.ef_search = {HNSW_EF_SEARCH}")
    except psycopg.Error as exc:
        connection.close()
        raise StoreUnavailableError(
            f"{redacted(url)} cannot serve as a store (the pgvector extension is needed): {_first_line(exc)}"
        ) from exc
    return connection


class Database:
    """The store's connection: opened again on the next call after it breaks (a server
    restart), with every database error raised as :class:`StoreUnavailableError`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._connection = _connect(url)
        self._thread: ThreadPoolExecutor | None = None

    def execute(self, sql: str, params=None, binary: bool = False) -> list[tuple]:
        """The rows ``sql`` returns (none for a statement that returns none).

        ``binary`` rows come in PostgreSQL's binary format: vectors arrive as float32 bytes
        rather than text that Python would parse number by number.
        """
        return self.run(lambda connection: _rows(connection.execute(sql, params, binary=binary)))

    def run(self, work):
        """``work(connection)``, on a live connection, with database errors mapped."""
        with _errors(self.url):
            if self._connection.closed:
                self._connection = _connect(self.url)
            return work(self._connection)

    def in_background(self, work) -> Future:
        """``work()`` on this database's own thread (queries wait there, not in the caller)."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="article-qa-store")
        return self._thread.submit(work)

    def close(self) -> None:
        if self._thread is not None:
            self._thread.shutdown()
        self._connection.close()


def _rows(cursor) -> list[tuple]:
    return cursor.fetchall() if cursor.description else []


@contextmanager
def _errors(url: str) -> Iterator[None]:
    """Raise psycopg's errors as one-line :class:`StoreUnavailableError` (others pass)."""
    try:
        yield
    except ArticleQAError:
        raise
    except Exception as exc:
        psycopg = sys.modules.get("psycopg")
        if psycopg is None or not isinstance(exc, psycopg.Error):
            raise
        raise StoreUnavailableError(f"the store at {redacted(url)} failed: {_first_line(exc)}") from exc


def _first_line(exc: Exception) -> str:
    """psycopg's message without its hints and context lines."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def redacted(url: str) -> str:
    """``url`` without its password, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def _array(vector) -> np.ndarray:
    return vector if isinstance(vector, np.ndarray) else vector.to_numpy()


def _require(doc_ids: Sequence[str], found) -> None:
    unknown = [d for d in doc_ids if d not in found]
    if unknown:
        raise UnknownArticleError(f"no article with id {', '.join(map(repr, unknown))} in the store")
