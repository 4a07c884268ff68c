"""FAISS equals brute force, BM25 matches the formula, RRF fuses as defined."""

import math

import numpy as np

from index.dense import DenseIndex
from index.hybrid import reciprocal_rank_fusion
from index.sparse import STOPWORDS, SparseIndex, _stemmer, terms


def test_faiss_top_k_equals_numpy_brute_force(engine, embedder, gold):
    index = engine.index
    vectors = index.passage_vectors.vectors()
    questions = [row["question"] for row in gold]
    queries = embedder.embed(questions)
    for query, results in zip(queries, index.passage_vectors.search_batch(queries, 5)):
        expected = np.argsort(-(vectors @ query), kind="stable")[:5]
        assert [row for row, _ in results] == expected.tolist()
        assert np.allclose([s for _, s in results], (vectors @ query)[expected], atol=1e-5)


def test_dense_single_search_is_the_batch_search(engine, embedder):
    query = embedder.embed(["Who is Maloof?"])[0]
    index = engine.index.passage_vectors
    assert index.search(query, 3) == index.search_batch(query.reshape(1, -1), 3)[0]


def test_dense_index_on_hand_made_vectors():
    index = DenseIndex.build(np.eye(3, dtype=np.float32))
    assert [row for row, _ in index.search(np.array([0, 1, 0], dtype=np.float32), 2)][0] == 1
    assert len(index.search(np.ones(3, dtype=np.float32), 10)) == 3


def test_terms_are_what_bm25s_tokenize_gives(engine, gold):
    import bm25s

    texts = [p.text for p in engine.index.passages] + [row["question"] for row in gold]
    texts += ["", "a", "Ünïcode CAFÉ's x2 don't e-mail 42 __init__ the The"]
    expected = bm25s.tokenize(texts, stopwords=list(STOPWORDS), stemmer=_stemmer(), return_ids=False,
                              show_progress=False)
    assert [terms(text) for text in texts] == expected


def test_an_acronyms_plural_is_the_acronym():
    assert terms("Two PPPs, three IEDs and the NGOs") == terms("Two PPP, three IED and the NGO")
    assert terms("the PPPs") != terms("the ppps")  # a lowercase word is no acronym


def test_bm25_scores_match_the_formula_on_three_documents():
    texts = ["cat sat mat", "dog barked", "cat dog friends"]
    scores = SparseIndex(texts).scores("cat")
    # Lucene BM25 (bm25s default): idf = ln(1 + (N - df + 0.5) / (df + 0.5)), k1=1.5, b=0.75,
    # and, as in Lucene 8+, no (k1 + 1) factor in the numerator.
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    average_length = 8 / 3

    def bm25(tf, length):
        return idf * tf / (tf + 1.5 * (0.25 + 0.75 * length / average_length))

    assert np.allclose(scores, [bm25(1, 3), 0.0, bm25(1, 3)], atol=1e-5)


def test_bm25_with_no_known_terms_scores_zero():
    index = SparseIndex(["cat sat mat", "dog barked"])
    assert index.search("zebra", 5) == []
    assert index.search("", 5) == []


def test_reciprocal_rank_fusion_on_hand_made_rankings():
    fused = dict(reciprocal_rank_fusion([[1, 2, 3], [3, 1]], k=60))
    assert math.isclose(fused[1], 1 / 61 + 1 / 62)
    assert math.isclose(fused[3], 1 / 63 + 1 / 61)
    assert math.isclose(fused[2], 1 / 62)
    assert [item for item, _ in reciprocal_rank_fusion([[1, 2, 3], [3, 1]])] == [1, 3, 2]


def test_hits_keep_both_raw_scores(engine, embedder):
    question = "What did Maloof warn?"
    hits = engine.index.search(question, embedder.embed([question])[0], 5)
    assert [hit.rank for hit in hits] == [1, 2, 3, 4, 5]
    assert all(hit.dense_score is not None for hit in hits)
    assert any(hit.sparse_score is not None and hit.sparse_score > 0 for hit in hits)
    assert hits == sorted(hits, key=lambda hit: -hit.score)


def test_bm25_top_k_equals_a_full_sort():
    texts = [f"report {i % 7} cat {'dog ' * (i % 5)}" for i in range(200)]
    index = SparseIndex(texts)
    scores = index.scores("dog cat")
    expected = [i for i in np.argsort(-scores, kind="stable")[:10] if scores[i] > 0]
    got = index.search("dog cat", 10)
    assert [round(s, 6) for _, s in got] == [round(float(scores[i]), 6) for i in expected]


def test_bm25_scores_are_bm25s_own_built_saved_and_loaded(engine, gold, tmp_path):
    import bm25s

    texts = [p.text for p in engine.index.passages]
    built = SparseIndex(texts)
    built.save(tmp_path)
    loaded = SparseIndex.load(tmp_path)
    theirs = bm25s.BM25()
    theirs.index([terms(text) for text in texts], show_progress=False)
    reread = bm25s.BM25.load(tmp_path, allow_pickle=False)  # the files stay bm25s's format
    questions = [row["question"] for row in gold] + ["Maloof Maloof warned", "zebra"]
    for question in questions:
        known = [t for t in terms(question) if t in theirs.vocab_dict]
        expected = theirs.get_scores(known) if known else np.zeros(len(texts), np.float32)
        assert np.array_equal(built.scores(question), expected)
        assert np.array_equal(loaded.scores(question), expected)
        if known:
            assert np.array_equal(reread.get_scores(known), expected)


def test_a_loaded_bm25_index_answers_without_bm25s_or_scipy(engine, tmp_path):
    import subprocess
    import sys

    SparseIndex([p.text for p in engine.index.passages]).save(tmp_path)
    code = (
        "import sys\n"
        "from index.sparse import SparseIndex\n"
        f"hits = SparseIndex.load({str(tmp_path)!r}).search('What did Maloof warn?', 3)\n"
        "print(bool(hits), sorted(m for m in ('bm25s', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True []"
