"""``article-qa bench``: how fast answering is, next to the floor the hardware allows.

Measures, in one process over the public ``qa`` API: warm ``ask()`` median and p95 over the
gold questions (with their history); the floor (embed the rewritten question and search the
passage vectors, nothing else) and the ratios to it; one-shot CLI latency from fresh
processes over a persisted index; index build time against raw embedding of the same texts;
upload-to-ready time for an 800-word article and indexing throughput over many news stories,
both against sentence-transformers' raw ``encode`` of the same texts in one call; peak RSS. Timings are printed, never asserted.
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
# 1,000 CNN stories in the steering folder beside the checkout; read there, never copied.
NEWS = Path(__file__).resolve().parents[2] / "shared" / "external" / "newsqa" / "news-1000.jsonl"
UPLOAD_WORDS = 800  # the article size whose upload-to-ready time is measured
FLOOR_K = 20  # the depth ArticleIndex asks FAISS for when top_k is at most 10


def register(commands) -> None:
    """Add the ``bench`` subcommand to the ``article-qa`` CLI."""
    from qa.cli import add_article_argument

    parser = commands.add_parser("bench", help="benchmark ask(), cold start and index build")
    add_article_argument(parser)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions (default 5)")
    parser.add_argument("--cli-runs", type=int, default=5, help="one-shot CLI runs (default 5; 0 skips)")
    parser.add_argument("--no-build", action="store_true", help="skip the index build measurement")
    parser.add_argument("--build-repeats", type=int, default=3, help="index builds, best kept (default 3)")
    parser.add_argument("--news", type=Path, default=NEWS, metavar="JSONL",
                        help="stories for indexing throughput and upload-to-ready (JSONL with 'text'; "
                             "default: ../shared/external/newsqa/news-1000.jsonl if present)")
    parser.add_argument("--stories", type=int, default=None, metavar="N",
                        help="index only the first N stories for throughput (default: all; 0 skips)")
    parser.add_argument("--uploads", type=int, default=5, help="upload-to-ready runs (default 5; 0 skips)")
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
    if args.news and args.news.is_file():
        stories = news_stories(args.news)
        if args.uploads:
            results["upload"] = bench_upload(engine, stories, args.uploads)
        if args.stories != 0:
            results["throughput"] = bench_throughput(engine, stories[: args.stories])
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


def news_stories(path: Path) -> list[str]:
    """The ``text`` of each story in a JSONL file."""
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def bench_upload(engine, stories: list[str], runs: int) -> dict:
    """Upload to ready: a new article of about 800 words, text in, engine out, empty cache.

    The models are loaded (as in a running server); each run starts from a fresh cache
    folder, so cleaning, sentence splitting, embedding and indexing all happen.
    """
    from qa import ArticleQA

    text = min(stories, key=lambda story: abs(len(story.split()) - UPLOAD_WORDS))
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="article-qa-bench-") as cache_dir:
            begin = time.perf_counter()
            ready = ArticleQA.from_text(text, embedder=engine.embedder, cache_dir=cache_dir)
            seconds.append(time.perf_counter() - begin)
    texts = _index_texts(ready)
    return {
        "words": len(text.split()),
        "texts": len(texts),
        "runs": runs,
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "raw_encode_s": _raw_encode_s(engine, texts),
        "load_average_1m": os.getloadavg()[0],
    }


def bench_throughput(engine, stories: list[str]) -> dict:
    """Index many stories at once (one engine, empty cache) against raw ``encode`` of the same
    texts in one sentence-transformers call."""
    from qa import ArticleQA

    documents = _documents(stories)
    with tempfile.TemporaryDirectory(prefix="article-qa-bench-") as cache_dir:
        begin = time.perf_counter()
        built = ArticleQA.from_documents(documents, embedder=engine.embedder, cache_dir=cache_dir)
        build_s = time.perf_counter() - begin
    load_after_build = os.getloadavg()[0]
    texts = _index_texts(built)
    raw_s = _raw_encode_s(engine, texts)
    return {
        "stories": len(documents),
        "texts": len(texts),
        "build_s": build_s,
        "texts_per_s_build": len(texts) / build_s,
        "raw_encode_s": raw_s,
        "texts_per_s_raw_encode": len(texts) / raw_s,
        "build_over_raw_speed": raw_s / build_s,
        "load_average_1m": [load_after_build, os.getloadavg()[0]],
    }


def _documents(stories: list[str]) -> list:
    """The stories cleaned as ``ArticleQA.from_text`` would, those with prose, each once."""
    from qa.articles import clean

    documents = {}
    for story in stories:
        document = clean(story)
        if document.body:
            documents.setdefault(document.doc_id, document)
    return list(documents.values())


def _index_texts(engine) -> list[str]:
    return [p.text for p in engine.index.passages] + [s.text for s in engine.index.sentences]


def _raw_encode_s(engine, texts: list[str]) -> float:
    """Seconds for sentence-transformers' own ``encode`` of ``texts`` in one call."""
    model = getattr(engine.embedder, "documents", engine.embedder).model()
    model.encode(texts[:8])
    begin = time.perf_counter()
    model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    return time.perf_counter() - begin


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
    if "upload" in results:
        u = results["upload"]
        rows += [
            (f"upload to ready, {u['words']}-word article", f"{u['median_s']:.2f} s median of {u['runs']} "
             f"(max {u['max_s']:.2f} s; {u['texts']} texts; load {u['load_average_1m']:.1f})"),
            ("raw encode of its texts, one call", f"{u['raw_encode_s']:.2f} s"),
        ]
    if "throughput" in results:
        n = results["throughput"]
        rows += [
            (f"indexing {n['stories']} stories", f"{n['build_s']:.1f} s, {n['texts_per_s_build']:.0f} texts/s "
             f"({n['texts']} texts; load {n['load_average_1m'][0]:.1f})"),
            ("raw encode, same texts, one call", f"{n['raw_encode_s']:.1f} s, {n['texts_per_s_raw_encode']:.0f} "
             f"texts/s (load {n['load_average_1m'][1]:.1f})"),
            ("indexing speed / raw encode speed", f"{n['build_over_raw_speed']:.2f}x"),
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
