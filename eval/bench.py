"""``article-qa bench``: how fast answering is, next to the floor the hardware allows.

Measures, in one process over the public ``qa`` API: warm ``ask()`` median and p95 over the
gold questions (with their history); the floor (embed the rewritten question and search the
passage vectors, nothing else) and the ratios to it; one-shot CLI latency from fresh
processes over a persisted index; index build time against raw embedding of the same texts;
peak RSS. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold" / "dev.jsonl"
FLOOR_K = 20  # the depth ArticleIndex asks FAISS for when top_k is 5


def register(commands) -> None:
    """Add the ``bench`` subcommand to the ``article-qa`` CLI."""
    from qa.cli import add_article_argument

    parser = commands.add_parser("bench", help="benchmark ask(), cold start and index build")
    add_article_argument(parser)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions (default 5)")
    parser.add_argument("--cli-runs", type=int, default=5, help="one-shot CLI runs (default 5; 0 skips)")
    parser.add_argument("--no-build", action="store_true", help="skip the index build measurement")
    parser.add_argument("--build-repeats", type=int, default=3, help="index builds, best kept (default 3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from qa.cli import engine_for

    results = {"machine": machine()}
    started = time.perf_counter()
    engine = engine_for(args.article)
    results["engine_ready_s"] = time.perf_counter() - started
    questions = gold_questions()
    results["ask"] = bench_ask(engine, questions, args.rounds)
    if args.cli_runs:
        results["cli"] = bench_cli(questions[0]["question"], args.article, args.cli_runs)
    if not args.no_build:
        results["build"] = bench_build(engine, args.article, args.build_repeats)
    results["peak_rss_mb"] = peak_rss_mb()
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


def gold_questions(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def bench_ask(engine, questions: list[dict], rounds: int) -> dict:
    """Warm ``ask()`` against the floor: embed the question + FAISS search, nothing else."""
    embedder = engine.embedder
    passages = engine.index.passage_vectors
    for item in questions:  # warm-up: model session, caches, lazy imports
        engine.ask(item["question"], item.get("history") or [])
    ask_ms, retrieval_ms, floor_ms = [], [], []
    for _ in range(rounds):
        for item in questions:
            begin = time.perf_counter()
            answer = engine.ask(item["question"], item.get("history") or [])
            ask_ms.append(1000 * (time.perf_counter() - begin))
            retrieval_ms.append(answer.timings_ms["embed"] + answer.timings_ms["search"])
            begin = time.perf_counter()
            passages.search(embedder.embed([answer.query])[0], FLOOR_K)
            floor_ms.append(1000 * (time.perf_counter() - begin))
    ask, floor, retrieval = _summary(ask_ms), _summary(floor_ms), _summary(retrieval_ms)
    rss_mb = peak_rss_mb()  # before sentence-transformers is loaded for the comparison
    embed_ms = {type(embedder).__name__: _embed_ms(embedder.embed, questions)}
    if hasattr(embedder, "documents"):  # the fast path: compare with the library of record
        embedder.documents.embed(["warm-up"])
        embed_ms["sentence-transformers"] = _embed_ms(embedder.documents.embed, questions)
    return {
        "questions": len(questions),
        "rounds": rounds,
        "passages": len(engine.index.passages),
        "embedder": type(embedder).__name__,
        "ask_ms": ask,
        "retrieval_ms": retrieval,
        "floor_ms": floor,
        "question_embedding_ms": embed_ms,
        "peak_rss_mb": rss_mb,
        "ask_over_floor": ask["median"] / floor["median"],
        "retrieval_over_floor": retrieval["median"] / floor["median"],
    }


# Runs ``python -m qa`` and prints the process's own peak RSS to stderr: VmHWM of its memory
# map, since ru_maxrss survives exec and would count the pages of the forked parent.
_CLI_WRAPPER = (
    "import atexit, resource, runpy, sys\n"
    "def peak():\n"
    "    try:\n"
    "        status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
    "        return int(status.split()[0])\n"
    "    except (OSError, IndexError, ValueError):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: print('maxrss_kb', peak(), file=sys.stderr))\n"
    "sys.argv = ['qa', *sys.argv[1:]]\n"
    "runpy.run_module('qa', run_name='__main__', alter_sys=True)\n"
)


def bench_cli(question: str, articles: list[Path] | None, runs: int) -> dict:
    """One-shot ``python -m qa -q ask`` from fresh processes; the first run persists the index."""
    arguments = ["-q", "ask", question]
    for article in articles or []:
        arguments += ["--article", str(article)]
    command = [sys.executable, "-c", _CLI_WRAPPER, *arguments]
    subprocess.run(command, check=True, capture_output=True)
    seconds, rss_kb = [], []
    for _ in range(runs):
        begin = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        seconds.append(time.perf_counter() - begin)
        rss_kb += [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("maxrss_kb ")]
    return {
        "command": " ".join(["python -m qa", *arguments]),
        "runs": runs,
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "peak_rss_mb": max(rss_kb, default=0) / 1024,
    }


def bench_build(engine, articles: list[Path] | None, repeats: int = 3) -> dict:
    """Build the same index in an empty cache, against raw embedding of the same texts."""
    from qa import ArticleQA, default_article_path

    embedder = engine.embedder
    embed_documents = getattr(embedder, "embed_documents", embedder.embed)
    texts = [p.text for p in engine.index.passages] + [s.text for s in engine.index.sentences]
    embed_documents(texts[:8])  # load the indexing model outside the timings
    raw_s = build_s = float("inf")
    # Best of ``repeats``: on a shared machine the minimum is the least disturbed run.
    for _ in range(repeats):
        begin = time.perf_counter()
        embed_documents(texts)
        raw_s = min(raw_s, time.perf_counter() - begin)
        with tempfile.TemporaryDirectory(prefix="article-qa-bench-") as cache_dir:
            begin = time.perf_counter()
            ArticleQA.from_paths(articles or [default_article_path()], embedder=embedder, cache_dir=cache_dir)
            build_s = min(build_s, time.perf_counter() - begin)
    passages = len(engine.index.passages)
    return {
        "passages": passages,
        "sentences": len(engine.index.sentences),
        "repeats": repeats,
        "build_s": build_s,
        "raw_embed_s": raw_s,
        "build_over_raw": build_s / raw_s,
        "passages_per_s": passages / build_s,
        "texts_per_s_build": len(texts) / build_s,
        "texts_per_s_raw": len(texts) / raw_s,
    }


def machine() -> dict:
    model = next(
        (line.split(":", 1)[1].strip() for line in _lscpu().splitlines() if line.startswith("Model name")),
        platform.processor(),
    )
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "load_average_1m": os.getloadavg()[0],
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def format_table(results: dict) -> str:
    m, a = results["machine"], results["ask"]
    rows = [
        ("machine", f"{m['cpus']} CPUs, {m['cpu_model']}, load {m['load_average_1m']:.1f}, {m['date']}"),
        ("engine ready (load or build)", f"{results['engine_ready_s']:.2f} s"),
        ("questions x rounds", f"{a['questions']} x {a['rounds']} over {a['passages']} passages ({a['embedder']})"),
        ("ask() median / p95", f"{a['ask_ms']['median']:.2f} / {a['ask_ms']['p95']:.2f} ms"),
        ("retrieval stage median", f"{a['retrieval_ms']['median']:.2f} ms"),
        ("floor (embed + FAISS) median", f"{a['floor_ms']['median']:.2f} ms"),
        ("ask / floor", f"{a['ask_over_floor']:.2f}x"),
        ("retrieval / floor", f"{a['retrieval_over_floor']:.2f}x"),
        ("question embedding median", "  vs  ".join(
            f"{v:.2f} ms ({k})" for k, v in a["question_embedding_ms"].items())),
        ("peak RSS after asking", f"{a['peak_rss_mb']:.0f} MB"),
    ]
    if "cli" in results:
        c = results["cli"]
        rows += [
            (f"one-shot CLI median of {c['runs']}", f"{c['median_s']:.2f} s (max {c['max_s']:.2f} s)"),
            ("one-shot CLI peak RSS", f"{c['peak_rss_mb']:.0f} MB"),
        ]
    if "build" in results:
        b = results["build"]
        rows += [
            (f"index build (best of {b['repeats']})",
             f"{b['build_s']:.2f} s for {b['passages']} passages + {b['sentences']} sentences"),
            ("raw embedding, same texts", f"{b['raw_embed_s']:.2f} s ({b['texts_per_s_raw']:.0f} texts/s)"),
            ("build / raw embedding", f"{b['build_over_raw']:.2f}x ({b['texts_per_s_build']:.0f} texts/s, "
                                      f"{b['passages_per_s']:.0f} passages/s)"),
        ]
    rows.append(("peak RSS (process)", f"{results['peak_rss_mb']:.0f} MB"))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _embed_ms(embed, questions: list[dict]) -> float:
    """Median time to embed one question on its own."""
    times = []
    for item in questions:
        begin = time.perf_counter()
        embed([item["question"]])
        times.append(1000 * (time.perf_counter() - begin))
    return statistics.median(times)


def _summary(values_ms: list[float]) -> dict:
    ordered = sorted(values_ms)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "mean": statistics.fmean(ordered),
    }


def _lscpu() -> str:
    try:
        return subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""
