"""The searchable index of a corpus: sentences, passages, their vectors and BM25."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from index.chunk import SEGMENTATION_VERSION, make_passages, split_sentences
from index.dense import DenseIndex
from index.embed import Embedder
from index.embed_annotate import embed_and_annotate
from index.errors import EmptyArticleError
from index.hybrid import reciprocal_rank_fusion
from index.nlp import SentenceFacts, pipeline_id
from index.sparse import TERMS_VERSION, SparseIndex
from index.types import Document, Hit, Passage, Sentence
from index.vector_rows import VectorRows

log = logging.getLogger("article_qa")

RETRIEVAL_MODES = ("hybrid", "dense", "sparse")


@dataclass(frozen=True, slots=True)
class Chunking:
    """How documents are cut into passages; recorded in every saved index."""

    passage_sentences: int = 3
    passage_overlap: int = 1


class ArticleIndex:
    """Hybrid (FAISS + BM25) passage retrieval with precomputed sentence vectors.

    Example:
        >>> from index.clean import clean
        >>> from index.st_embed import SentenceTransformerEmbedder
        >>> embedder = SentenceTransformerEmbedder()
        >>> index = ArticleIndex.build([clean(text)], embedder)
        >>> question = "What did Maloof warn?"
        >>> hits = index.search(question, embedder.embed([question])[0], k=3)
    """

    def __init__(
        self,
        documents: Sequence[Document],
        sentences: Sequence[Sentence],
        passages: Sequence[Passage],
        passage_vectors: DenseIndex,
        sentence_matrix: np.ndarray | VectorRows,
        model_name: str,
        chunking: Chunking,
        facts: Sequence[SentenceFacts],
        sparse: SparseIndex | None = None,
    ) -> None:
        """``sentence_matrix`` holds one vector per sentence (read from its file when loaded);
        ``sparse`` is the passages' BM25 index when it was saved; without it, it is built."""
        if len(facts) != len(sentences):
            raise ValueError(f"{len(facts)} sentence annotations for {len(sentences)} sentences")
        self.documents = {document.doc_id: document for document in documents}
        self.sentences = tuple(sentences)
        self.passages = tuple(passages)
        self.passage_vectors = passage_vectors
        self.model_name = model_name
        self.chunking = chunking
        # Entities and reported speakers, parsed once at build time (index/nlp.py).
        self.facts = tuple(facts)
        self.sparse = sparse or SparseIndex([passage.text for passage in self.passages])
        # Sentence vectors are looked up by id (the candidates of each question), never searched.
        self.sentence_matrix = sentence_matrix

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        embedder: Embedder,
        chunking: Chunking = Chunking(),
        vector_cache: Path | None = None,
    ) -> ArticleIndex:
        """Split, chunk and embed ``documents``.

        ``vector_cache`` is a folder of per-document vectors (index/vector_cache.py): a
        document whose vectors are there is not embedded again.

        Raises:
            EmptyArticleError: If no document has any prose.
        """
        sentences, passages = chunk_documents(documents, chunking)
        started = time.perf_counter()
        log.info("embedding and annotating %d passages and %d sentences",
                 len(passages), len(sentences))
        vectors, facts = embed_and_annotate(documents, passages, sentences, embedder, vector_cache)
        log.info("embedded and annotated in %.1f s", time.perf_counter() - started)
        return cls(
            documents,
            sentences,
            passages,
            DenseIndex.build(vectors[: len(passages)]),
            np.ascontiguousarray(vectors[len(passages) :], dtype=np.float32),
            embedder.name,
            chunking,
            facts,
        )

    @property
    def dimension(self) -> int:
        return self.passage_vectors.dimension

    def search(
        self, query: str, query_vector: np.ndarray, k: int, retrieval: str = "hybrid"
    ) -> list[Hit]:
        """Top ``k`` passages for one question by reciprocal rank fusion of FAISS and BM25.

        ``retrieval`` is ``"hybrid"`` (both), ``"dense"`` or ``"sparse"`` (one ranking only,
        for baselines); hits always carry both raw scores where known.
        """
        return self.search_batch([query], query_vector.reshape(1, -1), k, retrieval)[0]

    def search_batch(
        self,
        queries: Sequence[str],
        query_vectors: np.ndarray,
        k: int,
        retrieval: str = "hybrid",
    ) -> list[list[Hit]]:
        """Search several questions; ``query_vectors`` has one row per question."""
        check_retrieval(retrieval)
        depth = search_depth(k)
        return [
            fused_hits(self.passages, dense, self.sparse.search(query, depth), k, retrieval)
            for query, dense in zip(queries, self.passage_vectors.search_batch(query_vectors, depth))
        ]

    def sentence_similarities(self, query_vectors: np.ndarray, sentence_ids: Sequence[int]) -> np.ndarray:
        """Cosine similarity of a question (``(d,)``: one per sentence) or of several
        (``(m, d)``: a row per sentence) to each given sentence."""
        return self.sentence_matrix[list(sentence_ids)] @ np.asarray(query_vectors, dtype=np.float32).T


def chunk_documents(
    documents: Sequence[Document], chunking: Chunking
) -> tuple[list[Sentence], list[Passage]]:
    """Sentences and passages of ``documents``, numbered on across them in order.

    Raises:
        EmptyArticleError: If no document has any prose.
    """
    sentences: list[Sentence] = []
    passages: list[Passage] = []
    for document in documents:
        doc_sentences = split_sentences(document, first_id=len(sentences))
        passages.extend(
            make_passages(
                document,
                doc_sentences,
                chunking.passage_sentences,
                chunking.passage_overlap,
                first_id=len(passages),
            )
        )
        sentences.extend(doc_sentences)
    if not passages:
        names = ", ".join(d.source or d.doc_id for d in documents) or "no documents"
        raise EmptyArticleError(f"no article text found after cleaning ({names})")
    return sentences, passages


def check_retrieval(retrieval: str) -> None:
    """Raise ``ValueError`` unless ``retrieval`` is one of :data:`RETRIEVAL_MODES`."""
    if retrieval not in RETRIEVAL_MODES:
        raise ValueError(f"retrieval must be one of {RETRIEVAL_MODES}, got {retrieval!r}")


def search_depth(k: int) -> int:
    """How many passages each retriever returns for a top-``k`` search.

    Each retriever contributes a deeper list than k so that fusion can promote passages
    that both rank moderately well.
    """
    return max(2 * k, 20)


def fused_hits(
    passages: Sequence[Passage],
    dense: Sequence[tuple[int, float]],
    sparse: Sequence[tuple[int, float]],
    k: int,
    retrieval: str,
) -> list[Hit]:
    """The top ``k`` hits from the dense and sparse ``(row, score)`` rankings, best first."""
    dense_scores, sparse_scores = dict(dense), dict(sparse)
    rankings = {
        "hybrid": [[i for i, _ in dense], [i for i, _ in sparse]],
        "dense": [[i for i, _ in dense]],
        "sparse": [[i for i, _ in sparse]],
    }[retrieval]
    fused = reciprocal_rank_fusion(rankings)
    return [
        Hit(passages[row], score, rank, dense_scores.get(row), sparse_scores.get(row))
        for rank, (row, score) in enumerate(fused[:k], start=1)
    ]


def fingerprint(documents: Sequence[Document], model_name: str, chunking: Chunking) -> dict:
    """What a saved index must match to be reused: model, NLP pipeline, chunking, every
    article's hash and what cleaning selected in it (so a change of the cleaning rules is never
    a stale hit)."""
    return {
        "model": model_name,
        "nlp": pipeline_id(),
        "chunking": asdict(chunking),
        "segmentation": SEGMENTATION_VERSION,
        "terms": TERMS_VERSION,
        "documents": [
            {
                "doc_id": d.doc_id,
                "sha256": hashlib.sha256(d.text.encode()).hexdigest(),
                "selection": hashlib.sha256(
                    repr((d.title_span, d.date_span, d.body)).encode()
                ).hexdigest()[:16],
            }
            for d in documents
        ],
    }


def fingerprint_key(fingerprint_: dict) -> str:
    """A short, stable directory name for a fingerprint."""
    return hashlib.sha256(json.dumps(fingerprint_, sort_keys=True).encode()).hexdigest()[:20]
