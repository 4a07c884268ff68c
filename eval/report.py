"""Present an evaluation: the table on stdout, the JSON report, the plot."""

from __future__ import annotations

import json
import math
from pathlib import Path

from eval import metrics as m
from eval.chat_forms import CHAT_FORMS
from eval.evaluate import BASELINES, KS, PRODUCT, Report

# (section, label, summary key, format); "rate" prints a share in 0..1.
ROWS = (
    ("retrieval", "hit@1", "hit@1", "rate"),
    ("", "hit@3", "hit@3", "rate"),
    ("", "hit@5", "hit@5", "rate"),
    ("", "MRR", "mrr", "rate"),
    ("answer", "exact match", "em", "rate"),
    ("", "token F1", "f1", "rate"),
    ("", "token recall", "recall", "rate"),
    ("", "contains gold", "contains", "rate"),
    ("", "short answer given", "short_given", "rate"),
    ("", "short answer F1", "short_f1", "rate"),
    ("citations", "precision", "cite_precision", "rate"),
    ("", "recall", "cite_recall", "rate"),
    ("", "1st cites gold", "cite@1", "rate"),
    ("", "a citation holds gold", "cite_gold", "rate"),
    ("", "unsupported (must be 0)", "unsupported", "int"),
    ("abstention", "unanswerable: abstained", "abstain_unanswerable", "rate"),
    ("", "answerable: abstained", "wrong_abstain", "rate"),
    ("", "SQuAD 2.0 EM", "squad2_em", "rate"),
    ("", "SQuAD 2.0 F1", "squad2_f1", "rate"),
    ("", "confidence ROC AUC", "auc", "rate"),
    ("latency", "median ms", "latency_median_ms", "ms"),
    ("", "p95 ms", "latency_p95_ms", "ms"),
    ("", "errors (count as wrong)", "errors", "int"),
)
KIND_COLUMNS = (
    ("n", "questions", "int"),
    ("hit@1", "hit@1", "rate"),
    ("hit@5", "hit@5", "rate"),
    ("MRR", "mrr", "rate"),
    ("F1", "f1", "rate"),
    ("recall", "recall", "rate"),
    ("contains", "contains", "rate"),
    ("cite P", "cite_precision", "rate"),
    ("cite R", "cite_recall", "rate"),
    ("cite@1", "cite@1", "rate"),
    ("abstain", None, "rate"),
    ("SQuAD F1", "squad2_f1", "rate"),
    ("errors", "errors", "int"),
)


def fmt(value, kind: str = "rate") -> str:
    """A number for the table: shares with 3 decimals, ms with 1, "-" when not applicable."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if kind == "int":
        return str(int(value))
    if kind == "ms":
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_table(report: Report) -> str:
    """The whole-set table (systems side by side) and the per-kind tables."""
    meta, summary = report.meta, report.summary
    systems = [s for s in meta["systems"] if s in summary]
    product = summary[PRODUCT]["all"]
    index_times = [a["index_s"] for a in report.articles]
    lines = [
        f"article-qa eval: {meta['gold']}",
        f"{product['questions']} questions ({product['answerable']} answerable, "
        f"{product['unanswerable']} unanswerable) over {len(report.articles)} article(s); "
        f"index {_index_time(index_times)}"
        + (" (fresh builds)" if meta.get("fresh_index") else " (built or loaded from cache)"),
        "",
    ]
    label_width = 12 + max(len(label) for _, label, _, _ in ROWS)
    widths = [max(9, len(s) + 1) for s in systems]
    header = f"{'':<{label_width}}" + "".join(f"{s:>{w}}" for s, w in zip(systems, widths))
    lines += [header, "-" * len(header)]
    for section, label, key, kind in ROWS:
        cells = "".join(f"{fmt(summary[s]['all'][key], kind):>{w}}"
                        for s, w in zip(systems, widths))
        lines.append(f"{section:<12}{label:<{label_width - 12}}{cells}")
    if any(summary[s].get("by_split") for s in systems):
        lines += ["", "by split (article positions in the file)", *_split_table(summary, systems)]
    for system in systems:
        lines += ["", f"by kind: {system}", *_kind_table(summary[system]["by_kind"])]
    lines += [
        "",
        "Rates are over answerable questions except 'unanswerable: abstained' and SQuAD 2.0 "
        "(all questions).",
        "abstain (by kind): share answered 'not in the article' - right for unanswerable, "
        "wrong for the others.",
    ]
    if any(summary[s].get("by_split") for s in systems):
        lines.append("unans.ab / ans.ab (by split): share of unanswerable / answerable questions "
                     "abstained on.")
    if set(systems) & set(BASELINES):
        lines.append("naive = the whole top passage as the answer; bm25/dense = the same answerer "
                     "over one retriever.")
    if set(systems) & set(CHAT_FORMS):
        lines.append("chat-* = the product asked each question as typed in a chat: lowercase "
                     "without '?', after 'can you tell me', with a typo in its longest name.")
    return "\n".join(lines)


def _index_time(seconds: list[float]) -> str:
    if len(seconds) == 1:
        return f"{seconds[0]:.1f} s"
    ordered = sorted(seconds)
    return f"{sum(ordered):.0f} s in all, median {ordered[len(ordered) // 2]:.1f} s per article"


SPLIT_COLUMNS = (
    ("n", "questions", "int"),
    ("hit@5", "hit@5", "rate"),
    ("MRR", "mrr", "rate"),
    ("contains", "contains", "rate"),
    ("cite P", "cite_precision", "rate"),
    ("cite@1", "cite@1", "rate"),
    ("cite gold", "cite_gold", "rate"),
    ("unans.ab", "abstain_unanswerable", "rate"),
    ("ans.ab", "wrong_abstain", "rate"),
    ("SQuAD F1", "squad2_f1", "rate"),
    ("AUC", "auc", "rate"),
)


def _split_table(summary: dict, systems: list[str]) -> list[str]:
    names = list(summary[PRODUCT].get("by_split", {}))
    width = max(len(n) for n in names) + 2
    header = f"{'split':<{width}}{'system':<9}" + "".join(
        f"{label:>9}" for label, _, _ in SPLIT_COLUMNS)
    lines = [header, "-" * len(header)]
    for name in names:
        for system in systems:
            split = summary[system].get("by_split", {}).get(name)
            if split is None:
                continue
            cells = "".join(f"{fmt(split[key], kind):>9}" for _, key, kind in SPLIT_COLUMNS)
            lines.append(f"{name:<{width}}{system:<9}{cells}")
    return lines


def _kind_table(by_kind: dict) -> list[str]:
    width = max([len(k) for k in by_kind] + [8]) + 2
    header = f"{'kind':<{width}}" + "".join(f"{label:>9}" for label, _, _ in KIND_COLUMNS)
    lines = [header, "-" * len(header)]
    for kind, summary in by_kind.items():
        cells = []
        for label, key, fmt_kind in KIND_COLUMNS:
            if key is None:
                value = (summary["abstain_unanswerable"] if summary["unanswerable"]
                         and not summary["answerable"] else summary["wrong_abstain"])
            else:
                value = summary[key]
            cells.append(f"{fmt(value, fmt_kind):>9}")
        lines.append(f"{kind:<{width}}" + "".join(cells))
    return lines


def write_json(report: Report, path: str | Path) -> None:
    """The full report: meta, summary, per-article facts and one row per question and system.

    Raises:
        ValueError: If the file cannot be written.
    """
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"
    _write(path, lambda p: p.write_text(text, "utf-8"))


def plot(report: Report, path: str | Path) -> None:
    """Per-kind metrics of each system, and the distribution of per-question latency.

    Raises:
        ImportError: If matplotlib is not installed.
        ValueError: If the file cannot be written.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError("plotting needs matplotlib: pip install 'article-qa[eval]'") from exc
    summary = report.summary
    systems = [s for s in report.meta["systems"] if s in summary]
    kinds = list(summary[PRODUCT]["by_kind"])
    metrics = [(f"hit@{KS[-1]}", f"hit@{KS[-1]}"), ("contains", "contains gold"),
               ("cite@1", "1st cites gold"), ("cite_precision", "citation precision"),
               (None, "right abstention"), ("squad2_f1", "SQuAD 2.0 F1")]
    rows = math.ceil((len(systems) + 1) / 2)  # one panel per system, one for latency
    figure, axes = plt.subplots(rows, 2, figsize=(13, 4.5 * rows), squeeze=False)
    panels = list(axes.flat)
    for panel, system in zip(panels, systems):
        by_kind = summary[system]["by_kind"]
        width = 0.8 / len(metrics)
        for i, (key, label) in enumerate(metrics):
            values = [_plot_value(by_kind[k], key) for k in kinds]
            panel.bar([x + i * width for x in range(len(kinds))], values, width, label=label)
        panel.set_xticks([x + 0.4 - width / 2 for x in range(len(kinds))])
        panel.set_xticklabels([f"{k}\n(n={by_kind[k]['questions']})" for k in kinds], fontsize=8)
        panel.set_ylim(0, 1.05)
        panel.set_title(f"{system}: metrics by kind")
        panel.legend(fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    latency = panels[len(systems)]
    for system in systems:
        if system == "naive":
            continue  # the naive answer reuses the product's retrieval: same latency
        values = [r.latency_ms for r in report.rows
                  if r.system == system and r.latency_ms is not None]
        if values:
            latency.hist(values, bins=40, histtype="step", linewidth=1.5,
                         label=f"{system} (n={len(values)})")
    everything = [r.latency_ms for r in report.rows if r.latency_ms is not None]
    if everything:  # a rare stall would squeeze the histogram into one bar
        latency.set_xlim(0, 1.5 * (m.percentile(everything, 99) or 1.0))
    latency.set_xlabel("ms per question (axis cut at 1.5 x p99)")
    latency.set_ylabel("questions")
    latency.set_title("latency per question (after a warm-up question)")
    latency.legend(fontsize=8)
    for panel in panels[len(systems) + 1:]:
        panel.axis("off")
    figure.suptitle(f"article-qa eval: {Path(report.meta['gold']).name} "
                    f"({report.meta['date'][:10]})")
    figure.tight_layout()
    try:
        _write(path, lambda p: figure.savefig(p, dpi=100))
    finally:
        plt.close(figure)


def _write(path: str | Path, write) -> None:
    """Create the folder and write; an OSError becomes a ValueError naming the file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
    except OSError as exc:
        raise ValueError(f"cannot write {path}: {exc.strerror or exc}") from None


def _plot_value(summary: dict, key: str | None) -> float:
    if key is None:  # abstaining is right on unanswerable questions, wrong on the others
        if summary["answerable"]:
            value = 1 - summary["wrong_abstain"]
        else:
            value = summary["abstain_unanswerable"]
    else:
        value = summary[key]
    return 0.0 if value is None else value
