"""Typos: how far apart two words are, and question words corrected to the article's own."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable

from index.sparse import terms

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
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for word in self._counts:
            if len(word) >= _MIN_LETTERS - 1:
                self._by_initial[word[0]].append(word)

    def __contains__(self, word: str) -> bool:
        return fold(word) in self._counts

    def corrected(self, text: str) -> str:
        """``text`` with each word the article never uses replaced by the one article word
        a typo away from it (same first letter; one edit up to six letters, two above; a
        swap of neighbours is one edit), keeping its capital. Words with no such article
        word, or with two equally close, and other forms of article words ("remove" for
        "removed") stay as written. A replacement is written as the article writes it
        ("pompeio" -> "Pompeo", "presidnet" -> "president"), capitalised if the word was."""
        return _WORD.sub(lambda m: self._correct(m.group()), text)

    def _correct(self, word: str) -> str:
        key = fold(word)
        if len(key) < _MIN_LETTERS or key in self._counts or set(terms(word)) <= self._stems:
            return word
        limit = typo_limit(key)
        distances: dict[int, list[str]] = defaultdict(list)
        for other in self._by_initial.get(key[0], ()):
            if abs(len(other) - len(key)) <= limit:
                distance = edit_distance(key, other, limit)
                if distance <= limit:
                    distances[distance].append(other)
        if not distances:
            return word
        closest = distances[min(distances)]
        if len(closest) > 1:
            return word
        form = self._forms[closest[0]]
        return form[:1].upper() + form[1:] if word[:1].isupper() else form


def typo_limit(word: str) -> int:
    """The edits a typo of ``word`` may make: one up to six letters, two above."""
    return 1 if len(word) <= 6 else 2


def fold(text: str) -> str:
    """Lowercase without accents: "Öcalan" -> "ocalan"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b`` counting a swap of two neighbouring letters as one
    edit ("zeria" -> "zeira"), or ``limit + 1`` once it exceeds ``limit``."""
    before, previous = None, list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if before is not None and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)
