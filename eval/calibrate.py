"""``python -m eval.calibrate``: sweep answering settings on the SQuAD calibration articles.

Each article's engine is built once; every setting is then applied with
``engine.with_settings(...)``, which reuses the index and the model, and the same questions
are asked again. Only the calibration split (articles 0-9 by default) is used, so the
held-out articles stay unseen by the choice.

For each setting it prints, over the questions asked:

- ``cite@1``: share of answerable questions whose first citation lies in the question's
  paragraph and contains a gold answer;
- ``unans.ab``: share of unanswerable questions answered "not in the article";
- ``ans.ab``: share of answerable questions wrongly answered "not in the article";
- ``SQuAD F1``: the official SQuAD 2.0 F1 over all questions (abstention = empty answer);
- ``accuracy``: share of all questions handled right, i.e. answerable with a correct first
  citation (``cite@1``) or unanswerable and abstained on.

The recommended setting maximises ``--objective`` (accuracy by default: with sentence-long
answers SQuAD F1 mostly rewards abstaining, since an abstention on an unanswerable question
scores 1 where a correct quoted sentence scores its token F1 against a short gold span).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

from eval.cli import check_writable
from qa.cli import show_progress
from eval.evaluate import PRODUCT, ask_all, log, summarize
from eval.report import fmt
from eval.suites import parse_settings, run_meta, setting_value, squad_engines
from qa import ArticleQAError

DEFAULT_ARTICLES = "0:10"
DEFAULT_LIMIT = 50
DEFAULT_SWEEPS = (
    "min_score=0.30,0.35,0.40,0.45,0.50,0.55,0.60,0.65,0.70",
    "dense_weight:lexical_weight=1.0:0.0,0.8:0.2,0.7:0.3,0.6:0.4,0.5:0.5",
)
OBJECTIVES = ("accuracy", "squad2_f1", "cite@1")
COLUMNS = (
    ("n", "questions", "int"),
    ("cite@1", "cite@1", "rate"),
    ("unans.ab", "abstain_unanswerable", "rate"),
    ("ans.ab", "wrong_abstain", "rate"),
    ("SQuAD F1", "squad2_f1", "rate"),
    ("accuracy", "accuracy", "rate"),
    ("AUC", "auc", "rate"),
    ("errors", "errors", "int"),
)


def parse_sweep(text: str) -> list[dict]:
    """``"min_score=0.3,0.4"`` -> ``[{"min_score": 0.3}, {"min_score": 0.4}]``; names joined
    by ``:`` move together: ``"dense_weight:lexical_weight=0.6:0.4,0.7:0.3"``.

    Raises:
        ValueError: For an unknown setting or a malformed sweep.
    """
    names_part, sep, values_part = text.partition("=")
    names = [n.strip() for n in names_part.split(":")]
    if not sep or not all(names) or not values_part.strip():
        raise ValueError(f"--sweep takes NAME=V1,V2 or NAME1:NAME2=A1:B1,A2:B2, got {text!r}")
    points = []
    for value in values_part.split(","):
        parts = value.split(":")
        if len(parts) != len(names):
            raise ValueError(f"--sweep {text!r}: {value!r} needs {len(names)} values")
        points.append({name: setting_value(name, part) for name, part in zip(names, parts)})
    return points


def grid(sweeps: list[list[dict]]) -> list[dict]:
    """Every combination of one point from each sweep."""
    return [
        {key: value for point in combination for key, value in point.items()}
        for combination in itertools.product(*sweeps)
    ]


def accuracy(summary: dict) -> float | None:
    """Share of questions handled right: answerable with ``cite@1``, unanswerable abstained."""
    right = (summary["cite@1"] or 0) * summary["answerable"] + (
        summary["abstain_unanswerable"] or 0) * summary["unanswerable"]
    return right / summary["questions"] if summary["questions"] else None


def calibrate(args: argparse.Namespace) -> dict:
    """Ask the calibration questions under every setting of the grid; one summary each."""
    base = parse_settings(args.settings)
    points = grid([parse_sweep(s) for s in (args.sweep or DEFAULT_SWEEPS)])
    if getattr(base, "reader", False) and any("min_score" in p for p in points):
        log.warning("the reader is on, so min_score does not decide abstention "
                    "(sweep reader_threshold, or add --set reader=false)")
    engines = list(squad_engines(args.squad, args.articles, args.limit, base, None))
    questions = sum(len(item.questions) for item in engines)
    log.info("%d settings x %d questions", len(points), questions)
    results = []
    for number, point in enumerate(points, start=1):
        rows = []
        for item in engines:
            engine = item.engine.with_settings(**point)
            rows.extend(r for r in ask_all(engine, item.questions) if r.system == PRODUCT)
        summary = summarize(rows)
        summary["accuracy"] = accuracy(summary)
        results.append({"settings": point, "summary": summary})
        log.info("[%d/%d] %s: accuracy %s", number, len(points), _label(point),
                 fmt(summary["accuracy"]))
    best = max(results, key=lambda r: r["summary"][args.objective] or 0.0)
    meta = run_meta("squad-calibration", str(args.squad), base, (), args.limit,
                    articles=args.articles, objective=args.objective)
    return {"meta": meta, "articles": [item.info for item in engines], "results": results,
            "recommended": best["settings"]}


def format_results(report: dict) -> str:
    """One line per setting, the recommended one marked with ``*``."""
    results = report["results"]
    names = list(results[0]["settings"]) if results else []
    widths = [max(len(n), 6) + 2 for n in names]
    header = "".join(f"{n:>{w}}" for n, w in zip(names, widths)) + "".join(
        f"{label:>10}" for label, _, _ in COLUMNS)
    lines = [
        f"calibration on {report['meta']['gold']}, articles {report['meta']['articles']}, "
        f"{report['meta']['limit'] or 'all'} questions per article",
        "",
        "  " + header,
        "  " + "-" * len(header),
    ]
    for result in results:
        mark = "* " if result["settings"] == report["recommended"] else "  "
        cells = "".join(f"{result['settings'][n]!s:>{w}}" for n, w in zip(names, widths))
        cells += "".join(f"{fmt(result['summary'][key], kind):>10}" for _, key, kind in COLUMNS)
        lines.append(mark + cells)
    lines += [
        "",
        f"* recommended (highest {report['meta']['objective']}): {_label(report['recommended'])}",
        "cite@1: first citation in the gold paragraph and holding a gold answer (answerable); "
        "unans.ab / ans.ab: share abstained on unanswerable / answerable questions.",
    ]
    return "\n".join(lines)


def _label(point: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.calibrate",
        description="Sweep answering settings on SQuAD calibration articles (see the module "
                    "docstring for the columns).")
    parser.add_argument("--squad", type=Path, required=True, metavar="PATH",
                        help="SQuAD 2.0 JSON (squad2-dev-30-articles.json)")
    parser.add_argument("--articles", default=DEFAULT_ARTICLES, metavar="A:B",
                        help=f"the calibration articles (default {DEFAULT_ARTICLES})")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=f"questions per article, evenly spaced (default {DEFAULT_LIMIT})")
    parser.add_argument("--sweep", action="append", metavar="NAME=V1,V2",
                        help="values to try (repeatable; names joined by ':' move together); "
                             "default: " + "  ".join(DEFAULT_SWEEPS))
    parser.add_argument("--set", action="append", default=[], dest="settings",
                        metavar="NAME=VALUE", help="a fixed setting for every run (repeatable)")
    parser.add_argument("--objective", choices=OBJECTIVES, default="accuracy",
                        help="what the recommended setting maximises (default: accuracy)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every result as JSON")
    parser.add_argument("--cache-dir", type=Path, help="where built indexes are kept")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no progress")
    args = parser.parse_args(argv)
    show_progress(args.quiet)
    if args.cache_dir:
        os.environ["ARTICLE_QA_CACHE"] = str(args.cache_dir)
    try:
        if args.limit is not None and args.limit < 1:
            raise ValueError(f"--limit must be at least 1, got {args.limit}")
        if args.json:
            check_writable(args.json)
        report = calibrate(args)
        print(format_results(report))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    except (ValueError, ArticleQAError, ImportError, OSError) as exc:
        print(f"python -m eval.calibrate: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
