"""Danish full-text search over agenda points, one interface for PostgreSQL and SQLite.

    search(query, documents=None, *, matched_in="", order="relevance") -> SearchResults
    AgendaItem.objects.public().search(query)            (QuerySet verb: matching points)
    index_items(ids) / index_meeting(meeting) / rebuild_index()     (kept current by signals)

The backend is chosen by ``connection.vendor``: ``postgres.py`` (weighted tsvector, GIN,
websearch_to_tsquery, ts_rank_cd, ts_headline) or ``sqlite.py`` (FTS5 with Snowball Danish
stems, bm25, highlight()).
"""

from .query import MAX_QUERY_LENGTH, ParsedQuery, QueryError, parse_query

__all__ = [
    "MAX_QUERY_LENGTH",
    "ParsedQuery",
    "QueryError",
    "parse_query",
    "search",
    "SearchResults",
    "index_items",
    "index_meeting",
    "rebuild_index",
    "get_backend",
]


def __getattr__(name):
    # Lazy: these import models, and councils.models imports this package.
    if name in {"search", "SearchResults"}:
        from . import engine

        return getattr(engine, name)
    if name in {"index_items", "index_meeting", "rebuild_index"}:
        from . import index

        return getattr(index, name)
    if name == "get_backend":
        from .backend import get_backend

        return get_backend
    raise AttributeError(name)
