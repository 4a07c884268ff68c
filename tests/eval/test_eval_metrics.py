"""Every metric on hand-made cases whose answers were worked out by hand."""

import pytest

from eval import metrics as m

# --- answer strings ---------------------------------------------------------------------


def test_normalize_answer_is_squad_normalisation():
    assert m.normalize_answer("The  Quds Force, (PMF)!") == "quds force pmf"
    assert m.normalize_answer("an apple a day") == "apple day"
    assert m.normalize_answer("") == ""


def test_unicode_quotes_and_dashes_normalise_like_ascii_ones():
    assert m.normalize_answer("Iraq’s “enormous” development—now") == m.normalize_answer(
        "Iraq's \"enormous\" development-now") == "iraqs enormous developmentnow"


def test_official_normalisation_keeps_unicode_punctuation():
    assert m.normalize_answer("Iraq’s", ascii_only=True) == "iraq’s"
    assert m.normalize_answer("Iraq's", ascii_only=True) == "iraqs"


def test_strip_markers():
    assert m.strip_markers("It will flop. [1] He said so. [2]") == "It will flop. He said so."
    assert m.strip_markers("No markers here") == "No markers here"


def test_exact_match():
    assert m.exact_match("the Fox News Sunday.", "Fox News Sunday") == 1.0
    assert m.exact_match("Fox News", "Fox News Sunday") == 0.0
    assert m.exact_match("", "") == 1.0


def test_token_f1_by_hand():
    # prediction 4 tokens, gold 2, common 2: P = 1/2, R = 1, F1 = 2/3
    assert m.token_f1("on the outskirts of Baghdad", "outskirts Baghdad") == pytest.approx(2 / 3)
    assert m.token_f1("Qassem Soleimani", "Abu Mahdi al-Muhandis") == 0.0


def test_token_f1_counts_repeated_tokens_once_each():
    # common = min(2, 1) = 1 "us": P = 1/3, R = 1/2, F1 = 0.4
    assert m.token_f1("us us troops", "us army") == pytest.approx(0.4)


def test_token_f1_empty_sides():
    assert m.token_f1("", "") == 1.0
    assert m.token_f1("something", "") == 0.0
    assert m.token_f1("", "something") == 0.0
    assert m.token_f1("the a an", "") == 1.0  # normalises to nothing


def test_token_recall_rewards_a_long_answer_that_holds_the_gold():
    sentence = "The US is really just behaving like a rogue state at this point."
    assert m.token_recall(sentence, "like a rogue state") == 1.0
    assert m.token_f1(sentence, "like a rogue state") < 0.5
    assert m.token_recall("a rogue", "like a rogue state") == pytest.approx(1 / 3)
    assert m.token_recall("", "rogue state") == 0.0
    assert m.token_recall("", "") == 1.0


def test_contains_gold_matches_whole_tokens_only():
    assert m.contains_gold("Pompeo told Fox News Sunday.", "Fox News Sunday") == 1.0
    assert m.contains_gold("The parliament’s decision is an “enormous development”",
                           "an enormous development") == 1.0
    assert m.contains_gold("nonbinding", "binding") == 0.0
    assert m.contains_gold("anything", "") == 0.0
    assert m.contains_gold("", "Sunday") == 0.0


def test_best_over_gold():
    assert m.best_over_gold(m.exact_match, "PMF", ["Popular Mobilization Forces", "PMF"]) == 1.0
    assert m.best_over_gold(m.exact_match, "PMF", []) is None


def test_squad2_scores_answerable_and_unanswerable():
    assert m.squad2_scores("", []) == (1.0, 1.0)  # right abstention
    assert m.squad2_scores("Paris", []) == (0.0, 0.0)  # answered the unanswerable
    assert m.squad2_scores("", ["Sunday"]) == (0.0, 0.0)  # wrongly abstained
    em, f1 = m.squad2_scores("on Sunday", ["Sunday", "on Sunday"])
    assert (em, f1) == (1.0, 1.0)
    em, f1 = m.squad2_scores("adopted on Sunday", ["Sunday"])
    assert em == 0.0 and f1 == pytest.approx(0.5)  # P = 1/3, R = 1


def test_squad2_treats_golds_that_normalise_to_nothing_as_no_answer():
    assert m.squad2_scores("", ["the", ""]) == (1.0, 1.0)


# --- spans --------------------------------------------------------------------------------


TEXT = "Maloof said: ‘it  will flop’.\nDavies said it was a rogue state. It will flop."


def test_locate_exact_occurrences():
    assert m.locate("flop", TEXT) == [(23, 27), (TEXT.rindex("flop"), TEXT.rindex("flop") + 4)]
    assert m.locate("", TEXT) == [] and m.locate("   ", TEXT) == []
    assert m.locate("Baghdad", TEXT) == []


def test_locate_ignores_quote_kind_case_and_whitespace_runs_but_returns_true_offsets():
    spans = m.locate("'It will flop'", TEXT)
    assert len(spans) == 1
    start, end = spans[0]
    assert TEXT[start:end] == "‘it  will flop’"


def test_overlap_inside_and_covers():
    assert m.overlap((0, 10), (5, 20)) == 5
    assert m.overlap((0, 5), (5, 9)) == 0
    assert m.inside((3, 5), (0, 5)) and not m.inside((3, 6), (0, 5))
    assert m.covers([(0, 5)], (0, 10))  # exactly half
    assert not m.covers([(0, 4)], (0, 10))
    assert m.covers([(0, 3), (2, 6)], (0, 10))  # union 0..6, overlap not counted twice
    assert not m.covers([(0, 3), (0, 3), (1, 2)], (0, 10))
    assert not m.covers([(0, 10)], (5, 5))  # an empty target is never covered


EVIDENCE = [[(100, 140)], [(300, 320), (500, 520)]]  # two facts; the second occurs twice


def test_hit_at_k_and_reciprocal_rank():
    passages = [(0, 90), (490, 600), (90, 200)]
    assert m.hit_at_k(passages, EVIDENCE, 1) == 0.0
    assert m.hit_at_k(passages, EVIDENCE, 2) == 1.0
    assert m.reciprocal_rank(passages, EVIDENCE) == pytest.approx(0.5)
    assert m.reciprocal_rank([(0, 10)], EVIDENCE) == 0.0
    assert m.reciprocal_rank([], EVIDENCE) == 0.0


def test_a_passage_touching_too_little_of_the_evidence_is_not_a_hit():
    assert m.hit_at_k([(0, 110)], EVIDENCE, 1) == 0.0  # 10 of 40 characters
    assert m.hit_at_k([(0, 120)], EVIDENCE, 1) == 1.0  # 20 of 40


def test_retrieval_without_gold_evidence_is_not_scored():
    assert m.hit_at_k([(0, 10)], [], 5) is None
    assert m.hit_at_k([(0, 10)], [[]], 5) is None
    assert m.reciprocal_rank([(0, 10)], []) is None


def test_citation_precision():
    citations = [(95, 105), (200, 250), (505, 515)]
    assert m.citation_precision(citations, EVIDENCE) == pytest.approx(2 / 3)
    assert m.citation_precision([], EVIDENCE) is None
    assert m.citation_precision(citations, []) is None


def test_citation_precision_with_a_region_counts_any_citation_inside_it():
    paragraph = (180, 260)
    assert m.citation_precision([(200, 250), (250, 270)], [], [paragraph]) == pytest.approx(0.5)


def test_citation_recall_counts_groups():
    assert m.citation_recall([(100, 140)], EVIDENCE) == pytest.approx(0.5)
    assert m.citation_recall([(100, 140), (505, 520)], EVIDENCE) == 1.0
    assert m.citation_recall([], EVIDENCE) == 0.0
    assert m.citation_recall([(100, 140)], []) is None


def test_is_verbatim():
    assert m.is_verbatim("Davies said", 30, 41, TEXT)
    assert not m.is_verbatim("Davies said", 31, 42, TEXT)
    assert not m.is_verbatim("Davies said", 30, 41, None)
    assert not m.is_verbatim("x", -1, 0, TEXT)


# --- aggregates ---------------------------------------------------------------------------


def test_mean_skips_none():
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.mean([None]) is None and m.mean([]) is None


def test_percentile_interpolates_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert m.percentile(values, 50) == 25.0
    assert m.percentile(values, 95) == pytest.approx(38.5)
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([], 50) is None


def test_roc_auc_by_hand():
    assert m.roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert m.roc_auc([0.1], [0.9]) == 0.0
    # pairs: (0.8 > 0.5) 1, (0.8 > 0.8) tie 0.5, (0.3 > 0.5) 0, (0.3 < 0.8) 0 -> 1.5 / 4
    assert m.roc_auc([0.8, 0.3], [0.5, 0.8]) == pytest.approx(0.375)
    assert m.roc_auc([0.5, 0.5], [0.5]) == 0.5
    assert m.roc_auc([], [0.5]) is None and m.roc_auc([0.5], []) is None
