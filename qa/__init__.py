"""Cited, extractive question answering over news articles."""

from index.errors import (
    ArticleQAError,
    ArticleReadError,
    EmptyArticleError,
    IndexCorruptError,
    ModelUnavailableError,
)
from index.types import Hit, Passage, Span
from qa.api import ArticleQA, ask, default_article_path
from qa.config import Settings
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
    "ModelUnavailableError",
    "Passage",
    "Settings",
    "Span",
    "ask",
    "default_article_path",
]
