"""Lexical retrieval with BM25 (bm25s) over stemmed, stop-word-free terms."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from index.errors import IndexCorruptError

# What bm25s's save writes for a "lucene" BM25 (its default names): the score matrix as CSC
# arrays, the vocabulary and the parameters (no pickle).
FILES = (
    "data.csc.index.npy",
    "indices.csc.index.npy",
    "indptr.csc.index.npy",
    "vocab.index.json",
    "params.index.json",
)


# bm25s's English list plus question words and auxiliaries, which carry no topic.
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then"
    " there these they this to was will with what who whom whose which when where why how did"
    " does do were been being has have had can could would should may might must shall its"
    " he she him his her them i you we our your me my about from than so".split()
)


# bm25s.tokenize's default token pattern: runs of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def terms(text: str) -> list[str]:
    """The stemmed content terms of ``text``, as BM25 indexes them.

    What ``bm25s.tokenize(text, stopwords=STOPWORDS, stemmer=...)`` returns (lower-cased
    tokens of its pattern, stop words dropped, then stemmed), without its per-call set-up
    (progress bars, vocabularies), which cost more than the tokenizing for one sentence.
    """
    return _stemmer().stemWords([t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS])


class SparseIndex:
    """BM25 over a fixed list of texts; saved and loaded as bm25s's own files."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self._size = len(texts)
        self._retriever = bm25s.BM25()
        self._retriever.index([terms(text) for text in texts], show_progress=False)

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` as :data:`FILES`."""
        self._retriever.save(directory, show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> SparseIndex:
        """The index saved in ``directory``, with no text tokenized again.

        Raises:
            IndexCorruptError: If the files cannot be read as a BM25 index.
        """
        import bm25s

        try:
            retriever = bm25s.BM25.load(directory, allow_pickle=False)
            size = int(retriever.scores["num_docs"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorruptError(f"cannot read the BM25 index in {directory}: {exc}") from exc
        index = cls.__new__(cls)
        index._size, index._retriever = size, retriever
        return index

    @property
    def size(self) -> int:
        """How many texts are indexed."""
        return self._size

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for ``query`` (zeros when no query term is indexed)."""
        query_terms = terms(query)
        if not query_terms or self._size == 0:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(query_terms), dtype=np.float32)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Return up to ``k`` ``(row, score)`` pairs with a positive score, best first."""
        scores = self.scores(query)
        if k <= 0 or not len(scores):
            return []
        # Select the k best in linear time, then sort only those.
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")
