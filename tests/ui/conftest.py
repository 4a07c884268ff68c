"""The real chat server, started as a person starts it (``article-qa serve``) on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    logs: Path


@pytest.fixture(scope="session")
def server(cache_dir, engine, tmp_path_factory) -> Server:
    """A running ``python -m qa serve`` over the shipped article.

    ``engine`` has already saved the index into ``cache_dir``, so the server loads it.
    """
    logs = tmp_path_factory.mktemp("serve")
    port = free_port()
    with open(logs / "stdout", "w") as out, open(logs / "stderr", "w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "qa", "--cache-dir", str(cache_dir), "serve", "--port", str(port)],
            stdout=out,
            stderr=err,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, logs)
        yield Server(url, port, logs)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, logs) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"article-qa serve exited with {process.returncode}:\n"
                f"{(logs / 'stderr').read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"article-qa serve did not answer at {url} within {START_TIMEOUT_S} s")
