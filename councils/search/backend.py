"""The search backend interface, and the choice of backend for the database in use.

``SearchBackend`` declares what ``engine.py`` and ``index.py`` call; ``postgres.py`` and
``sqlite.py`` implement it (structurally: they import neither this class nor each other).
What both share lives in neutral modules: ``text.py`` (words, stems, document fields),
``snippets.py`` (excerpts and word marks) and the ranking constants below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from django.db import connection as default_connection

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Expression, QuerySet

    from .query import ParsedQuery
    from .text import DocumentFields

# Ranking, the same on both databases: relevance × (1 + RECENCY_BOOST / (1 + age / years)),
# i.e. at most +15 % for today's meetings, fading over RECENCY_YEARS.
RECENCY_BOOST = 0.15
RECENCY_YEARS = 5.0


@runtime_checkable
class SearchBackend(Protocol):
    """One database's full-text index over ``SearchDocument`` rows (one per public point)."""

    vendor: str  # ``connection.vendor`` this backend serves

    # -- index ---------------------------------------------------------------------------
    def write(self, docs: list[tuple[int, DocumentFields]]) -> None:
        """Store the searchable text of these points (``(item id, fields)``), replacing what
        was stored for them. Their ``SearchDocument`` rows exist already."""

    def delete(self, item_ids) -> None:
        """Forget the text of these points (their document rows are deleted by the caller)."""

    def clear(self) -> None:
        """Forget the text of every point (before a rebuild)."""

    # -- vocabulary (``vocabulary.py``: "Mente du …?") ------------------------------------
    def document_stems(self, item_ids) -> dict[int, set[str]]:
        """``{item id: the stems its index entry holds}`` for those of these points that
        are indexed (read from the index itself, in the database's own stemming)."""

    def word_stems(self, words) -> dict[str, str]:
        """``{word: its stem as the index stores it}`` for folded words; a word the index
        leaves out (a stop word on PostgreSQL) is left out."""

    def add_to_frequencies(self, deltas: dict[str, int]) -> None:
        """Add ``delta`` to the frequency of every ``SearchWord`` whose stem is the key
        (never below 0)."""

    def add_words(self, rows: list[tuple[str, str, int]]) -> None:
        """Insert the words of ``(word, stem, count)`` rows that ``SearchWord`` lacks, with
        the frequency of their stem's other forms, or ``count`` when it has none; words
        already there are left as they are."""

    # -- query ---------------------------------------------------------------------------
    def match(
        self, documents: QuerySet, parsed: ParsedQuery, matched_in: str = ""
    ) -> tuple[QuerySet, Expression]:
        """``(documents narrowed to those matching the query, score expression)``.

        Higher scores rank first; scores lie in [0, 1) times the recency boost. With
        ``matched_in`` (a key of ``text.MATCHED_IN_COLUMNS``) the positive words must occur
        in that part of the point.
        """

    def newest_ids(self, matching: QuerySet, limit: int, total: Callable[[], int]) -> list[int]:
        """Item ids of the ``limit`` newest matching documents (newest first); ``total()``
        counts how many match (cached), for a backend that chooses its plan by it."""

    def estimate_count(self, queryset: QuerySet) -> int | None:
        """A cheap estimate of how many rows ``queryset`` returns, or None to count exactly."""

    def sample_pairs(
        self, queryset: QuerySet, rows: int
    ) -> tuple[float, dict[tuple[int, int], int]] | None:
        """``(scale, {(council id, year): n})`` counted on a repeatable sample of about
        ``rows`` documents (``queryset`` is a values_list of council and year), so that
        n × scale estimates the whole index; None when sampling is not possible or useful."""

    def snippets(self, parsed: ParsedQuery | None, item_ids) -> dict[int, str]:
        """``{item id: excerpt}`` for these indexed points: a short piece of each point's
        text with MARK_START/MARK_END around matched words (escaped later by
        ``text.marked_to_html``)."""


def get_backend(connection=None) -> SearchBackend:
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend(connection)
    raise NotImplementedError(
        f"Search supports PostgreSQL and SQLite, not {connection.vendor!r}; "
        "set DATABASE_URL to a PostgreSQL database or leave it unset for SQLite."
    )
