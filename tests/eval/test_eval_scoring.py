"""Gold readers and the scoring of single replies, on hand-made gold and hand-made answers."""

import json

import pytest

from eval.evaluate import Corpus, answer_string, naive_answer, score, summarize, with_evidence
from eval.gold import (
    GoldQuestion,
    parse_slice,
    read_jsonl,
    read_squad,
    spread,
)
from qa import Answer, Citation, Hit, Passage

TEXT = ("Iraq’s parliament voted on Sunday. The vote is non-binding.\n\n"
        "Davies said the US is behaving like a rogue state. He spoke on Monday.")
VOTE = TEXT.index("Iraq’s parliament voted on Sunday.")
ROGUE = TEXT.index("Davies said")


def passage(start, end, rank=1):
    return Hit(Passage("doc", rank, start, end, (rank,), TEXT), 1.0 / rank, rank,
               None, None)


def citation(n, start, end, quote=None):
    return Citation(n, "doc", TEXT[start:end] if quote is None else quote, start, end)


def answer(*citations, passages=(), found=True, confidence=0.9):
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations) or "not in the article"
    return Answer("q", text, tuple(citations), found, tuple(passages), "q", confidence)


@pytest.fixture
def corpus():
    return Corpus({"doc": TEXT})


@pytest.fixture
def when():
    question = GoldQuestion("g1", "When did parliament vote?", ("Sunday", "on Sunday"), True,
                            "factoid", evidence_text=("parliament voted on Sunday",))
    return with_evidence(question, Corpus({"doc": TEXT}))


NOWHERE = GoldQuestion("g2", "What is the capital of France?", (), False, "unanswerable")


def test_jsonl_reader_and_evidence_location(tmp_path, corpus):
    gold = tmp_path / "gold.jsonl"
    lines = [
        {"id": "a", "question": "Why?", "answers": ["x"], "evidence": ["Iraq's parliament"],
         "answerable": True, "history": ["Who?"], "kind": "why"},
        {"question": "What is the capital of France?", "answers": [], "evidence": [],
         "answerable": False, "kind": "unanswerable"},
    ]
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", "utf-8")
    first, second = read_jsonl(gold)
    assert (first.id, first.kind, first.history, first.answerable) == ("a", "why", ("Who?",), True)
    assert second.id == "gold-2" and not second.answerable
    located = with_evidence(first, corpus)
    (start, end), = located.evidence[0]  # found despite the straight quote
    assert TEXT[start:end] == "Iraq’s parliament"


def test_jsonl_reader_names_the_bad_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"question": "ok?"}\nnot json\n', "utf-8")
    with pytest.raises(ValueError, match="gold.jsonl:2"):
        read_jsonl(gold)


def test_squad_reader_joins_paragraphs_and_keeps_their_spans(tmp_path):
    data = {"version": "v2.0", "data": [{"title": "Rogue_States", "paragraphs": [
        {"context": "Iraq’s parliament voted on Sunday.", "qas": [
            {"id": "1", "question": "When?", "answers": ["Sunday", "on Sunday", "Sunday"],
             "is_impossible": False}]},
        {"context": "Sunday was the day. Davies spoke.", "qas": [
            {"id": "2", "question": "Who spoke on Monday?", "answers": [],
             "is_impossible": True},
            {"id": "3", "question": "Which day?", "answers": [{"text": "Sunday",
                                                                "answer_start": 0}],
             "is_impossible": False}]},
    ]}]}
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(data), "utf-8")
    (article,) = read_squad(path)
    assert article.title == "Rogue States"
    assert article.text == "Iraq’s parliament voted on Sunday.\n\nSunday was the day. Davies spoke."
    first, second = article.paragraphs
    assert article.text[slice(*second)] == "Sunday was the day. Davies spoke."
    when, impossible, which = article.questions
    assert when.answers == ("Sunday", "on Sunday") and when.kind == "answerable"
    assert when.regions == (first,)
    # evidence: every occurrence of an answer inside its own paragraph only
    assert [article.text[s:e] for s, e in when.evidence[0]] == ["on Sunday", "Sunday"]
    assert [s for s, _ in which.evidence[0]] == [second[0]]
    assert impossible.kind == "unanswerable" and impossible.evidence == ()
    assert impossible.answers == () and not impossible.answerable


def test_squad_reader_rejects_other_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[1, 2]", "utf-8")
    with pytest.raises(ValueError, match="SQuAD"):
        read_squad(path)


def test_spread_takes_evenly_spaced_items():
    assert spread(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert spread(list(range(3)), 5) == [0, 1, 2]
    assert spread(list(range(3)), None) == [0, 1, 2]
    assert spread(list(range(7)), 1) == [0]


def test_parse_slice():
    assert list(range(30))[parse_slice("0:10")] == list(range(10))
    assert list(range(30))[parse_slice("25:")] == [25, 26, 27, 28, 29]
    assert list(range(30))[parse_slice("3")] == [3]
    assert list(range(30))[parse_slice(None)] == list(range(30))
    with pytest.raises(ValueError, match="A:B"):
        parse_slice("one:two")


def test_a_correct_cited_answer(when, corpus):
    reply = answer(citation(1, VOTE, VOTE + 34), passages=[passage(VOTE, VOTE + 60)])
    row = score("product", when, reply, None, 12.0, corpus)
    s = row.scores
    assert row.answer == "Iraq’s parliament voted on Sunday."
    assert (s["hit@1"], s["rr"], s["contains"], s["recall"], s["cite@1"]) == (1, 1, 1, 1, 1)
    assert s["em"] == 0.0 and 0 < s["f1"] < 1
    assert (s["citations"], s["citations_correct"], s["cite_recall"]) == (1, 1, 1)
    assert s["unsupported"] == 0 and s["abstained"] == 0
    assert row.citations[0]["correct"] is True


def test_a_gold_citation_after_a_wrong_one_counts_as_cited_gold_not_first(when, corpus):
    reply = answer(citation(1, ROGUE, ROGUE + 50), citation(2, VOTE, VOTE + 34))
    s = score("product", when, reply, None, 1.0, corpus).scores
    assert (s["cite@1"], s["cite_gold"], s["citations_correct"]) == (0, 1, 1)


def test_a_citation_not_verbatim_at_its_offsets_is_unsupported(when, corpus):
    forged = citation(1, VOTE, VOTE + 34, quote="Iraq’s parliament voted on Monday.")
    row = score("product", when, answer(forged), None, 1.0, corpus)
    assert row.scores["unsupported"] == 1
    elsewhere = Citation(1, "other-doc", TEXT[VOTE:VOTE + 34], VOTE, VOTE + 34)
    assert score("product", when, answer(elsewhere), None, 1.0, corpus).scores["unsupported"] == 1


def test_a_wrong_citation_and_abstention(when, corpus):
    wrong = score("product", when, answer(citation(1, ROGUE, ROGUE + 50)), None, 1.0, corpus)
    assert (wrong.scores["cite@1"], wrong.scores["citations_correct"]) == (0, 0)
    assert wrong.scores["cite_gold"] == 0
    assert wrong.scores["cite_recall"] == 0
    abstained = score("product", when, answer(found=False), None, 1.0, corpus)
    assert abstained.answer == "" and abstained.scores["abstained"] == 1
    assert abstained.scores["contains"] == 0 and abstained.scores["squad2_f1"] == 0
    right = score("product", NOWHERE, answer(found=False), None, 1.0, corpus)
    assert right.scores["squad2_f1"] == 1 and right.scores["em"] is None


def test_answer_string_prefers_short_then_text_without_markers():
    reply = answer(citation(1, VOTE, VOTE + 34))
    assert answer_string(reply) == "Iraq’s parliament voted on Sunday."
    assert answer_string(Answer("q", "x [1]", (), True, (), "q", 1.0, short="Sunday")) == "Sunday"
    assert answer_string(answer(found=False)) == "" and answer_string(None) == ""


def test_naive_answer_quotes_the_top_passage_whatever_the_answerer_decided():
    top = passage(ROGUE, len(TEXT))
    naive = naive_answer(answer(found=False, passages=[top, passage(0, 10, 2)]))
    assert naive.found and naive.text.startswith("Davies said")
    assert (naive.citations[0].start, naive.citations[0].end) == (ROGUE, len(TEXT))
    assert not naive_answer(answer(found=False)).found  # nothing retrieved: nothing to quote


def test_a_question_that_raised_counts_as_wrong_not_skipped(when, corpus):
    failed_answerable = score("product", when, None, "RuntimeError: boom", 3.0, corpus)
    failed_unanswerable = score("product", NOWHERE, None, "RuntimeError: boom", 3.0, corpus)
    right = score("product", NOWHERE, answer(found=False, confidence=0.1), None, 1.0, corpus)
    good = score("product", when, answer(citation(1, VOTE, VOTE + 34),
                                         passages=[passage(VOTE, VOTE + 60)]), None, 1.0, corpus)
    summary = summarize([failed_answerable, failed_unanswerable, right, good])
    assert summary["questions"] == 4 and summary["errors"] == 2
    assert summary["abstain_unanswerable"] == 0.5  # the failure is not a right abstention
    assert summary["wrong_abstain"] == 0.5
    assert summary["hit@1"] == 0.5 and summary["contains"] == 0.5
    assert summary["squad2_f1"] == pytest.approx((0 + 0 + 1 + good.scores["squad2_f1"]) / 4)
    assert summary["auc"] == 1.0  # only rows that did not raise
    assert failed_answerable.error == "RuntimeError: boom"


def test_summary_rates(when, corpus):
    half = answer(citation(1, VOTE, VOTE + 34), citation(2, ROGUE, ROGUE + 50))
    rows = [
        score("product", when, half, None, 10.0, corpus),
        score("product", NOWHERE, answer(citation(1, ROGUE, ROGUE + 50), confidence=0.95),
              None, 30.0, corpus),
    ]
    summary = summarize(rows)
    assert summary["cite_precision"] == 0.5  # citations on answerable questions only
    assert summary["abstain_unanswerable"] == 0.0
    assert summary["auc"] == 0.0  # the unanswerable one was more confident
    assert summary["latency_median_ms"] == 20.0
    assert summary["unsupported"] == 0


def test_short_answers_are_counted_and_scored_on_their_own(corpus, when):
    cited = citation(1, VOTE, VOTE + len("Iraq’s parliament voted on Sunday."))
    with_short = Answer("q", "Sunday [1]. " + cited.quote + " [1]", (cited,), True, (), "q",
                        0.9, short="Sunday")
    without = answer(cited)
    rows = [score("product", when, a, None, 1.0, corpus) for a in (with_short, without)]
    assert [r.scores["short_given"] for r in rows] == [1.0, 0.0]
    assert rows[0].scores["short_f1"] == 1.0 and rows[1].scores["short_f1"] is None
    summary = summarize(rows)
    assert summary["short_given"] == 0.5 and summary["short_f1"] == 1.0
