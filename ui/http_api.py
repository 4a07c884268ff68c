"""The JSON HTTP API (FastAPI): stateless endpoints over a ``Library``; no answering logic here.

``POST /v1/ask``, ``GET``/``POST /v1/articles``, ``GET /healthz``; OpenAPI docs at ``/docs``.
Bad input is a 4xx with ``{"error": ...}``, never a 500. Every request reads the store, so
any number of worker processes can serve one PostgreSQL store behind a load balancer.
"""

from __future__ import annotations

import os
import threading
from dataclasses import asdict

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from qa import (Answer, ArticleQAError, ArticleReadError, Citation, EmptyArticleError,
                UnknownArticleError)
from qa.library import Library

# A request body larger than this is refused (413) before it is read in full: an article
# of 1 MiB is ~150,000 words, far beyond any news story.
MAX_BODY_BYTES = 1 << 20
MAX_ARTICLES_PER_QUESTION = 100
MAX_HISTORY_TURNS = 50
WARM_UP_QUESTION = "What is the article about?"


class PastAnswer(BaseModel):
    """An answer ``/v1/ask`` returned, sent back as a turn of the history (its other
    fields, such as ``passages``, are ignored)."""

    model_config = ConfigDict(extra="ignore")
    question: str
    query: str
    text: str = ""
    citations: list[Citation] = []
    found: bool = True
    confidence: float = 0.0
    short: str | None = None

    def answer(self) -> Answer:
        return Answer(question=self.question, text=self.text, citations=tuple(self.citations),
                      found=self.found, passages=(), query=self.query,
                      confidence=self.confidence, short=self.short)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="The question, in plain words.")
    history: list[str | PastAnswer] = Field(
        default=[], max_length=MAX_HISTORY_TURNS,
        description="Earlier turns of the conversation, oldest first: questions (answered "
        "again to resolve follow-ups) or the answers /v1/ask returned (used as they are, "
        "so a long conversation costs no more than a short one).")
    articles: list[str] | None = Field(default=None, min_length=1, max_length=MAX_ARTICLES_PER_QUESTION,
                                       description="Ids of stored articles (default: the shipped article).")


class ArticleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The article as plain text (title on the first line).")
    title: str | None = Field(default=None, description="A title overriding the detected one.")


def build_api(library: Library) -> FastAPI:
    """The FastAPI application over ``library`` (mount it beside the chat, or serve it alone)."""
    app = FastAPI(
        title="article-qa",
        summary="Questions about news articles, answered with verbatim, cited sentences.",
        version="1",
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    # One question at a time per process: engines are not shared across threads; run more
    # worker processes (``article-qa api --workers N``) to answer more at once.
    answering = threading.Lock()

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}" for e in exc.errors()
        )
        return error(422, problems)

    @app.exception_handler(ValueError)
    async def bad_value(_: Request, exc: ValueError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(UnknownArticleError)
    async def unknown(_: Request, exc: UnknownArticleError) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(EmptyArticleError)
    async def empty(_: Request, exc: EmptyArticleError) -> JSONResponse:
        return error(422, str(exc))

    @app.exception_handler(ArticleReadError)
    async def unreadable(_: Request, exc: ArticleReadError) -> JSONResponse:
        return error(422, str(exc))

    @app.exception_handler(ArticleQAError)
    async def unavailable(_: Request, exc: ArticleQAError) -> JSONResponse:
        return error(503, str(exc))

    @app.post("/v1/ask", summary="Answer a question with cited sentences")
    def ask(request: AskRequest) -> dict:
        with answering:
            history = [t if isinstance(t, str) else t.answer() for t in request.history]
            return library.ask(request.question, history, request.articles).to_dict()

    @app.get("/v1/articles", summary="The stored articles")
    def articles() -> dict:
        return {"articles": [asdict(article) for article in library.articles()]}

    @app.post("/v1/articles", status_code=201, summary="Add an article's text to the store")
    def add_article(request: ArticleRequest) -> dict:
        with answering:
            return asdict(library.add_text(request.text, request.title))

    @app.get("/healthz", summary="Liveness: the process answers and its store is reachable")
    def healthz() -> dict:
        return {"status": "ok", "articles": len(library.articles()), "worker": os.getpid()}

    return app


def create_app() -> FastAPI:
    """The app over the store of ``$ARTICLE_QA_STORE`` (what each uvicorn worker imports).

    With ``$ARTICLE_QA_API_CHAT`` set, the chat UI is mounted at ``/chat`` beside the API.
    """
    library = Library()
    engine = library.engine()
    # One question before serving: the model (exported once per cache, whichever worker
    # comes first), the parser and the store connection are ready for the first request.
    engine.ask(WARM_UP_QUESTION)
    app = build_api(library)
    return with_chat(app, engine) if os.environ.get("ARTICLE_QA_API_CHAT") else app


def with_chat(app: FastAPI, engine) -> FastAPI:
    """``app`` with the chat UI over ``engine``'s articles mounted at ``/chat``."""
    import gradio as gr

    from ui.app import build_app
    from ui.library import DEFAULT_MEMORY_BYTES, EngineCache, engine_builder

    engines = EngineCache(engine_builder(embedder=engine.embedder), DEFAULT_MEMORY_BYTES)
    chat = build_app(list(engine.index.documents.values()), engines)
    return gr.mount_gradio_app(app, chat, path="/chat")


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets a 413 JSON error, unread."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send) -> None:
        message = f"request body over {self.max_bytes:,} bytes"
        await JSONResponse({"error": message}, status_code=413)(scope, receive, send)


class _TooLarge(Exception):
    pass
