"""The typo index finds exactly the words a scan of every word finds, in a large table too."""

import random
import string

import pytest

from index.nlp import Entity, SentenceFacts
from index.types import Sentence
from qa.entities import EntityTable
from qa.typos import TypoIndex, edit_distance, typo_limit


def _scan(words, key):
    """What comparing ``key`` with every word finds: the oracle."""
    limit = typo_limit(key)
    found = []
    for i, word in enumerate(words):
        if word[:1] == key[:1] and abs(len(word) - len(key)) <= limit:
            distance = edit_distance(key, word, limit)
            if distance <= limit:
                found.append((i, distance))
    return found


def _typo(word, rng):
    """``word`` with one or two random edits: a deletion, an insertion, a substitution or a
    swap of neighbours, anywhere (the first letter too)."""
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(len(word))
        edit = rng.choice(("delete", "insert", "substitute", "swap"))
        letter = rng.choice("abcdeo")
        if edit == "delete" and len(word) > 1:
            word = word[:i] + word[i + 1 :]
        elif edit == "insert":
            word = word[:i] + letter + word[i:]
        elif edit == "substitute":
            word = word[:i] + letter + word[i + 1 :]
        elif i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


@pytest.fixture(scope="module")
def words():
    # A small alphabet makes many words a typo of one another: the hard case for an index.
    rng = random.Random(13)
    return list(dict.fromkeys(
        "".join(rng.choice("abcdeo") for _ in range(rng.randint(2, 12))) for _ in range(6_000)
    )) + ["maloof", "vltchek", "andre vltchek", "öcalan"]


def test_near_finds_what_a_scan_of_every_word_finds(words):
    index = TypoIndex(words)
    rng = random.Random(7)
    keys = [_typo(rng.choice(words), rng) for _ in range(600)]
    keys += ["maloff", "vltcheck", "andre vlchek", "öcalna", "zzzzzz", "m", "ab"]
    for key in keys:
        assert index.near(key) == _scan(words, key), key


def test_near_in_the_words_order_with_distances():
    index = TypoIndex(["poets", "posts", "parliament", "pots"])
    assert index.near("poats") == [(0, 1), (1, 1), (3, 1)]
    assert index.near("parlaimnet") == [(2, 2)]  # two edits: ten letters
    assert index.near("oposts") == []  # another first letter


def test_a_misspelt_name_links_in_a_large_table():
    # 5,000 made-up people named before the one asked about: the typo still finds him, and
    # a name one edit from two of them links to the one named first, as a scan would.
    rng = random.Random(5)
    names = list(dict.fromkeys(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(8)).capitalize()
        for _ in range(5_000)))
    names += ["Andre Vltchek", "Pompeo", "Pompea"]
    text = "".join(f"{name} spoke.".ljust(20) for name in names)
    sentences = [Sentence("doc", i, 20 * i, 20 * i + len(name) + 7, text)
                 for i, name in enumerate(names)]
    facts = [SentenceFacts((Entity(name, "PERSON", 0, len(name)),), None) for name in names]
    table = EntityTable(sentences, facts)
    assert [m.entity.name for m in table.link("What did Vltcheck tell RT?")] == ["Andre Vltchek"]
    assert [m.entity.name for m in table.link("who is pompeio")] == ["Pompeo"]
    assert [m.entity.name for m in table.link("who is Pompey")] == ["Pompeo"]
