"""A corpus's vectors and its sentences' annotations, computed side by side."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from index.embed import Embedder, document_embedding
from index.nlp import SentenceFacts, annotate, pipeline
from index.types import Document, Passage, Sentence
from index.vector_cache import VectorCache, embed_corpus, embed_grouped


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

    A sentence that refers to people it does not name is then embedded as written out with
    their names (:attr:`index.nlp.SentenceFacts.written_out`).

    Returns:
        The vectors of all passages then all sentences, and the facts of every sentence.
    """
    # Loaded here, not in the thread: loading hides torch from imports for a moment
    # (index/nlp.py), which must not happen while the embedder may be importing it.
    pipeline()
    with ThreadPoolExecutor(1, thread_name_prefix="article-qa-annotate") as pool:
        annotating = pool.submit(annotate, sentences)
        vectors = embed_corpus(documents, passages, sentences, embedder, cache_dir)
        facts = annotating.result()
    _embed_written_out(vectors[len(passages):], documents, sentences, facts, embedder, cache_dir)
    return vectors, facts


def _embed_written_out(
    sentence_vectors: np.ndarray,
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    facts: Sequence[SentenceFacts],
    embedder: Embedder,
    cache_dir: str | os.PathLike | None,
) -> None:
    """Give a sentence that refers to people without naming them ("She won the title",
    "The officials were killed") the vector of its ``written_out`` form, in place: the
    names are what a question about them asks for. Cached per document like the rest."""
    rows: dict[str, list[int]] = {d.doc_id: [] for d in documents}
    for i, (sentence, fact) in enumerate(zip(sentences, facts)):
        if fact.written_out is not None:
            rows[sentence.doc_id].append(i)
    order = [(document, rows[document.doc_id]) for document in documents if rows[document.doc_id]]
    if not order:
        return
    cache = VectorCache(cache_dir, embedder.name) if cache_dir is not None else None
    groups = [(document.text, [facts[i].written_out for i in doc_rows]) for document, doc_rows in order]
    for (_, doc_rows), vectors in zip(order, embed_grouped(groups, document_embedding(embedder), cache)):
        sentence_vectors[doc_rows] = vectors
