"""Short answers: the phrase of a cited sentence that answers a when/who/where/which/how-many
question, taken verbatim."""

from __future__ import annotations

import re

from index.nlp import subtree_span
from index.sparse import terms
from qa.names import as_words, name_spans, names
from qa.sentence_parse import parsed

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_CALENDAR = re.compile(rf"(?:{_DAY}|{_MONTH})(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? \d{{3,4}})?")
_WHEN = re.compile(
    rf"\b(?:(?:on|by|since|until|in|during|from)\s+)?(?:"
    rf"(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{3,4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{3,4}})?"
    rf"|{_MONTH}\s+\d{{3,4}}"
    rf"|{_DAY}(?:,?\s+{_MONTH}\s+\d{{1,2}})?"
    rf"|(?:early|mid|late)?-?\d{{3,4}}s?"
    rf"|(?:earlier|later|last|next|this)\s+(?:week|month|year|century|decade|weekend)"
    rf"|(?:yesterday|today|tomorrow)"
    rf"|the\s+(?:\w+\s+)?(?:century|decade|\d{{3,4}}s)"
    rf")\b"
)
_COUNT = re.compile(
    r"(?:\b(?:about|around|nearly|almost|over|more than|less than|fewer than|some|at least)\s+)?"
    r"(?:[$€£¥]\s?|\b)"  # an amount of money keeps its currency: "$4.5 million"
    r"(?:\d[\d,.]*(?:\s+(?:million|billion|thousand|hundred))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|hundreds|thousands|millions|dozens)"
    r"(?:\s+(?:per\s*cent|percent|%))?\b",
    re.IGNORECASE,
)
# An age written after a name ("Hasan, 39, was wounded"): part of the name's phrase, no count.
_NAMED_AGE = re.compile(r"\b[A-Z][\w’'.-]*,\s+\d{1,3}(?=\s*[,)])")
_WHERE = re.compile(
    r"\b(?:in|at|near|outside|inside|into|from|on)\s+"
    r"(?:the\s+(?:outskirts|north|south|east|west|centre|center|heart)\s+of\s+)?(?:the\s+)?"
    r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*"
)
_YEAR = re.compile(r"(?:1[0-9]|20)\d\d")
# A short answer starts at its content: "Sunday", not "on Sunday" ("at least 388" keeps "at").
_LEADING_PREPOSITION = re.compile(
    r"^(?:on|by|since|until|in|during|from|at(?!\s+(?:least|most)\b)|near|into|outside|inside)\s+")
# A who-answer is written next to what the question asks about ("commander Qassem Soleimani").
_MAX_WHO_DISTANCE = 40
# What stands between two items of a list of names.
_LIST_JOINT = re.compile(r",? (?:and|or) ")
# Characters around an answer within which the question's words count as its context.
_AROUND = 40
_QUESTION_TYPE = re.compile(
    r"^\W*(?:and\s+)?(?:(when|where|who|whom)\b|how (many|much)\b|(?:in |on |at )?(what year)\b"
    r"|(?:.*?\b)?(which|what)\s+(\w+))",
    re.IGNORECASE,
)


def short_answer(question: str, sentence: str) -> tuple[int, int] | None:
    """Character span of the phrase in ``sentence`` that answers ``question``, if one is clear.

    Only factoid questions get one: when (a date or time), how many/much (a number), where
    (a place phrase), who/whom (a name the question does not mention), and which/what X (a
    name whose words include X). Anything else, or no match, returns None.
    """
    span = _answer_span(question, sentence)
    if span is None or set(terms(sentence[span[0] : span[1]])) <= set(terms(question)):
        return None  # a phrase made of the question's own words answers nothing
    return span


def _answer_span(question: str, sentence: str) -> tuple[int, int] | None:
    match = _QUESTION_TYPE.match(question)
    if not match:
        return None
    kind = (match.group(1) or match.group(2) or match.group(3) or match.group(4) or "").lower()
    anchors = _anchors(question, sentence, names_first=False)
    if kind in ("when", "what year"):
        return _nearest_match(_WHEN, sentence, anchors)
    if kind in ("many", "much"):
        # A day of a date or an age is no count: "June *23*", "Hasan, *39*,".
        taken = [m.span() for pattern in (_WHEN, _NAMED_AGE) for m in pattern.finditer(sentence)]
        return _nearest_match(_COUNT, sentence, anchors, _is_count, within=taken)
    if kind == "where":
        return _nearest_match(_WHERE, sentence, anchors, _is_place)
    known = {word.lower() for name in names(question) for word in name.split()}
    if kind in ("who", "whom"):
        return _nearest_name(
            sentence, known, _anchors(question, sentence), max_distance=_MAX_WHO_DISTANCE,
            min_words=2, titles=set(terms(question)),
        )
    if kind in ("which", "what") and match.group(5):
        head = match.group(5).lower().rstrip("s")
        if len(head) >= 3 and head not in ("did", "does", "was", "were", "is", "are", "has"):
            # The asked-for word ("which force") is the answer's own word, not an anchor.
            asked = question[: match.start(5)] + question[match.end(5) :]
            return _nearest_name(
                sentence, known, _anchors(asked, sentence), containing=head,
                exclude=set(terms(question)),
            )
    return None


def _is_place(text: str, after: str) -> bool:
    """Whether a capitalised phrase after "in" / "on" is not a day or a month ("on
    *Sunday*", "in *March*")."""
    return not _CALENDAR.fullmatch(text)


def _is_count(text: str, after: str) -> bool:
    """A number that counts: not a bare year ("1849") nor the pronoun of "one of"."""
    if _YEAR.fullmatch(text) or (text.lower() == "one" and after.lstrip().startswith("of ")):
        return False
    return any(c.isdigit() or c.isalpha() for c in text)


def _nearest_match(
    pattern: re.Pattern, sentence: str, anchors: list[int], accept=lambda text, after: True,
    within: list[tuple[int, int]] = (),
) -> tuple[int, int] | None:
    """The match of ``pattern`` that ``accept(text, what follows it)`` takes nearest to the
    question's words (``anchors``): "it will release the album ... on *June 16*", not the
    "Tuesday" of the ceremony earlier in the sentence. Of equally near ones, the one with
    more of the question's words around it, then the first. A match that is part of a
    longer span ``within`` is not one ("23" of "June 23" is no count)."""
    found = []
    for match in pattern.finditer(sentence):
        text = _LEADING_PREPOSITION.sub("", match.group().strip())
        if text and accept(text, sentence[match.end() :]):
            start = match.start() + match.group().index(text)
            end = start + len(text)
            if not any(s <= start and end <= e and e - s > end - start for s, e in within):
                found.append((start, end))
    if not found or not anchors:
        return found[0] if found else None

    def gaps(span):
        outside = [abs(span[0] - a) if a < span[0] else abs(a - span[1])
                   for a in anchors if not span[0] <= a < span[1]]
        return min(outside, default=10**6), -sum(g <= _AROUND for g in outside)

    return min(found, key=gaps)


def _anchors(question: str, sentence: str, names_first: bool = True) -> list[int]:
    """Offsets in ``sentence`` of what the question mentions: with ``names_first``, its
    names if the sentence has them (the most specific anchor); else any word sharing a stem
    with the question."""
    words = list(re.finditer(r"\w[\w’'.-]*\w|\w", sentence))
    if names_first:
        name_words = {word for name in names(question) for word in name.split()}
        by_name = [m.start() for m in words if m.group() in name_words]
        if by_name:
            return by_name
    wanted = set(terms(question))
    return [m.start() for m in words if set(terms(m.group())) & wanted]


def _nearest_name(
    sentence: str,
    known: set[str],
    anchors: list[int],
    containing: str | None = None,
    max_distance: int | None = None,
    min_words: int = 1,
    exclude: frozenset[str] | set[str] = frozenset(),
    titles: frozenset[str] | set[str] = frozenset(),
) -> tuple[int, int] | None:
    """The name nearest to the question's words in ``sentence``.

    Candidates share no word with the names in the question (for "which X", they must hold
    the word X instead); with ``max_distance``, a name farther than that many characters
    from every question word is not taken for the answer; a person asked for by "who" is
    named in full (``min_words=2``: "Qassem Soleimani", not the bare place "Iraq"); a name
    whose stems are all in ``exclude`` is skipped; leading words whose stems are in
    ``titles`` are the title the question asks by, not the name ("who is the police chief?":
    "Police Chief *Peter Brower*").
    """
    spans = []
    asked_terms = set(terms(" ".join(known)))
    every = name_spans(sentence)
    asked = [span for span in every if _is_asked(sentence[span[0] : span[1]], known, asked_terms)]
    for name in every:
        if containing is None and any(_listed_with(span, name, sentence) for span in asked):
            # "Karim Nasser and Adel Mansour were killed": who killed Nasser is not Mansour.
            continue
        start, end = _after_title(name, sentence, titles)
        words = {word.lower() for word in sentence[start:end].split()}
        if len(sentence[start:end].split()) < min_words:
            continue
        if exclude and set(terms(sentence[start:end])) <= exclude:
            continue
        if containing is not None:
            if not any(word.startswith(containing) for word in words):
                continue
        elif _is_asked(sentence[start:end], known, asked_terms):
            continue
        spans.append((start, end))
    if not spans or (not anchors and max_distance is not None):
        return None
    if not anchors:
        return spans[0]

    def distance(span):
        outside = [a for a in anchors if not span[0] <= a < span[1]]
        return min((min(abs(span[0] - a), abs(span[1] - a)) for a in outside), default=10**6)

    best = min(spans, key=distance)
    return best if max_distance is None or distance(best) <= max_distance else None


def _after_title(span: tuple[int, int], sentence: str, titles: set[str] | frozenset[str]
                 ) -> tuple[int, int]:
    """``span`` without its leading words whose stems are in ``titles``."""
    start, end = span
    for word in re.finditer(r"\S+", sentence[start:end]):
        if not set(terms(word.group())) <= titles or not terms(word.group()):
            return start + word.start(), end
    return end, end


def _is_asked(name: str, known: set[str], asked_terms: set[str]) -> bool:
    """Whether ``name`` is one the question mentions (a word or a stem in common)."""
    words = {word.lower() for word in name.split()}
    return bool(words & known or set(terms(name)) & asked_terms)


def _listed_with(first: tuple[int, int], second: tuple[int, int], sentence: str) -> bool:
    """Whether two names are joined as items of one list ("A and B", "A, and B", "A or B"); a
    bare comma may end a clause instead ("bankrolled by Elon Musk, Tesla has ...")."""
    (_, left_end), (right_start, _) = sorted([first, second])
    return _LIST_JOINT.fullmatch(sentence[left_end:right_start]) is not None


def description(name: str, sentence: str) -> tuple[int, int] | None:
    """Span of what ``sentence`` says ``name`` is, from its grammar: an appositive ("Tom
    Lantos, *the chairman of the committee*, died"), the noun the name is in apposition to
    ("*Her lawyer*, Shawn Holley, said"), or the complement of "is", in the sentence or else
    in a relative clause ("Hepatitis C is *a contagious liver disease*", "Scheiner, who has
    been *Obama's doctor* since 1987"); a name that only modifies a noun stands for that noun ("the
    PMF militia is *part of the military*"). None when the sentence says neither."""
    found = _find_word_bounded(sentence, name)
    if found is None:
        return None
    tokens = parsed(sentence)
    inside = [i for i, t in enumerate(tokens) if found <= t.start < found + len(name)]
    if not inside:
        return None
    head = next((i for i in inside if tokens[i].head not in inside), inside[-1])
    while tokens[head].dep == "compound" and tokens[head].head > head:
        head = tokens[head].head
    for i, token in enumerate(tokens):
        # A noun: "Michael Lohan, 50," gives an age, not what he is.
        if (token.head == head and token.dep == "appos" and i > inside[-1]
                and token.pos in ("NOUN", "PROPN")):
            span = subtree_span(tokens, i)
            # Right after the name and its comma: "Sotomayor, *the 111th justice*".
            if sentence[found + len(name) : span[0]].strip() == ",":
                return span
    described = tokens[head].head
    # "The airline's chief executive, Maria Lindqvist, said": the name stands in apposition
    # to the noun before it, which says what the person is.
    if (tokens[head].dep == "appos" and described < inside[0]
            and tokens[described].pos == "NOUN"):
        span = subtree_span(tokens, described)
        if _BEFORE_APPOSITION.fullmatch(sentence[span[1] : found]):
            return span
    verb = tokens[head].head
    if tokens[head].dep == "nsubj" and tokens[verb].lemma == "be":
        for i, token in enumerate(tokens):
            if token.head == verb and token.dep == "attr":
                return subtree_span(tokens, i)
    # Else a relative clause saying what the name is: "Scheiner, who has been Obama's primary
    # doctor since 1987, observed ...".
    for i, token in enumerate(tokens):
        if token.head == head and token.dep == "relcl" and token.lemma == "be":
            for j, attribute in enumerate(tokens):
                if attribute.head == i and attribute.dep == "attr":
                    return subtree_span(tokens, j)
    return None


def _find_word_bounded(sentence: str, phrase: str) -> int | None:
    match = re.search(as_words(phrase), sentence)
    return match.start() if match else None


# Between a noun phrase and a name in apposition to it: a comma, perhaps after a bracket.
_BEFORE_APPOSITION = re.compile(r"[)\]”’\"']*,\s*")
# Where a role before a name cannot begin earlier: punctuation (a dateline's "--" too:
# "(CNN) -- England coach Fabio Capello"), or a verb of saying or a relative word.
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"–—]|--|\b(?:said|says|told|that|which|who|and said)\b")
_FUNCTION_WORD = {"of", "to", "by", "for", "in", "on", "at", "from", "with", "as", "the", "a", "an"}
_MAX_ROLE_WORDS = 6
# Finite verbs (past, present): a participle can be part of a role ("retired general").
_FINITE_VERB_TAGS = {"VBD", "VBZ", "VBP"}


def role_of(name: str, sentence: str) -> tuple[int, int] | None:
    """Span of the role written right before ``name`` ("former Pentagon official Michael Maloof").

    The role is the run of words between the last clause break and the name, cut after a
    lowercase function word ("assassination of | Iranian Quds Force commander"), holding
    at least one lowercase word (or opening the sentence) and ending in a noun; None when
    there is no such run.
    """
    found = _find_word_bounded(sentence, name)
    if found is None:
        return None
    before = sentence[:found]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    words = list(re.finditer(r"\S+", before[start:]))
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group()
        previous = words[i - 1].group() if i else ""
        if word.lower() in _FUNCTION_WORD and not (word == "of" and previous[:1].isupper()):
            words = words[i + 1 :]
            break
    words = words[-_MAX_ROLE_WORDS:]
    # A sentence's first word is capitalised whatever it is ("Engineer Tom Becker").
    if not words or not any(w.group()[:1].islower() or start + w.start() == 0 for w in words):
        return None
    span = start + words[0].start(), start + words[-1].end()
    tokens = [t for t in parsed(sentence) if span[0] <= t.start < span[1]]
    # A role ends in a noun ("official"), not in "between" or "accused", and holds no verb
    # of the sentence ("Obama, 46, last *saw* Dr. David Scheiner").
    if (not tokens or tokens[-1].pos not in ("NOUN", "PROPN")
            or any(t.pos == "AUX" or t.tag in _FINITE_VERB_TAGS for t in tokens)):
        return None
    return span
