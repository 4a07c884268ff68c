"""``python -m eval.scale_load CACHE PATH...``: load a saved engine in a fresh process; print its cost as JSON.

``eval.scale`` runs this after each build, so that the memory figure is what a second start
holds (no build left-overs in the heap) and the load is timed as a person meets it. The
saved index must load: a missing or stale one is an error, never a rebuild. The BM25 index
is then built once more from the passages, to print what loading it instead saves.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import statistics
import sys
import time
from pathlib import Path

from eval.scale import current_rss_mb, mapped_file_mb
from qa import ArticleQA


class QuestionsOnly:
    """The engine's embedder for questions; asked to embed articles, the saved index did not load."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.name = embedder.name

    def embed(self, texts):
        return self._embedder.embed(texts)

    def embed_documents(self, texts):
        raise RuntimeError("the saved index did not load: its articles would be embedded again")


class Loads(logging.Handler):
    """Counts article-qa's "loaded index from ..." notices."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage().startswith("loaded index from")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_load", description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path, help="the cache folder the engine was saved in")
    parser.add_argument("paths", type=Path, nargs="+", help="the article files it was built from")
    parser.add_argument("--questions", type=Path, required=True, help="a JSON list of questions to ask")
    args = parser.parse_args(argv)
    from qa.api import default_engine

    questions = json.loads(args.questions.read_text("utf-8"))
    # The baseline is a process that has answered on the shipped article: the model and
    # spaCy are loaded, and only what this engine holds is counted.
    default_engine().ask(questions[0])
    embedder = QuestionsOnly(default_engine().embedder)
    loads = Loads()
    logger = logging.getLogger("article_qa")
    logger.addHandler(loads)
    logger.setLevel(logging.INFO)
    gc.collect()
    before, file_before = current_rss_mb(), mapped_file_mb()
    began = time.perf_counter()
    engine = ArticleQA.from_paths(args.paths, embedder=embedder, cache_dir=args.cache)
    load_s = time.perf_counter() - began
    if loads.count != 1:
        raise RuntimeError(f"the saved index in {args.cache} was not loaded")
    for question in questions[:10]:  # warm-up
        engine.ask(question)
    ask_ms = []
    for question in questions:
        began = time.perf_counter()
        engine.ask(question)
        ask_ms.append(1000 * (time.perf_counter() - began))
    gc.collect()
    engine_mb, engine_file_mb = current_rss_mb() - before, mapped_file_mb() - file_before
    sparse = engine.index.sparse
    began = time.perf_counter()
    type(sparse)([p.text for p in engine.index.passages])
    bm25_build_s = time.perf_counter() - began
    print(json.dumps({
        "load_s": load_s,
        "engine_mb": engine_mb,
        "engine_file_mb": engine_file_mb,
        "loaded_ask_ms": statistics.median(ask_ms),
        "bm25_build_s": bm25_build_s,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
