"""Cited, extractive question answering over news articles."""

from index.errors import (
    ArticleQAError,
    ArticleReadError,
    EmptyArticleError,
    IndexCorruptError,
    ModelUnavailableError,
    StoreUnavailableError,
    UnknownArticleError,
)
from index.types import Hit, Passage, Span
from qa.api import ArticleQA, ask, default_article_path
from qa.config import Settings
from qa.library import Library
from qa.types import Answer, Citation

__all__ = [
    "Answer",
    "ArticleQA",
    "ArticleQAError",
    "ArticleReadError",
    "Citation",
    "EmptyArticleError",
    "Hit",
    "IndexCorruptError",
    "Library",
    "ModelUnavailableError",
    "Passage",
    "Settings",
    "Span",
    "StoreUnavailableError",
    "UnknownArticleError",
    "ask",
    "default_article_path",
]
