"""Question understanding: what kind of answer a turn wants, about which article entities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from index.nlp import Token, parse, subtree_span
from index.sparse import terms
from qa import lexicon
from qa.entities import ArticleEntity, EntityTable, Mention
from qa.names import name_spans
from qa.spelling import Vocabulary

_WH = {"what", "who", "whom", "whose", "which", "when", "where", "why", "how"}
# A word of a name, as the article and the question write it.
_NAME_WORD = re.compile(r"[\w’'-]+")
_AUX = {"is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would",
        "has", "have", "had", "should", "may", "might", "must"}
_NOMINAL = {"NOUN", "PROPN"}
_PLACE_LABELS = {"GPE", "LOC"}
# Clauses whose question word is not what the question asks ("*When* violence is used, ...").
_SUBORDINATE = {"advcl", "relcl", "acl"}
_STANDS_FOR = re.compile(r"\b(?:stands?|stood|short) for\b")
# "How long did he reign?", "How far is the resort?": a measure, not a manner. Not "how
# often": a frequency is rarely one entity ("twice a week"; "every five years" is a DATE
# like "within weeks", which would score the same).
_MEASURE = re.compile(r"^how (?:long|old|far|big|large|tall|high|deep|wide|fast|heavy"
                      r"|soon|late|early)\b")
_WHO_DID_X_VERB = re.compile(
    r"^whom? (?:did|does|do|will|would|could|can|should|has|have|had) \S.* \w+\W*$",
    re.IGNORECASE)
_WHAT_DID_X_VERB = re.compile(r"^(?:what|how|why) (?:did|does|do|has|had) (.+) (\w+) \W*$",
                              re.IGNORECASE)


class Wants(Enum):
    """The kind of answer a question asks for."""

    PERSON = "person"  # who: a person or a group acting as one
    ORGANIZATION = "organization"
    PLACE = "place"
    DATE = "date"
    NUMBER = "number"
    MEASURE = "measure"  # how long / old / far: a duration, an age, a distance
    REASON = "reason"
    MANNER = "manner"
    YES_NO = "yes/no"
    LIST = "list"
    IDENTITY = "who-is"  # who is X / what is X / X's background
    STATEMENTS = "what-did-X-say"
    VIEW = "summary of X's view"
    SUMMARY = "what the article is about"
    LISTENER = "whom X spoke to"
    OTHER = "other"


# The entity types (OntoNotes) that can answer each kind of factoid question.
ANSWER_LABELS: dict[Wants, frozenset[str]] = {
    Wants.PERSON: frozenset({"PERSON", "ORG", "NORP", "GPE"}),
    Wants.ORGANIZATION: frozenset({"ORG", "NORP"}),
    Wants.PLACE: frozenset({"GPE", "LOC", "FAC"}),
    Wants.DATE: frozenset({"DATE", "TIME"}),
    Wants.NUMBER: frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
    Wants.MEASURE: frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
}


@dataclass(frozen=True, slots=True)
class Intent:
    """One turn understood.

    ``subject`` is whose identity, statements or view are asked for; ``subject_text`` is that
    subject as written when it is no entity of the article ("the Iraqi president", "the
    author"). ``head`` is the noun asked for ("which *unit*", "list the *analysts*").
    ``object_of`` is the verb whose object a who-question asks for ("who did X *meet*?"),
    ``subject_of`` the one whose subject it asks for ("who *signed* it?", ``passive`` for
    "who was *arrested*?", ``done_to`` the span of its object: "who beat *Federer*?"),
    ``event`` the main verb of a when-question ("when did the US *invade* Iraq?"),
    ``argument_of`` the verb and the place of "what" or "where" ("what was X *convicted
    of*?" -> ("convict", "of"), "where do nurses *work*?" -> ("work", "where")).
    ``instance_of`` is the noun "which" or "what" asks for one of when it is
    no known kind ("which *producer* is this?").
    ``unknown_names`` are names the article never mentions: capitalised ones, and the
    subject of "what did X say" in any case when none of its words is the article's.
    """

    text: str
    wants: Wants
    mentions: tuple[Mention, ...]
    subject: ArticleEntity | None
    subject_text: str | None
    head: str | None
    terms: tuple[str, ...]
    unknown_names: tuple[str, ...]
    object_of: str | None = None
    event: str | None = None
    subject_of: str | None = None
    passive: bool = False
    done_to: tuple[int, int] | None = None
    argument_of: tuple[str, str] | None = None
    instance_of: str | None = None

    @property
    def entities(self) -> tuple[ArticleEntity, ...]:
        """The article entities the question names, in order, without repeats."""
        return tuple(dict.fromkeys(m.entity for m in self.mentions))


def understand(question: str, table: EntityTable, vocabulary: Vocabulary) -> Intent:
    """The :class:`Intent` of a standalone question.

    Args:
        question: The question (follow-ups already resolved).
        table: The article's entities, for linking names in any case or misspelt.
        vocabulary: The article's words (a name none of whose words is there is
            a name the article never mentions).
    """
    core = unwrap(question)
    mentions = table.link(core)
    tokens = parse(_cased(core, mentions))
    words = [t.text.lower() for t in tokens]
    first = words[0] if words else ""
    subject, subject_text, verb = _speaker_subject(tokens, mentions)
    wh = _main_wh(tokens)
    head = "name" if re.search(r"\bnames? of\b", core, re.IGNORECASE) else _head_noun(tokens, wh)
    wants = _wants(core, tokens, words, mentions, subject, subject_text, verb, head, wh)
    if wants in (Wants.IDENTITY, Wants.VIEW) and subject is None:
        subject = _first_person(mentions)
    if wants is Wants.LIST and first in lexicon.LIST_VERBS:
        head = _head_noun(tokens[1:]) or head
    content = [w for w in re.findall(r"\w+", core)
               if w.lower() not in lexicon.REQUEST_WORDS and w.lower() not in _WH]
    return Intent(
        text=core,
        wants=wants,
        mentions=mentions,
        subject=subject,
        subject_text=subject_text,
        head=head,
        terms=tuple(terms(" ".join(content))),
        unknown_names=tuple(dict.fromkeys((*_unknown_names(core, mentions, vocabulary),
                                           *_unknown_speaker(wants, subject_text, vocabulary)))),
        object_of=_object_of(core, tokens) if wants is Wants.PERSON else None,
        event=_event(tokens) if wants is Wants.DATE else None,
        **(_doer(tokens) if wants is Wants.PERSON else {}),
        argument_of=(_argument(tokens) if wants is Wants.OTHER
                     else _located(tokens) if wants is Wants.PLACE else None),
        instance_of=_instance_of(tokens, wh) if wants is Wants.OTHER else None,
    )


def _cased(text: str, mentions: tuple[Mention, ...]) -> str:
    """``text`` with each name it mentions capitalised as the article writes it ("where
    does lucie bruijn work" -> "... Lucie Bruijn ..."): the tagger takes a lowercase name
    for a verb ("hawking" -> hawk) or a noun. Lengths are kept, so offsets still hold."""
    chars = list(text)
    for mention in mentions:
        written = {w.lower(): w for w in _NAME_WORD.findall(mention.entity.name)}
        for word in _NAME_WORD.finditer(text, mention.start, mention.end):
            cased = written.get(word.group().lower(), "")
            if len(cased) != len(word.group()):
                cased = word.group()[:1].upper() + word.group()[1:]
            chars[word.start() : word.end()] = cased
    return "".join(chars)


def unwrap(question: str) -> str:
    """The question without polite wrapping or "else", and with its question mark: "can you
    tell me who X is" -> "who X is?" (the model reads a question without one a little
    differently), "what else did X say" -> "what did X say?"."""
    stripped = lexicon.REQUEST.sub("", question.strip(), count=1).strip() or question.strip()
    # "what else did X say": the conversation marks what was shown; the question is the same.
    stripped = re.sub(r"^(\W*\w+)\s+else\b", r"\1", stripped, flags=re.IGNORECASE)
    first = stripped.split(maxsplit=1)[0].lower() if stripped else ""
    if (first in _WH or first in _AUX) and stripped[-1:].isalnum():
        return stripped + "?"
    return stripped


def _wants(core: str, tokens: tuple[Token, ...], words: list[str], mentions, subject,
           subject_text, verb: str | None, head: str | None, wh: int | None) -> Wants:
    lower = core.lower()
    first = words[0] if words else ""
    second = words[1] if len(words) > 1 else ""
    lemmas = {t.lemma for t in tokens}
    if lexicon.GIST.search(core) and not mentions:
        return Wants.SUMMARY
    if first in lexicon.SUMMARY_VERBS or (
        _possessed_noun(tokens, mentions) in lexicon.VIEW_NOUNS
    ):
        return Wants.VIEW
    if first in lexicon.LIST_VERBS or (
        first in ("who", "which", "what") and second in ("are", "were")
        and (lemmas & lexicon.QUOTED_WORDS or " all " in f" {lower} ")
    ):
        return Wants.LIST
    if (wh is not None and words[wh] in ("who", "whom", "which", "what")
            and verb in lexicon.ADDRESS_VERBS and subject is not None
            and (words[wh] in ("who", "whom") or " to" in lower
                 or head in lexicon.MEDIA_NOUNS)):
        # "Who did Vltchek talk to?", "On which programme did Pompeo speak?" (the subject is
        # X, so the question word is not: "who told RT ..." asks for the speaker).
        return Wants.LISTENER
    speech = verb in lexicon.SPEECH_VERBS
    # "What did X say", "(tell me) what X warned", "How does X describe", "Does X think":
    # not "When did X argue" nor "In what book did X write" (a date, a title).
    subject_next = len(tokens) > 1 and (
        tokens[1].dep in ("nsubj", "nsubjpass") or tokens[tokens[1].head].dep == "nsubj")
    # Not when the question word is part of the subject: "What lawyer spoke for X?" asks
    # for a person, "How long do makers say it takes?" for a duration.
    asks_content = (first in _AUX or first == "why" or (first == "how" and second in _AUX)
                    or (first == "what" and tokens[0].dep != "det"
                        and (second in _AUX or subject_next)))
    if asks_content and (
        (subject_text is not None and (speech or is_narrator(subject_text)))
        or (subject is not None and (subject.statements or speech))
    ):
        return Wants.STATEMENTS
    if _possessed_noun(tokens, mentions) in lexicon.IDENTITY_NOUNS:
        return Wants.IDENTITY
    if mentions and (_names_only_the_mention(lower, mentions) or _STANDS_FOR.search(lower)):
        return Wants.IDENTITY
    # The kind of fact is asked by the main clause's question word, wherever it stands:
    # "Jacksonville is in which state?", "When violence is used, what is it called?".
    asked = lower[tokens[wh].start:] if wh is not None else lower
    word = words[wh] if wh is not None else first
    if word == "when" or re.match(r"^what (?:year|date|day|month|time)\b", asked):
        return Wants.DATE
    if word == "where":
        return Wants.PLACE
    if re.match(r"^how (?:many|much)\b", asked):
        return Wants.NUMBER
    if word == "why" or re.match(r"^what (?:reason|caused)\b", asked):
        return Wants.REASON
    if _MEASURE.match(asked):
        return Wants.MEASURE
    if word == "how":
        return Wants.MANNER
    if word in ("who", "whom", "whose"):
        return Wants.PERSON
    if (word in ("which", "what") and _asks_for_noun(tokens, wh)) or word not in _WH | _AUX:
        # "the name of Talabani's *party*" asks for the kind of thing named.
        by_head = kind_of_noun(_named_noun(tokens) if head == "name" else head)
        if by_head is not None:
            return by_head
        if _part_of_place(tokens, mentions, wh):
            return Wants.PLACE
    if first in _AUX:
        return Wants.YES_NO
    return Wants.OTHER


def _instance_of(tokens: tuple[Token, ...], wh: int | None) -> str | None:
    """The noun "which" or "what" is the determiner of ("which banana *producer*"), unless
    it names a kind of something else ("what *type* of sentences")."""
    noun = _determined(tokens, wh)
    if noun is None or (noun + 1 < len(tokens) and tokens[noun + 1].text.lower() == "of"):
        return None
    return tokens[noun].text.lower()


def _asks_for_noun(tokens: tuple[Token, ...], wh: int | None) -> bool:
    """Whether "what" or "which" asks for the kind of thing its noun is: "*what* terrorist
    group", "*what* is the name of ...", not "*what* did police find?" (the police found
    it)."""
    if wh is None or _determined(tokens, wh) is not None:
        return True
    token = tokens[wh]
    return tokens[token.head].lemma == "be" or token.head == wh


def _determined(tokens: tuple[Token, ...], wh: int | None) -> int | None:
    """The position of the noun right after the question word, which it determines, past
    its modifiers ("which banana *producer*", "what US *war*"): the words, not the parse,
    which may take a lowercase "which states" for a pronoun and a subject."""
    if wh is None:
        return None
    noun = None
    for i in range(wh + 1, len(tokens)):
        if tokens[i].pos in _NOMINAL:
            noun = i
        elif tokens[i].pos != "ADJ":
            break
    return noun


def is_narrator(subject_text: str | None) -> bool:
    """True for "the author", "the article": the article's own voice."""
    return bool(subject_text) and subject_text.split()[-1].lower() in lexicon.NARRATOR_WORDS


def kind_of_noun(head: str | None) -> Wants | None:
    """The kind of answer a noun asks for ("unit" -> organization), if it is a known one."""
    if head is None:
        return None
    for nouns, wants in (
        (lexicon.PERSON_NOUNS, Wants.PERSON),
        (lexicon.ORGANIZATION_NOUNS, Wants.ORGANIZATION),
        (lexicon.PLACE_NOUNS, Wants.PLACE),
        (lexicon.TIME_NOUNS, Wants.DATE),
        (lexicon.NUMBER_NOUNS, Wants.NUMBER),
    ):
        if head in nouns:
            return wants
    return None


def _named_noun(tokens: tuple[Token, ...]) -> str | None:
    """The noun whose name is asked: "the name of the caretaker *PM*"."""
    for i, token in enumerate(tokens):
        if token.text.lower() == "of" and tokens[token.head].text.lower() in ("name", "names"):
            objects = [t for t in tokens if t.head == i and t.dep == "pobj"]
            return objects[0].text.lower() if objects else None
    return None


def _part_of_place(tokens: tuple[Token, ...], mentions: tuple[Mention, ...],
                   wh: int | None) -> bool:
    """Whether the question asks for a part of a place: "in what *part of the United
    States* ...", "which *side of Kabul*"."""
    part = _determined(tokens, wh)
    if part is None or tokens[part].text.lower() not in lexicon.PART_NOUNS:
        return False
    places = [m for m in mentions if m.entity.label in _PLACE_LABELS]
    for i, token in enumerate(tokens):
        if token.text.lower() == "of" and token.head == part:
            for j, obj in enumerate(tokens):
                if obj.head == i and obj.dep == "pobj":
                    start, end = subtree_span(tokens, j)
                    if any(start <= m.start and m.end <= end for m in places):
                        return True
    return False


def _main_wh(tokens: tuple[Token, ...]) -> int | None:
    """The position of the main clause's question word: the first one outside a
    subordinate or relative clause ("When violence is used, *what* is it called?", "The man
    who founded it was born in *what* year?"), else the first one."""
    found = [i for i, t in enumerate(tokens) if t.text.lower() in _WH]
    for i in found:
        if not _in_subordinate_clause(tokens, i):
            return i
    return found[0] if found else None


def _in_subordinate_clause(tokens: tuple[Token, ...], i: int) -> bool:
    seen = set()
    while tokens[i].head != i and i not in seen:
        seen.add(i)
        if tokens[i].dep in _SUBORDINATE:
            return True
        i = tokens[i].head
    return False


def _head_noun(tokens, wh: int | None = None) -> str | None:
    """The head noun of the first noun phrase, skipping question and request words and a
    possessor the question word does not ask for: "which Iranian *unit*", "the *date* of
    the vote", "what terrorist *group*", "the name of", "the NRA's *president*"."""
    run = None
    if wh is None or tokens[wh].text.lower() not in ("which", "what"):
        which = [i for i, t in enumerate(tokens) if t.text.lower() in ("which", "what")]
        wh = which[0] if which else None
    asked = False  # whether the run follows the question word itself
    for i, token in enumerate(tokens):
        if wh is not None and i <= wh:
            continue
        lower = token.text.lower()
        if token.dep == "case" and run is not None and not asked:
            # A possessor is not the head ("the NRA's executive vice *president*") unless
            # the question word asks for it ("which *countries*' officers").
            run = None
            continue
        if (lower in _WH or lower in lexicon.REQUEST_WORDS
                or token.pos in ("DET", "PUNCT", "AUX", "ADP")):
            if run is not None:
                break
            continue
        if token.pos in _NOMINAL:
            if run is None:
                asked = wh is not None and all(t.pos == "ADJ" for t in tokens[wh + 1 : i])
            run = lower
        elif token.pos != "ADJ" or run is not None:
            break
    return run


def _speaker_subject(tokens: tuple[Token, ...], mentions: tuple[Mention, ...]):
    """For "what did X say/think ...", "how does X describe ...": X, as an article entity
    or, when it is none, as written, and the verb's lemma. (None, None, None) for any other
    question."""
    for v, verb in enumerate(tokens):
        if verb.lemma not in lexicon.STATEMENT_VERBS or verb.pos not in ("VERB", "AUX"):
            continue
        subjects = [i for i, token in enumerate(tokens)
                    if token.head == v and token.dep in ("nsubj", "nsubjpass")
                    and token.text.lower() not in _WH and token.pos != "PRON"]
        # The small parser may give a verb two subjects ("On which TV *program* did *Pompeo*
        # speak?"): one naming an article entity is the subject.
        for i in subjects:
            for mention in mentions:
                if mention.start <= tokens[i].start < mention.end:
                    return mention.entity, None, verb.lemma
        if subjects:
            i = subjects[0]
            phrase = " ".join(t.text for j, t in enumerate(tokens[: i + 1])
                              if t.head == i or j == i)
            return None, phrase, verb.lemma
    # The tagger may read a bare final verb as a noun ("What did Fox News report?").
    text = "".join(t.text + " " for t in tokens)
    match = _WHAT_DID_X_VERB.match(text)
    if match and match.group(2).lower() in lexicon.STATEMENT_VERBS:
        for mention in mentions:
            if match.start(1) <= mention.start < match.end(1):
                return mention.entity, None, match.group(2).lower()
    return None, None, None


def _possessed_noun(tokens: tuple[Token, ...], mentions: tuple[Mention, ...]) -> str | None:
    """The noun after a mention's possessive: "Maloof's *background*", "maloofs
    *background*"; without the possessive, not a proper noun, which continues a name
    ("the British *Nationality* Act")."""
    for mention in mentions:
        after = [t for t in tokens if t.start >= mention.end]
        possessive = bool(after) and after[0].pos == "PART"
        following = [t for t in after if t.pos != "PART"]
        if following and following[0].pos in (_NOMINAL if possessive else {"NOUN"}) | {"ADJ"}:
            return following[0].text.lower()
    return None


def _names_only_the_mention(lower: str, mentions: tuple[Mention, ...]) -> bool:
    """True for "who is X", "what is X", "tell me about X": nothing but X is asked about."""
    rest = lower
    for mention in mentions:
        rest = rest.replace(mention.text.lower(), " ")
    words = re.findall(r"\w+", rest)
    return bool(words) and all(
        w in _WH | _AUX | lexicon.REQUEST_WORDS | {"about", "the", "s", "a", "an"} for w in words
    ) and words[0] in ("who", "what", "about", "describe", "explain")


def _first_person(mentions: tuple[Mention, ...]) -> ArticleEntity | None:
    for mention in mentions:
        if mention.entity.label == "PERSON":
            return mention.entity
    return mentions[0].entity if mentions else None


def _object_of(core: str, tokens: tuple[Token, ...]) -> str | None:
    """The lemma of the verb whose object "who did X meet?" asks for, read from the word
    order (the small parser often takes "who" for the subject); None for another question
    or a verb ending in a preposition ("who did X talk to?")."""
    if not _WHO_DID_X_VERB.match(core):
        return None
    last = [t for t in tokens if t.pos != "PUNCT"][-1]
    return last.lemma if last.text.lower() not in lexicon.FUNCTION_WORDS else None


def _doer(tokens: tuple[Token, ...]) -> dict:
    """For "who won the game?" / "who was arrested?": the verb whose subject the question
    word is, whether it is passive, and the span of the verb's object in the question
    ("who beat *Federer*?"), if it has one."""
    for token in tokens:
        if token.text.lower() in ("who", "whom"):
            verb = tokens[token.head]
            if (token.dep in ("nsubj", "nsubjpass") and verb.pos == "VERB"
                    and verb.lemma not in ("be", "do", "have")):
                objects = [i for i, t in enumerate(tokens)
                           if t.head == token.head and t.dep == "dobj"]
                return {"subject_of": verb.lemma, "passive": token.dep == "nsubjpass",
                        "done_to": subtree_span(tokens, objects[0]) if objects else None}
            return {}
    return {}


def _argument(tokens: tuple[Token, ...]) -> tuple[str, str] | None:
    """For "what was X convicted of?", "what does X advocate?", "what is banned ...?": the
    verb whose argument "what" stands for, and that argument's place: its preposition
    ("of"), "dobj", "nsubj" or "nsubjpass"."""
    words = [t for t in tokens if t.pos != "PUNCT"]
    if len(words) < 3 or words[0].text.lower() != "what":
        return None
    last, what = words[-1], words[0]
    if last.pos == "ADP" and tokens[last.head].pos == "VERB" and words[1].pos == "AUX":
        return tokens[last.head].lemma, last.text.lower()
    head = tokens[what.head]
    if (what.dep in ("dobj", "nsubj", "nsubjpass") and head.pos == "VERB"
            and head.lemma not in ("be", "do", "have")):
        return head.lemma, what.dep
    return None


def _located(tokens: tuple[Token, ...]) -> tuple[str, str] | None:
    """For "where did X work?", "in what part of Y did X work?": the verb whose place is
    asked, and "where"."""
    words = [t.text.lower() for t in tokens[:2]]
    placing = words[0] in lexicon.LOCATIVE and words[1:] in (["what"], ["which"])
    if not (words[:1] == ["where"] or placing):
        return None
    event = _event(tokens, through_xcomp=True)
    return (event, "where") if event else None


def _event(tokens: tuple[Token, ...], through_xcomp: bool = False) -> str | None:
    """The lemma of the question's main verb, what a when-question asks to date ("when
    did the US *invade* Iraq?"); None for "be", "do", "have" alone. ``through_xcomp``
    takes the verb it governs instead ("where do they *tend to work*?" -> "work")."""
    for i, token in enumerate(tokens):
        if token.pos == "VERB" and token.dep not in ("aux", "auxpass") and token.lemma not in (
                "be", "do", "have"):
            governed = [t for t in tokens if through_xcomp and t.head == i and t.dep == "xcomp"
                        and t.pos == "VERB"]
            return (governed[0] if governed else token).lemma
    return None


def _unknown_speaker(wants: Wants, subject_text: str | None,
                     vocabulary: Vocabulary) -> tuple[str, ...]:
    """The subject of "what did X say" when none of its words is in the article ("what did
    pfizer say?"), nor another form of one: whatever it is, the article quotes no such
    speaker."""
    if wants not in (Wants.STATEMENTS, Wants.VIEW) or not subject_text or is_narrator(subject_text):
        return ()
    words = [w for w in re.findall(r"\w+", subject_text.lower()) if w not in lexicon.FUNCTION_WORDS]
    return (subject_text,) if words and not any(vocabulary.uses(w) for w in words) else ()


def _unknown_names(core: str, mentions: tuple[Mention, ...], vocabulary: Vocabulary):
    """Capitalised names in ``core`` that are no article entity and none of whose words the
    article uses."""
    unknown = []
    for start, end in name_spans(core):
        if any(m.start < end and start < m.end for m in mentions):
            continue
        if start == 0 and " " not in core[start:end] and not core[start:end].isupper():
            continue  # the question's first word is capitalised whatever it is ("Besides")
        words = [w.lower() for w in re.findall(r"\w+", core[start:end])]
        words = [w for w in words if w not in lexicon.REQUEST_WORDS | lexicon.FUNCTION_WORDS]
        # Short acronyms (TV, UN) are as often common nouns as names.
        acronym = core[start:end].isupper() and len(core[start:end]) <= 3
        if words and not acronym and not any(w in vocabulary for w in words):
            unknown.append(core[start:end])
    return tuple(unknown)
