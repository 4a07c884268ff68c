"""Handing the C heap's free pages back to the operating system once a large load is done."""

from __future__ import annotations

import ctypes
import sys
from functools import lru_cache


def release_free_heap() -> None:
    """Return the free pages of the C heap to the operating system (glibc's ``malloc_trim``;
    a no-op where there is none).

    A load parses a large JSON file into short-lived strings, dicts and lists among the
    objects that stay; glibc keeps what they freed inside its heap for later allocations, so
    the process would go on holding it (12-14 MB of a 13,535-passage engine's ~100 MB,
    measured as ``eval.scale_load`` does).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    return getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc has it; musl does not
