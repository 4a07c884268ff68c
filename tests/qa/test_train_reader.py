"""The reader's training data and loss: shortlists labelled from SQuAD answers, listwise loss."""

import pytest

from qa.train_reader import Shortlist, _listwise_loss, build_shortlists

SQUAD = {
    "data": [
        {
            "title": "Bridges",
            "paragraphs": [
                {
                    "context": "The Elm Street bridge opened in 1931 after four years of work. "
                    "It was designed by the engineer Clara Voss. The bridge carries two lanes.",
                    "qas": [
                        {"question": "When did the Elm Street bridge open?",
                         "answers": ["1931"], "is_impossible": False},
                        {"question": "When did the Elm Street bridge close?",
                         "answers": [], "is_impossible": True},
                    ],
                },
                {
                    "context": "A second bridge was planned in 1931 but never built. The city "
                    "council voted against it because of its cost.",
                    "qas": [
                        {"question": "Why was the second bridge never built?",
                         "answers": ["because of its cost"], "is_impossible": False},
                    ],
                },
            ],
        }
    ]
}


@pytest.fixture(scope="module")
def shortlists(embedder, cache_dir):
    built = build_shortlists(SQUAD, slice(0, 1), size=4, embedder=embedder, cache_dir=cache_dir)
    return {s.question: s for s in built}


def test_only_the_sentence_of_the_questions_paragraph_holding_the_answer_is_positive(shortlists):
    opened = shortlists["When did the Elm Street bridge open?"]
    positives = [s for s, label in zip(opened.sentences, opened.labels) if label]
    # "1931" is also in the second paragraph's sentence, which answers another question.
    assert positives == ["The Elm Street bridge opened in 1931 after four years of work."]
    assert any("second bridge" in s for s in opened.sentences)


def test_an_unanswerable_question_has_only_negatives(shortlists):
    closed = shortlists["When did the Elm Street bridge close?"]
    assert closed.sentences and not any(closed.labels)


def test_the_loss_prefers_the_labelled_sentence_or_no_answer():
    torch = pytest.importorskip("torch")
    answered = Shortlist("q", ("a", "b"), (1.0, 0.0))
    unanswered = Shortlist("q", ("a", "b"), (0.0, 0.0))
    right, wrong = torch.tensor([4.0, -4.0]), torch.tensor([-4.0, 4.0])
    assert _listwise_loss(right, [answered]) < _listwise_loss(wrong, [answered])
    silent, confident = torch.tensor([-4.0, -4.0]), torch.tensor([4.0, -4.0])
    assert _listwise_loss(silent, [unanswered]) < _listwise_loss(confident, [unanswered])
