"""Every English word list the question-understanding step uses, in one place."""

from __future__ import annotations

import re

# Polite forms and requests that wrap a question ("can you tell me ...", "please list ...").
# They are never names and never content.
REQUEST = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?|hey|hi|now|also)\W+)*"
    r"(?:(?:please|pls|kindly)\W+)?"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|do\s+you\s+know\s+|"
    r"i\s+(?:want|would\s+like|'d\s+like|need)\s+to\s+know\s+|"
    r"i\s+(?:want|would\s+like|'d\s+like|need)\s+)?"
    r"(?:(?:tell|give|show)\s+(?:me|us)\s+|let\s+me\s+know\s+|explain\s+(?:to\s+me\s+)?)?"
    r"(?:please\W+)?",
    re.IGNORECASE,
)
REQUEST_WORDS = frozenset(
    "please pls kindly can could would will you tell give show me us let know explain "
    "describe list name enumerate summarize summarise summary want like need i hey hi ok okay"
    .split()
)

# Question words that open a sentence capitalised without being names.
FUNCTION_WORDS = frozenset(
    "what who whom whose which when where why how is are was were did does do can could would "
    "should will has have had and according so but in on at the a an of to for about with by "
    "from as it its this that these those there then also any some all many much more most "
    "he she they him her them his hers their we our you your i me my article story author "
    "writer journalist piece".split()
)

# Personal pronouns resolved to a person of the conversation, and the possessive ones.
PERSON_PRONOUNS = frozenset("he she him her his hers".split())
POSSESSIVE_PRONOUNS = frozenset("his her hers their".split())
# Words that point back at the last thing or group discussed.
THING_REFERENCES = frozenset("it that this there they them their those".split())
# A turn that asks the previous question again for what was not shown yet.
MORE = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|please)\W+)*(?:tell me more|more|go on|continue|keep going"
    r"|anything else|what else|and then|more please|tell me more about (?:it|that|this))"
    r"(?:\W+please)?\W*$",
    re.IGNORECASE,
)
# Asks for what the article is about as a whole ("summarize the article", "what happened?").
GIST = re.compile(
    r"\b(?:summar(?:y|ise|ize)|gist|overview|tl;?dr|main (?:points?|ideas?)|key points?)\b"
    r"|^\W*what(?:['’]s| is| was) (?:this|the|it) ?(?:article|story|piece|text|report|news)?"
    r" ?about\b|^\W*what happened\W*$",
    re.IGNORECASE,
)

# Verbs of speech: "What did X say/report?" asks for X's words, which the article must quote.
# Not "add", "call" or "note": "What is X called?", "What did Watt add to the engine?".
SPEECH_VERBS = frozenset(
    "say tell warn claim caution argue suggest predict report write insist state stress "
    "comment respond reply announce declare speak talk".split()
)
# Verbs that ask for an event rather than name its content ("what happened on Sunday?").
EVENT_VERBS = frozenset("happen happens happened happening occur occurs occurred occurring"
                        .split())
# "Who did X talk to?" asks whom X addressed.
ADDRESS_VERBS = frozenset("talk speak tell".split())
# What someone speaks on or to ("On which TV program did X speak?").
MEDIA_NOUNS = frozenset("program programme show channel network station broadcaster newspaper "
                        "paper magazine outlet radio television tv interview".split())
# Verbs that ask what someone said or thinks ("What did X warn?", "How does X describe Y?").
STATEMENT_VERBS = SPEECH_VERBS | frozenset(
    "think believe mean describe justify explain view see feel expect defend criticize "
    "criticise fear hope".split()
)
# Who the article itself speaks for: "what did the author think?".
NARRATOR_WORDS = frozenset("author writer article story journalist reporter piece".split())
# Nouns that ask for someone's view ("Vltchek's view", "Maloof's opinion").
VIEW_NOUNS = frozenset("view views opinion opinions position stance take thoughts argument "
                       "arguments point perspective".split())
# Nouns that ask who someone is ("Maloof's background").
IDENTITY_NOUNS = frozenset("background role job title position occupation profession "
                           "identity nationality".split())

# The head noun of "which X" / "what X" decides the kind of answer.
PERSON_NOUNS = frozenset(
    "person people man men woman women official officials leader leaders president "
    "minister politician politicians analyst analysts expert experts author journalist "
    "spokesman spokeswoman spokesperson commander general secretary name names player "
    "governor mayor senator judge chairman chairwoman director lawyer witness resident "
    "residents police doctor doctors scientist scientists researcher researchers "
    "players member members actor actress singer founder ceo chief head victim victims "
    "suspect suspects individual individuals".split()
)
ORGANIZATION_NOUNS = frozenset(
    "group groups organization organisation organizations organisations unit units force "
    "forces militia militias party parties company companies agency agencies network "
    "channel outlet team teams army government institution body movement".split()
)
PLACE_NOUNS = frozenset(
    "place places country countries city cities town towns region regions state states "
    "province area location capital continent nation nations".split()
)
# Prepositions that place something ("work *in* nursing homes", "*in* what part of ..."),
# for "where".
LOCATIVE = frozenset({"in", "at", "on", "near", "inside", "outside"})
# Nouns for a part of something: "what *part* of the United States" asks for a place.
PART_NOUNS = frozenset("part parts portion section side end corner half".split())
# Nouns whose instances nationality adjectives also name ("which countries" <- "Iranian").
NATION_NOUNS = frozenset("country countries nation nations nationality".split())
TIME_NOUNS = frozenset("year years date day days month months time century decade".split())
NUMBER_NOUNS = frozenset("number amount count percentage total".split())
# A date or time that places an event ("May 25, 1979", "Sunday", "9 p.m.", "two years ago"),
# unlike an age or a duration ("Etan Patz, 6,", "almost 30 years", "annual"): what answers
# "when".
POINT_IN_TIME = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:1[0-9]|20)\d\d(?:s|['’]s)?\b"
    r"|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth"
    r"|twenty-first) century\b|\b(?:today|yesterday|tomorrow|tonight|ago|last|next"
    r"|earlier|later this|this (?:week|month|year|morning|evening)|noon|midnight|morning"
    r"|afternoon|evening|night|spring|summer|autumn|fall|winter)\b|\d\s*[ap]\.?m\b",
    re.IGNORECASE,
)

# Openers of a list request: "list the analysts", "name the people quoted".
LIST_VERBS = frozenset("list name enumerate".split())
SUMMARY_VERBS = frozenset("summarize summarise".split())
# "The people quoted", "who spoke", "sources": the speakers of the article.
QUOTED_WORDS = frozenset("quoted quote quotes cited interviewed speak spoke speaking sources "
                         "source".split())
