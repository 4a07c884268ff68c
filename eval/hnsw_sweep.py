"""``python -m eval.hnsw_sweep``: recall@10 and latency of HNSW settings at ~100k passage vectors.

How index/dense.py's HNSW parameters were chosen. The vectors are those of eval/scale.py:
the SQuAD passages embedded for real, replicated with isotropic noise to ~100k (40 near-copies
of each passage: a hard case for graph search, since the top 10 of a question are mostly
copies of one passage). Each setting is built with FAISS directly and compared with exact
search on real SQuAD questions, one question at a time on one thread, as ``ask()`` searches.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.scale import NOISE, SQUAD, load_squad, write_corpus
from qa import ArticleQA

SETTINGS = ((16, 40, (64, 128, 256)), (32, 80, (64, 128, 256, 512)), (32, 200, (64, 128, 256, 512)))


def replicated(vectors: np.ndarray, size: int, noise: float = NOISE, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    copies = [vectors]
    while sum(len(c) for c in copies) < size:
        noisy = vectors + noise * rng.standard_normal(vectors.shape).astype(np.float32) / math.sqrt(vectors.shape[1])
        copies.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    return np.ascontiguousarray(np.concatenate(copies)[:size], dtype=np.float32)


def main(argv: list[str] | None = None) -> int:
    import faiss

    parser = argparse.ArgumentParser(prog="python -m eval.hnsw_sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--squad", type=Path, default=SQUAD)
    args = parser.parse_args(argv)
    articles, questions = load_squad(args.squad)
    from qa.api import default_engine

    embedder = default_engine().embedder
    with tempfile.TemporaryDirectory(prefix="article-qa-squad-") as tmp:
        base = ArticleQA.from_paths(write_corpus(Path(tmp), articles, 1), embedder=embedder).index
    corpus = replicated(base.passage_vectors.vectors(), args.size)
    queries = embedder.embed(random.Random(0).sample(questions, args.questions))
    exact = faiss.IndexFlatIP(corpus.shape[1])
    exact.add(corpus)
    _, truth = exact.search(queries, 10)
    print(f"{len(corpus):,} vectors, {len(queries)} questions", flush=True)
    for m, construction, searches in SETTINGS:
        faiss.omp_set_num_threads(2)
        index = faiss.IndexHNSWFlat(corpus.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = construction
        begin = time.perf_counter()
        index.add(corpus)
        build_s = time.perf_counter() - begin
        faiss.omp_set_num_threads(1)
        for search in searches:
            index.hnsw.efSearch = search
            recalls, times = [], []
            for query, expected in zip(queries, truth):
                begin = time.perf_counter()
                _, rows = index.search(query[None], 20)
                times.append(1000 * (time.perf_counter() - begin))
                recalls.append(len(set(rows[0][:10]) & set(expected)) / 10)
            print(f"M={m} efConstruction={construction} (build {build_s:.0f} s) efSearch={search}: "
                  f"recall@10 {statistics.fmean(recalls):.4f}, search median {statistics.median(times):.2f} ms",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
