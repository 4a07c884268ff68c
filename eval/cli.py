"""``article-qa eval`` and ``python -m eval``: one implementation of the evaluation command."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from eval.chat_forms import CHAT_FORMS
from eval.evaluate import BASELINES, log
from eval.gold import DEFAULT_GOLD
from eval.suites import (
    evaluate_gold,
    evaluate_newsqa,
    evaluate_squad,
    parse_settings,
    parse_split,
)
from qa.cli import show_progress
from qa import ArticleQAError
from qa.cli import add_article_argument

DESCRIPTION = (
    "Score article-qa against gold answers: retrieval hit@k/MRR, answer EM/F1/recall, "
    "citation precision/recall, abstention, SQuAD 2.0 F1 and latency, by question kind."
)


def register(commands) -> None:
    """Add the ``eval`` subcommand to ``article-qa`` (entry point ``article_qa.commands``)."""
    parser = commands.add_parser("eval", help="score answers against gold questions",
                                 description=DESCRIPTION)
    add_arguments(parser)
    parser.set_defaults(run=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``article-qa eval`` (shared with ``python -m eval``)."""
    source = parser.add_argument_group("gold questions")
    source.add_argument("--gold", type=Path, default=DEFAULT_GOLD, metavar="PATH",
                        help="article-qa gold JSONL (default: the bundled eval/gold/dev.jsonl)")
    add_article_argument(source)
    source.add_argument("--squad", type=Path, metavar="PATH",
                        help="SQuAD 2.0 JSON instead: one engine per article, every question")
    source.add_argument("--newsqa", type=Path, metavar="PATH",
                        help="NewsQA JSONL instead (story_id, story, question, answers): one "
                        "engine per story, e.g. ../shared/external/newsqa/newsqa-dev.jsonl")
    source.add_argument("--articles", metavar="A:B",
                        help="with --squad or --newsqa: only articles (stories) A to B-1")
    source.add_argument("--limit", type=int, metavar="N",
                        help="at most N questions per article, evenly spaced through it")
    source.add_argument("--split", action="append", default=[], metavar="NAME=A:B",
                        help="with --squad: also summarise articles A to B-1 (positions in the "
                        "file) as NAME, e.g. held-out=10:18 (repeatable)")
    run_options = parser.add_argument_group("what to run")
    run_options.add_argument("--baseline", action="store_true",
                             help="also score BM25-only, dense-only and whole-top-passage baselines")
    run_options.add_argument("--chat-forms", action="store_true",
                             help="also ask each question as typed in a chat: lowercase without "
                             "'?', wrapped in 'can you tell me', with a typo in its longest name")
    run_options.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                             dest="settings", help="override a Settings field, e.g. min_score=0.4 "
                             "(repeatable)")
    run_options.add_argument("--fresh-index", action="store_true",
                             help="build every index in a temporary folder, so the index time "
                             "is a real build rather than a cache load")
    output = parser.add_argument_group("output")
    output.add_argument("--json", type=Path, metavar="OUT",
                        help="write the full report (summary and one row per question) as JSON")
    output.add_argument("--plot", type=Path, metavar="OUT.png",
                        help="draw per-kind metrics and the latency distribution (matplotlib)")


def main(argv: list[str] | None = None) -> int:
    """``python -m eval``: the same command as ``article-qa eval``."""
    parser = argparse.ArgumentParser(prog="python -m eval", description=DESCRIPTION)
    parser.add_argument("--cache-dir", type=Path, help="where built indexes are kept")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no progress")
    add_arguments(parser)
    args = parser.parse_args(argv)
    show_progress(args.quiet)
    if args.cache_dir:
        os.environ["ARTICLE_QA_CACHE"] = str(args.cache_dir)
    try:
        return run(args)
    except (ValueError, ArticleQAError, ImportError) as exc:
        print(f"python -m eval: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run(args: argparse.Namespace) -> int:
    """Run the evaluation described by ``args``, print the table, write the outputs."""
    from eval.report import format_table, plot, write_json

    if args.squad and args.newsqa:
        raise ValueError("choose one of --squad and --newsqa")
    if args.split and not args.squad:
        raise ValueError("--split selects SQuAD articles: use it with --squad")
    if args.articles and not (args.squad or args.newsqa):
        raise ValueError("--articles selects articles of --squad or --newsqa")
    if (args.squad or args.newsqa) and args.article:
        raise ValueError("--article is for JSONL gold; SQuAD and NewsQA files bring their "
                         "own articles")
    if args.limit is not None and args.limit < 1:
        raise ValueError(f"--limit must be at least 1, got {args.limit}")
    for out in (args.json, args.plot):
        if out is not None:
            check_writable(out)
    settings = parse_settings(args.settings)
    systems = (BASELINES if args.baseline else ()) + (CHAT_FORMS if args.chat_forms else ())
    with tempfile.TemporaryDirectory(prefix="article-qa-eval-") as scratch:
        cache_dir = Path(scratch) if args.fresh_index else None
        if args.squad:
            report = evaluate_squad(args.squad, args.articles, args.limit, systems, settings,
                                    cache_dir, [parse_split(s) for s in args.split])
        elif args.newsqa:
            report = evaluate_newsqa(args.newsqa, args.articles, args.limit, systems, settings,
                                     cache_dir)
        else:
            report = evaluate_gold(args.gold, args.article, args.limit, systems, settings,
                                   cache_dir)
    report.meta["fresh_index"] = bool(args.fresh_index)
    print(format_table(report))
    if args.json:
        write_json(report, args.json)
        log.info("wrote %s", args.json)
    if args.plot:
        plot(report, args.plot)
        log.info("wrote %s", args.plot)
    return 0


def check_writable(path: Path) -> None:
    """Fail before a long run, not after it, when an output file cannot be written."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.is_dir() or not os.access(folder, os.W_OK):
        raise ValueError(f"cannot write {path}: choose a writable file path")
