"""Ingestion benchmark: ``article-qa index`` in one process vs ``--ray`` on this machine, into PostgreSQL.

    python -m eval.ingest_bench                    # the 1,000 CNN stories of ../shared
    python -m eval.ingest_bench --stories 100 --workers 2

Both commands run as a person runs them (fresh processes, model loading included) against
two new databases of one PostgreSQL started here; then the rows are compared: the same
articles, passages and sentences with the same offsets and texts, and vectors equal up to
float rounding. Prints wall times, their ratio and the load average around each run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.postgres import create_database, local_postgres

NEWS = Path(__file__).resolve().parents[2] / "shared" / "external" / "newsqa" / "news-1000.jsonl"


def timed(argv: list[str]) -> tuple[float, float, float]:
    """Run ``python -m qa ARGV``; its wall time and the 1-minute load average before and after."""
    before = os.getloadavg()[0]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qa", "-q", *argv], check=True)
    return time.perf_counter() - started, before, os.getloadavg()[0]


def table_rows(url: str) -> dict[str, list[tuple]]:
    import psycopg
    from pgvector.psycopg import register_vector

    with psycopg.connect(url) as connection:
        register_vector(connection)
        return {
            table: connection.execute(
                f"SELECT d.doc_id, t.ordinal, t.start_char, t.end_char, t.text, t.embedding"
                f" FROM {table} t JOIN documents d ON d.id = t.document ORDER BY 1, 2"
            ).fetchall()
            for table in ("passages", "sentences")
        }


def compare(single: str, distributed: str) -> str:
    """One line: whether both databases hold the same rows, and the largest vector difference."""
    a, b = table_rows(single), table_rows(distributed)
    lines = []
    for table in a:
        same_rows = [r[:5] for r in a[table]] == [r[:5] for r in b[table]]
        gap = max(
            (float(np.abs(_array(x[5]) - _array(y[5])).max()) for x, y in zip(a[table], b[table])),
            default=0.0,
        )
        lines.append(f"{table}: {len(a[table])} vs {len(b[table])} rows, "
                     f"{'same' if same_rows else 'DIFFERENT'} texts and offsets, max vector gap {gap:.1e}")
    return "; ".join(lines)


def _array(value) -> np.ndarray:
    return value if isinstance(value, np.ndarray) else value.to_numpy()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.ingest_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, default=NEWS, help="a JSON Lines file of stories")
    parser.add_argument("--stories", type=int, help="only the first N stories")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="Ray workers (default: one per core)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="article-qa-ingest-") as tmp, local_postgres() as server:
        news = args.news
        if args.stories:
            news = Path(tmp) / "news.jsonl"
            lines = args.news.read_text("utf-8").splitlines()[: args.stories]
            news.write_text("\n".join(lines) + "\n", "utf-8")
        single, distributed = create_database(server, "single"), create_database(server, "ray")
        one, one_before, one_after = timed(["--store", single, "index", "--article", str(news)])
        ray, ray_before, ray_after = timed(["--store", distributed, "index", "--article", str(news),
                                            "--ray", "--workers", str(args.workers)])
        print(f"{news.name}: one process {one:.1f} s (load {one_before:.1f} -> {one_after:.1f}); "
              f"Ray with {args.workers} workers {ray:.1f} s (load {ray_before:.1f} -> {ray_after:.1f}); "
              f"ratio {ray / one:.2f}")
        print(compare(single, distributed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
