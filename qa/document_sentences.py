"""Each document's sentences in order: a document's lead and the sentence holding an offset,
found without going through the whole corpus."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from typing import Sequence

from index.types import Sentence


class DocumentSentences:
    """The sentences of an index grouped by document, in order, with their start offsets.

    Example:
        >>> by_document = DocumentSentences(index.sentences)
        >>> by_document.holding("rt-2020-01-05", 120)  # the id of the sentence at offset 120
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sentences = sentences
        ids: dict[str, list[int]] = defaultdict(list)
        for sentence in sentences:
            ids[sentence.doc_id].append(sentence.sentence_id)
        # A document's sentences are disjoint spans in text order (index/chunk.py).
        self._ids = {doc_id: tuple(found) for doc_id, found in ids.items()}
        self._starts = {doc_id: [sentences[i].start for i in found]
                        for doc_id, found in self._ids.items()}

    def of(self, doc_id: str) -> list[Sentence]:
        """The sentences of document ``doc_id``, in order (none for an unknown id)."""
        return [self._sentences[i] for i in self._ids.get(doc_id, ())]

    def holding(self, doc_id: str, offset: int) -> int | None:
        """The id of the sentence of ``doc_id`` whose span holds character ``offset``."""
        starts = self._starts.get(doc_id, [])
        at = bisect_right(starts, offset) - 1
        if at < 0:
            return None
        sentence = self._sentences[self._ids[doc_id][at]]
        return sentence.sentence_id if offset < sentence.end else None
