"""The PostgreSQL store against a real server: schema, upserts, locks, and the same rankings as files."""

from __future__ import annotations

import threading

import numpy as np
import psycopg
import pytest
from counting_embedder import CountingEmbedder

from index.article_index import ArticleIndex, Chunking
from index.clean import clean
from index.errors import StoreUnavailableError, UnknownArticleError
from index.pg_schema import MIGRATIONS, SCHEMA_VERSION, migrate
from index.pg_store import PostgresStore, document_rows, redacted
from index.store_choice import open_store
from index.file_store import FileStore

OTHER = (
    "Storm closes schools\n\nHeavy snow closed every school in the county on Monday, the mayor said.\n\n"
    "The mayor said buses would run again on Wednesday if the roads were cleared in time."
)


@pytest.fixture()
def store(postgres_url):
    store = PostgresStore(postgres_url)
    yield store
    store.close()


@pytest.fixture(scope="module")
def article(article_text):
    return clean(article_text)


def table_rows(store, doc_id):
    return store._database.execute(
        "SELECT (SELECT count(*) FROM passages p WHERE p.document = d.id),"
        " (SELECT count(*) FROM sentences s WHERE s.document = d.id), d.id, d.updated_at"
        " FROM documents d WHERE d.doc_id = %s",
        (doc_id,),
    )[0]


def test_schema_is_created_once_and_recorded(store):
    with psycopg.connect(store.location, autocommit=True) as connection:
        assert migrate(connection) == 0
        versions = [row[0] for row in connection.execute("SELECT version FROM article_qa_schema")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    indexes = dict(store._database.execute("SELECT indexname, indexdef FROM pg_indexes"))
    assert "hnsw" in indexes["passages_embedding"] and "vector_cosine_ops" in indexes["passages_embedding"]
    assert "hnsw" in indexes["passages_embedding"] and "m='32'" in indexes["passages_embedding"]
    assert "(term, document, ordinal) INCLUDE (tf, n_terms)" in indexes["postings_pkey"]


def test_version_2_moves_term_counts_into_postings(postgres_url):
    """A database made by version 1 keeps its articles: their term counts become postings."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(MIGRATIONS[0][1])
        connection.execute("CREATE TABLE article_qa_schema (version integer PRIMARY KEY,"
                           " applied_at timestamptz NOT NULL DEFAULT now())")
        connection.execute("INSERT INTO article_qa_schema (version) VALUES (1)")
        key = connection.execute(
            "INSERT INTO documents (doc_id, sha256, build, record, n_passages, n_terms)"
            " VALUES ('d', '', '', '{}', 1, 3) RETURNING id"
        ).fetchone()[0]
        connection.execute(
            "INSERT INTO passages (document, ordinal, text, start_char, end_char, sentences, terms,"
            " term_counts, n_terms, embedding) VALUES (%s, 0, 'snow snow bus', 0, 13, '{0}',"
            " 'snow:1,2 bus:3', '{\"snow\": 2, \"bus\": 1}', 3, %s)",
            (key, "[" + ",".join(["0.1"] * 384) + "]"),
        )
        assert migrate(connection) == SCHEMA_VERSION - 1
        assert sorted(connection.execute("SELECT term, document, ordinal, tf, n_terms FROM postings")) == [
            ("bus", key, 0, 1, 3), ("snow", key, 0, 2, 3)]
        assert sorted(connection.execute("SELECT term, document, passages FROM term_documents")) == [
            ("bus", key, 1), ("snow", key, 1)]


def test_records_match_the_file_index_and_the_text(store, article, embedder):
    files = ArticleIndex.build([article], embedder)
    stored = store.index([article], embedder, Chunking())
    assert stored.passages == files.passages and stored.sentences == files.sentences
    assert stored.documents == files.documents
    for item in (*stored.passages, *stored.sentences):
        assert article.text[item.start : item.end] == item.text


def test_the_same_article_again_changes_nothing(store, article, embedder):
    store.index([article], embedder, Chunking())
    before = table_rows(store, article.doc_id)
    counting = CountingEmbedder(embedder)
    store.index([article], counting, Chunking())
    assert counting.texts == 0
    assert store.write(document_rows([article], embedder, Chunking())) == 0
    assert table_rows(store, article.doc_id) == before


def test_a_changed_article_replaces_its_rows(store, embedder):
    first = clean(OTHER, doc_id="storm")
    store.add([first], embedder, Chunking())
    changed = clean(OTHER.replace("Wednesday", "Thursday") + " Parents were told by text message.",
                    doc_id="storm")
    store.add([changed], embedder, Chunking())
    assert store.counts()["documents"] == 1
    index = store.open(["storm"], embedder.name, Chunking())
    assert "Thursday" in " ".join(p.text for p in index.passages)
    assert "Wednesday" not in " ".join(s.text for s in index.sentences)
    passages, sentences, _, _ = table_rows(store, "storm")
    assert (passages, sentences) == (len(index.passages), len(index.sentences))


def test_concurrent_writers_of_one_article_leave_one_copy(store, embedder):
    rows = document_rows([clean(OTHER, doc_id="storm")], embedder, Chunking())
    changed, errors = [], []

    def write():
        try:
            changed.append(store.write(rows))
        except Exception as exc:  # noqa: BLE001 - any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and sorted(changed) == [0, 0, 0, 1]
    assert store.counts() == {"documents": 1, "passages": len(rows[0].passages),
                              "sentences": len(rows[0].sentences)}


def test_bm25_in_sql_equals_bm25s(store, article, embedder, gold):
    files = ArticleIndex.build([article], embedder)
    stored = store.index([article], embedder, Chunking())
    for row in gold:
        expected = files.sparse.search(row["question"], 20)
        found = stored._sparse(row["question"], 20)
        assert [i for i, _ in found] == [i for i, _ in expected]
        np.testing.assert_allclose([s for _, s in found], [s for _, s in expected], rtol=1e-5)


def test_bm25_counts_only_the_engines_articles(store, article, embedder, gold):
    """N, document frequencies and the average length are those of the engine's articles."""
    store.add([clean(OTHER), article], embedder, Chunking())
    files = ArticleIndex.build([article], embedder)
    stored = store.open([article.doc_id], embedder.name, Chunking())
    for question in [row["question"] for row in gold] + ["What did the mayor say?"]:
        expected = files.sparse.search(question, 20)
        found = stored._sparse(question, 20)
        assert [i for i, _ in found] == [i for i, _ in expected]
        np.testing.assert_allclose([s for _, s in found], [s for _, s in expected], rtol=1e-5)


def test_bm25_ranks_ties_in_corpus_order_over_several_articles(store, embedder):
    """Copies of an article score alike; they come back in the engine's order, as bm25s ranks."""
    copies = [clean(OTHER, doc_id=f"storm-{i}") for i in (2, 0, 1)]
    store.add(copies, embedder, Chunking())
    files = ArticleIndex.build(copies, embedder)
    stored = store.open([c.doc_id for c in copies], embedder.name, Chunking())
    for question in ("When will the buses run?", "Who closed the schools on Monday?", "snow"):
        expected = files.sparse.search(question, 20)
        found = stored._sparse(question, 20)
        assert [i for i, _ in found] == [i for i, _ in expected]
        np.testing.assert_allclose([s for _, s in found], [s for _, s in expected], rtol=1e-5)


def test_bm25_ranks_as_bm25s_over_many_articles(store, article, embedder, gold):
    """Document frequencies summed per article give bm25s's exact top 20 over 43 articles."""
    variants = [clean(OTHER + " The mayor said snow." * i, doc_id=f"storm-{i}") for i in range(12)]
    notes = [clean(f"Snow fell again on day {i} of the storm. " + "The mayor spoke. " * (i % 7),
                   doc_id=f"note-{i}") for i in range(30)]
    articles = [*variants[:6], article, *notes, *variants[6:]]
    store.add(articles, embedder, Chunking())
    files = ArticleIndex.build(articles, embedder)
    stored = store.open([a.doc_id for a in articles], embedder.name, Chunking())
    questions = [row["question"] for row in gold] + [
        "What did the mayor say about snow?", "snow snow buses", "Which day did snow fall in the storm?",
        "the mayor spoke of the storm"]
    for question in questions:
        # bm25s orders equal scores arbitrarily; the store breaks ties in corpus order.
        every = files.sparse.search(question, len(files.passages))
        expected = sorted(every, key=lambda pair: (-pair[1], pair[0]))[:20]
        found = stored._sparse(question, 20)
        assert [i for i, _ in found] == [i for i, _ in expected], question
        np.testing.assert_allclose([s for _, s in found], [s for _, s in expected], rtol=1e-5)


def test_dense_search_exact_and_hnsw_agree_with_faiss(store, article, embedder, gold):
    files = ArticleIndex.build([article], embedder)
    stored = store.index([article], embedder, Chunking())
    vectors = embedder.embed([row["question"] for row in gold])
    for vector in vectors:
        expected = [i for i, _ in files.passage_vectors.search_batch(vector[None], 10)[0]]
        assert [i for i, _ in stored.search_dense(vector, 10)] == expected
        # The HNSW index, as for a large corpus.
        assert [i for i, _ in stored.search_dense(vector, 10, exact=False)] == expected


def test_an_index_covers_only_its_articles(store, article, embedder):
    other = clean(OTHER)
    store.add([article, other], embedder, Chunking())
    index = store.open([other.doc_id], embedder.name, Chunking())
    question = "When will the buses run?"
    hits = index.search(question, embedder.embed([question])[0], k=5)
    assert hits and {hit.doc_id for hit in hits} == {other.doc_id}
    assert [a.doc_id for a in store.articles()] == [article.doc_id, other.doc_id]
    assert store.documents([other.doc_id]) == [other]


def test_unknown_articles_and_unreachable_servers_are_clear_errors(store):
    with pytest.raises(UnknownArticleError, match="'nope'"):
        store.documents(["nope"])
    with pytest.raises(StoreUnavailableError) as failure:
        open_store("postgresql://reader:secret@127.0.0.1:1/none")
    assert "secret" not in str(failure.value) and "***" in str(failure.value)
    assert redacted("postgresql://u:p@h/db") == "postgresql://u:***@h/db"


def test_a_lost_connection_is_a_clear_error_then_reopened(store, article, embedder, postgres_url):
    index = store.index([article], embedder, Chunking())
    question = "What did Maloof warn?"
    vector = embedder.embed([question])[0]
    expected = index.search(question, vector, k=3)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        # What a server restart does to every open connection of the store.
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(StoreUnavailableError, match="^the store at postgresql://.* failed: ") as failure:
        index.search(question, vector, k=3)
    assert "\n" not in str(failure.value)
    assert index.search(question, vector, k=3) == expected


def test_a_database_without_pgvector_is_a_clear_error(postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE plain LOGIN")
    url = postgres_url.replace("postgres@", "plain@")
    with pytest.raises(StoreUnavailableError, match=r"cannot serve as a store \(the pgvector extension is needed\): permission denied"):
        PostgresStore(url)


def test_open_store_chooses_by_location(postgres_url, tmp_path):
    assert isinstance(open_store(tmp_path), FileStore)
    pg = open_store(postgres_url)
    assert isinstance(pg, PostgresStore)
    pg.close()
