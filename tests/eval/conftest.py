"""A hand-made SQuAD 2.0 file: one article of two paragraphs, three questions."""

import json

import pytest

SQUAD = {"version": "v2.0", "data": [{"title": "Tiny_Bridge", "paragraphs": [
    {"context": "The Millbrook bridge was approved by the county council in March. "
                "Construction will cost four million dollars.",
     "qas": [{"id": "t1", "question": "Who approved the Millbrook bridge?",
              "answers": ["the county council", "county council"], "is_impossible": False},
             {"id": "t2", "question": "Who opposed the Millbrook tunnel in Paris?",
              "answers": [], "is_impossible": True}]},
    {"context": "The old ferry, which the bridge replaces, carried cars since 1952. "
                "Ferry workers will move to the harbour service.",
     "qas": [{"id": "t3", "question": "Since when did the ferry carry cars?",
              "answers": ["1952", "since 1952"], "is_impossible": False}]},
]}]}


@pytest.fixture
def tiny_squad(tmp_path):
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD), "utf-8")
    return path
