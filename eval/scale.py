"""``python -m eval.scale``: build time, memory, ask() latency and ANN recall at 1k-100k passages.

The corpus is real text: the SQuAD 2.0 dev paragraphs in ``../shared/external/squad2-dev``
(30 Wikipedia articles, about 2,400 passages). Larger sizes replicate those articles; each
replica is its own file (a distinct date line, the same paragraphs), and its vectors are the
original ones plus light Gaussian noise, renormalised — embedding 100k passages for real would
take ~20 minutes on two cores, while the index, the search and the answering only need
vectors with the right geometry. Unique texts are embedded once, with the engine's own model.

Recall@10 compares the index's passage search (HNSW above the threshold) with exact search
by brute force over the same vectors, on real SQuAD questions. After each build, a fresh
process loads the saved engine (``eval.scale_load``): its load time, the memory it holds,
its ask() latency, and what rebuilding its BM25 index (as loads did before) would cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from qa import ArticleQA

SQUAD = Path(__file__).resolve().parents[2] / "shared" / "external" / "squad2-dev" / "squad2-dev-30-articles.json"
SIZES = (1_000, 10_000, 100_000)
# Replica vectors are v + NOISE * g / sqrt(d), renormalised: cosine ~0.97 to the original.
NOISE = 0.25


class ReplicaEmbedder:
    """The engine's embedder, embedding each distinct text once; repeats get perturbed copies.

    The first occurrence of a text in a build gets its true vector; the n-th gets the true
    vector plus noise seeded by (text, n), so every build of the same corpus is identical.
    Questions (``embed``) always go to the real embedder.
    """

    def __init__(self, embedder, noise: float = NOISE, known: dict[str, np.ndarray] | None = None) -> None:
        self._embedder = embedder
        self.name = embedder.name
        self._noise = noise
        self._vectors: dict[str, np.ndarray] = dict(known or {})
        self._seen: dict[str, int] = {}
        self.embedded = 0

    def new_build(self) -> None:
        self._seen.clear()

    def embed(self, texts):
        return self._embedder.embed(texts)

    def embed_documents(self, texts):
        texts = list(texts)
        fresh = sorted({t for t in texts if t not in self._vectors})
        if fresh:
            embed = getattr(self._embedder, "embed_documents", self._embedder.embed)
            for text, vector in zip(fresh, embed(fresh)):
                self._vectors[text] = vector
            self.embedded += len(fresh)
        rows = []
        for text in texts:
            count = self._seen.get(text, 0)
            self._seen[text] = count + 1
            vector = self._vectors[text]
            if count:
                rng = np.random.default_rng([count, *text.encode()[:64]])
                noise = rng.standard_normal(vector.shape[0]).astype(np.float32) / math.sqrt(vector.shape[0])
                vector = vector + self._noise * noise
                vector = vector / np.linalg.norm(vector)
            rows.append(vector)
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)


def load_squad(path: Path = SQUAD) -> tuple[list[tuple[str, str]], list[str]]:
    """(title, text) per article and all questions, from the SQuAD file."""
    data = json.loads(path.read_text("utf-8"))["data"]
    articles = [(a["title"], "\n\n".join(p["context"].strip() for p in a["paragraphs"])) for a in data]
    questions = [qa["question"] for a in data for p in a["paragraphs"] for qa in p["qas"]]
    return articles, questions


def write_corpus(
    folder: Path, articles: list[tuple[str, str]], replicas: int, first: int | None = None
) -> list[Path]:
    """Write ``replicas`` copies of the first ``first`` articles, each with its own date line."""
    paths = []
    start = dt.date(2020, 1, 1)
    for r in range(replicas):
        for i, (title, text) in enumerate(articles[:first]):
            path = folder / f"{i:02d}-{r:03d}.txt"
            date = start + dt.timedelta(days=r)
            path.write_text(f"{title.replace('_', ' ')}\n\n{date.isoformat()}\n\n{text}\n", "utf-8")
            paths.append(path)
    return paths


def measure(paths: list[Path], embedder: ReplicaEmbedder, questions: list[str], ask_count: int) -> dict:
    gc.collect()
    rss_before = current_rss_mb()
    embedder.new_build()
    with tempfile.TemporaryDirectory(prefix="article-qa-scale-") as cache:
        begin = time.perf_counter()
        engine = ArticleQA.from_paths(paths, embedder=embedder, cache_dir=cache)
        build_s = time.perf_counter() - begin
        loaded = load_elsewhere(Path(cache), paths, questions[:ask_count])
    gc.collect()
    rss_after = current_rss_mb()
    index = engine.index
    passages = index.passage_vectors
    vectors = passages.vectors()
    query_vectors = engine.embedder.embed(questions)
    recalls, search_ms, exact_ms = [], [], []
    for q in query_vectors:
        begin = time.perf_counter()
        found = {row for row, _ in passages.search(q, 10)}
        search_ms.append(1000 * (time.perf_counter() - begin))
        begin = time.perf_counter()
        exact = np.argpartition(-(vectors @ q), 10)[:10]
        exact_ms.append(1000 * (time.perf_counter() - begin))
        recalls.append(len(found & set(exact.tolist())) / 10)
    for question in questions[:10]:  # warm-up
        engine.ask(question)
    ask_ms, stages = [], {"understand": [], "embed": [], "search": [], "extract": []}
    for question in questions[:ask_count]:
        begin = time.perf_counter()
        answer = engine.ask(question)
        ask_ms.append(1000 * (time.perf_counter() - begin))
        for stage in stages:
            stages[stage].append(answer.timings_ms[stage])
    return {
        "documents": len(index.documents),
        "passages": len(index.passages),
        "sentences": len(index.sentences),
        "exact": passages.exact,
        "build_s": build_s,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "index_mb": rss_after - rss_before,
        "vectors_mb": (len(index.passages) + len(index.sentences)) * vectors.shape[1] * 4 / 1e6,
        "recall_at_10": statistics.fmean(recalls),
        "min_recall_at_10": min(recalls),
        "dense_search_ms": statistics.median(search_ms),
        "brute_force_ms": statistics.median(exact_ms),
        "ask_ms": statistics.median(ask_ms),
        "ask_p95_ms": sorted(ask_ms)[round(0.95 * (len(ask_ms) - 1))],
        "stages_ms": {stage: statistics.median(values) for stage, values in stages.items()},
        **loaded,
    }


def load_elsewhere(cache: Path, paths: list[Path], questions: list[str]) -> dict:
    """``eval.scale_load``'s figures: the saved engine loaded by a fresh process."""
    listed = cache / "questions.json"
    listed.write_text(json.dumps(questions), "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "eval.scale_load", str(cache), *map(str, paths), "--questions", str(listed)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as file:
            return int(file.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return float("nan")


def mapped_file_mb() -> float:
    """The resident pages of files mapped into the process (part of the RSS; the kernel can
    drop them and read them again)."""
    try:
        with open("/proc/self/status") as file:
            line = next(line for line in file if line.startswith("RssFile:"))
        return int(line.split()[1]) / 1e3
    except (OSError, ValueError, StopIteration):
        return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="passage counts")
    parser.add_argument("--questions", type=int, default=200, help="questions for recall (default 200)")
    parser.add_argument("--asks", type=int, default=100, help="ask() calls timed per size (default 100)")
    parser.add_argument("--squad", type=Path, default=SQUAD)
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    articles, questions = load_squad(args.squad)
    questions = random.Random(0).sample(questions, args.questions)
    from qa.api import default_engine

    real = default_engine().embedder
    with tempfile.TemporaryDirectory(prefix="article-qa-squad-") as tmp:
        # The unique texts, embedded for real once; the user cache keeps their vectors.
        begin = time.perf_counter()
        base = ArticleQA.from_paths(write_corpus(Path(tmp), articles, 1), embedder=real).index
        print(f"{len(base.passages):,} unique passages, {len(base.sentences):,} sentences "
              f"ready in {time.perf_counter() - begin:.0f} s", flush=True)
    known = dict(zip((p.text for p in base.passages), base.passage_vectors.vectors()))
    known.update(zip((s.text for s in base.sentences), base.sentence_matrix))
    embedder = ReplicaEmbedder(real, known=known)
    results = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
               "cpus": os.cpu_count(), "load_average_1m": os.getloadavg()[0], "noise": NOISE, "sizes": []}
    total_chars = sum(len(text) for _, text in articles)
    per_char = 1 / 350  # passages per character: a first guess, then measured
    with tempfile.TemporaryDirectory(prefix="article-qa-corpus-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            if size <= per_char * total_chars:
                # The fewest whole articles that reach the size.
                chars = 0
                for count, (_, text) in enumerate(articles, start=1):
                    chars += len(text)
                    if per_char * chars >= size:
                        break
                replicas = 1
            else:
                count, chars = len(articles), total_chars
                replicas = math.ceil(size / (per_char * total_chars))
            paths = write_corpus(folder, articles, replicas, count)
            result = {"target": size, "replicas": replicas, **measure(paths, embedder, questions, args.asks)}
            per_char = result["passages"] / (chars * replicas)
            result["unique_texts_embedded"] = embedder.embedded
            result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            results["sizes"].append(result)
            print(_row(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


def _row(r: dict) -> str:
    return (
        f"{r['passages']:>7,} passages ({r['documents']} docs, {'exact' if r['exact'] else 'HNSW'}): "
        f"build {r['build_s']:.1f} s, index ~{r['index_mb']:.0f} MB (vectors {r['vectors_mb']:.0f} MB), "
        f"ask() median {r['ask_ms']:.1f} ms (p95 {r['ask_p95_ms']:.1f}; understand {r['stages_ms']['understand']:.1f}, "
        f"embed {r['stages_ms']['embed']:.1f}, "
        f"search {r['stages_ms']['search']:.1f}, extract {r['stages_ms']['extract']:.1f}), "
        f"dense search {r['dense_search_ms']:.2f} ms vs brute force {r['brute_force_ms']:.2f} ms, "
        f"recall@10 {r['recall_at_10']:.3f} (min {r['min_recall_at_10']:.1f}), peak RSS {r['peak_rss_mb']:.0f} MB; "
        f"loaded by a fresh process in {r['load_s']:.1f} s: engine ~{r['engine_mb']:.0f} MB "
        f"(mapped files {r['engine_file_mb']:.0f} MB), "
        f"ask() median {r['loaded_ask_ms']:.1f} ms (BM25 loaded with it: rebuilding it took {r['bm25_build_s']:.1f} s); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
