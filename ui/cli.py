"""``article-qa serve``: the chat UI as a subcommand (plugged in through an entry point).

Nothing heavy is imported here: gradio loads only when ``serve`` runs.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import socket

from qa.cli import add_article_argument

log = logging.getLogger("article_qa")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_MEMORY_MB = 512


def register(commands) -> None:
    """Add ``serve`` to the ``article-qa`` subcommands."""
    serve = commands.add_parser(
        "serve",
        help="start the chat UI in the browser",
        description="Start the chat over the article; the index is built or loaded first.",
    )
    serve.add_argument("--host", help=f"address to listen on (default: $ARTICLE_QA_HOST or "
                       f"{DEFAULT_HOST})")
    serve.add_argument("--port", type=int, help=f"port to listen on (default: $ARTICLE_QA_PORT "
                       f"or {DEFAULT_PORT})")
    serve.add_argument("--memory-mb", type=int, help="memory for the indexes kept loaded, least "
                       f"recently used dropped first (default: $ARTICLE_QA_MEMORY_MB or {DEFAULT_MEMORY_MB})")
    add_article_argument(serve)
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Build or load the index, then serve the chat until Ctrl+C."""
    # Before the index is loaded, so that these fail at once (as one line, by the CLI).
    from ui.app import build_app, launch

    host, port = _address(args)
    _check_free(host, port)

    from qa import default_article_path
    from qa.articles import read_articles
    from ui.library import EngineCache, engine_builder

    documents = read_articles(args.article or [default_article_path()])
    engines = EngineCache(engine_builder(), _memory_mb(args) * 2**20)
    log.info("loading the article index (%d article(s))", len(documents))
    log.info("loading the embedding model and preparing example questions")
    demo = build_app(documents, engines)
    log.info("index ready: %d article(s) preloaded", len(documents))
    url = launch(demo, host, port)
    print(f"article-qa: chat at {url} (Ctrl+C to stop)", flush=True)
    try:
        demo.block_thread()
    finally:
        demo.close()
    return 0


def _memory_mb(args: argparse.Namespace) -> int:
    """The engines' memory budget from the flag, else the environment, else the default."""
    value = _number(args.memory_mb, "ARTICLE_QA_MEMORY_MB", DEFAULT_MEMORY_MB, "a number of megabytes")
    if value < 1:
        raise ValueError(f"the memory budget must be at least 1 MB, got {value}")
    return value


def _address(args: argparse.Namespace) -> tuple[str, int]:
    """Host and port from the flags, else the environment, else the defaults."""
    host = args.host or os.environ.get("ARTICLE_QA_HOST") or DEFAULT_HOST
    port = _number(args.port, "ARTICLE_QA_PORT", DEFAULT_PORT, "a port number")
    if not 1 <= port <= 65535:
        raise ValueError(f"port must be between 1 and 65535, got {port}")
    return host, port


def _number(flag: int | None, variable: str, default: int, what: str) -> int:
    """A flag's value, else the environment variable's as an integer, else the default."""
    if flag is not None:
        return flag
    raw = os.environ.get(variable, "").strip() or str(default)
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{variable} must be {what}, got {raw!r}") from None


def _check_free(host: str, port: int) -> None:
    """Fail before the slow start-up if ``host:port`` cannot be listened on."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = "the port is in use" if exc.errno == errno.EADDRINUSE else str(exc)
        raise ValueError(
            f"cannot serve on {host}:{port}: {reason}; choose another --port or ARTICLE_QA_PORT"
        ) from None
