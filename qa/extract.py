"""Pick the answer sentences from retrieved passages, or decide the article does not say."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from index.article_index import ArticleIndex
from index.nlp import Entity
from index.sparse import terms
from index.types import Hit, Sentence
from qa import lexicon
from qa.config import Settings
from qa.document_sentences import DocumentSentences
from qa.entities import ArticleEntity, EntityTable
from qa.intent import ANSWER_LABELS, Intent, Wants, is_narrator, kind_of_noun
from qa.names import as_words
from qa.reader import Reader
from qa.relation import without_names
from qa.sentence_parse import apposed, argument_spans, spoken
from qa.sentence_terms import SentenceTerms, derived
from qa.short import description, role_of, short_answer
from qa.spelling import Vocabulary
from qa.types import Citation

NOT_FOUND = "The article does not answer this question."
NOTHING_MORE = "The article says nothing more about this."

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
    r"|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|several|few)\b",
    re.IGNORECASE,
)
# "Who is X?" looks for what X is among X's first sentences (each is parsed at ask time).
_DESCRIBED_WITHIN = 6
# Where the question's verb puts the answer ("who did X meet?", "what was X convicted
# of?") is looked for among this many of the best-ranked candidates.
_VERB_CANDIDATES = 8
# A name that answers "what is the name of X" is written this close to X (characters).
_NEAR_CHARS = 40
# What stands between a noun and the name of one of what it names: "producer Chiquita",
# "Chiquita, the producer", "song “Livin' La Vida Loca”".
_ADJACENT = re.compile(r"[\s,“”\"‘’']{1,3}")
# The word before or after a hyphen.
_WORD_START = re.compile(r"\w+$")
_WORD_END = re.compile(r"\w+")
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART",
                          "LAW", "PRODUCT", "NAME"})
# "What did X say?" asks for everything X said; "What did X warn?" asks about a warning.
_GENERIC_SPEECH = "say says said tell tells told think thinks thought"
_WHO_IS = re.compile(r"\W*who\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\bhow much\b", re.IGNORECASE)
_HOW_OLD = re.compile(r"\W*how old\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Words giving the age of the name before them: "Ancelotti, *who turns* 50 next week",
# "Hasan, *aged* 39".
_AGE_CLAUSE = r"(?:who\s+(?:turns|turned|will\s+turn)|aged)\s+"
# A name given in quotes: "a book titled “Critical”", "a dog called 'Rex'".
_TITLED = re.compile(r"\b(?:titled|entitled|called|named)\s+[“\"‘']")
_YEARS_OLD = re.compile(r"\b\d{1,3}-year-old\b")
# An age said of "he" or "she": "He was 66", "she turned 40".
_PRONOUN_AGE = re.compile(
    r"\b(?:he|she)\s+(?:was|is|turned|turns|will\s+turn)\s+(\d{1,3})\b(?![.,]\d)", re.IGNORECASE)
# An age written after a name ("Hasan*, 39,* was wounded"): no count.
_AGE_AFTER_NAME = re.compile(r",\s+\d{1,3}\s*(?=[,)])")
# Lead sentences of each retrieved article that are candidates, retrieved or not.
LEAD_CANDIDATES = 2
_PERSON = frozenset({"PERSON"})
# Who does something: a person, or an organisation acting as one ("a USA Today/Gallup poll").
_ACTORS = frozenset({"PERSON", "ORG"})
# What names a nationality: "a *Sudanese* citizen", "a citizen of *Sudan*".
_NATION_LABELS = frozenset({"NORP", "GPE"})
# Things, not anyone who could be quoted.
_THING_LABELS = frozenset({"WORK_OF_ART", "EVENT", "FAC", "PRODUCT", "LAW"})
# Places and groups a role may be written with ("*U.S.* President", "*Chargers* coach").
_GROUP_LABELS = frozenset({"GPE", "NORP", "ORG", "LOC"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_EVENT_TERMS = frozenset(terms(" ".join(lexicon.EVENT_VERBS)))
_QUESTION_END = re.compile(r"\?\W*$")
# A news dateline: where the story was filed, not where anything in it happened ("LONDON,
# England (CNN) -- ", "WASHINGTON (Reuters) - ", "BEIRUT, Lebanon -- ").
_CITY_LINE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*"
_DATELINE = re.compile(
    rf"^\W*(?:(?:{_CITY_LINE}(?:, [A-Z][\w.'’ -]*?)? *)?\([\w. ]{{2,25}}\) *(?:--|—|–|-)"
    rf"|{_CITY_LINE}, [A-Z][\w.'’ -]*? *(?:--|—|–)) ")
# Between a role and the name of who holds it: "the judge, Sheikh Habib al-Habib", "Police
# Chief Peter Brower" (capitalised words are more of the title), "the commander of the
# militia, Abu Karim"; and between a name and the role apposed or predicated to it:
# "Abdullah al-Jutaili, the mother's attorney", "Renzaho was governor" (not "Karim Nasser,
# and its deputy commander").
_ROLE_BEFORE = re.compile(r",?\s+(?:of\s+[^,;]{1,60}?,\s+)?(?:[A-Z][\w.'’-]*\s+)*")
_ROLE_AFTER = re.compile(
    r"(?:,|\s+(?:is|was|became|has been|had been))\s+(?:(?:the|a|an|his|her|their|its)\s+)?"
    r"(?:(?!(?:and|or|but)\b)[\w.'’-]+\s+){0,3}")
# What follows a role to say whose it is: "governor *of the capital, Kigali*", "president
# *and CEO of the Southern Poverty Law Center*".
_OF_WHAT = re.compile(r"(?:\s+and\s+[\w-]+)?\s+of\s+[^;.]{1,40}")
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
    name of its speaker) contains, plus ``answer_type_weight`` when it holds an entity of the
    kind the question wants (a date for "when", a person or group for "who"); ranking adds
    ``passage_weight`` over the rank of the best retrieved passage holding it, and
    ``event_weight`` when it dates the event a when-question asks about or holds what a
    what-question's "what" stands for in the place of its verb. What the
    question wants (:mod:`qa.intent`) picks the candidates: X's own statements for "what did
    X say", the role the article gives X for "who is X", one sentence per item for a list.
    With a reader, the reader's probability that one of the best-scored sentences answers
    decides "not in the article".
    """

    def __init__(
        self, index: ArticleIndex, settings: Settings, reader: Reader | None = None
    ) -> None:
        self._index = index
        self._settings = settings
        self._reader = reader
        self.entities = EntityTable(index.sentences, index.facts)
        self.by_document = DocumentSentences(index.sentences)
        # The words of the names of things, which speak for no one ("The Oprah Winfrey Show").
        self._thing_words = {w.strip("“”\"‘’'") for e in self.entities.entities
                             if e.label in _THING_LABELS for w in e.name.lower().split()}
        # Each sentence's place in its document's body (0 = the lead, after any headline).
        self._position = _body_positions(index.sentences, self._is_title)
        self._speakers = [fact.speaker for fact in index.facts]
        # A sentence also matches the name of the person it reports ("he said" -> Davies)
        # and of the people it refers to ("He received the prize" -> Pinter, "The
        # officials were killed" -> the officials named before).
        self._terms = SentenceTerms(
            [*terms(s.text), *terms(fact.speaker or ""), *terms(fact.referent or ""),
             *terms(" ".join(fact.antecedents))]
            for s, fact in zip(index.sentences, index.facts)
        )
        self.vocabulary = Vocabulary(d.text for d in index.documents.values())

    def select(self, intent: Intent, query: str, query_vector: np.ndarray, hits: list[Hit],
               context: tuple[int, ...] = (), shown: tuple[int, ...] = (),
               relation_vector: np.ndarray | None = None) -> Selection:
        """Choose the sentences that answer ``query`` as ``intent`` understands it.

        ``context`` holds sentence ids an earlier answer cited, for "it" / "that"; ``shown``
        the ones the conversation already gave, never quoted again ("tell me more").
        ``relation_vector`` embeds the question without the names it is about
        (:func:`qa.relation.relation_query`); ranking takes ``relation_weight`` of the
        cosine from it.
        """
        selection = self._select(intent, query, query_vector, hits, context, shown,
                                 relation_vector)
        if shown and not selection.found:
            return replace(selection, text=NOTHING_MORE)
        return selection

    def _select(self, intent: Intent, query: str, query_vector: np.ndarray, hits: list[Hit],
                context: tuple[int, ...], shown: tuple[int, ...],
                relation_vector: np.ndarray | None) -> Selection:
        if _PUBLICATION_QUESTION.search(query):
            dated = self._dated_document(hits)
            if dated is not None:
                return dated
        if intent.unknown_names:
            # A name the article never mentions: the article is about something else.
            return Selection(NOT_FOUND, (), False, 0.0)
        wants = intent.wants
        if wants is Wants.SUMMARY:
            # Of the best retrieved article.
            lead = self.lead(hits[0].doc_id, shown) if hits else []
            if lead:
                return self._compose(lead, None, self._fit(query, query_vector, lead))
        if wants is Wants.LISTENER:
            return self._addressed(intent, query, query_vector, shown)
        if wants is Wants.LIST:
            listed = self._list(intent)
            if listed:
                return self._compose(listed, None, self._fit(query, query_vector, listed))
        speech = wants in (Wants.STATEMENTS, Wants.VIEW)
        statements = [s for s in self._statements(intent, context) if s.sentence_id not in shown
                      ] if speech else []
        if not statements and speech:
            statements = [s for s in self._reported_by(intent, hits) if s.sentence_id not in shown]
        if not statements and speech and (_must_be_quoted(intent)
                                           or self._part_of_a_things_name(intent.subject_text)):
            # A role no quoted speaker is given ("New York police said" names no one): the
            # retrieved sentences that mention it. Someone the article never quotes ("What
            # did Fox News report?") is not in the article.
            mentioning = self._mentioning_role(intent, hits)
            if not mentioning:
                return Selection(NOT_FOUND, (), False, 0.0)
            # The names of the question qualify the role ("McCain's doctors"): ranked by the
            # whole question, not by what it asks without them.
            return self._best(intent, query, query_vector, mentioning, typed=False, hits=hits)
        if statements:
            if wants is Wants.VIEW:
                central = self._central(statements)
                return self._compose(central, None, self._fit(query, query_vector, central),
                                     in_order=False)
            topic = (set(intent.terms) - _subject_terms(intent) - set(terms(_GENERIC_SPEECH))
                     - set(terms(" ".join(lexicon.NARRATOR_WORDS))))
            if not topic:
                # "What did X say?" asks for X's statements themselves, whatever they are about.
                quoted = statements[: self._settings.max_answer_sentences]
                return self._compose(quoted, None, self._fit(query, query_vector, statements))
            # All of them are X's: rank them by what they say about the topic alone.
            return self._best(intent, query, query_vector, statements, typed=False,
                              rank_by=without_names(query, _subject_names(intent)),
                              relation_vector=relation_vector)
        if wants is Wants.IDENTITY and intent.subject is not None:
            introduced = (self._nationality(intent.subject) if intent.head in lexicon.NATION_NOUNS
                          else self._introduction(intent.subject))
            if introduced is not None and introduced[0].sentence_id not in shown:
                sentence, role = introduced
                chosen = [sentence]
                spelled_out = intent.subject.spelled_out
                if spelled_out is not None and spelled_out != sentence.sentence_id:
                    # What an acronym stands for is part of what it is.
                    chosen.append(self._index.sentences[spelled_out])
                return self._compose(chosen, role, self._fit(query, query_vector, chosen))
        candidates = self.candidates(hits)
        candidates += [self._index.sentences[i] for i in context
                       if self._index.sentences[i] not in candidates]
        candidates = [s for s in candidates if s.sentence_id not in shown]
        if wants is Wants.MEASURE and _HOW_OLD.match(intent.text):
            # "how old is X?": X's age may be written with any mention of X, retrieved or not.
            article = [s for doc_id in dict.fromkeys(h.doc_id for h in hits)
                       for s in self.by_document.of(doc_id) if s.sentence_id not in shown]
            aged = self._ages(article, intent)
            if not aged and _asks_a_persons_age(intent) and not any(
                    self._unnamed_age(s) for s in article):
                # "how old is the judge?" of an article that gives no age of the judge, and
                # none that may be anyone's ("the 61-year-old former Senate leader").
                return Selection(NOT_FOUND, (), False, 0.0)
            candidates += [self._index.sentences[i] for i in aged
                           if self._index.sentences[i] not in candidates]
        referred = self._referred(intent, context, shown)
        if referred:
            # "where did it happen?": "it" is what the last answer told, which may say.
            candidates = referred
        return self._best(intent, query, query_vector, candidates, typed=True, hits=hits,
                          relation_vector=relation_vector)

    def _referred(self, intent: Intent, context: tuple[int, ...],
                  shown: tuple[int, ...]) -> list[Sentence]:
        """The sentences a follow-up's "it" or "that" points back at (``context``) that hold
        the kind of entity the question wants; none when it wants no kind."""
        labels = ANSWER_LABELS.get(intent.wants)
        if labels is None:
            return []
        sentences = [self._index.sentences[i] for i in context if i not in shown]
        return [s for s in sentences if self._plausible(intent, s, labels)]

    def _addressed(self, intent: Intent, query: str, query_vector: np.ndarray,
                   shown: tuple[int, ...]) -> Selection:
        """Whom the subject spoke to: the first of their statements that says ("Vltchek
        told RT"), with the listener as the short answer; "not in the article" if none does."""
        facts = self._index.facts
        for i in intent.subject.statements if intent.subject else ():
            listener = facts[i].listener
            sentence = self._index.sentences[i]
            at = sentence.text.find(listener) if listener else -1
            if at >= 0 and i not in shown:
                short = _phrase((at, at + len(listener)), sentence)
                return self._compose([sentence], short, self._fit(query, query_vector, [sentence]))
        return Selection(NOT_FOUND, (), False, 0.0)

    def lead(self, doc_id: str, shown: tuple[int, ...] = ()) -> list[Sentence]:
        """What a news article is about: the first sentences of its body, past any already
        shown."""
        body = [s for s in self.by_document.of(doc_id)
                if not self._is_title(s) and not _QUESTION_END.search(s.text)
                and s.sentence_id not in shown]
        return body[: self._settings.max_answer_sentences]

    def _fit(self, query: str, query_vector: np.ndarray, sentences: list[Sentence]) -> float:
        """The confidence of an answer chosen by its structure (X's statements, X's
        introduction, a list): how well its best sentence matches the question, counting
        the same bonus as a sentence of the wanted kind. It only ranks answers; it never
        refuses one."""
        best = float(self._scores(query, query_vector, sentences).max())
        return self._confidence(query, sentences, best + self._settings.answer_type_weight)

    def _best(self, intent: Intent, query: str, query_vector: np.ndarray,
              candidates: list[Sentence], typed: bool, rank_by: str | None = None,
              hits: list[Hit] = (), relation_vector: np.ndarray | None = None) -> Selection:
        """The best-scored candidates, or "not found" when the best is too weak.

        For a question that wants a kind of entity (a date, a place, a name), candidates
        holding one score ``answer_type_weight`` more; a how-many question is answered only
        by a sentence with a number. (A hard filter on every kind refused answerable SQuAD
        questions whose answer the recogniser misses: docs/evaluation.md.) Candidates chosen
        by their speaker (``typed`` False) get the same bonus: the speaker is what the
        question asked for. ``rank_by``, when given, orders the candidates instead of
        ``query`` (which still decides "not found"). ``relation_vector``, when given, ranks
        by ``relation_weight`` of the cosine too (:meth:`_relation_shift`), never the decision.
        """
        labels = ANSWER_LABELS.get(intent.wants) if typed else None
        if typed and labels is None and (intent.head == "name" or intent.instance_of):
            # "What is the name of the sprinter?", "Which banana producer?": a name of any kind.
            labels = _NAME_LABELS
        if labels is not None and intent.head in lexicon.NATION_NOUNS:
            # "Which countries' officers died?" is answered by "Iranian and Iraqi" too.
            labels |= {"NORP"}
        if labels is not None and intent.wants is Wants.NUMBER and not _AMOUNT.search(query):
            # "How many" is answered by a number or not at all; "how much" also by a word
            # ("little support", "voluminous literature").
            candidates = [s for s in candidates if self._plausible(intent, s, labels)]
        if not candidates:
            return Selection(NOT_FOUND, (), False, 0.0)
        ranked, scores = self.rule_ranked(rank_by or query, query_vector, candidates)
        bonus = self._settings.lead_weight * np.array(
            [1.0 / (1 + self._position[s.sentence_id]) for s in ranked])
        fits = np.ones(len(ranked))
        if labels is not None:
            fits = np.array([self._plausible(intent, s, labels) for s in ranked], dtype=float)
            bonus += self._settings.answer_type_weight * fits
        elif not typed:
            bonus += self._settings.answer_type_weight
        scores = scores + bonus
        ranking = (scores + self._passage_bonus(ranked, hits)
                   + self._relation_shift(ranked, query_vector, relation_vector))
        # Where the question's verb puts the answer: a when-question's date, what "what"
        # or "where" stands for.
        by_verb = self._dated_events(ranked, intent) or self._arguments(
            _best_ranked(ranked, ranking), intent)
        on_verb = np.array([s.sentence_id in by_verb for s in ranked])
        ranking = ranking + self._settings.event_weight * on_verb
        if intent.wants is Wants.PLACE:
            # The place of the asked verb answers "where" though it names no place ("work
            # *in nursing homes*").
            ranking = ranking + self._settings.answer_type_weight * on_verb * (1 - fits)
        holders = self._placed(intent, ranked, ranking, labels)
        if not holders and self._held_elsewhere(ranked, intent):
            # "Who is the president of Sudan?" of an article naming only the U.S. president.
            return Selection(NOT_FOUND, (), False, 0.0)
        first = np.array([s.sentence_id in holders for s in ranked])
        order = np.lexsort((-ranking, ~first))  # stable: the holders first, each part best first
        ranked, scores, ranking, first = ([ranked[i] for i in order], scores[order],
                                          ranking[order], first[order])
        # "Not found" is decided on the whole question, even when ranking ignores part of it.
        evidence = scores if rank_by is None else (
            self._scores(query, query_vector, ranked) + self._settings.answer_type_weight)
        best = float(evidence.max())
        confidence = self._confidence(query, ranked, best)
        if confidence < self._threshold:
            return Selection(NOT_FOUND, (), False, confidence)
        chosen = [
            sentence
            for sentence, score, held in zip(ranked[: self._settings.max_answer_sentences],
                                             ranking, first)
            if held == first[0] and score >= ranking[0] - self._settings.answer_margin
        ]
        held = holders.get(chosen[0].sentence_id) or by_verb.get(chosen[0].sentence_id)
        if held is None:
            chosen = self._with_context(intent, chosen)
        short = _phrase(_whole_words(held, chosen[0].text) if held else
                        short_answer(query, _without_dateline(chosen[0].text)), chosen[0])
        if intent.head == "name" and not self._named_near(
                chosen[0], intent, set(intent.terms) - set(terms("name names")), _NAME_LABELS):
            # "What is the name of X?" needs a name written next to X.
            return Selection(NOT_FOUND, (), False, confidence)
        return self._compose(chosen, short, confidence)

    def _passage_bonus(self, sentences: list[Sentence], hits: list[Hit]) -> np.ndarray:
        """``passage_weight / (1 + rank)`` of the best-ranked retrieved passage holding each
        sentence (0 for one no passage holds): the words around a sentence count too."""
        rank = {}
        for hit in hits:
            for sentence_id in hit.passage.sentences:
                rank.setdefault(sentence_id, hit.rank)
        return self._settings.passage_weight * np.array(
            [1.0 / (1 + rank[s.sentence_id]) if s.sentence_id in rank else 0.0
             for s in sentences])

    def _relation_shift(self, sentences: list[Sentence], query_vector: np.ndarray,
                        relation_vector: np.ndarray | None) -> np.ndarray:
        """What ranking adds when ``relation_weight`` of the dense cosine is taken from the
        question without the names it is about rather than from the whole question (0 with
        no such vector)."""
        if relation_vector is None:
            return np.zeros(len(sentences))
        both = self._index.sentence_similarities(np.stack([relation_vector, query_vector]),
                                                 [s.sentence_id for s in sentences])
        return self._settings.dense_weight * self._settings.relation_weight * (both[:, 0] - both[:, 1])

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
        """Sentences of the retrieved passages, then the lead of each retrieved article (a
        news lead says what, who, when and where, though the rest of the article may repeat
        the question's words more often); a headline, or a question the article asks ("What
        the heck are triglycerides?"), retrieves but is never quoted."""
        seen: dict[int, Sentence] = {}
        for hit in hits:
            for sentence_id in hit.passage.sentences:
                sentence = self._index.sentences[sentence_id]
                if not self._is_title(sentence) and not _QUESTION_END.search(sentence.text):
                    seen.setdefault(sentence_id, sentence)
        for doc_id in dict.fromkeys(hit.passage.doc_id for hit in hits):
            for sentence in self.lead(doc_id)[:LEAD_CANDIDATES]:
                seen.setdefault(sentence.sentence_id, sentence)
        return list(seen.values())

    def _compose(self, chosen: list[Sentence], short: Sentence | None, confidence: float,
                 in_order: bool = True) -> Selection:
        """Quote ``chosen`` (in article order unless ``in_order`` is False), led by the short
        phrase when there is one."""
        best = chosen[0]
        ordered = sorted(chosen, key=lambda s: (s.doc_id, s.start)) if in_order else chosen
        citations = tuple(self._cite(n, sentence) for n, sentence in enumerate(ordered, start=1))
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        if short is None:
            return Selection(text, citations, True, confidence)
        n = ordered.index(best) + 1
        lead = short.text[:1].upper() + short.text[1:]
        return Selection(f"{lead} [{n}]. {text}", citations, True, confidence, short.text)

    def _statements(self, intent: Intent, context: tuple[int, ...]) -> list[Sentence]:
        """The sentences whose words are the subject's, in article order: an entity's
        reported statements; for "the author", the article's own sentences near the
        context; for a subject written as a role ("the Iraqi president"), the statements of
        the speaker the article gives that role. Empty when the subject is never quoted."""
        sentences = self._index.sentences
        if intent.subject is not None:
            return [sentences[i] for i in intent.subject.statements]
        if is_narrator(intent.subject_text):
            own = [s for s, speaker in zip(sentences, self._speakers)
                   if speaker is None and not self._is_title(s)]
            if context:
                # A comment on what was just discussed follows it.
                after = [s for s in own if s.sentence_id > max(context)]
                return after[:1]
            return own
        role = _role_stems(intent)
        for entity in self.entities.entities:
            if entity.statements and role and any(
                self._given_role(sentences[i], role, entity) for i in entity.sentences
            ):
                return [sentences[i] for i in entity.statements]
        return []

    def _given_role(self, sentence: Sentence, role: set[str], entity: ArticleEntity) -> bool:
        """Whether ``sentence`` gives ``entity`` a role with one of the stems ``role`` next
        to its name: as a title ("Iraqi *President* Jalal Talabani", also when the
        recogniser took the title into the name) or in apposition ("Hadi Abdullah, the
        girl's *uncle*"); not any word before it ("the girl's family told Reuters")."""
        text = sentence.text
        roles = _words_with_stems(text, role)
        return any(
            any(e.start <= r.start() < e.end or _next_to(text, r, e) for r in roles)
            for e in self._index.facts[sentence.sentence_id].entities
            if e.text.lower() in entity.aliases or e.text == entity.name
        )

    def _reported_by(self, intent: Intent, hits: list[Hit]) -> list[Sentence]:
        """The retrieved sentences in which a subject written as a noun, not a name, reports
        a clause: the subject of a verb with a clausal complement has the question's noun
        ("*a study* found that drivers who text ..." for "what does the study say?", "*the
        girl's family* told Reuters they were dismayed"); none for a named subject. A name
        the question gives must be in that subject ("okoye's doctors")."""
        if intent.subject is not None or is_narrator(intent.subject_text):
            return []
        noun = _role_stems(intent)
        named = _named_by(intent)

        def reports(subject: str) -> bool:
            return bool(noun & set(terms(subject))) and (
                not named or any(name in subject.lower() for name in named))

        found = []
        for sentence in self.candidates(hits) if noun else []:
            arguments = self._index.facts[sentence.sentence_id].arguments
            reporting = {verb for verb, place, _, _ in arguments if place == "ccomp"}
            if any(verb in reporting and place == "nsubj" and reports(sentence.text[start:end])
                   for verb, place, start, end in arguments):
                found.append(sentence)
        return sorted(found, key=lambda s: s.sentence_id)

    def _mentioning_role(self, intent: Intent, hits: list[Hit]) -> list[Sentence]:
        """The retrieved sentences that name the role the question's subject is written as
        ("the police", "the spokesman"); none for a named subject."""
        if (intent.subject is not None or is_narrator(intent.subject_text)
                or self._part_of_a_things_name(intent.subject_text)):
            return []
        role = terms(intent.subject_text.split()[-1])
        return [s for s in self.candidates(hits) if role and role[0] in terms(s.text)]

    def _part_of_a_things_name(self, text: str | None) -> bool:
        """Whether ``text`` is written only with words of the name of a thing, a show, an
        event or a building, which no one is quoted as ("oprah" of "The Oprah Winfrey Show");
        a role is not ("the police" of the "Police Museum")."""
        words = set((text or "").lower().split()) - lexicon.FUNCTION_WORDS
        roles = lexicon.PERSON_NOUNS | lexicon.ORGANIZATION_NOUNS
        return bool(words) and words <= self._thing_words and not words & roles

    def _central(self, statements: list[Sentence]) -> list[Sentence]:
        """A view's summary: ``statements``, most central first (by mean cosine to the
        others), up to ``max_answer_sentences``."""
        vectors = self._index.sentence_matrix[[s.sentence_id for s in statements]]
        centrality = (vectors @ vectors.T).mean(axis=1)
        order = np.argsort(-centrality, kind="stable")
        return [statements[i] for i in order[: self._settings.max_answer_sentences]]

    def _list(self, intent: Intent) -> list[Sentence]:
        """One sentence per listed item, in article order: each speaker's first quote for
        "the people quoted"; otherwise the first mention of each entity of the kind the
        listed noun names ("list the countries"), narrowed to those the article calls by
        that noun when it does ("list the analysts")."""
        limit = self._settings.max_list_items
        sentences = self._index.sentences
        quoted = set(re.findall(r"\w+", intent.text.lower())) & lexicon.QUOTED_WORDS
        if quoted or intent.head in ("people", "person", "speakers", "sources"):
            firsts = sorted({self._first_quote(e) for e in self.entities.entities if e.statements})
            return [sentences[i] for i in firsts[:limit]]
        labels = _LIST_LABELS.get(kind_of_noun(intent.head))
        if labels is None:
            return []
        chosen = [e for e in self.entities.entities if e.label in labels]
        if intent.head:
            stem = set(terms(intent.head))
            called = [e for e in chosen if stem and any(
                self._given_role(sentences[i], stem, e) for i in e.sentences)]
            chosen = called or chosen
        # The first mention of each in the body: a headline is not a sentence to quote.
        firsts = sorted({next((i for i in e.sentences if not self._is_title(sentences[i])), None)
                         for e in chosen} - {None})
        return [sentences[i] for i in firsts[:limit]]

    def _first_quote(self, entity: ArticleEntity) -> int:
        """The first of ``entity``'s statements that gives their words with a verb of speech,
        else their first statement."""
        sentences = self._index.sentences
        return next((i for i in entity.statements if spoken(sentences[i].text)),
                    entity.statements[0])

    def _introduction(self, entity: ArticleEntity) -> tuple[Sentence, Sentence | None] | None:
        """For "Who is X?", a sentence saying what X is and that description as the short
        answer: the first of X's first few sentences with an appositive, "X is ..." or a role
        written before the name (news introduces people by their role: "Former congressman
        Jack Kemp ..."), else the role before the name anywhere; else the sentence that first
        mentions X."""
        sentences = [self._index.sentences[i] for i in entity.sentences]
        named = [(s, self._alias_in(entity, s)) for s in sentences]
        for sentence, alias in named[:_DESCRIBED_WITHIN]:
            if alias is not None:
                span = description(alias, sentence.text) or role_of(alias, sentence.text)
                described = _phrase(span, sentence)
                if described is not None:
                    return sentence, described
        for sentence, alias in named:
            if alias is not None:
                role = _phrase(role_of(alias, sentence.text), sentence)
                if role is not None:
                    return sentence, role
        return (sentences[0], None) if sentences else None

    def _nationality(self, entity: ArticleEntity) -> tuple[Sentence, Sentence] | None:
        """For "What is X's nationality?", the first sentence whose description of X names a
        nation ("Al-Hajj, *a Sudanese citizen*", "Demjanjuk, *a Ukrainian*, says"), and that
        description; a role written before the name is not one ("*Nazi* war crimes suspect
        John Demjanjuk" is no nationality)."""
        for sentence_id in entity.sentences:
            sentence = self._index.sentences[sentence_id]
            alias = self._alias_in(entity, sentence)
            span = description(alias, sentence.text) if alias is not None else None
            if span is not None and any(
                    e.label in _NATION_LABELS and span[0] <= e.start and e.end <= span[1]
                    for e in self._index.facts[sentence_id].entities):
                return sentence, _phrase(span, sentence)
        return None

    @staticmethod
    def _alias_in(entity: ArticleEntity, sentence: Sentence) -> str | None:
        """The longest of ``entity``'s names that ``sentence`` writes, as written there."""
        for alias in sorted(entity.aliases, key=len, reverse=True):
            found = re.search(as_words(alias), sentence.text, re.IGNORECASE)
            if found:
                return found.group()
        return None

    def _is_title(self, sentence: Sentence) -> bool:
        span = self._index.documents[sentence.doc_id].title_span
        return span is not None and span.start <= sentence.start and sentence.end <= span.end

    def _with_context(self, intent: Intent, chosen: list[Sentence]) -> list[Sentence]:
        """Add the sentence that names whom a who-question's best answer refers to.

        A who-question is answered by a name; if the best sentence names no person or
        organisation the question does not already name, the name is where its "he" or
        "she" was last named ("He received the prize in 2005"), or else in the sentence
        before it ("The officials were killed..."), unless those are whom the question
        names ("who killed Soleimani?" asks about the killers, not the officials).
        """
        best = chosen[0]
        if intent.wants is not Wants.PERSON or self._holds(best, _ACTORS, intent):
            return chosen
        if {a.lower() for a in self._index.facts[best.sentence_id].antecedents} & _named_by(intent):
            return chosen
        named = self._naming(best, _PERSON, intent)
        if named is None or named in chosen or self._is_title(named):
            return chosen
        return [named, *chosen][: self._settings.max_answer_sentences]

    def _naming(self, sentence: Sentence, labels: frozenset[str],
                intent: Intent) -> Sentence | None:
        """The sentence that names whom ``sentence`` refers to: where its "he" or "she" was
        last named, else the sentence before it if that holds one of ``labels``."""
        return (self._antecedent(sentence, intent)
                or self._previous_holding(sentence, labels, intent))

    def _antecedent(self, sentence: Sentence, intent: Intent) -> Sentence | None:
        """The last sentence before ``sentence`` that names the person its "he" or "she"
        refers to, unless the question names that person itself or that person merely
        reports the sentence ("..., his associates ..., Davies said")."""
        facts = self._index.facts[sentence.sentence_id]
        referent = facts.referent if facts.referent != facts.speaker else None
        entity = self.entities.named(referent) if referent else None
        if entity is None or entity in intent.entities:
            return None
        earlier = [i for i in entity.sentences if i < sentence.sentence_id]
        return self._index.sentences[earlier[-1]] if earlier else None

    def _previous_holding(self, sentence: Sentence, labels: frozenset[str],
                          intent: Intent) -> Sentence | None:
        """The sentence before ``sentence`` in its document, if it holds an entity of one of
        ``labels`` that the question does not name."""
        if sentence.sentence_id == 0:
            return None
        previous = self._index.sentences[sentence.sentence_id - 1]
        if previous.doc_id != sentence.doc_id or not self._holds(previous, labels, intent):
            return None
        return previous

    def _placed(self, intent: Intent, ranked: list[Sentence], ranking: np.ndarray,
                labels: frozenset[str] | None) -> dict[int, tuple[int, int]]:
        """The candidates that hold the answer where the question's grammar puts it, with
        its span, to be ranked first: who holds a role ("who is the judge?"), or the object
        of the question's verb ("who did Al-Marri meet?") or its subject ("who signed
        it?"), of the best ``_VERB_CANDIDATES``; the age of whom "how old" asks about."""
        if intent.wants is Wants.MEASURE and _HOW_OLD.match(intent.text):
            return self._ages(ranked, intent)
        if intent.wants is not Wants.PERSON:
            return {}
        if intent.object_of is not None and labels is not None:
            return self._objects(_best_ranked(ranked, ranking), intent, labels)
        if intent.subject_of is not None and labels is not None:
            return self._doers(_best_ranked(ranked, ranking), intent, labels)
        if _asks_for_role_holder(intent):
            return self._role_holders(ranked, intent)
        return {}

    def _ages(self, sentences: list[Sentence], intent: Intent) -> dict[int, tuple[int, int]]:
        """The candidates that give the age of whom the question asks about, as news writes
        it ("says Michelle, 45,", "Jim Bob, a 46-year-old", "Ancelotti, who turns 50 next
        week", "the 46-year-old Jim Bob", "the judge, 62,"; "He was 66" of the person its
        "he" refers to), with the age's span."""
        patterns = []  # per name, longest first: the age after it, then before it
        for alias in sorted(self._asked_about(intent, sentences), key=len, reverse=True):
            name = as_words(alias)
            patterns.append((
                re.compile(rf"{name}(?:['’]s)?,\s+(?:(?:an?\s+)?(\d{{1,3}})"
                           rf"(?=-year-old|\s*[,.;)]|$)|{_AGE_CLAUSE}(\d{{1,3}})\b(?![.,]\d))",
                           re.IGNORECASE),
                re.compile(rf"(\d{{1,3}})-year-old\s+(?:[\w.'’-]+\s+){{0,3}}?{name}",
                           re.IGNORECASE)))
        found = {}
        for sentence in sentences:
            age = next((m for after, before in patterns
                        if (m := after.search(sentence.text) or before.search(sentence.text))),
                       None)
            referent = self._index.facts[sentence.sentence_id].referent
            if age is None and referent and self.entities.named(referent) in intent.entities:
                age = _PRONOUN_AGE.search(sentence.text)
            if age:
                found[sentence.sentence_id] = age.span(age.lastindex)
        return found

    def _unnamed_age(self, sentence: Sentence) -> bool:
        """Whether ``sentence`` gives an age with no name after it ("the *61-year-old*
        former Senate majority leader", not "the 25-year-old Luis Ramirez")."""
        people = [e.start for e in self._index.facts[sentence.sentence_id].entities
                  if self._is_person(e)]
        return any(not any(0 <= start - age.end() <= _NEAR_CHARS for start in people)
                   for age in _YEARS_OLD.finditer(sentence.text))

    def _asked_about(self, intent: Intent, sentences: list[Sentence]) -> set[str]:
        """Every form of every article entity the question names; else the person noun it
        asks about ("how old is *the judge*?") and the names of whoever holds it in
        ``sentences`` ("*Judge* William Baldwin")."""
        named = _named_by(intent)
        if named or intent.head not in lexicon.PERSON_NOUNS:
            return named
        forms = {intent.head}
        role = set(terms(intent.head))
        for sentence in sentences:
            people = [e for e in self._index.facts[sentence.sentence_id].entities
                      if self._is_person(e)]
            roles = _words_with_stems(sentence.text, role)
            for _, person in _held_roles(sentence.text, roles, people):
                holder = self.entities.named(person.text)
                forms.update(holder.aliases if holder else (person.text.lower(),))
        return forms

    def _dated_events(self, sentences: list[Sentence],
                      intent: Intent) -> dict[int, tuple[int, int]]:
        """The candidates that date the event a when-question asks about, with that date's
        span: a point in time the question does not give, modifying a form of its verb
        ("began *in October 1973*" for "when did the crisis begin?") or a noun derived
        from it ("the *2003* invasion" for "when did the US invade Iraq?"), as the index's
        parse found (:attr:`index.nlp.SentenceFacts.dated`)."""
        if intent.wants is not Wants.DATE or intent.event is None:
            return {}
        stems = set(terms(intent.event))
        stems |= {d for d in map(derived, stems) if d}
        asked = intent.text.lower()
        found = {}
        for sentence in sentences:
            filed = _dateline_end(sentence.text)
            for word, start, end in self._index.facts[sentence.sentence_id].dated:
                date = sentence.text[start:end]
                if ((word == intent.event or set(terms(word)) & stems)
                        and date.lower() not in asked and lexicon.POINT_IN_TIME.search(date)
                        and start >= filed):
                    found[sentence.sentence_id] = (start, end)
                    break
        return found

    def _doers(self, sentences: list[Sentence], intent: Intent,
               labels: frozenset[str]) -> dict[int, tuple[int, int]]:
        """The sentences where a name of one of ``labels`` the question does not give is
        the subject of the verb a who-question asks the subject of ("*The presidents of
        Sudan and Chad* signed ..." for "who signed the agreement?"), or stands in that
        place in the other voice ("murdered *by followers of Charles Manson*" for "who
        murdered Tate?", "police arrested *X*" for "who was arrested?"), with its span."""
        named = _named_by(intent)
        place = "nsubjpass" if intent.passive else "nsubj"
        # "Who beat Federer?": the one beaten must be Federer.
        done_to = _named_within(intent, intent.done_to) if not intent.passive else []
        found = {}
        for sentence in sentences:
            facts = self._index.facts[sentence.sentence_id]
            filed = _dateline_end(sentence.text)
            entities = [e for e in facts.entities
                        if e.label in labels and e.text.lower() not in named and e.start >= filed]
            if done_to and self._elsewhere(sentence, intent.subject_of, "dobj", done_to):
                continue
            for start, end in argument_spans(facts.arguments, intent.subject_of, place):
                if start >= filed and any(start <= e.start and e.end <= end for e in entities):
                    found.setdefault(sentence.sentence_id, (start, end))
        return found

    def _elsewhere(self, sentence: Sentence, lemma: str, place: str,
                   given: list[ArticleEntity]) -> bool:
        """Whether ``sentence`` names someone else in ``place`` of the verb ``lemma`` (in
        either voice): a name of the same kind as one of ``given`` there, and none of theirs
        ("Nadal beat *Ferrer*" is not about Federer). Words of another kind, a pronoun or
        nothing there may still stand for them (a parse may attach the verb elsewhere)."""
        facts = self._index.facts[sentence.sentence_id]
        aliases = {alias for entity in given for alias in entity.aliases}
        labels = {entity.label for entity in given}
        for start, end in argument_spans(facts.arguments, lemma, place):
            words = sentence.text[start:end].lower()
            if any(re.search(as_words(a), words) for a in aliases):
                return False
            if any(start <= e.start < end and (
                    e.label in labels or self._is_person(e) and "PERSON" in labels)
                   for e in facts.entities):
                return True
        return False

    def _arguments(self, sentences: list[Sentence],
                   intent: Intent) -> dict[int, tuple[int, int]]:
        """The sentences holding, in the place "what" or "where" takes in the question,
        words the question does not have ("convicted *of the murder of officer Daniel
        Faulkner*" for "what was Abu-Jamal convicted of?", "exposed *to HIV and
        hepatitis*", "work *in nursing homes*"; for "where", not a time), with their span;
        none for another question."""
        if intent.argument_of is None:
            return {}
        lemma, place = intent.argument_of
        asked = set(intent.terms)
        found = {}
        for sentence in sentences:
            filed = _dateline_end(sentence.text)
            arguments = self._index.facts[sentence.sentence_id].arguments
            for start, end in argument_spans(arguments, lemma, place):
                phrase = sentence.text[start:end]
                if (start >= filed and set(terms(phrase)) - asked
                        and not (place == "where" and lexicon.POINT_IN_TIME.search(phrase))):
                    found.setdefault(sentence.sentence_id, (start, end))
        return found

    def _objects(self, sentences: list[Sentence], intent: Intent,
                 labels: frozenset[str]) -> dict[int, tuple[int, int]]:
        """The sentences where a name of one of ``labels`` the question does not give is
        the object of its verb ("... he trained at a camp, met al Qaeda leaders Osama bin
        Laden and ..."), or the subject of that verb in the passive, with the object's
        span."""
        named = _named_by(intent)
        # "Who did Roddick beat?": the one beating must be Roddick.
        doers = [e for e in intent.entities if e.label in _ACTORS]
        found = {}
        for sentence in sentences:
            facts = self._index.facts[sentence.sentence_id]
            entities = [e for e in facts.entities
                        if e.label in labels and e.text.lower() not in named]
            if doers and self._elsewhere(sentence, intent.object_of, "nsubj", doers):
                continue
            for verb, place, start, end in facts.arguments:
                if (verb == intent.object_of and place in ("dobj", "dative", "nsubjpass")
                        and any(start <= e.start and e.end <= end for e in entities)):
                    found.setdefault(sentence.sentence_id, (start, end))
        return found

    def _role_holders(self, candidates: list[Sentence],
                      intent: Intent) -> dict[int, tuple[int, int]]:
        """The candidates naming a person next to the role the question asks for, with that
        name's span: in apposition ("the judge, Habib al-Habib", "Abdullah al-Jutaili, the
        mother's attorney") or after the role as a title ("Police Chief Peter Brower"). When
        the question has other words, the role must be written with one of them, and of
        several holders in a sentence the one with most is taken ("the *deputy*
        commander").
        """
        role = set(terms(intent.head or ""))
        qualifiers = set(intent.terms) - role
        named = _named_by(intent)
        holders = {}
        for sentence in candidates:
            text = sentence.text
            roles = _words_with_stems(text, role)
            people = [e for e in self._index.facts[sentence.sentence_id].entities
                      if self._is_person(e) and e.text.lower() not in named]
            held = [(len(set(terms(_role_phrase(text, r, e))) & qualifiers), -i, e)
                    for i, (r, e) in enumerate(_held_roles(text, roles, people))]
            best = max(held, key=lambda h: h[:2], default=None)
            if best is not None and (best[0] or not qualifiers):
                holders[sentence.sentence_id] = (best[2].start, best[2].end)
        return holders

    def _held_elsewhere(self, candidates: list[Sentence], intent: Intent) -> bool:
        """Whether a role the question gives as "X of Y", Y a place or group it names ("the
        president *of Sudan*"), is held in ``candidates`` only by people whose role is
        written with another place or group ("*U.S.* President George W. Bush"); a
        candidate writing the role, Y and someone else in any other way may answer."""
        if (intent.wants is not Wants.PERSON or intent.object_of or intent.subject_of
                or not _asks_for_role_holder(intent)):
            return False
        of = re.search(rf"\b{re.escape(intent.head)}\s+of\s", intent.text, re.IGNORECASE)
        whose = {t for m in intent.mentions if of and m.start >= of.end()
                 and m.entity.label != "PERSON" for t in terms(m.entity.name)}
        role = set(terms(intent.head))
        named = _named_by(intent)
        held = False
        for sentence in candidates if whose else ():
            text = sentence.text
            entities = self._index.facts[sentence.sentence_id].entities
            people = [e for e in entities if self._is_person(e) and e.text.lower() not in named]
            groups = [e for e in entities if e.label in _GROUP_LABELS]
            roles = _words_with_stems(text, role)
            held_roles = _held_roles(text, roles, people)
            for person in people:
                phrases = [_role_phrase(text, word, holder) for word, holder in held_roles
                           if holder is person]
                if any(set(terms(phrase)) & whose for phrase in phrases):
                    return False
                elsewhere = any(g.text in phrase and not set(terms(g.text)) & whose
                                for phrase in phrases for g in groups)
                if elsewhere:
                    held = True
                elif roles and set(terms(text)) & whose:
                    return False
        return held

    def _is_person(self, entity: Entity) -> bool:
        """Whether ``entity`` is a person: so labelled, or a name the article gives a person
        elsewhere (a surname the recogniser took for an organisation)."""
        if entity.label == "PERSON":
            return True
        known = self.entities.named(entity.text)
        return known is not None and known.label == "PERSON"

    def _named_near(self, sentence: Sentence, intent: Intent, asked: set[str],
                    labels: frozenset[str]) -> bool:
        """Whether ``sentence`` names something of one of ``labels`` that the question does
        not, or gives a quoted title, within ``_NEAR_CHARS`` of a word with one of the stems
        ``asked`` ("Talabani's party, the Patriotic Union")."""
        anchors = [m.start() for m in _words_with_stems(sentence.text, asked)]
        named = _named_by(intent)
        spans = [(e.start, e.end) for e in self._index.facts[sentence.sentence_id].entities
                 if e.label in labels and e.text.lower() not in named]
        # A quoted title the recogniser may not see: "a book *titled “Critical: ...”*".
        spans += [m.span() for m in _TITLED.finditer(sentence.text)]
        return any(min(abs(a - start), abs(a - end)) <= _NEAR_CHARS
                   for start, end in spans for a in anchors)

    def _naming_noun(self, sentence: Sentence, intent: Intent, labels: frozenset[str]) -> bool:
        """Whether ``sentence`` names one of what "which X" asks for: a name written right
        before or after the noun X, holding it or in apposition to it ("banana producer
        *Chiquita*", "the *Vietnam War*", "his song “*Livin' La Vida Loca*”", "*Sobibor*, a
        Nazi death camp"); not one merely near it."""
        text = sentence.text
        named = _named_by(intent)
        names = [e for e in self._index.facts[sentence.sentence_id].entities
                 if e.label in labels and e.text.lower() not in named]
        nouns = _words_with_stems(text, set(terms(intent.instance_of))) if names else []
        pairs = [(noun, e) for noun in nouns for e in names]
        return any(
            e.start <= noun.start() and noun.end() <= e.end
            or _ADJACENT.fullmatch(text[noun.end() : e.start])
            or _ADJACENT.fullmatch(text[e.end : noun.start()])
            for noun, e in pairs
        ) or any(apposed(text, noun.span(), (e.start, e.end)) for noun, e in pairs)

    def _holds(self, sentence: Sentence, labels: frozenset[str], intent: Intent) -> bool:
        """Whether ``sentence`` holds an entity of one of ``labels`` that the question does
        not already name, and that is not merely who reports it ("..., Davies said" does not
        answer who did what); for "when", a date or time must place something in time (an
        age or a duration does not say when, but answers "how long")."""
        named = _named_by(intent)
        facts = self._index.facts[sentence.sentence_id]
        speaker = (facts.speaker or "").lower()
        filed = _dateline_end(sentence.text)
        return any(
            e.label in labels and e.text.lower() not in named and e.start >= filed
            and not (speaker and e.text.lower() in speaker)
            and (e.label not in _TIME_LABELS or intent.wants is not Wants.DATE
                 or lexicon.POINT_IN_TIME.search(e.text))
            for e in facts.entities
        )

    def _scores(
        self, query: str, query_vector: np.ndarray, candidates: list[Sentence]
    ) -> np.ndarray:
        ids = [s.sentence_id for s in candidates]
        cosine = self._index.sentence_similarities(query_vector, ids)
        overlap = self._terms.overlap(set(terms(query)) - _EVENT_TERMS, ids)
        return self._settings.dense_weight * cosine + self._settings.lexical_weight * overlap

    def _plausible(self, intent: Intent, sentence: Sentence,
                   labels: frozenset[str] | None) -> bool:
        """Reject an answer of the wrong kind: a question asking for a date, number, place
        or name needs one in the answer (a year is not a count)."""
        if labels is None:
            return True
        if intent.wants is Wants.NUMBER:
            return bool(_NUMBER.search(_YEAR.sub("", self._without_ages(sentence))))
        if intent.instance_of is not None:
            return self._naming_noun(sentence, intent, labels)
        if self._holds(sentence, labels, intent):
            return True
        # "He received the prize", "The officials were killed ...": a who-answer naming no
        # one may be named where its "he" was, or in the sentence before.
        facts = self._index.facts[sentence.sentence_id]
        names_someone = any(e.label == "PERSON" for e in facts.entities)
        return (intent.wants is Wants.PERSON and not names_someone
                and self._naming(sentence, labels, intent) is not None)

    def _without_ages(self, sentence: Sentence) -> str:
        """``sentence``'s text without the ages written after a person's name ("Hasan, 39,
        was wounded" -> "Hasan was wounded")."""
        text = sentence.text
        for entity in reversed(self._index.facts[sentence.sentence_id].entities):
            age = _AGE_AFTER_NAME.match(text, entity.end) if self._is_person(entity) else None
            if age:
                text = text[: age.start()] + text[age.end():]
        return text

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


def _best_ranked(ranked: list[Sentence], ranking: np.ndarray) -> list[Sentence]:
    """The ``_VERB_CANDIDATES`` of ``ranked`` that ``ranking`` puts first."""
    return [ranked[i] for i in np.argsort(-ranking, kind="stable")[:_VERB_CANDIDATES]]


def _named_within(intent: Intent, span: tuple[int, int] | None) -> list[ArticleEntity]:
    """The article entities the question mentions within ``span`` of it."""
    if span is None:
        return []
    return [m.entity for m in intent.mentions if span[0] <= m.start and m.end <= span[1]]


def _words_with_stems(text: str, stems: set[str]) -> list[re.Match]:
    """The words of ``text`` whose stem is one of ``stems``."""
    return [m for m in re.finditer(r"\w+", text) if set(terms(m.group())) & stems]


def _held_roles(text: str, roles: list[re.Match], people: list[Entity]
                ) -> list[tuple[re.Match, Entity]]:
    """The (role word, person) pairs of ``text`` where the person holds the role, as its
    title or in apposition (:func:`_next_to`), role by role."""
    return [(role, person) for role in roles for person in people if _next_to(text, role, person)]


def _next_to(text: str, role: re.Match, holder: Entity) -> bool:
    """Whether ``role`` is written as ``holder``'s title or in apposition to the name
    ("Police Chief *Peter Brower*", "*Hadi Abdullah*, the girl's uncle")."""
    return bool(_ROLE_BEFORE.fullmatch(text[role.end() : holder.start])
                or _ROLE_AFTER.fullmatch(text[holder.end : role.start()]))


def _role_phrase(text: str, role: re.Match, holder: Entity) -> str:
    """The words that qualify ``role`` where ``holder`` holds it: from ``_NEAR_CHARS``
    before it to the holder's name, and what follows it with "of" ("the *deputy*
    commander", "governor *of the capital, Kigali*")."""
    whose = _OF_WHAT.match(text, role.end())
    return (text[max(0, role.start() - _NEAR_CHARS) : max(role.end(), holder.end)]
            + (whose.group() if whose else ""))


def _dateline_end(text: str) -> int:
    """Where ``text``'s dateline ends (0 when it has none)."""
    dateline = _DATELINE.match(text)
    return dateline.end() if dateline else 0


def _without_dateline(text: str) -> str:
    """``text`` with its dateline blanked out (offsets unchanged)."""
    filed = _dateline_end(text)
    return " " * filed + text[filed:]


def _whole_words(span: tuple[int, int], text: str) -> tuple[int, int]:
    """``span`` of ``text`` widened over a hyphenated word a parse cuts ("a brutal
    counter*-insurgency*"); a number stays one ("*44*-year-old" answers "how old")."""
    start, end = span
    while (start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()
           and text[start].isalpha()):
        start = _WORD_START.search(text, 0, start - 1).start()
    while (end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()
           and text[end - 1].isalpha()):
        end = _WORD_END.match(text, end + 1).end()
    return start, end


def _phrase(span: tuple[int, int] | None, sentence: Sentence) -> Sentence | None:
    """The part ``span`` of ``sentence`` as a sentence-shaped record with document offsets."""
    if span is None:
        return None
    start, end = span
    return Sentence(sentence.doc_id, sentence.sentence_id, sentence.start + start,
                    sentence.start + end, sentence.document_text)


def _body_positions(sentences, is_title) -> list[int]:
    positions, seen = [], {}
    for sentence in sentences:
        position = seen.get(sentence.doc_id, 0)
        positions.append(position)
        if not is_title(sentence):
            seen[sentence.doc_id] = position + 1
    return positions


def _must_be_quoted(intent: Intent) -> bool:
    """Whether the question's subject is someone whose words only a quote can give: anyone
    the article names but a place, or a role written as a person noun ("the Iraqi
    president"); "What does the treaty state?" asks about a text instead."""
    if intent.subject is not None:
        # A country's or a place's claims are usually narrated, not quoted ("Chad claimed").
        return intent.subject.label not in ("GPE", "LOC")
    head = (intent.subject_text or "").split()[-1:]
    return bool(head) and (head[0].lower() in lexicon.PERSON_NOUNS or is_narrator(intent.subject_text))


def _named_by(intent: Intent) -> set[str]:
    """Every form of every article entity the question names, lowercased."""
    return {alias for entity in intent.entities for alias in entity.aliases}


def _asks_for_role_holder(intent: Intent) -> bool:
    """Whether the question's noun is a role ("What analyst ...", "who is the (mother's)
    attorney?")."""
    return intent.head in lexicon.PERSON_NOUNS or bool(intent.head and _WHO_IS.match(intent.text))


def _asks_a_persons_age(intent: Intent) -> bool:
    """Whether a how-old question is about a person: one the article names, or a person
    noun ("the judge") when it names no one."""
    if intent.entities:
        return any(entity.label == "PERSON" for entity in intent.entities)
    return intent.head in lexicon.PERSON_NOUNS


def _subject_names(intent: Intent) -> tuple[str, ...]:
    """The names of the question's subject ("what did *Andre Vltchek* say")."""
    subject = intent.subject
    return subject.aliases if subject else (intent.subject_text or "",)


def _role_stems(intent: Intent) -> set[str]:
    """The stems of the noun the question's subject is written with ("the girl's
    *family*"); none without a subject."""
    return set(terms(intent.subject_text.split()[-1])) if intent.subject_text else set()


def _subject_terms(intent: Intent) -> set[str]:
    return {t for name in _subject_names(intent) for t in terms(name)}


_LIST_LABELS = {
    Wants.PERSON: _PERSON,
    Wants.ORGANIZATION: frozenset({"ORG"}),
    Wants.PLACE: frozenset({"GPE", "LOC"}),
}
