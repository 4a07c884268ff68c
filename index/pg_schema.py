"""The PostgreSQL store's schema: created and migrated idempotently, recorded in a version table."""

from __future__ import annotations

# One entry per schema version, applied in order, each in its own transaction; a database
# records the versions it has, so running the migrations again changes nothing.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE TABLE documents (
            id bigserial PRIMARY KEY,
            doc_id text NOT NULL UNIQUE,
            sha256 text NOT NULL,
            -- model, chunking and cleaning selection the rows below were made with
            build text NOT NULL,
            record jsonb NOT NULL,
            n_passages integer NOT NULL,
            n_terms bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE sentences (
            id bigserial PRIMARY KEY,
            document bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            text text NOT NULL,
            start_char integer NOT NULL,
            end_char integer NOT NULL,
            -- what index/nlp.py found in it (entities, reported speaker), as JSON
            annotations jsonb NOT NULL,
            embedding vector(384) NOT NULL,
            UNIQUE (document, ordinal)
        );
        CREATE TABLE passages (
            id bigserial PRIMARY KEY,
            document bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            text text NOT NULL,
            start_char integer NOT NULL,
            end_char integer NOT NULL,
            sentences integer[] NOT NULL,
            -- BM25's own stemmed terms (index.sparse.terms) with their positions, and how
            -- often each occurs (what BM25 reads for the passages the GIN index finds)
            terms tsvector NOT NULL,
            term_counts jsonb NOT NULL,
            n_terms integer NOT NULL,
            embedding vector(384) NOT NULL,
            UNIQUE (document, ordinal)
        );
        CREATE INDEX passages_embedding ON passages USING hnsw (embedding vector_cosine_ops)
            WITH (m = 16, ef_construction = 128);
        CREATE INDEX passages_terms ON passages USING gin (terms);
        """,
    ),
    (
        2,
        """
        -- BM25 from an inverted index: one row per (term, passage) with the term's count and
        -- the passage's length, found by term through the primary key without reading the
        -- wide passage rows (texts and vectors) that the tsvector/GIN search had to read.
        CREATE TABLE postings (
            term text NOT NULL,
            document bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            -- the passage's ordinal in its article
            ordinal integer NOT NULL,
            tf integer NOT NULL,
            n_terms integer NOT NULL,
            PRIMARY KEY (term, document, ordinal) INCLUDE (tf, n_terms)
        );
        CREATE INDEX postings_document ON postings (document);
        INSERT INTO postings (term, document, ordinal, tf, n_terms)
            SELECT t.key, p.document, p.ordinal, t.value::integer, p.n_terms
            FROM passages p, jsonb_each_text(p.term_counts) t;
        DROP INDEX passages_terms;
        ALTER TABLE passages DROP COLUMN terms, DROP COLUMN term_counts, DROP COLUMN n_terms;
        -- FAISS's graph settings (index/dense.py): with m = 16 and ef_construction = 128,
        -- recall@10 was 0.939 at 100k passages with 40 near-copies of each (docs/scale.md).
        DROP INDEX passages_embedding;
        CREATE INDEX passages_embedding ON passages USING hnsw (embedding vector_cosine_ops)
            WITH (m = 32, ef_construction = 200);
        """,
    ),
    (
        3,
        """
        -- One row per (term, article): how many of its passages hold the term. Summed over an
        -- engine's articles they are BM25's document frequencies, without counting postings.
        CREATE TABLE term_documents (
            term text NOT NULL,
            document bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            passages integer NOT NULL,
            PRIMARY KEY (term, document) INCLUDE (passages)
        );
        CREATE INDEX term_documents_document ON term_documents (document);
        INSERT INTO term_documents (term, document, passages)
            SELECT term, document, count(*) FROM postings GROUP BY term, document;
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
DIMENSION = 384
# Key of the transaction-level advisory lock that serialises migrations; per-article locks
# use (ARTICLE_LOCK, hashtext(doc_id)).
MIGRATION_LOCK = 0x41515100
ARTICLE_LOCK = 0x41515101


def migrate(connection) -> int:
    """Bring the database behind ``connection`` (psycopg, autocommit) to :data:`SCHEMA_VERSION`.

    Returns:
        The number of migrations applied (0 when it was up to date).
    """
    applied = 0
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        connection.execute(
            "CREATE TABLE IF NOT EXISTS article_qa_schema ("
            " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in connection.execute("SELECT version FROM article_qa_schema")}
        for version, sql in MIGRATIONS:
            if version not in done:
                connection.execute(sql)
                connection.execute("INSERT INTO article_qa_schema (version) VALUES (%s)", (version,))
                applied += 1
    return applied
