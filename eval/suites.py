"""The two kinds of evaluation run: a JSONL gold file over an article, and SQuAD 2.0 articles."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Iterator, Sequence

from eval.evaluate import (
    Corpus,
    Report,
    ask_all,
    log,
    progress_logger,
    summarize,
    summarize_by_system,
    timed_build,
    unindexed_regions,
    warm_up,
    with_evidence,
)
from eval.gold import (
    ANSWERABLE,
    UNANSWERABLE,
    GoldArticle,
    GoldQuestion,
    parse_slice,
    read_jsonl,
    read_newsqa,
    read_squad,
    spread,
)
from qa import ArticleQA, Settings, default_article_path

KIND_ORDER = ("factoid", "who", "why", "yes-no", "follow-up", ANSWERABLE, UNANSWERABLE)
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def parse_settings(assignments: Sequence[str], base: Settings | None = None) -> Settings:
    """``["min_score=0.4", "reader=false"]`` as ``base`` (default: Settings()) with those
    fields changed.

    Raises:
        ValueError: For an unknown field or a value of the wrong type.
    """
    base = base or Settings()
    changes = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise ValueError(f"--set takes NAME=VALUE, got {assignment!r}")
        changes[name.strip()] = setting_value(name.strip(), value)
    return replace(base, **changes)


def setting_value(name: str, value: str):
    """``value`` converted to the type of the Settings field ``name``.

    Raises:
        ValueError: For an unknown field or a value of the wrong type.
    """
    defaults = Settings()
    names = sorted(f.name for f in fields(Settings))
    if name not in names:
        raise ValueError(f"unknown setting {name!r}; settings are {', '.join(names)}")
    kind = type(getattr(defaults, name))
    text = value.strip()
    if kind is bool:
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise ValueError(f"setting {name}: {value!r} is not true or false")
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"setting {name}: {value!r} is not a {kind.__name__}") from None


def evaluate_gold(gold: Path, articles: list[Path] | None, limit: int | None,
                  systems: Sequence[str], settings: Settings, cache_dir: Path | None) -> Report:
    """Evaluate an article-qa JSONL gold file over the given (or the shipped) article(s)."""
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
    meta = run_meta("jsonl", str(gold), settings, systems, limit)
    return Report(meta, articles_info, rows, summarize_by_system(rows, KIND_ORDER))


@dataclass(slots=True)
class SquadEngine:
    """One SQuAD article ready to be asked: its engine, the questions chosen, build facts."""

    position: int
    article: GoldArticle
    engine: ArticleQA
    questions: list[GoldQuestion]
    info: dict


def squad_engines(path: Path, articles: str | None, limit: int | None, settings: Settings,
                  cache_dir: Path | None, reader=read_squad) -> Iterator[SquadEngine]:
    """Build (or load) one engine per selected article of ``path`` (SQuAD JSON, or what
    ``reader`` reads), in file order.

    Raises:
        ValueError: If the file is unreadable or ``articles`` selects nothing.
    """
    everything = reader(path)
    positions = list(range(len(everything)))[parse_slice(articles)]
    if not positions:
        raise ValueError(f"--articles {articles} selects none of the {len(everything)} "
                         f"articles of {path}")
    embedder = None  # one model for every article's engine, loaded once
    for number, position in enumerate(positions, start=1):
        article = everything[position]
        questions = spread(list(article.questions), limit)
        engine, index_s = timed_build(
            lambda: ArticleQA.from_text(article.text, title=article.title, settings=settings,
                                        cache_dir=cache_dir, embedder=embedder))
        embedder = engine.embedder
        dropped = unindexed_regions(engine, article.paragraphs)
        warm_s = warm_up(engine)
        log.info("[%d/%d] %s: %d paragraphs (%d not indexed), index %.1f s, %d questions",
                 number, len(positions), article.title, len(article.paragraphs), len(dropped),
                 index_s, len(questions))
        info = {
            "position": position,
            "articles_in_file": len(everything),
            "title": article.title,
            "paragraphs": len(article.paragraphs),
            "paragraphs_not_indexed": dropped,
            "questions": len(questions),
            "index_s": index_s,
            "warm_up_s": warm_s,
        }
        yield SquadEngine(position, article, engine, questions, info)


def evaluate_squad(path: Path, articles: str | None, limit: int | None, systems: Sequence[str],
                   settings: Settings, cache_dir: Path | None,
                   splits: Sequence[tuple[str, str]] = (), reader=read_squad,
                   kind: str = "squad") -> Report:
    """Evaluate SQuAD 2.0 JSON (or NewsQA JSONL with ``reader=read_newsqa``): one engine per
    article, questions spread by ``limit``.

    ``splits`` are ``(name, "A:B")`` ranges of article positions in the file; each gets its
    own summary (e.g. the calibration articles apart from the held-out ones).
    """
    rows = []
    articles_info = []
    for item in squad_engines(path, articles, limit, settings, cache_dir, reader):
        rows.extend(ask_all(item.engine, item.questions, systems,
                            progress_logger(item.article.title, len(item.questions))))
        articles_info.append(item.info)
    summary = summarize_by_system(rows, KIND_ORDER)
    if splits:
        position = {info["title"]: info["position"] for info in articles_info}
        for system, block in summary.items():
            block["by_split"] = {}
            for name, span in splits:
                chosen = set(range(articles_info[0]["articles_in_file"])[parse_slice(span)])
                subset = [r for r in rows if r.system == system and position[r.article] in chosen]
                if subset:
                    block["by_split"][f"{name} ({span})"] = summarize(subset)
    meta = run_meta(kind, str(path), settings, systems, limit, articles=articles,
                    splits=[f"{name}={span}" for name, span in splits])
    return Report(meta, articles_info, rows, summary)


def evaluate_newsqa(path: Path, articles: str | None, limit: int | None,
                    systems: Sequence[str], settings: Settings, cache_dir: Path | None) -> Report:
    """Evaluate NewsQA JSONL: one engine per story (``articles`` selects stories A:B)."""
    return evaluate_squad(path, articles, limit, systems, settings, cache_dir,
                          reader=read_newsqa, kind="newsqa")


def parse_split(text: str) -> tuple[str, str]:
    """``"held-out=10:18"`` as ``("held-out", "10:18")``.

    Raises:
        ValueError: If it is not NAME=A:B.
    """
    name, sep, span = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--split takes NAME=A:B (e.g. held-out=10:18), got {text!r}")
    parse_slice(span)
    return name.strip(), span.strip()


def run_meta(kind: str, gold: str, settings: Settings, systems: Sequence[str],
             limit: int | None, **extra) -> dict:
    """What was run, with which settings, when and where."""
    return {
        "format": kind,
        "gold": gold,
        "systems": ["product", *systems],
        "limit": limit,
        **extra,
        "settings": {f.name: getattr(settings, f.name) for f in fields(Settings)},
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join([_program(), *sys.argv[1:]]),
    }


def _program() -> str:
    """How this process was started: ``article-qa``, ``python -m eval``, ..."""
    path = Path(sys.argv[0])
    if path.name == "__main__.py":
        return f"python -m {path.parent.name}"
    if path.suffix == ".py" and path.parent.name == "eval":
        return f"python -m eval.{path.stem}"
    return path.name


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
