"""Pick the answer sentences from retrieved passages, or decide the article does not say."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from index.article_index import ArticleIndex
from index.sparse import terms
from index.types import Hit, Sentence
from qa.config import Settings
from qa.names import names
from qa.reader import Reader
from qa.short import role_of, short_answer
from qa.speakers import attribute
from qa.types import Citation

NOT_FOUND = "The article does not answer this question."

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
    r"|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|several|few)\b",
    re.IGNORECASE,
)
_COUNT_QUESTION = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)
# Stems shorter than this share prefixes by chance ("us" ~ "use").
_MIN_PREFIX = 5
_WHO_QUESTION = re.compile(r"^\W*(?:and\s+)?who\b", re.IGNORECASE)
_WHO_IS = re.compile(r"^\W*(?:and\s+)?who\s+(?:is|was|'s)\s+(.+?)\W*$", re.IGNORECASE)
_SAID = (
    r"(?:say|said|tell|told|warn|warned|claim|claimed|caution|cautioned|think|thought"
    r"|believe|believed|argue|argued|suggest|suggested|predict|predicted|add|added|mean|call)"
)
_WHAT_DID_X_SAY = re.compile(
    rf"^\W*(?:and\s+)?(?:what|how|why)\s+(?:did|does|do|has|had|is|was)\s+(.+?)\s+{_SAID}\b",
    re.IGNORECASE,
)
# "What did X say?" asks for everything X said; "What did X warn?" asks about a warning.
_GENERIC_SPEECH = "say says said tell tells told"
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_PUBLICATION_QUESTION = re.compile(
    r"\b(?:article|story|piece|report|this)\b.*\b(?:published|written|posted|dated|date)\b"
    r"|\b(?:publication|publishing) (?:date|time)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Selection:
    """The extractor's decision: cited sentences (empty when not found), a confidence, and
    the short answer phrase when one is clear."""

    text: str
    citations: tuple[Citation, ...]
    found: bool
    confidence: float
    short: str | None = None


class Extractor:
    """Scores the sentences of retrieved passages against a question and quotes the best.

    A sentence scores ``dense_weight * cosine + lexical_weight * overlap``, where overlap
    is the IDF-weighted share of the question's content terms that the sentence (or the
    name of its speaker) contains. "What did X say ..." is answered from X's own
    statements, "Who is X?" from the role the article gives X. With a reader, the reader's
    probability that one of the best-scored sentences answers decides "not in the article".
    """

    def __init__(
        self, index: ArticleIndex, settings: Settings, reader: Reader | None = None
    ) -> None:
        self._index = index
        self._settings = settings
        self._reader = reader
        self._speakers = attribute(index.sentences)
        # A sentence also matches the name of the person it reports ("he said" -> Davies).
        self._sentence_terms = [
            frozenset(terms(s.text)) | frozenset(terms(speaker or ""))
            for s, speaker in zip(index.sentences, self._speakers)
        ]
        document_frequency = Counter(t for ts in self._sentence_terms for t in ts)
        total = len(self._sentence_terms)
        self._idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
        self._unseen_idf = math.log(1 + total)
        self._corpus_words = {
            word.lower()
            for document in index.documents.values()
            for word in re.findall(r"\w+", document.text)
        }

    def select(self, query: str, query_vector: np.ndarray, hits: list[Hit]) -> Selection:
        """Choose up to ``max_answer_sentences`` sentences that answer ``query``."""
        if _PUBLICATION_QUESTION.search(query):
            dated = self._dated_document(hits)
            if dated is not None:
                return dated
        statements, open_ended = self._statements_of_speaker(query)
        if statements and open_ended:
            # "What did X say?" asks for X's statements themselves, whatever they are about.
            return self._compose(statements[: self._settings.max_answer_sentences], None, 1.0)
        candidates = statements or self.candidates(hits)
        if not candidates:
            return Selection(NOT_FOUND, (), False, 0.0)
        ranked, scores = self.rule_ranked(query, query_vector, candidates)
        best = float(scores[0])
        confidence = self._confidence(query, ranked, best)
        if confidence < self._threshold or not self._plausible(query, ranked[0]):
            return Selection(NOT_FOUND, (), False, confidence)
        chosen = [
            sentence
            for sentence, score in zip(ranked[: self._settings.max_answer_sentences], scores)
            if score >= best - self._settings.answer_margin
        ]
        chosen, short = self._introduction(query, chosen)
        if short is None:
            chosen = self._with_context(query, chosen)
            short = _phrase(short_answer(query, chosen[0].text), chosen[0])
        return self._compose(chosen, short, confidence)

    @property
    def _threshold(self) -> float:
        """The confidence an answer needs (the rule's is 0.5: its score reaches ``min_score``)."""
        return self._settings.reader_threshold if self._reader is not None else 0.5

    def _confidence(self, query: str, ranked: list[Sentence], best: float) -> float:
        """How likely the article answers ``query``, in [0, 1].

        With the reader: its probability that one of the rule's best ``reader_candidates``
        sentences answers. Without: the rule's best score through a logistic centred on
        ``min_score``.
        """
        if self._reader is None:
            return 1.0 / (1.0 + math.exp(-12.0 * (best - self._settings.min_score)))
        shortlist = [s.text for s in ranked[: self._settings.reader_candidates]]
        return self._reader.answer_probability(query, shortlist)

    def rule_ranked(
        self, query: str, query_vector: np.ndarray, candidates: list[Sentence]
    ) -> tuple[list[Sentence], np.ndarray]:
        """``candidates`` best first by the rule score, with their scores."""
        rule = self._scores(query, query_vector, candidates)
        order = np.argsort(-rule, kind="stable")
        return [candidates[i] for i in order], rule[order]

    def candidates(self, hits: list[Hit]) -> list[Sentence]:
        """Sentences of the retrieved passages; a headline retrieves but is never quoted."""
        seen: dict[int, Sentence] = {}
        for hit in hits:
            for sentence_id in hit.passage.sentences:
                sentence = self._index.sentences[sentence_id]
                if not self._is_title(sentence):
                    seen.setdefault(sentence_id, sentence)
        return list(seen.values())

    def _compose(self, chosen: list[Sentence], short: Sentence | None, confidence: float):
        """Quote ``chosen`` in article order, led by the short phrase when there is one."""
        best = chosen[0]
        ordered = sorted(chosen, key=lambda s: (s.doc_id, s.start))
        citations = tuple(self._cite(n, sentence) for n, sentence in enumerate(ordered, start=1))
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        if short is None:
            return Selection(text, citations, True, confidence)
        n = ordered.index(best) + 1
        lead = short.text[:1].upper() + short.text[1:]
        return Selection(f"{lead} [{n}]. {text}", citations, True, confidence, short.text)

    def _statements_of_speaker(self, query: str) -> tuple[list[Sentence], bool]:
        """For "What did X say/warn/claim ...", every sentence the article attributes to X,
        in article order, and whether the question asks nothing more specific than that."""
        match = _WHAT_DID_X_SAY.match(query)
        if not match:
            return [], False
        asked = {word.lower() for name in names(match.group(1)) for word in name.split()}
        statements = [
            sentence
            for sentence, speaker in zip(self._index.sentences, self._speakers)
            if speaker and speaker.split()[-1].lower() in asked
        ]
        topic = set(terms(query)) - set(terms(match.group(1))) - set(terms(_GENERIC_SPEECH))
        return statements, not topic

    def _introduction(self, query: str, chosen: list[Sentence]):
        """For "Who is X?", the first sentence giving X a role, and the role as short answer."""
        match = _WHO_IS.match(query)
        asked = names(match.group(1)) if match else []
        # Only "Who is <a name>?": "Who is leading the effort?" asks something else.
        if not asked or asked[0] != match.group(1).strip():
            return chosen, None
        surname = asked[0].split()[-1]
        for sentence in self._index.sentences:
            for name in names(sentence.text):
                if name.split()[-1] == surname:
                    role = _phrase(role_of(name, sentence.text), sentence)
                    if role is not None:
                        rest = [s for s in chosen if s != sentence]
                        return [sentence, *rest][: self._settings.max_answer_sentences], role
        return chosen, None

    def _is_title(self, sentence: Sentence) -> bool:
        span = self._index.documents[sentence.doc_id].title_span
        return span is not None and span.start <= sentence.start and sentence.end <= span.end

    def _with_context(self, query: str, chosen: list[Sentence]) -> list[Sentence]:
        """Add the sentence before the best one when a who-question's answer must be there.

        A who-question is answered by a name; if the best sentence names no one the question
        does not already name ("The officials were killed..."), the name it refers back to is
        in the sentence before it.
        """
        best = chosen[0]
        if not _WHO_QUESTION.match(query) or best.sentence_id == 0:
            return chosen
        known = {word for name in names(query) for word in name.split()}
        if _new_names(best.text, known):
            return chosen
        previous = self._index.sentences[best.sentence_id - 1]
        if previous.doc_id != best.doc_id or previous in chosen or self._is_title(previous):
            return chosen
        if not _new_names(previous.text, known):
            return chosen
        return [previous, *chosen][: self._settings.max_answer_sentences]

    def _scores(
        self, query: str, query_vector: np.ndarray, candidates: list[Sentence]
    ) -> np.ndarray:
        ids = [s.sentence_id for s in candidates]
        cosine = self._index.sentence_similarities(query_vector, ids)
        query_terms = set(terms(query))
        weights = {t: self._idf.get(t, self._unseen_idf) for t in query_terms}
        total = sum(weights.values()) or 1.0
        overlap = np.array(
            [
                sum(w for t, w in weights.items() if _matches(t, self._sentence_terms[i])) / total
                for i in ids
            ]
        )
        return self._settings.dense_weight * cosine + self._settings.lexical_weight * overlap

    def _plausible(self, query: str, sentence: Sentence) -> bool:
        """Reject an answer the question's own words rule out.

        A name in the question that the article never mentions means the article is about
        something else; a how-many question needs a number in the answer (a year is not one).
        """
        for name in names(query):
            if not any(word.lower() in self._corpus_words for word in re.findall(r"\w+", name)):
                return False
        if _COUNT_QUESTION.search(query):
            return bool(_NUMBER.search(_YEAR.sub("", sentence.text)))
        return True

    def _dated_document(self, hits: list[Hit]) -> Selection | None:
        for hit in hits:
            document = self._index.documents[hit.doc_id]
            if document.date_span is not None:
                span = document.date_span
                citation = Citation(
                    1, document.doc_id, span.of(document.text), span.start, span.end,
                    document.source,
                )
                return Selection(f"{citation.quote} [1]", (citation,), True, 1.0, citation.quote)
        return None

    def _cite(self, n: int, sentence: Sentence) -> Citation:
        source = self._index.documents[sentence.doc_id].source
        return Citation(n, sentence.doc_id, sentence.text, sentence.start, sentence.end, source)


def _phrase(span: tuple[int, int] | None, sentence: Sentence) -> Sentence | None:
    """The part ``span`` of ``sentence`` as a sentence-shaped record with document offsets."""
    if span is None:
        return None
    start, end = span
    return Sentence(sentence.doc_id, sentence.sentence_id, sentence.text[start:end],
                    sentence.start + start, sentence.start + end)


def _new_names(text: str, known: set[str]) -> list[str]:
    """Names in ``text`` (past its first word) with a word not in ``known``."""
    return [name for name in names(text) if set(name.split()) - known]


def _matches(term: str, sentence_terms: frozenset[str]) -> bool:
    """Exact stem match, or a shared stem the stemmer missed ("behaviour" ~ "behav")."""
    if term in sentence_terms:
        return True
    if len(term) < _MIN_PREFIX:
        return False
    return any(
        len(other) >= _MIN_PREFIX and (term.startswith(other) or other.startswith(term))
        for other in sentence_terms
    )
