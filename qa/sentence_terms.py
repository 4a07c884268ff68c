"""The stemmed terms of every sentence, as term ids in flat arrays, and how much of a
question's terms each sentence holds."""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Iterable, Sequence

import numpy as np

# Stems shorter than this share prefixes by chance ("us" ~ "use").
_MIN_PREFIX = 5


def derived(term: str) -> str | None:
    """``term`` with the d ~ s alternation of English derivation, for a stem of
    ``_MIN_PREFIX`` letters or more: "invad" -> "invas" (invade, invasion), "respons" ->
    "respond"; None otherwise."""
    if len(term) < _MIN_PREFIX or term[-1] not in "ds":
        return None
    return term[:-1] + ("s" if term[-1] == "d" else "d")


class SentenceTerms:
    """Each sentence's set of terms, and each term's IDF over the sentences.

    Sentence ``i``'s terms are the ids ``flat[offsets[i]:offsets[i + 1]]`` of one int32
    array, and each term string is held once, in ``ids``: a Python set per sentence cost
    about a kilobyte (its table and its own copy of every string), the largest part of a
    large engine's memory.

    Example:
        >>> held = SentenceTerms([["parliament", "vote"], ["vote"]])
        >>> held.overlap({"parliamentari"}, [0, 1]).tolist()
        [1.0, 0.0]
    """

    def __init__(self, sentences: Iterable[Iterable[str]]) -> None:
        self._ids: dict[str, int] = {}
        flat: list[int] = []
        offsets = [0]
        for sentence in sentences:
            flat.extend(dict.fromkeys(self._ids.setdefault(t, len(self._ids)) for t in sentence))
            offsets.append(len(flat))
        self._flat = np.array(flat, dtype=np.int32)
        self._offsets = np.array(offsets, dtype=np.int64)
        # In how many sentences each term is.
        self._frequency = np.bincount(self._flat, minlength=len(self._ids))
        self._sorted = sorted(self._ids)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def idf(self, term: str) -> float:
        """``log(1 + sentences / sentences holding term)``; a term no sentence holds counts
        as held by one."""
        i = self._ids.get(term)
        return math.log(1 + len(self) / (int(self._frequency[i]) if i is not None else 1))

    def overlap(self, query_terms: set[str], sentence_ids: Sequence[int]) -> np.ndarray:
        """For each sentence, the IDF-weighted share of ``query_terms`` it holds: exactly,
        or by a shared stem the stemmer missed ("behaviour" ~ "behav": one term begins with
        the other, both of ``_MIN_PREFIX`` letters or more)."""
        weights = {t: self.idf(t) for t in query_terms}
        total = sum(weights.values()) or 1.0
        related = {t: self._related(t) for t in weights}
        shares = []
        for i in sentence_ids:
            held = set(self._flat[self._offsets[i] : self._offsets[i + 1]].tolist())
            shares.append(
                sum(w for t, w in weights.items() if not related[t].isdisjoint(held)) / total)
        return np.array(shares)

    def _related(self, term: str) -> set[int]:
        """The ids of the terms that count as ``term``: itself, and for a long term every
        long term it begins with or that begins with it (found in the sorted terms, not by
        comparing it with each), and the same for its form with the d ~ s alternation of
        English derivation ("invad" ~ "invas": invade, invasion; respond, response)."""
        alternate = derived(term)
        found = self._sharing_prefix(term)
        return found if alternate is None else found | self._sharing_prefix(alternate)

    def _sharing_prefix(self, term: str) -> set[int]:
        found = {self._ids[term]} if term in self._ids else set()
        if len(term) < _MIN_PREFIX:
            return found
        found.update(self._ids[term[:k]] for k in range(_MIN_PREFIX, len(term))
                     if term[:k] in self._ids)
        at = bisect_left(self._sorted, term)
        while at < len(self._sorted) and self._sorted[at].startswith(term):
            found.add(self._ids[self._sorted[at]])
            at += 1
        return found
