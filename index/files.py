"""Small file helpers shared by the index's on-disk formats: hashing, a lock between processes."""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

log = logging.getLogger("article_qa")

_LOCK_POLL_S = 0.1


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def lock_path(directory: Path) -> Path:
    """The lock file that serialises building ``directory`` (an index, a model export)."""
    directory = Path(directory)
    return directory.with_name(f"{directory.name}.lock")


@contextmanager
def exclusive_lock(directory: Path, timeout: float) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on :func:`lock_path` while building ``directory``; yield
    whether it is held, so processes building the same thing take turns.

    Without the lock (no ``fcntl``, a cache that cannot be written, or ``timeout`` seconds
    spent waiting) the build goes ahead anyway: saves must be atomic, so the worst case is
    building twice.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield False
        return
    path = lock_path(directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")
    except OSError as exc:
        log.info("building without a lock: cannot create %s (%s)", path, exc.strerror or exc)
        yield False
        return
    with handle:
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    log.warning(
                        "another process has been building %s for over %.0f s; building it here too",
                        directory,
                        timeout,
                    )
                    yield False
                    return
                if not waiting:
                    log.info("waiting for another process that is building %s", directory)
                    waiting = True
                time.sleep(_LOCK_POLL_S)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
