"""The real chat server, started as a person starts it (``article-qa serve``) on a free port."""

from __future__ import annotations

import pytest

from eval.server import ServedApp, served


@pytest.fixture(scope="session")
def server(cache_dir, engine, tmp_path_factory) -> ServedApp:
    """A running ``python -m qa serve`` over the shipped article.

    ``engine`` has already saved the index into ``cache_dir``, so the server loads it.
    """
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with served(cache_dir, log) as app:
        yield app
