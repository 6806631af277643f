"""newsdesk's search engine: ingest articles, index them, search them.

The index lives in a backend (`backends/`: whoosh by default, tantivy,
PostgreSQL); queries are whoosh's language everywhere.

This package never imports Textual or typer; both interfaces build on it.
The public API is small:

    from newsdesk.search import open_corpus
    corpus = open_corpus(path, readers=registry)
    corpus.update()
    corpus.search("deepseek", limit=10, sort="relevance")
    corpus.article("000_a87104d3ceeb3507")
    corpus.facets("deepseek")             # counts by outlet, year, author...
"""

from .article import Article, Removed, SourceArticle
from .corpus import SORTS, Corpus, open_corpus
from .errors import (
    ArticleNotFound,
    CorpusNotFound,
    IndexLocked,
    IndexUnavailable,
    NewsdeskError,
    QuerySyntaxError,
    ReaderError,
)
from .facets import FacetGroup, FacetValue, refine
from .indexer import IndexReport
from .readers import Reader, ReaderRegistry, SourceFile, decode_bytes
from .results import Hit, SearchResults, Snippet

__all__ = [
    "Article", "ArticleNotFound", "Corpus", "CorpusNotFound", "FacetGroup", "FacetValue", "Hit", "IndexLocked",
    "IndexReport", "IndexUnavailable", "NewsdeskError", "QuerySyntaxError", "Reader",
    "ReaderError", "ReaderRegistry", "Removed", "SORTS", "SearchResults", "Snippet",
    "SourceArticle", "SourceFile", "decode_bytes", "open_corpus", "refine",
]
