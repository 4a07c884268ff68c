"""Both stores give the same answers: the seed gold cites the same sentences on files and PostgreSQL."""


def test_both_stores_cite_the_same_sentences_on_the_seed_gold(engine, postgres_engine, gold):
    for row in gold:
        files = engine.ask(row["question"], row["history"])
        postgres = postgres_engine.ask(row["question"], row["history"])
        assert (postgres.text, postgres.citations, postgres.found) == (files.text, files.citations, files.found)
        assert [hit.passage for hit in postgres.passages] == [hit.passage for hit in files.passages]


def test_both_stores_hold_the_same_records(engine, postgres_engine):
    assert postgres_engine.index.documents == engine.index.documents
    assert postgres_engine.index.sentences == engine.index.sentences
    assert postgres_engine.index.passages == engine.index.passages
