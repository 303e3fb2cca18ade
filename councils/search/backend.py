"""Choose the search backend for the database in use (``connection.vendor``)."""

from __future__ import annotations

from django.db import connection as default_connection


def get_backend(connection=None):
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
