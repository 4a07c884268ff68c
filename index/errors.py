"""The error tree for failures of the article or the index (not of the caller's arguments)."""


class ArticleQAError(Exception):
    """Base class for article-qa's domain failures."""


class EmptyArticleError(ArticleQAError):
    """The article has no prose left after cleaning."""


class ArticleReadError(ArticleQAError):
    """An article file cannot be found or read."""


class IndexCorruptError(ArticleQAError):
    """A saved index is damaged or does not match what it claims to be."""


class ModelUnavailableError(ArticleQAError):
    """A model (the embedding model or the NLP pipeline) cannot be loaded."""


class UnknownArticleError(ArticleQAError):
    """A store holds no article with the id asked for."""


class StoreUnavailableError(ArticleQAError):
    """The index store (a PostgreSQL server) cannot be reached or used."""
