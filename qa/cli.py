"""The ``article-qa`` command line: ask, index, and subcommands that other packages plug in."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from importlib.metadata import entry_points
from pathlib import Path

from index.errors import ArticleQAError

COMMAND_GROUP = "article_qa.commands"
# Commands of this package: running one loads no plugin (they import eval and ui).
CORE_COMMANDS = ("ask", "index")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(plugins=_command(argv) not in CORE_COMMANDS)
    args = parser.parse_args(argv)
    show_progress(quiet=args.quiet)
    if args.cache_dir:
        os.environ["ARTICLE_QA_CACHE"] = str(args.cache_dir)
    if args.store:
        os.environ["ARTICLE_QA_STORE"] = args.store
    try:
        return args.run(args) or 0
    except (ValueError, ArticleQAError, ImportError) as exc:
        print(f"article-qa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def show_progress(quiet: bool) -> None:
    """Print article-qa's progress and notices (not other libraries' logs) to stderr.

    Calling it again only changes the level: there is never a second handler.
    """
    logger = logging.getLogger("article_qa")
    if not any(getattr(h, "article_qa", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("article-qa: %(message)s"))
        handler.article_qa = True
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


def build_parser(plugins: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with ``plugins`` False, only :data:`CORE_COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="article-qa", description="Ask questions about a news article; every answer cites it."
    )
    _add_global_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--history", action="append", default=[], metavar="QUESTION",
                     help="an earlier question, for follow-ups (repeatable, oldest first)")
    add_article_argument(ask)
    ask.add_argument("--reader", action="store_true",
                     help="let the learned reader decide whether the article answers "
                     "(stricter on near-miss questions, ~35 ms slower; see docs/design.md)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.set_defaults(run=_run_ask)

    build = commands.add_parser("index", help="build and save the index of articles (.txt, .md, .jsonl)")
    add_article_argument(build)
    build.add_argument("--ray", action="store_true",
                       help="clean, chunk and embed on a Ray cluster, writing to the PostgreSQL --store")
    build.add_argument("--address", help="the Ray cluster to use (default: start Ray on this machine)")
    build.add_argument("--workers", type=int, help="Ray workers (default: one per CPU of the cluster)")
    build.set_defaults(run=_run_index)

    if plugins:
        for entry_point in entry_points(group=COMMAND_GROUP):
            entry_point.load()(commands)
    return parser


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", type=Path, help="where built indexes are kept "
                        "(default: $ARTICLE_QA_CACHE or the user cache directory)")
    parser.add_argument("--store", metavar="FOLDER|URL",
                        help="where indexes live: a folder, or a postgresql:// URL shared by "
                        "many processes (default: $ARTICLE_QA_STORE, else the cache directory)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no progress notices")


def _command(argv: list[str]) -> str | None:
    """The command ``argv`` runs (the first word after the global options), if any."""
    options = argparse.ArgumentParser(add_help=False)
    _add_global_options(options)
    _, rest = options.parse_known_args(argv)
    return rest[0] if rest else None


def add_article_argument(parser: argparse.ArgumentParser) -> None:
    """The shared ``--article`` option (repeatable; default: the shipped article)."""
    parser.add_argument("--article", action="append", type=Path, metavar="PATH",
                        help="article file or folder (repeatable; default: the shipped article)")


def engine_for(articles: list[Path] | None):
    """The engine over ``articles``, or the default engine when none are given."""
    from qa.api import ArticleQA, default_engine

    return ArticleQA.from_paths(articles) if articles else default_engine()


def _run_ask(args: argparse.Namespace) -> int:
    engine = engine_for(args.article)
    if args.reader:
        engine = engine.with_settings(reader=True)
    answer = engine.ask(args.question, args.history)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.query != answer.question:
        print(f"\n(searched for: {answer.query})")
    for citation in answer.citations:
        where = f"{citation.source or citation.doc_id}, characters {citation.start}-{citation.end}"
        print(f"\n[{citation.n}] \"{citation.quote}\"\n    {where}")
    if not answer.found and answer.passages:
        print("\nRelated passages (not an answer):")
        for hit in answer.passages[:3]:
            print(f"  - {hit.text[:160]}")
    return 0


def _run_index(args: argparse.Namespace) -> int:
    if args.ray:
        return _run_ray_index(args)
    engine = engine_for(args.article)
    index = engine.index
    print(f"indexed {len(index.documents)} article(s): {len(index.passages)} passages, "
          f"{len(index.sentences)} sentences")
    return 0


def _run_ray_index(args: argparse.Namespace) -> int:
    from index.pg_store import PostgresStore
    from index.embedder_choice import default_embedder
    from index.ray_ingest import ingest
    from qa.api import default_article_path

    store = os.environ.get("ARTICLE_QA_STORE", "")
    if not store.startswith(("postgresql://", "postgres://")):
        raise ValueError("--ray writes to a shared store: give --store postgresql://... "
                         "(or set ARTICLE_QA_STORE)")
    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers must be at least 1, got {args.workers}")
    report = ingest(args.article or [default_article_path()], store, default_embedder,
                    address=args.address, workers=args.workers)
    counts = PostgresStore(store).counts()
    print(f"indexed {report.articles} article(s) with Ray ({report.changed} new or changed); the store "
          f"holds {counts['documents']} articles, {counts['passages']} passages, {counts['sentences']} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
