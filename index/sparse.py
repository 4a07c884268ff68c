"""Lexical retrieval with BM25 (bm25s) over stemmed, stop-word-free terms."""

from __future__ import annotations

import json
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
# The attributes of a bm25s.BM25 that its save writes as parameters (besides the size and
# bm25s's version).
_PARAMETERS = ("k1", "b", "delta", "method", "idf_method", "dtype", "int_dtype", "backend")


# bm25s's English list plus question words and auxiliaries, which carry no topic.
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then"
    " there these they this to was will with what who whom whose which when where why how did"
    " does do were been being has have had can could would should may might must shall its"
    " he she him his her them i you we our your me my about from than so".split()
)


# bm25s.tokenize's default token pattern: runs of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
# An acronym's plural ("PPPs", "IEDs"): indexed as the acronym, which the stemmer would not
# give ("ppps" stays, "ieds" becomes "i").
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")
# What :func:`terms` returns for a text; part of every saved index's fingerprint.
TERMS_VERSION = 2


def terms(text: str) -> list[str]:
    """The stemmed content terms of ``text``, as BM25 indexes them.

    What ``bm25s.tokenize(text, stopwords=STOPWORDS, stemmer=...)`` returns (lower-cased
    tokens of its pattern, stop words dropped, then stemmed), without its per-call set-up
    (progress bars, vocabularies), which cost more than the tokenizing for one sentence;
    except that an acronym's plural is the acronym ("PPPs" -> "ppp", as "PPP" gives).
    """
    text = _ACRONYM_PLURAL.sub(r"\1", text).lower()
    return _stemmer().stemWords([t for t in _TOKEN.findall(text) if t not in STOPWORDS])


class SparseIndex:
    """BM25 over a fixed list of texts, built with bm25s and saved as bm25s's own files.

    bm25s precomputes every (term, text) score into a sparse matrix; a question's scores are
    the sums of its terms' columns. That sum is done here with NumPy on the saved arrays, so
    answering a question does not import bm25s and SciPy (0.2 s of a one-shot question).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        retriever = bm25s.BM25()
        retriever.index([terms(text) for text in texts], show_progress=False)
        scores = retriever.scores
        # What bm25s's save writes as its parameters, so that bm25s can load the files too.
        parameters = {name: getattr(retriever, name) for name in _PARAMETERS}
        parameters.update(num_docs=len(texts), version=bm25s.__version__)
        self._set(scores["data"], scores["indices"], scores["indptr"], retriever.vocab_dict,
                  parameters)

    def _set(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
             vocabulary: dict[str, int], parameters: dict) -> None:
        # Column t of the score matrix (term id t) is data[indptr[t]:indptr[t + 1]], for the
        # texts indices[indptr[t]:indptr[t + 1]].
        # bm25s's vocabulary also names a term with no column (the empty string).
        columns = len(indptr) - 1
        self._data, self._indices, self._indptr = data, indices, indptr
        self._vocabulary = {term: column for term, column in vocabulary.items()
                            if isinstance(column, int) and 0 <= column < columns}
        self._parameters = parameters
        self._size = int(parameters["num_docs"])

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` as :data:`FILES`."""
        directory.mkdir(parents=True, exist_ok=True)
        for name, array in zip(FILES, (self._data, self._indices, self._indptr)):
            np.save(directory / name, array, allow_pickle=False)
        (directory / FILES[3]).write_text(json.dumps(self._vocabulary, ensure_ascii=False),
                                          encoding="utf-8")
        (directory / FILES[4]).write_text(json.dumps(self._parameters, indent=4), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> SparseIndex:
        """The index saved in ``directory``, with no text tokenized again.

        Raises:
            IndexCorruptError: If the files cannot be read as a BM25 index.
        """
        directory = Path(directory)
        try:
            arrays = [np.load(directory / name, allow_pickle=False) for name in FILES[:3]]
            vocabulary = json.loads((directory / FILES[3]).read_text(encoding="utf-8"))
            parameters = json.loads((directory / FILES[4]).read_text(encoding="utf-8"))
            size = int(parameters["num_docs"])
            data, indices, indptr = arrays
            if (not isinstance(vocabulary, dict) or indptr.ndim != 1 or not len(indptr)
                    or len(data) != len(indices) or indptr[-1] != len(data)
                    or np.any(np.diff(indptr) < 0)
                    or (len(indices) and not 0 <= indices.min() <= indices.max() < size)):
                raise ValueError("the score matrix, vocabulary and size disagree")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorruptError(f"cannot read the BM25 index in {directory}: {exc}") from exc
        index = cls.__new__(cls)
        index._set(data, indices, indptr, vocabulary, parameters)
        return index

    @property
    def size(self) -> int:
        """How many texts are indexed."""
        return self._size

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for ``query`` (zeros when no query term is indexed): each
        query term's column added in (a repeated term counts again), in float32, as bm25s's
        ``get_scores`` adds them."""
        scores = np.zeros(self._size, dtype=np.float32)
        for term in terms(query):
            column = self._vocabulary.get(term)
            if column is not None:
                begin, end = self._indptr[column], self._indptr[column + 1]
                np.add.at(scores, self._indices[begin:end], self._data[begin:end])
        return scores

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
