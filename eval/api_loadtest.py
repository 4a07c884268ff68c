"""Load test of the JSON HTTP API with 1, 2 and 4 uvicorn workers, on the loopback address only.

    python -m eval.api_loadtest                         # 16 clients, 20 s per worker count
    python -m eval.api_loadtest --workers 1 2 4 --clients 16 --duration 20 --store files

Each run starts ``article-qa api --workers N`` on 127.0.0.1 (a free port) over a store (by
default a PostgreSQL it starts itself, shared by the workers), waits until all N workers
answer ``/healthz`` (each loads the model and answers a warm-up question first), then
keeps ``clients`` threads asking the chats of ``eval.loadtest`` through ``POST /v1/ask`` (each earlier turn sent back
as the answer the API gave it, or with ``--history questions`` as the question alone) until
the time or request budget runs out. Every reply is compared with what ``qa`` answers in this process. It prints
questions/s, p50/p95 latency, errors and mismatches per worker count, with the load average.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.loadtest import (
    REQUEST_TIMEOUT_S,
    Clock,
    Expected,
    Outcome,
    _machine,
    _percentile_ms,
    expected_answers,
    plan,
)
from eval.postgres import create_database, local_postgres
from eval.server import served, wait_for_workers
from qa import ArticleQA, default_article_path
from qa.cli import show_progress

log = logging.getLogger("article_qa")


@dataclass(frozen=True, slots=True)
class WorkersReport:
    workers: int
    clients: int
    duration_s: float
    requests: int
    errors: int
    mismatches: int
    questions_per_s: float
    latency_p50_ms: float
    latency_p95_ms: float
    load_average: float  # 1-minute load average when the clients started
    examples: tuple[str, ...]


def same(reply: dict, want: Expected) -> bool:
    """Whether a JSON answer is the expected one: text, citations and verdict."""
    answer = json.loads(json.dumps(want.answer.to_dict()))  # tuples become lists, as in the reply
    return all(reply.get(key) == answer[key] for key in ("text", "citations", "found", "query"))


def run_client(client: int, url: str, expected: dict, clock: Clock, max_requests: int,
               outcome: Outcome, start: threading.Barrier, send_answers: bool) -> None:
    """Ask one client's chats; with ``send_answers``, each earlier turn goes back as the
    answer the API gave it (a real client's way), else as the question alone."""
    import httpx

    turns = plan(client)
    replies: dict[str, dict] = {}  # this chat's answers so far, by question
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT_S) as http:
        try:
            start.wait()
        except threading.BrokenBarrierError:
            return
        for i in range(max_requests):
            if time.monotonic() >= clock.deadline:
                break
            question, history = turns[i % len(turns)]
            want = expected[question, history]
            if not history:
                replies.clear()
            sent = [replies.get(q, q) if send_answers else q for q in history]
            began = time.perf_counter()
            try:
                response = http.post("/v1/ask", json={"question": question, "history": sent})
            except httpx.HTTPError as exc:
                outcome.latencies_s.append(time.perf_counter() - began)
                outcome.errors.append(f"client {client}: {question[:40]!r}: {exc!r}")
                continue
            outcome.latencies_s.append(time.perf_counter() - began)
            if want.refusal is not None:
                if response.status_code != 400 or want.refusal not in response.json().get("error", ""):
                    outcome.errors.append(f"client {client}: {question[:40]!r}: {response.status_code}")
            elif response.status_code != 200:
                outcome.errors.append(f"client {client}: {question[:40]!r}: {response.status_code} {response.text[:80]}")
            elif not same(response.json(), want):
                outcome.mismatches.append(f"client {client}: {question[:40]!r} got {response.text[:80]!r}")
            else:
                replies[question] = response.json()


def measure(url: str, workers: int, clients: int, duration_s: float, max_requests: int, expected: dict,
            send_answers: bool) -> WorkersReport:
    """Run ``clients`` threads against the API at ``url`` for ``duration_s`` seconds."""
    import httpx

    httpx.post(f"{url}v1/ask", json={"question": "Who is Andre Vltchek?"}, timeout=REQUEST_TIMEOUT_S)
    outcomes = [Outcome() for _ in range(clients)]
    clock = Clock(duration_s)
    start = threading.Barrier(clients, action=clock.start)
    threads = [
        threading.Thread(target=run_client, daemon=True,
                         args=(c, url, expected, clock, max_requests, outcomes[c], start, send_answers))
        for c in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration_s + REQUEST_TIMEOUT_S + 30)
    elapsed = time.perf_counter() - clock.started
    latencies = sorted(x for o in outcomes for x in o.latencies_s)
    errors = [e for o in outcomes for e in o.errors]
    mismatches = [m for o in outcomes for m in o.mismatches]
    return WorkersReport(
        workers=workers,
        clients=clients,
        duration_s=round(elapsed, 1),
        requests=len(latencies),
        errors=len(errors),
        mismatches=len(mismatches),
        questions_per_s=round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        latency_p50_ms=_percentile_ms(latencies, 50),
        latency_p95_ms=_percentile_ms(latencies, 95),
        load_average=round(clock.load_average, 2),
        examples=tuple((errors + mismatches)[:5]),
    )


def api_load_test(worker_counts: list[int], clients: int, duration_s: float, max_requests: int,
                  store: str, send_answers: bool = True) -> list[WorkersReport]:
    """One report per worker count; ``store`` is ``"postgres"`` (started here) or ``"files"``;
    ``send_answers`` False sends earlier turns as questions, which the API answers again."""
    if clients < 1 or duration_s <= 0 or max_requests < 1 or not worker_counts:
        raise ValueError("clients, duration, max_requests and worker counts must be positive")
    reports = []
    with tempfile.TemporaryDirectory(prefix="article-qa-api-load-") as tmp, ExitStack() as stack:
        cache = Path(tmp) / "cache"
        location = str(cache)
        if store == "postgres":
            location = create_database(stack.enter_context(local_postgres()), "load")
        engine = ArticleQA.from_paths([default_article_path()], store=location)
        expected = expected_answers(engine)
        for workers in worker_counts:
            log.info("API with %d worker(s): %d clients for %.0f s", workers, clients, duration_s)
            with served(cache, Path(tmp) / f"api-{workers}.log", command=("api", "--workers", str(workers)),
                        options=("--store", location), ready="healthz") as server:
                wait_for_workers(server.url, workers)
                reports.append(measure(server.url, workers, clients, duration_s, max_requests, expected,
                                       send_answers))
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.api_loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="worker counts (default 1 2 4)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--duration", type=float, default=20.0, metavar="SECONDS",
                        help="seconds of asking per worker count (default 20)")
    parser.add_argument("--max-requests", type=int, default=5000, metavar="N",
                        help="at most N requests per client (default 5000)")
    parser.add_argument("--store", choices=("postgres", "files"), default="postgres",
                        help="a PostgreSQL started here, shared by the workers (default), or a folder")
    parser.add_argument("--history", choices=("answers", "questions"), default="answers",
                        help="send earlier turns as the answers the API gave (default) or as "
                        "questions, which every request answers again")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the reports as JSON")
    args = parser.parse_args(argv)
    show_progress(quiet=False)
    reports = api_load_test(args.workers, args.clients, args.duration, args.max_requests, args.store,
                            args.history == "answers")
    print(f"{_machine()}; store: {args.store}; history sent as {args.history}")
    for r in reports:
        print(f"workers {r.workers}: {r.requests} questions in {r.duration_s} s = {r.questions_per_s} /s, "
              f"p50 {r.latency_p50_ms} ms, p95 {r.latency_p95_ms} ms, {r.errors} errors, "
              f"{r.mismatches} mismatches (load average {r.load_average} at the start)")
        for example in r.examples:
            print(f"  ! {example}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in reports], indent=2), "utf-8")
    return 0 if all(r.errors == 0 and r.mismatches == 0 and r.requests for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
