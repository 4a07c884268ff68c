"""One frozen set of answering settings, with defaults in code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """Retrieval, answer composition and abstention settings.

    ``top_k``: how many passages are retrieved; their sentences are the candidates. 5 / 8 /
    10 / 12 / 15 gave the first citation holding gold 0.712 / 0.731 / 0.731 / 0.731 / 0.736
    on SQuAD calibration articles 0-9 (40 questions each) and 0.598 / 0.601 / 0.601 / 0.601 /
    0.601 on NewsQA dev stories 0-188 (2026-12-02; ``--set top_k=...``); 8 is within one
    question of the best at about half the candidates of 15 (docs/evaluation.md, sixth pass).
    ``min_score`` is the abstention threshold on a sentence's combined score
    (``dense_weight * cosine + lexical_weight * overlap``) when the reader is off: the highest
    value that refuses at most 10% of the answerable questions of the SQuAD 2.0 calibration
    articles (0.35 refuses 8.4%, 0.40 already 10.4%: ``python -m eval.calibrate``,
    docs/evaluation.md).
    ``reader_threshold`` is the one on the reader's probability that the shortlist answers:
    the highest that refuses at most 15% of them (0.12 refuses 14.9%, 0.13 18.8%).
    ``answer_margin``: a further sentence is quoted only when it scores within this of the
    best. On SQuAD calibration articles 0-9 (40 questions each, 2026-11-30) margin 0 gives
    citation precision 0.797 and "a citation holds gold" 0.688, margin 0.02 gives 0.759 and
    0.702 (``python -m eval --squad ... --articles 0:10 --limit 40 --set answer_margin=...``);
    0 has the better balance of the two, as in the earlier sweep (docs/evaluation.md).
    ``answer_type_weight``: 0 / 0.05 / 0.1 / 0.2 gave "a citation holds gold" 0.663 / 0.663 /
    0.673 / 0.673 on the same articles.
    ``passage_weight``: 0 / 0.05 / 0.1 / 0.2 gave the first citation holding gold 0.723 /
    0.722 / 0.725 / 0.722 on SQuAD calibration articles 0-9 (all questions, 2026-12-01,
    ``--set passage_weight=...``); 0.1 gave 0.707 on held-out articles 10-17 (0.697 at 0).
    ``relation_weight``: 0 / 0.2 / 0.4 / 0.5 / 0.6 / 0.7 / 0.8 / 1 gave the best-ranked
    candidate holding gold 0.697 / 0.702 / 0.702 / 0.702 / 0.712 / 0.707 / 0.712 / 0.702 on
    SQuAD calibration articles 0-9 (40 questions each) and 0.587 / 0.591 / 0.594 / 0.601 /
    0.598 / 0.591 / 0.591 / 0.587 on NewsQA dev stories 0-188 (the candidates of every
    question re-ranked; docs/evaluation.md, fifth pass).
    ``event_weight``: 0.1 and 0.2 gave the same citations on chat-dev, the seed file and
    SQuAD articles 0-17, and the first citation holding gold 0.612 / 0.610 on NewsQA dev
    (2026-12-03, ``--set event_weight=...``; the one change dates a conviction rather than
    the killing it was for); 0.2 also outweighs a news lead dated otherwise ("when did the
    city buy the ferry?", tests/qa/test_understanding.py).
    """

    top_k: int = 8
    # "hybrid" (FAISS + BM25 fused), or "dense" / "sparse" alone (baselines).
    retrieval: str = "hybrid"
    passage_sentences: int = 3
    passage_overlap: int = 1
    max_answer_sentences: int = 3
    dense_weight: float = 0.6
    lexical_weight: float = 0.4
    min_score: float = 0.35
    # Added to a sentence's score, divided by 1 + its place in the body (news leads first).
    lead_weight: float = 0.1
    # Added to the score of a sentence holding an entity of the kind the question wants.
    answer_type_weight: float = 0.1
    # Added to the rank of a sentence holding the answer where the question's verb puts it:
    # the date of a when-question's event ("began *in October 1973*" for "when did the
    # crisis begin?"), what "what" stands for ("convicted *of smuggling phones*").
    event_weight: float = 0.2
    # Added to a sentence's rank (not to the evidence for "not found"), divided by 1 + the
    # rank of the best retrieved passage holding it.
    passage_weight: float = 0.1
    # Ranking (not the decision "not found") takes this share of the dense cosine from the
    # question without the names it is about (qa/relation.py).
    relation_weight: float = 0.6
    # At most this many items (one cited sentence each) answer a list question.
    max_list_items: int = 6
    # A further sentence joins the answer only when it scores nearly as well as the best.
    answer_margin: float = 0.0
    # The learned reader (qa/reader.py) rereads the best rule-scored sentences; its
    # probability that one of them answers decides "not in the article" and is the
    # confidence. False keeps the rule alone (the default: see docs/design.md, "The learned reader").
    reader: bool = False
    reader_candidates: int = 6
    reader_threshold: float = 0.12
    max_question_chars: int = 1000
