"""Evaluation metrics: answers, retrieval, citations, abstention, calibration and latency.

Every function is pure and works on plain values (strings, ``(start, end)`` spans, lists of
numbers), so each can be checked by hand. A span is a half-open ``(start, end)`` range of
character offsets into the article's text, like ``Citation.start``/``Citation.end``.

Gold evidence comes in *groups*: a group is one piece of evidence the answer needs, given as
the list of places (spans) where it occurs; a question with two facts ("Who was killed?" ->
two names) has two groups, a SQuAD question has one group holding every occurrence of every
acceptable answer inside its paragraph.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from typing import Iterable, Sequence

Span = tuple[int, int]

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_ASCII_PUNCTUATION = frozenset(string.punctuation)
_MARKER = re.compile(r"\s*\[\d+\]")


# --- answer strings ---------------------------------------------------------------------


def normalize_answer(text: str, *, ascii_only: bool = False) -> str:
    """SQuAD normalisation: lowercase, drop punctuation and a/an/the, collapse whitespace.

    The official SQuAD script drops ASCII punctuation only (``ascii_only=True``); by default
    Unicode punctuation (curly quotes, dashes, ellipses) is dropped too, so that "Iraq’s"
    and "Iraq's" agree.
    """
    text = text.lower()
    if ascii_only:
        text = "".join(ch for ch in text if ch not in _ASCII_PUNCTUATION)
    else:
        text = "".join(
            ch for ch in text
            if ch not in _ASCII_PUNCTUATION and not unicodedata.category(ch).startswith("P")
        )
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def strip_markers(text: str) -> str:
    """An answer's text without its citation markers: ``"It flopped. [1]"`` -> ``"It flopped."``."""
    return " ".join(_MARKER.sub("", text).split())


def exact_match(prediction: str, gold: str, *, ascii_only: bool = False) -> float:
    """1.0 if the normalised strings are equal, else 0.0 (two empty strings are equal)."""
    return float(
        normalize_answer(prediction, ascii_only=ascii_only)
        == normalize_answer(gold, ascii_only=ascii_only)
    )


def token_f1(prediction: str, gold: str, *, ascii_only: bool = False) -> float:
    """Harmonic mean of token precision and recall over normalised tokens (SQuAD F1).

    As in the official script, if either side has no tokens the score is 1.0 when both are
    empty and 0.0 otherwise.
    """
    predicted = normalize_answer(prediction, ascii_only=ascii_only).split()
    wanted = normalize_answer(gold, ascii_only=ascii_only).split()
    if not predicted or not wanted:
        return float(predicted == wanted)
    common = sum((Counter(predicted) & Counter(wanted)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def token_recall(prediction: str, gold: str) -> float:
    """Share of the gold answer's normalised tokens (with multiplicity) found in the prediction.

    A long quoted sentence that contains the short gold answer scores 1.0, where its F1 is
    low; an empty gold answer scores 1.0 only against an empty prediction.
    """
    predicted = normalize_answer(prediction).split()
    wanted = normalize_answer(gold).split()
    if not wanted:
        return float(not predicted)
    return sum((Counter(predicted) & Counter(wanted)).values()) / len(wanted)


def contains_gold(prediction: str, gold: str) -> float:
    """1.0 if the normalised gold answer occurs in the normalised prediction as whole tokens.

    An empty gold answer (or one that normalises to nothing) is never "contained".
    """
    wanted = normalize_answer(gold)
    if not wanted:
        return 0.0
    return float(f" {wanted} " in f" {normalize_answer(prediction)} ")


def best_over_gold(metric, prediction: str, golds: Sequence[str]) -> float | None:
    """The best ``metric(prediction, gold)`` over the gold answers; None if there are none."""
    if not golds:
        return None
    return max(metric(prediction, gold) for gold in golds)


def squad2_scores(prediction: str, golds: Sequence[str]) -> tuple[float, float]:
    """Official SQuAD 2.0 (exact match, F1) of one question.

    ``prediction`` is "" when the system abstains. A question with no gold answer
    (unanswerable) is scored against the empty answer, so it scores (1, 1) only when the
    system abstains; an answerable question scores 0 when the system abstains. Normalisation
    is the official one (ASCII punctuation only).
    """
    golds = [g for g in golds if normalize_answer(g, ascii_only=True)] or [""]
    em = max(exact_match(prediction, g, ascii_only=True) for g in golds)
    f1 = max(token_f1(prediction, g, ascii_only=True) for g in golds)
    return em, f1


# --- spans: evidence, retrieval and citations -----------------------------------------------


def locate(needle: str, text: str) -> list[Span]:
    """Every place ``needle`` occurs in ``text``, as spans.

    Exact occurrences are used when there are any; otherwise the search ignores case, the
    kind of quote mark (’ vs ') and runs of whitespace, and still returns offsets into
    ``text``. An empty needle occurs nowhere.
    """
    if not needle.strip():
        return []
    exact = [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]
    if exact:
        return exact
    folded, positions = _fold(text)
    target, _ = _fold(needle.strip())
    spans = []
    start = folded.find(target)
    while start != -1:
        end = start + len(target)
        spans.append((positions[start], positions[end - 1] + 1))
        start = folded.find(target, start + 1)
    return spans


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                         "″": '"', "–": "-", "—": "-", "\u00a0": " "})


def _fold(text: str) -> tuple[str, list[int]]:
    """Casefolded text with quotes unified and whitespace runs collapsed, and for each
    character of the result the offset of the character it came from."""
    chars: list[str] = []
    positions: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        for folded in ch.lower():
            chars.append(folded)
            positions.append(i)
    return "".join(chars), positions


def overlap(a: Span, b: Span) -> int:
    """Number of characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def inside(inner: Span, outer: Span) -> bool:
    """True if ``inner`` lies within ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def covers(spans: Iterable[Span], target: Span, share: float = 0.5) -> bool:
    """True if the union of ``spans`` covers at least ``share`` of ``target``'s characters."""
    length = target[1] - target[0]
    if length <= 0:
        return False
    covered = 0
    cursor = target[0]
    for start, end in sorted(spans):
        start, end = max(start, cursor), min(end, target[1])
        if end > start:
            covered += end - start
            cursor = end
    return covered >= share * length


def is_relevant(passage: Span, evidence: Sequence[Sequence[Span]]) -> bool:
    """A retrieved passage is relevant if it covers at least half of some evidence span."""
    return any(covers([passage], span) for group in evidence for span in group)


def hit_at_k(passages: Sequence[Span], evidence: Sequence[Sequence[Span]], k: int) -> float | None:
    """1.0 if one of the first ``k`` passages is relevant (see :func:`is_relevant`), else 0.0.

    None when there is no gold evidence (the question cannot be scored).
    """
    if not any(evidence):
        return None
    return float(any(is_relevant(p, evidence) for p in passages[:k]))


def reciprocal_rank(passages: Sequence[Span], evidence: Sequence[Sequence[Span]]) -> float | None:
    """1 / rank of the first relevant passage, 0.0 if none is relevant; its mean is MRR.

    None when there is no gold evidence.
    """
    if not any(evidence):
        return None
    for rank, passage in enumerate(passages, start=1):
        if is_relevant(passage, evidence):
            return 1.0 / rank
    return 0.0


def citation_is_supported(citation: Span, evidence: Sequence[Sequence[Span]],
                          regions: Sequence[Span] = ()) -> bool:
    """A citation is correct if it overlaps a gold evidence span or lies inside a gold region.

    ``regions`` are places where any citation counts as correct (for SQuAD, the question's
    paragraph); with none, the citation must share at least one character with the evidence.
    """
    return any(overlap(citation, span) > 0 for group in evidence for span in group) or any(
        inside(citation, region) for region in regions
    )


def citation_precision(citations: Sequence[Span], evidence: Sequence[Sequence[Span]],
                       regions: Sequence[Span] = ()) -> float | None:
    """Share of the citations that are correct (:func:`citation_is_supported`).

    None when there are no citations, or no gold evidence and no region to judge them by.
    """
    if not citations or not (any(evidence) or regions):
        return None
    return sum(citation_is_supported(c, evidence, regions) for c in citations) / len(citations)


def citation_recall(citations: Sequence[Span], evidence: Sequence[Sequence[Span]]) -> float | None:
    """Share of the evidence groups covered: a group is covered when the citations together
    cover at least half of one of its spans. No citations score 0.0; None with no evidence."""
    groups = [group for group in evidence if group]
    if not groups:
        return None
    return sum(any(covers(citations, span) for span in group) for group in groups) / len(groups)


def is_verbatim(quote: str, start: int, end: int, text: str | None) -> bool:
    """True if ``quote`` is exactly ``text[start:end]``; False if the document is unknown."""
    return text is not None and 0 <= start <= end <= len(text) and text[start:end] == quote


# --- aggregates -----------------------------------------------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None if there are none."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation (numpy's default); None if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Area under the ROC curve: the chance a random positive scores above a random negative
    (ties count half). Here positives are the confidences on answerable questions, negatives
    on unanswerable ones; 0.5 is chance. None if either side is empty."""
    if not positives or not negatives:
        return None
    # Mann-Whitney U through average ranks of the pooled scores.
    pooled = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j < len(pooled) and pooled[j][0] == pooled[i][0]:
            j += 1
        average_rank = (i + 1 + j) / 2
        rank_sum += average_rank * sum(label for _, label in pooled[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
