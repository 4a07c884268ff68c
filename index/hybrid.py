"""Reciprocal rank fusion of several rankings."""

from __future__ import annotations

from typing import Iterable, Sequence

# k=60 is the constant of Cormack et al. (2009): it damps the head of each ranking so that
# one retriever's first place cannot outvote agreement between retrievers further down.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Iterable[Sequence[int]], k: int = RRF_K
) -> list[tuple[int, float]]:
    """Fuse rankings of ids (best first) into one ``(id, score)`` list, best first.

    Each id scores ``sum(1 / (k + rank))`` over the rankings it appears in (rank from 1);
    ties keep the order in which ids were first seen.
    """
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: pair[1], reverse=True)
