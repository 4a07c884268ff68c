"""Words a typo away from a key: the edit distance, and an index that finds them without
comparing the key with every word (symmetric deletions, as in SymSpell)."""

from __future__ import annotations

from typing import Iterable

import numpy as np

# No key may be more than this many edits from a word (see typo_limit).
_MOST_EDITS = 2


class TypoIndex:
    """Words in a fixed order, found by a key that is a typo of them.

    A key within ``k`` edits of a word becomes the same string as the word when at most ``k``
    letters are deleted from each (a substitution or a swap of neighbours deletes one letter
    from both, an insertion one from one side). So each word is stored under every string that
    deleting up to ``_depth`` of its letters makes, and a key looks up the strings its own
    deletions make: the words found are the only ones that can be that close, and
    :func:`edit_distance` keeps those that are. The strings are held as their hashes in one
    sorted array (four bytes each, not a Python object each); a collision only adds a
    candidate that the check drops. A lookup costs the same however many words there are.

    Example:
        >>> TypoIndex(["parliament", "poets", "posts"]).near("parliment")
        [(0, 1)]
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words: tuple[str, ...] = tuple(words)
        # One small array of hashes per word, never a Python int per stored string.
        chunks, counts = [], []
        for word in self.words:
            variants = _deletions(word, _depth(len(word)))
            chunks.append(np.fromiter(map(hash, variants), dtype=np.int64, count=len(variants)))
            counts.append(len(variants))
        # The low 32 bits of each hash: a collision costs one more candidate to check.
        hashes = np.concatenate(chunks or [np.zeros(0, np.int64)]).astype(np.uint32)
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._ids = np.repeat(np.arange(len(self.words), dtype=np.int32), counts)[order]
        self._lengths = frozenset(map(len, self.words))

    def near(self, key: str) -> list[tuple[int, int]]:
        """``(position, distance)`` of each word that starts with the letter ``key`` starts
        with and is within :func:`typo_limit` edits of it, in the words' order."""
        limit = typo_limit(key)
        if not any(len(key) + d in self._lengths for d in range(-limit, limit + 1)):
            return []
        wanted = np.sort(np.fromiter(map(hash, _deletions(key, limit)), dtype=np.int64)
                         .astype(np.uint32))
        starts = np.searchsorted(self._hashes, wanted)
        stored = self._hashes[np.minimum(starts, len(self._hashes) - 1)] == wanted
        if not stored.any():
            return []
        ends = np.searchsorted(self._hashes, wanted[stored], "right")
        candidates = np.unique(np.concatenate(
            [self._ids[a:b] for a, b in zip(starts[stored].tolist(), ends.tolist())]))
        found = []
        for i in candidates.tolist():
            word = self.words[i]
            if word[:1] == key[:1] and abs(len(word) - len(key)) <= limit:
                distance = edit_distance(key, word, limit)
                if distance <= limit:
                    found.append((i, distance))
        return found


def typo_limit(word: str) -> int:
    """The edits a typo of ``word`` may make: one up to six letters, two above."""
    return _allowed(len(word))


def _allowed(length: int) -> int:
    return 1 if length <= 6 else _MOST_EDITS


def _depth(length: int) -> int:
    """The deletions a word of ``length`` letters is stored under: the most edits that any
    key able to reach it (a key whose length is within its own limit of ``length``) may make
    (two from five letters up, one below)."""
    return max(
        _allowed(n) for n in range(max(1, length - _MOST_EDITS), length + _MOST_EDITS + 1)
        if abs(n - length) <= _allowed(n)
    )


def _deletions(word: str, depth: int) -> set[str]:
    """``word`` and every string that deleting up to ``depth`` of its letters makes."""
    found = frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found = found | frontier
    return found


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

