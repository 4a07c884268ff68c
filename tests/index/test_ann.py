"""Exact search below the threshold, HNSW above it, with recall@10 checked against brute force."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from index.dense import ANN_THRESHOLD, DenseIndex


def clustered(n: int, seed: int, dim: int = 384, clusters: int = 60, rank: int = 32) -> np.ndarray:
    """Unit vectors shaped like sentence embeddings: topic clusters, each near a low-rank subspace.

    The cluster shapes are shared by corpus and queries (only ``seed`` differs), so queries
    fall in the corpus's clusters. With HNSW's efSearch at 16 instead of 128, recall@10 on
    this corpus drops to ~0.97, so the test below can fail.
    """
    shape = np.random.default_rng(1234)
    centers = shape.standard_normal((clusters, dim))
    bases = shape.standard_normal((clusters, rank, dim)) / np.sqrt(rank)
    rng = np.random.default_rng(seed)
    topic = rng.integers(clusters, size=n)
    vectors = (
        centers[topic]
        + 1.2 * np.einsum("nr,nrd->nd", rng.standard_normal((n, rank)), bases[topic])
        + 0.3 * rng.standard_normal((n, dim))
    )
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def brute_force(vectors: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    scores = vectors @ query
    return sorted(range(len(vectors)), key=lambda i: -scores[i])[:k]


@pytest.fixture(scope="module")
def corpus() -> np.ndarray:
    return clustered(12_000, seed=1)


@pytest.fixture(scope="module")
def queries() -> np.ndarray:
    return clustered(200, seed=2)


@pytest.fixture(scope="module")
def hnsw(corpus) -> DenseIndex:
    return DenseIndex.build(corpus, exact=False)


def test_recall_at_10_against_exact_search(hnsw, corpus, queries):
    assert not hnsw.exact
    recalls = []
    for query in queries:
        found = [row for row, _ in hnsw.search(query, 10)]
        recalls.append(len(set(found) & set(brute_force(corpus, query, 10))) / 10)
    assert np.mean(recalls) >= 0.98
    assert np.min(recalls) >= 0.7


def test_hnsw_scores_are_exact_cosines(hnsw, corpus, queries):
    for row, score in hnsw.search(queries[0], 10):
        assert score == pytest.approx(float(corpus[row] @ queries[0]), abs=1e-5)


def test_size_chooses_the_index():
    rng = np.random.default_rng(0)
    small = rng.standard_normal((ANN_THRESHOLD - 1, 8)).astype(np.float32)
    large = rng.standard_normal((ANN_THRESHOLD, 8)).astype(np.float32)
    assert DenseIndex.build(small).exact
    assert not DenseIndex.build(large).exact
    assert DenseIndex.build(large, exact=True).exact


def test_exact_index_equals_brute_force(corpus, queries):
    exact = DenseIndex.build(corpus[:3000])
    assert exact.exact
    for query in queries[:20]:
        assert [row for row, _ in exact.search(query, 10)] == brute_force(corpus[:3000], query, 10)


def test_hnsw_survives_save_and_load(hnsw, queries, tmp_path):
    hnsw.save(tmp_path / "passages.faiss")
    loaded = DenseIndex.load(tmp_path / "passages.faiss")
    assert not loaded.exact
    assert loaded.search_batch(queries[:20], 10) == hnsw.search_batch(queries[:20], 10)


def test_single_and_batch_search_agree(hnsw, queries):
    assert [hnsw.search(q, 10) for q in queries[:20]] == hnsw.search_batch(queries[:20], 10)


@pytest.mark.parametrize("exact", [True, False])
def test_vectors_are_a_read_only_view_that_outlives_the_index(corpus, exact):
    vectors = DenseIndex.build(corpus[:2000], exact=exact).vectors()
    gc.collect()
    assert np.array_equal(vectors, corpus[:2000])
    with pytest.raises(ValueError):
        vectors[0, 0] = 1.0
