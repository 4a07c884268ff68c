"""Index a synthetic article of a given size and print how long it took and how much memory.

    .venv/bin/python tests/robustness/big_article.py --mb 10

The article is the shipped one's paragraphs repeated with a unique "dispatch" line in each
copy (repeated lines would be dropped by cleaning), so every part of it is indexed; the
last dispatch is then asked about, and its citation checked against the file's text.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from qa import ArticleQA, default_article_path

CITIES = ("Baghdad", "Basra", "Mosul", "Erbil", "Najaf", "Kirkuk", "Karbala", "Fallujah")


def dispatch_line(i: int) -> str:
    return f"Dispatch number {i} was filed from {CITIES[i % len(CITIES)]} by reporter {i * 7919 % 100003}."


def synthetic_article(n_bytes: int) -> str:
    """About ``n_bytes`` of article text (UTF-8) made of distinct paragraphs."""
    source = default_article_path().read_text("utf-8")
    paragraphs = [p.strip() for p in source.split("\n") if len(p.split()) >= 12 and p.strip().endswith(".")]
    parts = ["A very long report on Iraq\n"]
    size, i = 0, 0
    while size < n_bytes:
        i += 1
        block = "\n\n".join([dispatch_line(i), *(f"{p[:-1]} in part {i}." for p in paragraphs)])
        parts.append(block)
        size += len(block.encode()) + 2
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="article size in MB (default 10)")
    parser.add_argument("--keep", type=Path, help="write the article here instead of a temp file")
    args = parser.parse_args(argv)
    text = synthetic_article(int(args.mb * 1e6))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "big-article.txt"
        path.write_text(text, "utf-8")
        copies = text.count("Dispatch number ")
        print(f"article: {len(text.encode()) / 1e6:.2f} MB, {len(text):,} characters, {copies} copies")
        started = time.perf_counter()
        engine = ArticleQA.from_paths([path], cache_dir=Path(tmp) / "cache")
        built = time.perf_counter() - started
        index = engine.index
        print(f"built in {built:.1f} s: {len(index.passages):,} passages, {len(index.sentences):,} sentences")
        started = time.perf_counter()
        ArticleQA.from_paths([path], cache_dir=Path(tmp) / "cache")
        print(f"loaded from the cache in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        answer = engine.ask(f"Where was dispatch number {copies} filed from?")
        print(f"answered in {1000 * (time.perf_counter() - started):.0f} ms: {answer.text[:120]!r}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:,.0f} MB")
        ok = answer.found and any(
            text[c.start : c.end] == c.quote and dispatch_line(copies) == c.quote for c in answer.citations
        )
        print("the last dispatch is cited verbatim at its offsets" if ok else "WRONG ANSWER")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
