"""The shipped reader: real probabilities that separate answering sentences from the rest."""

import numpy as np
import pytest

from index.errors import ModelUnavailableError
from qa.reader import Reader


@pytest.fixture(scope="module")
def reader():
    return Reader.bundled()


def test_probabilities_are_one_per_sentence_in_zero_one(reader):
    probabilities = reader.probabilities("Who won?", ["Smith won the race.", "It rained.", ""])
    assert probabilities.shape == (3,)
    assert np.all((probabilities >= 0) & (probabilities <= 1))
    assert reader.probabilities("Who won?", []).shape == (0,)


def test_a_score_does_not_depend_on_the_other_sentences(reader):
    sentences = ["Smith won the race on Sunday.", "The weather was cold and wet all week long."]
    batch = reader.probabilities("When did Smith win?", sentences)
    single = [reader.probabilities("When did Smith win?", [s])[0] for s in sentences]
    assert np.allclose(batch, single, atol=1e-4)


def test_evidence_outranks_other_sentences_on_the_seed_gold(reader, engine, gold):
    """Whole-set floor: the gold evidence sentence beats the article's median sentence."""
    sentences = [s.text for s in engine.index.sentences]
    wins = total = 0
    for row in gold:
        if not row["answerable"] or row["history"]:
            continue
        evidence = [s for s in sentences if any(e in s or s in e for e in row["evidence"])]
        if not evidence:
            continue
        probabilities = reader.probabilities(row["question"], sentences)
        best_evidence = max(p for s, p in zip(sentences, probabilities) if s in evidence)
        wins += best_evidence > np.median(probabilities)
        total += 1
    assert total >= 20 and wins / total >= 0.9


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match="reader model is missing"):
        Reader(tmp_path).probabilities("Who?", ["Someone."])


def test_answer_probability_grows_with_every_sentence_read(reader):
    question = "When did Smith win the race?"
    one = reader.answer_probability(question, ["Smith won the race on Sunday."])
    two = reader.answer_probability(question, ["Smith won the race on Sunday.", "It rained."])
    assert 0.0 < one <= two < 1.0
    assert reader.answer_probability(question, []) == 0.0


def test_an_engine_with_the_reader_answers_and_refuses_on_the_seed_gold(engine, gold):
    """Whole-set floors with ``Settings(reader=True)``: the reader decides "not found"."""
    reading = engine.with_settings(reader=True)
    text = engine.index.documents[next(iter(engine.index.documents))].text
    found = answerable = 0
    for row in gold:
        answer = reading.ask(row["question"], row["history"])
        assert 0.0 <= answer.confidence <= 1.0
        assert all(text[c.start : c.end] == c.quote for c in answer.citations)
        if row["answerable"]:
            answerable += 1
            found += answer.found
        else:
            assert not answer.found and not answer.citations, row["question"]
    assert found / answerable >= 0.7
