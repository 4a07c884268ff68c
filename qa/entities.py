"""The article's own entities, and linking a question's words to them (any case, small typos)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from index.nlp import TITLES, SentenceFacts
from index.types import Sentence
from qa.lexicon import FUNCTION_WORDS, REQUEST_WORDS
from qa.spelling import fold
from qa.typos import TypoIndex

# Labels of things a question can be about by name.
# NAME: a run of proper nouns the recogniser gave no type (index/nlp.py).
_NAMED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW",
          "PRODUCT", "LANGUAGE", "NAME"}
_WORD = re.compile(r"\w[\w’'.-]*\w|\w")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# An acronym in brackets after its long form: "(PMF)", "(IS, formerly ISIS)".
_ACRONYM = re.compile(r"\(\s*([A-Z]{2,6})\b")
_SMALL_WORDS = frozenset("of and for the de del la le al on in to".split())
# Lowercase words of a name that belong to the surname after them: "de Menezes", "van Gogh".
_PARTICLES = frozenset("de da di du del della der den van von la le bin ibn dos das".split())
# The Arabic article written before a surname ("al-Maliki", "el-Sisi", "ash-Shater").
_NAME_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[-‐‑]")
# A middle initial: "G." of "William G. Christen".
_INITIAL = re.compile(r"[A-Z]\.")
# Between a name and another name of the same one: "Tila Nguyen*, 27, who goes by *Tila
# Tequila", "Hamza bin Laden*, also known as *Abu Muaz".
_OTHER_NAME = re.compile(
    r"(?:,\s*\d{1,3})?,?\s+(?:who\s+(?:is\s+|was\s+)?)?(?:(?:also|better|now)\s+)?"
    r"(?:(?:known|called)\s+as|goes\s+by|went\s+by|nicknamed|dubbed)\s+[“\"‘']?")
# Shorter words are matched exactly: one edit turns "us" into "is".
_MIN_FUZZY = 4


@dataclass(frozen=True, slots=True)
class ArticleEntity:
    """Someone or something the article names: ``name`` is its fullest written form,
    ``label`` its most frequent type, ``aliases`` the lowercase forms that refer to it."""

    name: str
    label: str
    aliases: tuple[str, ...]
    sentences: tuple[int, ...]
    statements: tuple[int, ...] = ()
    # The sentence that spells out the acronym the entity goes by ("... Forces (PMF)").
    spelled_out: int | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span ``[start, end)`` of a question that refers to ``entity``."""

    entity: ArticleEntity
    text: str
    start: int
    end: int


class EntityTable:
    """The named entities of an index, and the question words that refer to them."""

    def __init__(self, sentences: Sequence[Sentence], facts: Sequence[SentenceFacts]) -> None:
        groups: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        people = _full_names(facts)
        for sentence, fact in zip(sentences, facts):
            found = [(e.text, e.label) for e in fact.entities if e.label in _NAMED]
            if fact.speaker:
                found.append((fact.speaker, "PERSON"))
            for text, label in found:
                text = _clean(text)
                if not text or (label == "NAME" and _is_role(text)):
                    continue
                # A surname tagged ORG or GPE in one sentence is still the person.
                key = people.get(text, text) if label == "PERSON" or text in people else text
                groups[key].append((text, label, sentence.sentence_id))
        spelled_out = {}
        for acronym, (expansion, sentence_id) in _expansions(sentences).items():
            # "Popular Mobilization Forces (PMF)": the acronym names the same entity.
            full = next((key for key in groups if key == expansion
                         or key.endswith(" " + expansion)), expansion)
            if full != acronym and acronym in groups:
                groups[full].extend(groups.pop(acronym))
                groups[full].append((expansion, groups[full][0][1], sentence_id))
                spelled_out[full] = sentence_id
        for name, other in _other_names(sentences, facts):
            # "Tila Nguyen, 27, who goes by Tila Tequila": one person, two names.
            key, other_key = people.get(name, name), people.get(other, other)
            if key in groups and other_key in groups and key != other_key:
                groups[key].extend(groups.pop(other_key))
        spoken: dict[str, list[int]] = defaultdict(list)
        for sentence, fact in zip(sentences, facts):
            if fact.speaker:
                speaker = _clean(fact.speaker)
                spoken[people.get(speaker, speaker)].append(sentence.sentence_id)
        # A person's full name: however the recogniser labelled its shorter forms, it is
        # a person ("Tharcisse Renzaho" once, "Renzaho" taken for an organisation after).
        # A single word keeps its most frequent label ("Chad" taken for a person once).
        persons = {people.get(_clean(e.text), _clean(e.text))
                   for fact in facts for e in fact.entities if e.label == "PERSON"}
        persons = {name for name in persons if " " in name}
        self._lowercase_words = {
            word for s in sentences for word in _WORD.findall(s.text) if word.islower()
        }
        self.entities: tuple[ArticleEntity, ...] = _with_unrecognised_mentions(tuple(
            _entity(name, mentions, tuple(spoken.get(name, ())), spelled_out.get(name),
                    "PERSON" if name in persons else None)
            for name, mentions in groups.items()
        ), sentences, self._lowercase_words)
        self._by_alias: dict[str, list[ArticleEntity]] = defaultdict(list)
        for entity in self.entities:
            for alias in entity.aliases:
                self._by_alias[alias].append(entity)
        # A misspelt name is looked up among the folded aliases, never scanning them all.
        self._typos = TypoIndex(dict.fromkeys(fold(alias) for alias in self._by_alias))
        # "nejm" for the New England Journal of Medicine, matched exactly: one edit turns
        # one acronym into another. An acronym the article writes is an alias already.
        for entity in self.entities:
            short = _initials(entity)
            if short is not None and short not in self._by_alias:
                self._by_alias[short].append(entity)
        self._folded = {fold(alias): alias for alias in self._by_alias}
        # The last question linked and its mentions: one turn links its text several times.
        self._last: tuple[str, tuple[Mention, ...]] = ("", ())

    def named(self, name: str) -> ArticleEntity | None:
        """The entity an exact name (any case) refers to."""
        found = self._by_alias.get(fold(_clean(name)).lower())
        return found[0] if found else None

    def link(self, question: str) -> tuple[Mention, ...]:
        """The article entities ``question`` refers to, longest match first, in order.

        Matching ignores case and accents and allows one edit up to six letters, two above
        ("vltcheck" -> Vltchek, "pompeio" -> Pompeo). A lowercase word that the article also
        uses as an ordinary word ("state") links only when written capitalised.
        """
        last, mentions = self._last
        if question != last:
            mentions = self._link(question)
            self._last = (question, mentions)
        return mentions

    def _link(self, question: str) -> tuple[Mention, ...]:
        words = [w for w in _WORD.finditer(question)]
        taken = [False] * len(words)
        mentions = []
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                if any(taken[i : i + size]):
                    continue
                window = words[i : i + size]
                text = question[window[0].start() : window[-1].end()]
                stripped = _POSSESSIVE.sub("", text)
                if not self._may_link(stripped, size):
                    continue
                entity = self._lookup(stripped)
                if entity is not None:
                    end = window[0].start() + len(stripped)
                    mentions.append(Mention(entity, stripped, window[0].start(), end))
                    taken[i : i + size] = [True] * size
        return tuple(sorted(mentions, key=lambda m: m.start))

    def _may_link(self, text: str, size: int) -> bool:
        words = text.split()
        # Function words never start or end a name, unless written as an acronym ("US").
        if any(w.lower() in FUNCTION_WORDS | REQUEST_WORDS and not (w.isupper() and len(w) > 1)
               for w in (words[0], words[-1])):
            return False
        if size == 1 and text.islower() and text in self._lowercase_words:
            return False
        return True

    def _lookup(self, text: str) -> ArticleEntity | None:
        key = fold(text).lower()
        if key in self._folded:
            return self._by_alias[self._folded[key]][0]
        if len(key) < _MIN_FUZZY:
            return None
        near = self._typos.near(key)
        if not near:
            return None
        # The closest; of equally close ones, the first the article named.
        closest, _ = min(near, key=lambda found: found[1])
        return self._by_alias[self._folded[self._typos.words[closest]]][0]


def _entity(name: str, mentions: list[tuple[str, str, int]], statements: tuple[int, ...],
            spelled_out: int | None, label: str | None = None) -> ArticleEntity:
    """The entity ``name``; its label is ``label`` if given, else its mentions' most
    frequent one."""
    label = label or Counter(label for _, label, _ in mentions).most_common(1)[0][0]
    aliases = {name.lower(), *(text.lower() for text, _, _ in mentions)}
    if label == "PERSON":
        last = name.split()[-1].lower()
        if len(name.split()) > 1:
            aliases.add(last)
        # "Jean Charles de Menezes" is also "de Menezes" ("De Menezes was killed ...").
        parts = name.split()
        if len(parts) > 2 and parts[-2] in _PARTICLES:
            aliases.add(f"{parts[-2]} {last}")
        # "al-Muhandis" is also "Muhandis": people write the surname without its article.
        bare = _NAME_ARTICLE.sub("", last)
        if bare and bare != last:
            aliases.add(bare)
        # "William G. Christen" is also "William Christen".
        words = [w for w in name.split() if not _INITIAL.fullmatch(w)]
        if 1 < len(words) < len(name.split()):
            aliases.add(" ".join(words).lower())
    sentences = tuple(sorted({sentence_id for _, _, sentence_id in mentions}))
    return ArticleEntity(name, label, tuple(sorted(aliases)), sentences, statements,
                         spelled_out)


def _with_unrecognised_mentions(entities: tuple[ArticleEntity, ...], sentences: Sequence[Sentence],
                                lowercase: set[str]) -> tuple[ArticleEntity, ...]:
    """``entities`` with the sentences that write one of their names capitalised where the
    recogniser saw no name ("*UNAMID* is the acronym for ..." after "the UNAMID convoy"). A
    name two entities share, and a word of ``lowercase`` (the article's lowercase words: a
    sentence starting "May ..." is no mention of Theresa May), are left to the recogniser."""
    owners: dict[str, list[int]] = defaultdict(list)
    for n, entity in enumerate(entities):
        for alias in entity.aliases:
            owners[alias].append(n)
    by_first_word: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for alias, found in owners.items():
        if len(found) == 1 and alias.split() and alias not in lowercase:
            by_first_word[alias.split()[0]].append((alias, found[0]))
    written: dict[int, set[int]] = defaultdict(set)
    for sentence in sentences:
        text = sentence.text
        lowered = text.lower()
        for word in _WORD.finditer(text):
            if not word.group()[:1].isupper():
                continue
            for alias, n in by_first_word.get(word.group().lower(), ()):
                end = word.start() + len(alias)
                if lowered.startswith(alias, word.start()) and not text[end : end + 1].isalnum():
                    written[n].add(sentence.sentence_id)
    return tuple(
        replace(entity, sentences=tuple(sorted(written[n].union(entity.sentences))))
        if written[n] - set(entity.sentences) else entity
        for n, entity in enumerate(entities)
    )


def _initials(entity: ArticleEntity) -> str | None:
    """The acronym a name of three capitalised words or more shortens to, small words
    skipped ("New England Journal of Medicine" -> "nejm", "John Fitzgerald Kennedy" ->
    "jfk"); None for a shorter name (two letters are too often a word or another name's)."""
    words = [w for w in entity.name.split() if w.lower() not in _SMALL_WORDS]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()


def _expansions(sentences: Sequence[Sentence]) -> dict[str, tuple[str, int]]:
    """Acronyms the article spells out -> their long forms and the sentence that does:
    "Popular Mobilization Forces (PMF)", "Islamic State (IS, formerly ISIS)" (the capitals
    of the words before the bracket, small words skipped, spell the acronym)."""
    found = {}
    for sentence in sentences:
        for match in _ACRONYM.finditer(sentence.text):
            acronym = match.group(1)
            words = _WORD.findall(sentence.text[: match.start()])
            initials, start = "", None
            for i in range(len(words) - 1, -1, -1):
                word = _POSSESSIVE.sub("", words[i])
                if word[:1].isupper():
                    initials = word[0] + initials
                elif word not in _SMALL_WORDS:
                    break
                if initials == acronym:
                    start = i
                    break
            if start is not None:
                long_form = _POSSESSIVE.sub("", " ".join(words[start:]))
                found.setdefault(acronym, (long_form, sentence.sentence_id))
    return found


def _other_names(sentences: Sequence[Sentence],
                 facts: Sequence[SentenceFacts]) -> list[tuple[str, str]]:
    """(name, other name) pairs the article says are one: a name, perhaps an age, then
    "known as", "goes by", "nicknamed" or "dubbed" and the next name of the sentence."""
    pairs = []
    for sentence, fact in zip(sentences, facts):
        named = sorted((e for e in fact.entities if e.label in _NAMED), key=lambda e: e.start)
        for first, second in zip(named, named[1:]):
            if _OTHER_NAME.fullmatch(sentence.text[first.end : second.start]):
                pairs.append((_clean(first.text), _clean(second.text)))
    return pairs


def _full_names(facts: Sequence[SentenceFacts]) -> dict[str, str]:
    """Each person's name as written -> the one longest name that ends with it ("Maloof" ->
    "Michael Maloof"); a surname two people share keeps no full name."""
    written = {
        _clean(name)
        for fact in facts
        for name in [*(e.text for e in fact.entities if e.label == "PERSON"),
                     *([fact.speaker] if fact.speaker else [])]
    } - {""}
    # Name -> the written names that end with " " + it: looked up, not scanned (a corpus
    # of 1,000 stories writes ~8,000 names; scanning them all for each took ~half a minute).
    ending_with: dict[str, set[str]] = defaultdict(set)
    for other in written:
        for i, char in enumerate(other):
            if char == " ":
                ending_with[other[i + 1 :]].add(other)
    full = {}
    for name in written | {n.split()[-1] for n in written}:
        # A sentence capitalises a surname's particle: "Al-Hajj, a Sudanese citizen" is
        # "Sami al-Hajj".
        longer = (ending_with.get(name, set()) | ending_with.get(_uncapitalised(name), set())
                  | ({name} & written))
        longest = {n for n in longer if not any(
            o != n and (o.endswith(" " + n) or o.endswith(" " + _uncapitalised(n)))
            for o in longer)}
        if len(longest) == 1:
            full[name] = longest.pop()
    return full


def _uncapitalised(name: str) -> str:
    """``name`` with its first letter lowercase, as a particle is written mid-name."""
    return name[:1].lower() + name[1:]


def _is_role(text: str) -> bool:
    """A capitalised run that ends in a title is a role, not a name ("Prime Minister",
    "Attorney General"): who holds it is named elsewhere, if at all."""
    return text.split()[-1].rstrip(".").lower() in TITLES


def _clean(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).strip(" .,;:")
