"""A corpus's vectors and its sentences' annotations, computed side by side."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from index.embed import Embedder
from index.nlp import SentenceFacts, annotate, pipeline
from index.types import Document, Passage, Sentence
from index.vector_cache import embed_corpus


def embed_and_annotate(
    documents: Sequence[Document],
    passages: Sequence[Passage],
    sentences: Sequence[Sentence],
    embedder: Embedder,
    cache_dir: str | os.PathLike | None = None,
) -> tuple[np.ndarray, tuple[SentenceFacts, ...]]:
    """:func:`index.vector_cache.embed_corpus` and :func:`index.nlp.annotate` at once.

    spaCy annotates in a thread while the texts are embedded: the embedder's runtime
    releases the GIL, so the parse fills the gaps the embedding leaves on the cores instead
    of following it (the results are those of running one after the other).

    Returns:
        The vectors of all passages then all sentences, and the facts of every sentence.
    """
    # Loaded here, not in the thread: loading hides torch from imports for a moment
    # (index/nlp.py), which must not happen while the embedder may be importing it.
    pipeline()
    with ThreadPoolExecutor(1, thread_name_prefix="article-qa-annotate") as pool:
        facts = pool.submit(annotate, sentences)
        vectors = embed_corpus(documents, passages, sentences, embedder, cache_dir)
        return vectors, facts.result()
