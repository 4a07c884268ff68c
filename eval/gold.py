"""Gold questions: the article-qa JSONL format and SQuAD 2.0 JSON, read into one shape."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from eval.metrics import Span, locate

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "dev.jsonl"
# SQuAD questions are either answerable from their paragraph or not; that is their kind.
ANSWERABLE, UNANSWERABLE = "answerable", "unanswerable"


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    """One question with what a correct reply must contain.

    ``evidence`` holds groups of spans into the article text (see ``eval.metrics``);
    ``regions`` are spans inside which any citation counts as correct (a SQuAD question's
    paragraph); both are filled in by :func:`attach_evidence` or the SQuAD reader.
    """

    id: str
    question: str
    answers: tuple[str, ...]
    answerable: bool
    kind: str
    history: tuple[str, ...] = ()
    evidence_text: tuple[str, ...] = ()
    evidence: tuple[tuple[Span, ...], ...] = ()
    regions: tuple[Span, ...] = ()
    article: str = ""


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """An article given as text (SQuAD), with its paragraphs' spans and its questions."""

    title: str
    text: str
    paragraphs: tuple[Span, ...]
    questions: tuple[GoldQuestion, ...] = ()


def read_jsonl(path: str | Path) -> list[GoldQuestion]:
    """Read an article-qa gold file: one JSON object per line.

    Each object has ``question``, ``answers`` (acceptable short answers), ``evidence``
    (verbatim text of the article that supports the answer), ``answerable``, ``history``
    (earlier user turns) and ``kind``; ``id`` is optional.

    Raises:
        ValueError: If the file cannot be read, or a line is not JSON or lacks ``question``.
    """
    path = Path(path)
    questions = []
    for number, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not record.get("question"):
            raise ValueError(f"{path}:{number}: a gold line needs a 'question'")
        answers = tuple(record.get("answers") or ())
        questions.append(
            GoldQuestion(
                id=str(record.get("id") or f"{path.stem}-{number}"),
                question=record["question"],
                answers=answers,
                answerable=bool(record.get("answerable", bool(answers))),
                kind=record.get("kind") or (ANSWERABLE if answers else UNANSWERABLE),
                history=tuple(record.get("history") or ()),
                evidence_text=tuple(record.get("evidence") or ()),
            )
        )
    return questions


def attach_evidence(question: GoldQuestion, text: str, article: str = "") -> GoldQuestion:
    """``question`` with each evidence string located in the article ``text``.

    An evidence string found nowhere becomes an empty group, so it still counts against
    citation recall and the question's evidence is visibly incomplete.
    """
    groups = tuple(tuple(locate(evidence, text)) for evidence in question.evidence_text)
    return replace(question, evidence=groups, article=article)


def read_squad(path: str | Path) -> list[GoldArticle]:
    """Read SQuAD 2.0 JSON: each article's paragraphs joined by a blank line into one text.

    Every question keeps its paragraph's span as its region; its evidence is every
    occurrence of an acceptable answer inside that paragraph. Unanswerable questions
    (``is_impossible``) have no answers and no evidence.

    Raises:
        ValueError: If the file cannot be read or is not SQuAD-shaped JSON.
    """
    path = Path(path)
    try:
        data = json.loads(_read(path))["data"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not SQuAD 2.0 JSON ({exc})") from None
    articles = []
    for article in data:
        title = str(article.get("title", "")).replace("_", " ")
        contexts = [paragraph["context"] for paragraph in article["paragraphs"]]
        text = "\n\n".join(contexts)
        spans: list[Span] = []
        questions: list[GoldQuestion] = []
        offset = 0
        for paragraph, context in zip(article["paragraphs"], contexts):
            span = (offset, offset + len(context))
            spans.append(span)
            offset = span[1] + 2
            for qa in paragraph["qas"]:
                questions.append(_squad_question(qa, context, span, title))
        articles.append(GoldArticle(title, text, tuple(spans), tuple(questions)))
    return articles


def read_newsqa(path: str | Path) -> list[GoldArticle]:
    """Read NewsQA-style JSONL (``story_id``, ``story``, ``question``, ``answers``): one
    article per story, in order of first appearance, with its questions. A question's
    evidence is every occurrence of an acceptable answer in the story; there are no regions,
    so a citation counts only where it holds an answer.

    Raises:
        ValueError: If the file cannot be read or a line lacks those fields.
    """
    path = Path(path)
    stories: dict[str, tuple[str, list[GoldQuestion]]] = {}
    for number, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            story_id, story, question = record["story_id"], record["story"], record["question"]
            answers = tuple(dict.fromkeys(str(a) for a in record.get("answers") or ()))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a NewsQA line ({exc})") from None
        _, questions = stories.setdefault(story_id, (story, []))
        occurrences = tuple(sorted({span for a in answers for span in locate(a, story)}))
        questions.append(GoldQuestion(
            id=str(record.get("id") or f"{path.stem}-{number}"),
            question=question,
            answers=answers,
            answerable=bool(answers),
            kind=ANSWERABLE if answers else UNANSWERABLE,
            evidence=(occurrences,) if answers else (),
            article=story_id,
        ))
    return [GoldArticle(story_id, story, ((0, len(story)),), tuple(questions))
            for story_id, (story, questions) in stories.items()]


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise ValueError(f"gold file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read gold file {path}: {exc}") from None


def _squad_question(qa: dict, context: str, paragraph: Span, title: str) -> GoldQuestion:
    impossible = bool(qa.get("is_impossible"))
    answers = () if impossible else tuple(dict.fromkeys(_answer_text(a) for a in qa["answers"]))
    occurrences = sorted(
        {
            (paragraph[0] + start, paragraph[0] + end)
            for answer in answers
            for start, end in locate(answer, context)
        }
    )
    return GoldQuestion(
        id=str(qa["id"]),
        question=qa["question"],
        answers=answers,
        answerable=not impossible,
        kind=UNANSWERABLE if impossible else ANSWERABLE,
        evidence=(tuple(occurrences),) if answers else (),
        regions=(paragraph,),
        article=title,
    )


def _answer_text(answer) -> str:
    # The explorer export lists answer texts; the official file lists {"text", "answer_start"}.
    return answer["text"] if isinstance(answer, dict) else str(answer)


def spread(items: list, limit: int | None) -> list:
    """At most ``limit`` items, evenly spaced through ``items`` (all of them when None).

    SQuAD questions come in paragraph order, so taking the first few would only ever ask
    about an article's opening paragraphs.
    """
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    return [items[i * len(items) // limit] for i in range(limit)]


def parse_slice(text: str | None) -> slice:
    """``"A:B"`` (either side optional) as a slice; None or "" selects everything.

    Raises:
        ValueError: If it is not of the form A:B with integers.
    """
    if not text:
        return slice(None)
    parts = text.split(":")
    try:
        if len(parts) == 1:
            index = int(parts[0])
            return slice(index, index + 1 if index != -1 else None)
        if len(parts) == 2:
            return slice(*(int(p) if p.strip() else None for p in parts))
    except ValueError:
        pass
    raise ValueError(f"--articles takes A:B (e.g. 0:10), got {text!r}")

