"""Danish full-text search over agenda points, one interface for PostgreSQL and SQLite.

    search(query, documents=None, *, matched_in="", order="relevance") -> SearchResults
    index_items(ids) / index_meeting(meeting) / rebuild_index()     (kept current by signals)
    vocabulary.suggest(parsed) -> Suggestion | None                  ("Mente du …?")

The backend (``backend.SearchBackend``) is chosen by ``connection.vendor``: ``postgres.py``
(weighted tsvector, GIN, websearch_to_tsquery, ts_rank_cd, ts_headline) or ``sqlite.py``
(FTS5 with Snowball Danish stems, bm25, highlight()). The index reacts to models and
signals (``signals.py``); models import nothing from here.
"""

from .backend import get_backend
from .engine import SearchResults, search
from .index import index_items, index_meeting, rebuild_index
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
