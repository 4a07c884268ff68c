"""Read article files from disk into cleaned documents."""

from __future__ import annotations

import codecs
import logging
import re
import stat
from pathlib import Path
from typing import Callable, Iterable

from index.clean import clean
from index.errors import ArticleQAError, ArticleReadError, EmptyArticleError
from index.html import read_html
from index.pdf import read_pdf
from index.types import Document

log = logging.getLogger("article_qa")

# Text that is not UTF-8 (and has no byte-order mark) is decoded as Windows-1252, the usual
# legacy encoding of news pages and a superset of Latin-1's printable characters; bytes it
# cannot map become U+FFFD so nothing is silently dropped.
FALLBACK_ENCODING = "cp1252"
# A byte-order mark names the encoding. UTF-32-LE's mark begins with UTF-16-LE's: test it first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Indexing embeds every sentence, so the size of one file bounds the time and memory of a
# build; this is about three times the 10 MB measured in docs/limits.md.
MAX_ARTICLE_BYTES = 32_000_000
# Text has almost no control characters; a file with more than this share of them (or of
# undecodable bytes) is not an article, whatever its name.
_MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _read_text(data: bytes, path: Path) -> Document:
    return clean(decode(data, path), source=str(path))


# How each kind of file becomes a document; any other file given by name is read as text.
READERS: dict[str, Callable[[bytes, Path], Document]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
}
ARTICLE_SUFFIXES = tuple(READERS)


def read_articles(paths: Iterable[str | Path]) -> list[Document]:
    """Read and clean every article file in ``paths`` (folders are searched for article files).

    Files that cannot be read, or hold no article text, or repeat another file's text, are
    skipped with one warning that lists them; the rest are returned.

    Raises:
        ArticleReadError: If no path was given, or none of the files can be read.
        EmptyArticleError: If files were read but none holds article text.
    """
    files, problems = _expand(paths)
    documents: dict[str, Document] = {}
    for path in files:
        try:
            document = read_article(path)
        except ArticleQAError as exc:
            problems.append(exc)
            continue
        if document.doc_id in documents:
            log.info("skipping %s: same text as %s", path, documents[document.doc_id].source)
        else:
            documents[document.doc_id] = document
    if not documents:
        if len(problems) == 1:
            raise problems[0]
        kind = EmptyArticleError if all(isinstance(p, EmptyArticleError) for p in problems) else ArticleReadError
        raise kind(f"no article could be read ({len(problems)} tried): " + "; ".join(map(str, problems)))
    if problems:
        log.warning(
            "skipped %d of %d article file(s): %s",
            len(problems),
            len(problems) + len(documents),
            "; ".join(map(str, problems)),
        )
    return list(documents.values())


def read_article(path: str | Path) -> Document:
    """Read and clean one article file.

    Raises:
        ArticleReadError: If it cannot be read, is not text, or is over ``MAX_ARTICLE_BYTES``.
        EmptyArticleError: If it holds no article prose (only headlines, links, boilerplate).
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ArticleReadError(f"{path} is a folder with no article files")
        if not stat.S_ISREG(info.st_mode):
            raise ArticleReadError(f"{path} is not a regular file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise ArticleReadError(_too_large(path, info.st_size))
        with open(path, "rb") as file:
            data = file.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        raise ArticleReadError(f"article not found: {path}") from None
    except OSError as exc:
        raise ArticleReadError(f"cannot read article {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_ARTICLE_BYTES:  # it grew while being read
        raise ArticleReadError(_too_large(path, len(data)))
    if not data.strip():
        raise EmptyArticleError(f"{path} is empty")
    document = READERS.get(path.suffix.lower(), _read_text)(data, path)
    if not document.body:
        raise EmptyArticleError(
            f"no article text found in {path}: only headlines, links or boilerplate"
        )
    return document


def decode(data: bytes, path: str | Path = "article") -> str:
    """Decode article bytes: by their byte-order mark, else UTF-8, else ``FALLBACK_ENCODING``.

    Raises:
        ArticleReadError: If the bytes are not text (NUL bytes without a UTF-16/32 mark, or
            too many control characters).
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in data:
            raise ArticleReadError(f"{path} is a binary file, not article text")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            log.warning("%s is not UTF-8; decoding it as %s", path, FALLBACK_ENCODING)
            encoding = FALLBACK_ENCODING
        else:
            log.warning("%s is not valid %s (%s); bad bytes become U+FFFD", path, encoding, exc.reason)
        text = data.decode(encoding, errors="replace")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ArticleReadError(f"{path} is a binary file, not article text")
    return text


def _too_large(path: Path, size: int) -> str:
    return f"{path} is {size / 1e6:,.1f} MB; the limit is {MAX_ARTICLE_BYTES / 1e6:,.0f} MB per article"


def _expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[ArticleQAError]]:
    """The files to read, and the problems already found (folders with no article files)."""
    files: list[Path] = []
    problems: list[ArticleQAError] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES
                and not p.is_dir()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(ArticleReadError(f"no {'/'.join(ARTICLE_SUFFIXES)} files in {path}"))
            files.extend(found)
        else:
            files.append(path)  # read_article reports a missing one
    if not files and not problems:
        raise ArticleReadError("no article given")
    return files, problems
