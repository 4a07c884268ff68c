"""Question words corrected to the article's own when they are a typo of one."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

from index.nlp import is_english
from index.sparse import terms
from qa.typos import TypoIndex

_WORD = re.compile(r"[^\W\d_]+")
# Shorter words are left alone: one edit turns "vote" into "note".
_MIN_LETTERS = 5


class Vocabulary:
    """The words an article uses, for correcting a question's misspelt words against them.

    Example:
        >>> Vocabulary(["The parliament voted."]).corrected("what did the parliment do?")
        'what did the parliament do?'
    """

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        written = Counter(w for text in texts for w in _WORD.findall(text))
        # Another form of an article word ("remove" for "removed") is no typo.
        self._stems = frozenset(t for text in texts for t in terms(text))
        self._counts = Counter()
        # Each folded word -> how the article writes it: in lowercase if it ever does, else
        # its most frequent form ("ocalan" -> "Öcalan").
        self._forms: dict[str, str] = {}
        for form, count in written.most_common():
            self._counts[fold(form)] += count
            self._forms.setdefault(fold(form), form)
        for form in written:
            if form.islower():  # an ordinary word, whatever its capitalised uses
                self._forms[fold(form)] = form
        # A word of five letters or more is one edit from words of four or more.
        self._typos = TypoIndex(w for w in self._counts if len(w) >= _MIN_LETTERS - 1)

    def __contains__(self, word: str) -> bool:
        return fold(word) in self._counts

    def uses(self, word: str) -> bool:
        """Whether the article writes ``word`` or another form of it ("critic" for
        "critics")."""
        return word in self or bool(terms(word)) and set(terms(word)) <= self._stems

    def corrected(self, text: str) -> str:
        """``text`` with each word the article never uses replaced by the one article word
        a typo away from it (same first letter; one edit up to six letters, two above; a
        swap of neighbours is one edit), keeping its capital. Words with no such article
        word, or with two equally close, and other forms of article words ("remove" for
        "removed") stay as written. A replacement is written as the article writes it
        ("pompeio" -> "Pompeo", "presidnet" -> "president"), capitalised if the word was.
        An English word is no typo, whatever article word it is near ("leading" is no
        "learning")."""
        return _WORD.sub(lambda m: self._correct(m.group()), text)

    def _correct(self, word: str) -> str:
        key = fold(word)
        if len(key) < _MIN_LETTERS or key in self._counts or set(terms(word)) <= self._stems:
            return word
        near = self._typos.near(key)
        if not near or is_english(word):
            return word  # "leading" is no typo of "learning"
        least = min(distance for _, distance in near)
        closest = [i for i, distance in near if distance == least]
        if len(closest) > 1:
            return word
        form = self._forms[self._typos.words[closest[0]]]
        return form[:1].upper() + form[1:] if word[:1].isupper() else form


def fold(text: str) -> str:
    """Lowercase without accents: "Öcalan" -> "ocalan"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")
