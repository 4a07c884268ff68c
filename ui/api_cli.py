"""``article-qa api``: the JSON HTTP API under uvicorn, with any number of worker processes."""

from __future__ import annotations

import argparse
import os

from qa.library import check_store
from ui.cli import _check_free

DEFAULT_API_PORT = 8000
# Read by each worker's ``create_app``: mount the chat UI at /chat beside the API.
CHAT_VARIABLE = "ARTICLE_QA_API_CHAT"


def register(commands) -> None:
    """Add ``api`` to the ``article-qa`` subcommands."""
    api = commands.add_parser(
        "api",
        help="serve the JSON HTTP API (OpenAPI docs at /docs)",
        description="Serve POST /v1/ask, GET and POST /v1/articles and GET /healthz over the "
        "store of --store (or $ARTICLE_QA_STORE). Workers share a PostgreSQL store.",
    )
    api.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    api.add_argument("--port", type=int, default=DEFAULT_API_PORT,
                     help=f"port to listen on (default: {DEFAULT_API_PORT})")
    api.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default: 1)")
    api.add_argument("--chat", action="store_true", help="also serve the chat UI at /chat")
    api.set_defaults(run=run_api)


def run_api(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C."""
    import uvicorn

    if not 1 <= args.port <= 65535:
        raise ValueError(f"port must be between 1 and 65535, got {args.port}")
    if not 1 <= args.workers <= 64:
        raise ValueError(f"--workers must be between 1 and 64, got {args.workers}")
    _check_free(args.host, args.port)
    # Reached once here, an unreachable store is one line of error, not a traceback from
    # every worker (which uvicorn would start again and again).
    check_store()
    if args.chat:
        os.environ[CHAT_VARIABLE] = "1"
    print(f"article-qa: API at http://{args.host}:{args.port} (docs at /docs; Ctrl+C to stop)", flush=True)
    uvicorn.run("ui.http_api:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning")
    return 0
