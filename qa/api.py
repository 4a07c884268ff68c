"""The public API: ``ArticleQA`` engines and the module-level ``ask``."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from index.article_index import RETRIEVAL_MODES, Chunking
from index.clean import clean
from index.embed import Embedder
from index.embedder_choice import default_embedder
from index.errors import EmptyArticleError
from index.heap import release_free_heap
from index.nlp import pipeline
from index.jsonl import read_sources
from index.read import read_article
from index.store_choice import open_store
from index.store_protocol import SearchIndex, Store
from index.types import Document, Sentence
from qa.conversation import Turn, resolve
from qa.config import Settings
from qa.extract import Extractor
from qa.intent import understand, unwrap
from qa.reader import Reader
from qa.relation import relation_query
from qa.types import Answer

DEFAULT_ARTICLE = "rt-2020-01-05-iraq-us-troops.txt"
# Threads that embed questions while they are parsed; two, so that two chats asking at once
# do not wait for each other.
_QUESTION_WORKERS = ThreadPoolExecutor(2, "article-qa-question")
# Earlier turns replayed to know what the conversation is about; older ones rarely matter.
CONTEXT_TURNS = 4
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class ArticleQA:
    """Answers questions about one or more articles with cited, verbatim sentences.

    Example:
        >>> engine = ArticleQA.from_text(open("article.txt").read())
        >>> answer = engine.ask("What did Maloof warn?")
        >>> answer.text, answer.citations[0].quote
    """

    def __init__(self, index: SearchIndex, embedder: Embedder, settings: Settings) -> None:
        if settings.retrieval not in RETRIEVAL_MODES:
            raise ValueError(
                f"retrieval must be one of {RETRIEVAL_MODES}, got {settings.retrieval!r}"
            )
        self.index = index
        self.settings = settings
        self._embedder = embedder
        self._extractor = Extractor(index, settings, _reader() if settings.reader else None)
        # Loaded now, before a question is embedded on another thread: loading it hides
        # torch from imports for a moment (index.nlp), which a first embedding that
        # exports the model through sentence-transformers must not meet.
        pipeline(entities=False)

    @classmethod
    def from_documents(
        cls,
        documents: list[Document],
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        cache_dir: str | Path | None = None,
        store: Store | str | None = None,
    ) -> ArticleQA:
        """Build (or load from the store) an engine over cleaned documents.

        ``store`` is a :class:`Store`, a folder or a ``postgresql://`` URL (default:
        ``cache_dir``, else ``$ARTICLE_QA_STORE``, else the user cache folder).
        """
        settings = settings or Settings()
        embedder = embedder or default_embedder()
        chunking = Chunking(settings.passage_sentences, settings.passage_overlap)
        if store is None or isinstance(store, (str, Path)):
            store = open_store(store or cache_dir)
        engine = cls(store.index(documents, embedder, chunking), embedder, settings)
        release_free_heap()  # what loading and the extractor's tables freed
        return engine

    @property
    def embedder(self) -> Embedder:
        """The embedder that turns questions into vectors (the index's model)."""
        return self._embedder

    def with_settings(self, **changes) -> ArticleQA:
        """The same index and model with some settings changed (e.g. ``retrieval="dense"``).

        Chunking settings cannot change this way: they need a new index.
        """
        settings = replace(self.settings, **changes)
        if (settings.passage_sentences, settings.passage_overlap) != (
            self.settings.passage_sentences,
            self.settings.passage_overlap,
        ):
            raise ValueError("chunking settings need a new index: use from_documents")
        return ArticleQA(self.index, self._embedder, settings)

    @classmethod
    def from_text(cls, text: str, title: str | None = None, **options) -> ArticleQA:
        """An engine over one article given as text (``title`` overrides the detected one).

        Keyword options are those of :meth:`from_documents`.

        Raises:
            EmptyArticleError: If the text holds no article prose.
        """
        document = clean(text)
        if not document.body:
            raise EmptyArticleError("no article text found: only headlines, links or boilerplate")
        if title is not None:
            document = Document(
                document.doc_id, text, title, document.date, document.body,
                None, document.date_span, document.source,
            )
        return cls.from_documents([document], **options)

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], **options) -> ArticleQA:
        """An engine over article files, folders of them (.txt, .md) and .jsonl files of them.

        Raises:
            ArticleReadError: If a file is missing or unreadable.
            EmptyArticleError: If no article has any prose.
        """
        return cls.from_documents(read_sources(paths), **options)

    def ask(self, question: str, history: Sequence[str | Answer] | None = None, *,
            top_k: int | None = None) -> Answer:
        """Answer ``question``, using ``history`` (the earlier turns, oldest first) for
        follow-ups. A turn is the user's question, answered again to know what it was
        about, or the :class:`Answer` this engine gave it, used as it is (a long
        conversation then costs no more than a short one).

        Raises:
            ValueError: If the question is empty or longer than ``settings.max_question_chars``,
                or ``history`` is not a list of such strings or of answers (empty turns
                are skipped).
        """
        limit = self.settings.max_question_chars
        question = _checked(question, limit)
        turns: list[Turn] = []
        for turn in _checked_history(history, limit)[-CONTEXT_TURNS:]:
            answer = turn if isinstance(turn, Answer) else self._answer(turn, turns, top_k)
            turns.append(self._turn(answer))
        return self._answer(question, turns, top_k)

    def _answer(self, question: str, turns: list[Turn], top_k: int | None) -> Answer:
        started = time.perf_counter()
        extractor = self._extractor
        resolved = resolve(extractor.vocabulary.corrected(question), turns, extractor.entities,
                           self._opening)
        query = unwrap(resolved.query)
        relation = None
        if self.settings.relation_weight:
            named = extractor.entities.link(unwrap(resolved.intent_text))
            relation = relation_query(query, [m.entity for m in named])
        # One batch: the second text costs far less than a second call.
        texts = [query] if relation is None else [query, relation]
        # The question is embedded on the other core while its grammar is parsed here:
        # ONNX Runtime lets go of the interpreter, and neither needs the other.
        embedding = _QUESTION_WORKERS.submit(_timed, self._embedder.embed, texts)
        intent = understand(resolved.intent_text, extractor.entities, extractor.vocabulary)
        understood = time.perf_counter()
        vectors, embed_ms = embedding.result()
        query_vector = vectors[0]
        embedded = time.perf_counter()
        hits = self.index.search(
            query, query_vector, top_k or self.settings.top_k, self.settings.retrieval
        )
        searched = time.perf_counter()
        selection = extractor.select(intent, query, query_vector, hits, resolved.context,
                                     resolved.shown, vectors[1] if relation else None)
        done = time.perf_counter()
        return Answer(
            question=question,
            text=selection.text,
            citations=selection.citations,
            found=selection.found,
            passages=tuple(hits),
            query=resolved.query,
            confidence=selection.confidence,
            short=selection.short,
            timings_ms={
                "understand": 1000 * (understood - started),
                "embed": embed_ms,
                "search": 1000 * (searched - embedded),
                "extract": 1000 * (done - searched),
                "total": 1000 * (done - started),
            },
        )

    @cached_property
    def _opening(self) -> Turn | None:
        """What "it" means before anything was asked, with one article: its headline (its
        first sentence when it has no headline of three words or more) and its lead."""
        if len(self.index.documents) != 1:
            return None
        document = next(iter(self.index.documents.values()))
        lead = self._extractor.lead(document.doc_id)
        if not lead:
            return None
        title = document.title or ""
        topic = title if len(title.split()) >= 3 else lead[0].text
        return Turn(topic, topic, (), tuple(s.sentence_id for s in lead))

    def _turn(self, answer: Answer) -> Turn:
        """What a later turn may refer back to in ``answer``: the people its question names,
        then the speaker and the people of the sentences it cites."""
        table = self._extractor.entities
        people = [m.entity.name for m in table.link(answer.query) if m.entity.label == "PERSON"]
        holding = self._extractor.by_document.holding
        # A citation outside every sentence (a date line) or of an article this engine
        # lacks points at no sentence.
        cited = [i for i in (holding(c.doc_id, c.start) for c in answer.citations)
                 if i is not None]
        for sentence_id in cited:
            facts = self.index.facts[sentence_id]
            named = [facts.speaker] if facts.speaker else []
            named += [e.text for e in facts.entities if e.label == "PERSON"]
            for name in named:
                entity = table.named(name)
                people.append(entity.name if entity else name)
        return Turn(answer.question, answer.query, tuple(dict.fromkeys(people)), tuple(cited))

    def shortlist(self, question: str, n: int) -> list[Sentence]:
        """The ``n`` retrieved sentences the rule scores best: what the reader rereads."""
        query = _checked(question, self.settings.max_question_chars)
        query_vector = self._embedder.embed([query])[0]
        hits = self.index.search(query, query_vector, self.settings.top_k, self.settings.retrieval)
        candidates = self._extractor.candidates(hits)
        return self._extractor.rule_ranked(query, query_vector, candidates)[0][:n]


def _timed(embed: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple[np.ndarray, float]:
    """``embed(texts)`` and how long it took, in ms."""
    started = time.perf_counter()
    vectors = embed(texts)
    return vectors, 1000 * (time.perf_counter() - started)


@lru_cache(maxsize=1)
def _reader() -> Reader:
    """The bundled reader, shared by every engine in the process."""
    return Reader.bundled()


def _checked(question: str, limit: int, what: str = "question") -> str:
    """The question trimmed, with unencodable lone surrogates made U+FFFD; or ValueError."""
    if not isinstance(question, str):
        raise ValueError(f"{what} must be a string, got {type(question).__name__}")
    stripped = _LONE_SURROGATE.sub("\ufffd", question).strip()
    if not stripped:
        raise ValueError(f"{what} is empty: ask something about the article")
    if len(stripped) > limit:
        raise ValueError(f"{what} is {len(stripped):,} characters long; the limit is {limit:,}")
    return stripped


def _checked_history(history: Sequence[str | Answer] | None, limit: int) -> list[str | Answer]:
    """The earlier turns: answers as they are, questions checked like a question; empty
    questions are skipped."""
    if history is None:
        return []
    if isinstance(history, str) or not isinstance(history, (list, tuple)):
        raise ValueError(
            f"history must be a list of questions or answers, got {type(history).__name__}")
    for turn in history:
        if not isinstance(turn, (str, Answer)):
            raise ValueError(
                f"each history turn must be a question or an Answer, got {type(turn).__name__}")
    return [turn if isinstance(turn, Answer) else _checked(turn, limit, "each history turn")
            for turn in history if isinstance(turn, Answer) or turn.strip()]


def default_article_path() -> Path:
    """The article shipped with the package."""
    return Path(str(resources.files("qa") / "data" / DEFAULT_ARTICLE))


@lru_cache(maxsize=1)
def default_engine() -> ArticleQA:
    """The engine over the shipped article, built once per process."""
    return ArticleQA.from_documents([read_article(default_article_path())])


def ask(question: str, history: Sequence[str | Answer] | None = None) -> Answer:
    """Answer ``question`` about the shipped article.

    Example:
        >>> from qa import ask
        >>> answer = ask("What did Maloof warn?")
        >>> print(answer.text)

    Args:
        question: The question, in plain words.
        history: The earlier turns, oldest first, for follow-ups: the user's questions or
            the answers ``ask`` gave them.

    Returns:
        An :class:`Answer`; ``found`` is False when the article does not say.
    """
    return default_engine().ask(question, history)
