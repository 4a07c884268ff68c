"""``article-qa eval`` and ``python -m eval``: one implementation of the evaluation command."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path

from eval.evaluate import (
    BASELINES,
    Corpus,
    Report,
    ask_all,
    log,
    progress_logger,
    summarize_by_system,
    timed_build,
    unindexed_regions,
    warm_up,
    with_evidence,
)
from eval.gold import (
    ANSWERABLE,
    DEFAULT_GOLD,
    UNANSWERABLE,
    parse_slice,
    read_jsonl,
    read_squad,
    spread,
)
from qa import ArticleQA, ArticleQAError, Settings, default_article_path
from qa.cli import add_article_argument

DESCRIPTION = (
    "Score article-qa against gold answers: retrieval hit@k/MRR, answer EM/F1/recall, "
    "citation precision/recall, abstention, SQuAD 2.0 F1 and latency, by question kind."
)
KIND_ORDER = ("factoid", "who", "why", "yes-no", "follow-up", ANSWERABLE, UNANSWERABLE)


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
    source.add_argument("--articles", metavar="A:B",
                        help="with --squad: only articles A to B-1 (e.g. 0:10)")
    source.add_argument("--limit", type=int, metavar="N",
                        help="at most N questions per article, evenly spaced through it")
    run_options = parser.add_argument_group("what to run")
    run_options.add_argument("--baseline", action="store_true",
                             help="also score BM25-only, dense-only and whole-top-passage baselines")
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
    _progress_to_stderr(args.quiet)
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

    if args.articles and not args.squad:
        raise ValueError("--articles selects SQuAD articles: use it with --squad")
    if args.squad and args.article:
        raise ValueError("--article is for JSONL gold; a SQuAD file brings its own articles")
    if args.limit is not None and args.limit < 1:
        raise ValueError(f"--limit must be at least 1, got {args.limit}")
    for out in (args.json, args.plot):
        if out is not None:
            _check_writable(out)
    settings = parse_settings(args.settings)
    systems = BASELINES if args.baseline else ()
    with tempfile.TemporaryDirectory(prefix="article-qa-eval-") as scratch:
        cache_dir = Path(scratch) if args.fresh_index else None
        if args.squad:
            report = evaluate_squad(args.squad, args.articles, args.limit, systems, settings,
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


def _check_writable(path: Path) -> None:
    """Fail before a long run, not after it, when an output file cannot be written."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.is_dir() or not os.access(folder, os.W_OK):
        raise ValueError(f"cannot write {path}: choose a writable file path")


def parse_settings(assignments: list[str]) -> Settings:
    """``["min_score=0.4", ...]`` as a Settings with those fields changed.

    Raises:
        ValueError: For an unknown field or a value of the wrong type.
    """
    defaults = Settings()
    types = {f.name: type(getattr(defaults, f.name)) for f in fields(Settings)}
    changes = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name = name.strip()
        if not sep or name not in types:
            raise ValueError(f"--set takes NAME=VALUE with NAME one of {sorted(types)}, "
                             f"got {assignment!r}")
        try:
            changes[name] = types[name](value.strip())
        except ValueError:
            raise ValueError(f"--set {name}: {value!r} is not a {types[name].__name__}") from None
    return replace(defaults, **changes)


def evaluate_gold(gold: Path, articles: list[Path] | None, limit: int | None,
                  systems, settings: Settings, cache_dir: Path | None) -> Report:
    """Evaluate an article-qa JSONL gold file over the given (or the shipped) article."""
    paths = articles or [default_article_path()]
    questions = spread(read_jsonl(gold), limit)
    engine, index_s = timed_build(
        lambda: ArticleQA.from_paths(paths, settings=settings, cache_dir=cache_dir))
    corpus = Corpus.of(engine)
    questions = [with_evidence(q, corpus) for q in questions]
    missing = [q.id for q in questions if q.answerable and not all(q.evidence)]
    if missing:
        log.warning("evidence not found in the article for: %s", ", ".join(missing))
    warm_s = warm_up(engine)
    log.info("index ready in %.1f s (first question %.1f s); asking %d questions",
             index_s, warm_s, len(questions))
    rows = ask_all(engine, questions, systems, progress_logger("gold", len(questions)))
    articles_info = [{
        "title": ", ".join(d.title or d.doc_id for d in engine.index.documents.values()),
        "paths": [str(p) for p in paths],
        "questions": len(questions),
        "index_s": index_s,
        "warm_up_s": warm_s,
        "evidence_not_found": missing,
    }]
    meta = _meta("jsonl", str(gold), settings, systems, limit)
    return Report(meta, articles_info, rows, summarize_by_system(rows, KIND_ORDER))


def evaluate_squad(path: Path, articles: str | None, limit: int | None, systems,
                   settings: Settings, cache_dir: Path | None) -> Report:
    """Evaluate SQuAD 2.0 JSON: one engine per article, questions spread by ``limit``."""
    selected = read_squad(path)[parse_slice(articles)]
    if not selected:
        raise ValueError(f"--articles {articles} selects no article of {path}")
    rows = []
    articles_info = []
    embedder = None  # one model for every article's engine, loaded once
    for number, article in enumerate(selected, start=1):
        questions = spread(list(article.questions), limit)
        engine, index_s = timed_build(
            lambda: ArticleQA.from_text(article.text, title=article.title, settings=settings,
                                        cache_dir=cache_dir, embedder=embedder))
        embedder = engine.embedder
        dropped = unindexed_regions(engine, article.paragraphs)
        warm_s = warm_up(engine)
        log.info("[%d/%d] %s: %d paragraphs (%d not indexed), index %.1f s, %d questions",
                 number, len(selected), article.title, len(article.paragraphs), len(dropped),
                 index_s, len(questions))
        rows.extend(ask_all(engine, questions, systems,
                            progress_logger(article.title, len(questions))))
        articles_info.append({
            "title": article.title,
            "paragraphs": len(article.paragraphs),
            "paragraphs_not_indexed": dropped,
            "questions": len(questions),
            "index_s": index_s,
            "warm_up_s": warm_s,
        })
    meta = _meta("squad", str(path), settings, systems, limit, articles=articles)
    return Report(meta, articles_info, rows, summarize_by_system(rows, KIND_ORDER))


def _meta(kind: str, gold: str, settings: Settings, systems, limit, **extra) -> dict:
    return {
        "format": kind,
        "gold": gold,
        "systems": ["product", *systems],
        "limit": limit,
        **extra,
        "settings": {f.name: getattr(settings, f.name) for f in fields(Settings)},
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join(sys.argv),
    }


def machine() -> str:
    """``"<CPU model>, <n> CPUs, <OS>"`` of this machine."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def _progress_to_stderr(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("article-qa: %(message)s"))
    logger = logging.getLogger("article_qa")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
