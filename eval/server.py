"""``article-qa serve`` in a child process, for the load test and the browser tests."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

HOST = "127.0.0.1"  # the server stays on this machine
START_TIMEOUT_S = 300.0


@dataclass(frozen=True, slots=True)
class ServedApp:
    """A running server: where it answers, its process id, and the file its output goes to."""

    url: str
    port: int
    pid: int
    log: Path


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def served(
    cache_dir: Path,
    log: Path,
    articles: Sequence[Path] = (),
    port: int | None = None,
    *,
    command: Sequence[str] = ("serve",),
    options: Sequence[str] = (),
    ready: str = "",
) -> Iterator[ServedApp]:
    """Run ``python -m qa [options] serve`` until the block ends; yield once its page answers.

    Args:
        command: The subcommand and its own flags (``("api", "--workers", "2")`` for the API).
        options: Global flags before it (``("--store", url)``).
        ready: The path that answers 200 once the server is up (``"healthz"`` for the API).

    Raises:
        RuntimeError: If the server exits or does not answer within ``START_TIMEOUT_S``
            (the message ends with the tail of its output).
    """
    port = port or free_port()
    argv = [sys.executable, "-m", "qa", "--cache-dir", str(cache_dir), *options, *command,
            "--host", HOST, "--port", str(port)]
    for article in articles:
        argv += ["--article", str(article)]
    with open(log, "w") as output:
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}/"
    try:
        _wait_until_up(url + ready, process, log)
        yield ServedApp(url, port, process.pid, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"article-qa exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"article-qa did not answer at {url} within {START_TIMEOUT_S:.0f} s")


def wait_for_workers(url: str, count: int, timeout: float = START_TIMEOUT_S) -> set[int]:
    """Ask ``GET /healthz`` on new connections until ``count`` worker processes have
    answered (a worker still loading accepts none), so a measurement starts with all of
    them serving; returns their process ids.

    Raises:
        RuntimeError: If fewer answer within ``timeout`` seconds.
    """
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < count:
        if time.monotonic() >= deadline:
            raise RuntimeError(f"{len(seen)} of {count} API workers answered within {timeout:.0f} s")
        try:
            with urllib.request.urlopen(f"{url}healthz", timeout=5) as response:
                seen.add(json.load(response)["worker"])
        except OSError:
            time.sleep(0.2)
    return seen
