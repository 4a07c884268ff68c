"""Ask gold questions through the public API and score every reply; baselines alongside."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Iterable, Sequence

from eval import metrics as m
from eval.chat_forms import CHAT_FORMS, rewrite
from eval.gold import GoldQuestion
from qa import Answer, ArticleQA, Citation

log = logging.getLogger("article_qa")

PRODUCT = "product"
# Baselines: the same answerer over one retriever only, and no answerer at all.
BASELINES = ("bm25", "dense", "naive")
BASELINE_RETRIEVAL = {"bm25": "sparse", "dense": "dense"}
KS = (1, 3, 5)
PROGRESS_EVERY = 100


@dataclass(frozen=True, slots=True)
class Row:
    """One system's reply to one gold question, with its scores (None: not applicable)."""

    system: str
    id: str
    article: str
    kind: str
    question: str
    history: tuple[str, ...]
    answerable: bool
    gold_answers: tuple[str, ...]
    evidence: tuple[tuple[m.Span, ...], ...]
    answer: str
    text: str
    found: bool
    confidence: float | None
    citations: tuple[dict, ...]
    passages: tuple[dict, ...]
    latency_ms: float | None
    error: str | None
    scores: dict[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


class Corpus:
    """The engine's documents laid end to end, so one offset names a place in any of them.

    With a single article (the usual case) the offsets are the article's own.
    """

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = dict(texts)
        self.bases: dict[str, int] = {}
        base = 0
        for doc_id, text in self.texts.items():
            self.bases[doc_id] = base
            base += len(text) + 1

    @classmethod
    def of(cls, engine: ArticleQA) -> Corpus:
        """The documents of ``engine``'s index."""
        return cls({doc_id: d.text for doc_id, d in engine.index.documents.items()})

    def span(self, doc_id: str, start: int, end: int) -> m.Span:
        """``(start, end)`` of document ``doc_id`` as a corpus span."""
        # An unknown document lands far before the corpus, overlapping no gold evidence.
        base = self.bases.get(doc_id, -(10**12))
        return base + start, base + end

    def locate(self, needle: str) -> tuple[m.Span, ...]:
        """Every occurrence of ``needle`` in any document (see ``metrics.locate``)."""
        return tuple(
            self.span(doc_id, start, end)
            for doc_id, text in self.texts.items()
            for start, end in m.locate(needle, text)
        )

    def is_verbatim(self, citation: Citation) -> bool:
        """True if the citation's quote is its document's text at its offsets."""
        return m.is_verbatim(citation.quote, citation.start, citation.end,
                             self.texts.get(citation.doc_id))


def with_evidence(question: GoldQuestion, corpus: Corpus) -> GoldQuestion:
    """Locate a JSONL question's evidence strings in the engine's documents (once)."""
    if question.evidence or not question.evidence_text:
        return question
    return replace(question, evidence=tuple(corpus.locate(e) for e in question.evidence_text))


def answer_string(answer: Answer | None) -> str:
    """What is scored as the answer: "" on abstention, else ``short`` or the cited text."""
    if answer is None or not answer.found:
        return ""
    return answer.short if answer.short is not None else m.strip_markers(answer.text)


def naive_answer(answer: Answer) -> Answer:
    """Baseline (c): the whole top retrieved passage, cited, always as an answer."""
    if not answer.passages:
        return Answer(answer.question, "", (), False, (), answer.query, 0.0)
    top = answer.passages[0]
    citation = Citation(1, top.doc_id, top.text, top.start, top.end, None)
    return Answer(answer.question, f"{top.text} [1]", (citation,), True, answer.passages,
                  answer.query, float("nan"))


def timed_ask(engine: ArticleQA, question: GoldQuestion) -> tuple[Answer | None, str | None, float]:
    """Ask one question; an exception is caught and returned as the error (it scores as wrong)."""
    started = time.perf_counter()
    try:
        answer, error = engine.ask(question.question, list(question.history)), None
    except Exception as exc:  # noqa: BLE001 - any failure is a wrong answer, recorded in its row
        answer, error = None, f"{type(exc).__name__}: {exc}"
    return answer, error, 1000 * (time.perf_counter() - started)


def score(system: str, question: GoldQuestion, answer: Answer | None, error: str | None,
          latency_ms: float | None, corpus: Corpus) -> Row:
    """Score one reply (``answer`` is None when asking raised ``error``)."""
    prediction = answer_string(answer)
    found = bool(answer is not None and answer.found)
    citations = answer.citations if found else ()
    cited = [corpus.span(c.doc_id, c.start, c.end) for c in citations]
    passages = [corpus.span(h.doc_id, h.start, h.end) for h in answer.passages] if answer else []
    evidence, regions, golds = question.evidence, question.regions, question.answers
    scores: dict[str, float | None] = {}
    answerable = question.answerable
    for k in KS:
        scores[f"hit@{k}"] = m.hit_at_k(passages, evidence, k) if answerable else None
    scores["rr"] = m.reciprocal_rank(passages, evidence) if answerable else None
    if answerable and golds:
        scores["em"] = m.best_over_gold(m.exact_match, prediction, golds)
        scores["f1"] = m.best_over_gold(m.token_f1, prediction, golds)
        scores["recall"] = m.best_over_gold(m.token_recall, prediction, golds)
        scores["contains"] = m.best_over_gold(m.contains_gold, prediction, golds)
    else:
        scores.update(em=None, f1=None, recall=None, contains=None)
    short = answer.short if found and answer is not None else None
    scores["short_given"] = float(short is not None) if answerable and found else None
    scores["short_f1"] = (
        m.best_over_gold(m.token_f1, short, golds)
        if short is not None and answerable and golds else None
    )
    supported = [m.citation_is_supported(c, evidence, regions) for c in cited]
    scores["citations"] = float(len(cited))
    scores["citations_correct"] = float(sum(supported)) if answerable else None
    scores["cite_recall"] = m.citation_recall(cited, evidence) if answerable else None
    holds_gold = [
        ok and bool(m.best_over_gold(m.contains_gold, c.quote, golds))
        for ok, c in zip(supported, citations)
    ]
    scores["cite@1"] = float(holds_gold[:1] == [True]) if answerable and golds else None
    scores["cite_gold"] = float(any(holds_gold)) if answerable and golds else None
    scores["unsupported"] = float(sum(not corpus.is_verbatim(c) for c in citations))
    scores["abstained"] = float(not found)
    squad_em, squad_f1 = m.squad2_scores(prediction, golds if answerable else ())
    if error is not None:
        squad_em = squad_f1 = 0.0  # a failure is never a correct abstention
    scores["squad2_em"], scores["squad2_f1"] = squad_em, squad_f1
    return Row(
        system=system,
        id=question.id,
        article=question.article,
        kind=question.kind,
        question=question.question,
        history=question.history,
        answerable=answerable,
        gold_answers=golds,
        evidence=evidence,
        answer=prediction,
        text=answer.text if answer else "",
        found=found,
        confidence=_finite(answer.confidence) if answer else None,
        citations=tuple(
            {"n": c.n, "quote": c.quote, "start": c.start, "end": c.end, "doc_id": c.doc_id,
             "correct": ok if answerable else None}
            for c, ok in zip(citations, supported)
        ),
        passages=tuple(
            {"rank": h.rank, "start": h.start, "end": h.end, "score": h.score,
             "dense_score": h.dense_score, "sparse_score": h.sparse_score}
            for h in (answer.passages if answer else ())
        ),
        latency_ms=latency_ms,
        error=error,
        scores=scores,
    )


def _finite(value: float) -> float | None:
    return value if value == value else None


def engines_for(engine: ArticleQA, systems: Sequence[str]) -> dict[str, ArticleQA]:
    """The engines that must be asked: the product and each retrieval baseline."""
    engines = {PRODUCT: engine}
    for system in systems:
        if system in BASELINE_RETRIEVAL:
            engines[system] = engine.with_settings(retrieval=BASELINE_RETRIEVAL[system])
    return engines


def ask_all(engine: ArticleQA, questions: Iterable[GoldQuestion], systems: Sequence[str] = (),
            progress: Callable[[int], None] | None = None) -> list[Row]:
    """Ask every question of the product and the given baseline systems (or chat forms of
    the question, asked of the product: :mod:`eval.chat_forms`); one row each."""
    corpus = Corpus.of(engine)
    engines = engines_for(engine, systems)
    rows: list[Row] = []
    for count, question in enumerate(questions, start=1):
        question = with_evidence(question, corpus)
        answer, error, latency = timed_ask(engine, question)
        rows.append(score(PRODUCT, question, answer, error, latency, corpus))
        for system in systems:
            if system == "naive":
                naive = naive_answer(answer) if answer is not None else None
                rows.append(score(system, question, naive, error, latency, corpus))
            elif system in CHAT_FORMS:
                typed = replace(question, question=rewrite(system, question.question))
                reply, failure, took = timed_ask(engine, typed)
                rows.append(score(system, question, reply, failure, took, corpus))
            else:
                reply, failure, took = timed_ask(engines[system], question)
                rows.append(score(system, question, reply, failure, took, corpus))
        if progress:
            progress(count)
    return rows


def summarize(rows: Sequence[Row]) -> dict:
    """Whole-set metrics of one system's rows (see ``eval.metrics`` for the definitions).

    Rates over answerable questions: ``hit@k``, ``mrr``, ``em``, ``f1``, ``recall``,
    ``contains``, ``cite_recall``, ``cite@1`` (the first citation is correct and contains a
    gold answer), ``cite_gold`` (some citation is) and ``wrong_abstain``; ``short_given`` is the share of found answers that
    carry ``Answer.short`` and ``short_f1`` the token F1 of those short answers; ``cite_precision`` is the share of all citations on
    answerable questions that are correct. ``abstain_unanswerable`` is the share of
    unanswerable questions answered "not in the article"; ``squad2_em``/``squad2_f1`` are
    over all questions; ``unsupported`` counts citations not verbatim at their offsets;
    ``auc`` is the ROC AUC of the confidence, answerable vs unanswerable (rows that raised
    are left out of it only). A row that raised scores 0 everywhere else.
    """
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]

    def avg(name: str, subset: Sequence[Row] = answerable) -> float | None:
        return m.mean(r.scores.get(name) for r in subset)

    cited = sum(r.scores["citations"] for r in answerable)
    correct = sum(r.scores["citations_correct"] or 0 for r in answerable)
    latencies = [r.latency_ms for r in rows if r.latency_ms is not None]
    summary = {
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "errors": sum(r.error is not None for r in rows),
        **{f"hit@{k}": avg(f"hit@{k}") for k in KS},
        "mrr": avg("rr"),
        "em": avg("em"),
        "f1": avg("f1"),
        "recall": avg("recall"),
        "contains": avg("contains"),
        "cite_precision": correct / cited if cited else None,
        "cite_recall": avg("cite_recall"),
        "cite@1": avg("cite@1"),
        "cite_gold": avg("cite_gold"),
        "short_given": avg("short_given"),
        "short_f1": avg("short_f1"),
        "unsupported": int(sum(r.scores["unsupported"] for r in rows)),
        "abstain_unanswerable": m.mean(
            float(r.error is None and not r.found) for r in unanswerable),
        "wrong_abstain": m.mean(float(r.error is not None or not r.found) for r in answerable),
        "squad2_em": avg("squad2_em", rows),
        "squad2_f1": avg("squad2_f1", rows),
        "auc": m.roc_auc(
            [r.confidence for r in answerable if r.confidence is not None and r.error is None],
            [r.confidence for r in unanswerable if r.confidence is not None and r.error is None],
        ),
        "latency_median_ms": m.percentile(latencies, 50),
        "latency_p95_ms": m.percentile(latencies, 95),
    }
    return summary


def summarize_by_system(rows: Sequence[Row], kind_order: Sequence[str] = ()) -> dict:
    """``{system: {"all": summary, "by_kind": {kind: summary}}}`` in a stable order."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.system].append(row)
    result = {}
    for system, system_rows in grouped.items():
        kinds: dict[str, list[Row]] = defaultdict(list)
        for row in system_rows:
            kinds[row.kind].append(row)
        order = [k for k in kind_order if k in kinds] + sorted(set(kinds) - set(kind_order))
        result[system] = {
            "all": summarize(system_rows),
            "by_kind": {kind: summarize(kinds[kind]) for kind in order},
        }
    return result


@dataclass(slots=True)
class Report:
    """A whole evaluation run: what was run where, per-article facts, every row, the summary."""

    meta: dict
    articles: list[dict]
    rows: list[Row]
    summary: dict

    def to_dict(self) -> dict:
        return {
            "meta": self.meta,
            "summary": self.summary,
            "articles": self.articles,
            "rows": [row.to_dict() for row in self.rows],
        }


def timed_build(build: Callable[[], ArticleQA]) -> tuple[ArticleQA, float]:
    """Build (or load from the cache) an engine; returns it and the seconds taken."""
    started = time.perf_counter()
    engine = build()
    return engine, time.perf_counter() - started


def warm_up(engine: ArticleQA) -> float:
    """Ask one throwaway question so that loading the model is not timed as a question's
    latency; returns the seconds it took."""
    started = time.perf_counter()
    engine.ask("What is this article about?")
    return time.perf_counter() - started


def unindexed_regions(engine: ArticleQA, regions: Sequence[m.Span]) -> list[int]:
    """Indexes of ``regions`` (paragraphs of the first document) that cleaning left out of
    the article body, so no question about them can be answered."""
    document = next(iter(engine.index.documents.values()))
    body = [(span.start, span.end) for span in document.body]
    return [i for i, region in enumerate(regions) if not m.covers(body, region)]


def progress_logger(label: str, total: int) -> Callable[[int], None]:
    """A callback that logs ``label: n/total questions`` every ``PROGRESS_EVERY`` questions."""
    def report(count: int) -> None:
        if count % PROGRESS_EVERY == 0 and count < total:
            log.info("%s: %d/%d questions", label, count, total)
    return report
