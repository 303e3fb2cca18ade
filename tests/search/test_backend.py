"""The declared backend interface (councils/search/backend.py) and what its implementations
share and don't share."""

from __future__ import annotations

import ast
import datetime
import inspect
from pathlib import Path

import pytest
from django.db import connection

from councils.models import AgendaItem, SearchDocument
from councils.search import backend as backend_module
from councils.search.backend import SearchBackend, get_backend
from councils.search.postgres import PostgresBackend
from councils.search.sqlite import SqliteBackend
from tests import factories as f

SEARCH = Path(backend_module.__file__).resolve().parent
PROTOCOL_METHODS = [
    name
    for name, member in vars(SearchBackend).items()
    if inspect.isfunction(member) and not name.startswith("_")
]


def test_the_protocol_declares_the_methods_engine_and_index_call():
    assert set(PROTOCOL_METHODS) == {
        "write",
        "delete",
        "clear",
        "match",
        "newest_ids",
        "estimate_count",
        "sample_pairs",
        "snippets",
        "document_stems",
        "word_stems",
        "add_to_frequencies",
        "add_words",
    }
    for name in PROTOCOL_METHODS:
        assert inspect.getdoc(getattr(SearchBackend, name)), f"{name} has no docstring"


@pytest.mark.parametrize("cls", [PostgresBackend, SqliteBackend])
def test_both_backends_implement_the_protocol(cls):
    backend = cls(connection)
    assert isinstance(backend, SearchBackend)
    for name in PROTOCOL_METHODS:
        declared = inspect.signature(getattr(SearchBackend, name))
        implemented = inspect.signature(getattr(cls, name))
        # Every declared parameter is accepted under the same name (extras need defaults).
        for param in declared.parameters:
            assert param in implemented.parameters, f"{cls.__name__}.{name} lacks {param!r}"
        extra = [p for n, p in implemented.parameters.items() if n not in declared.parameters]
        assert all(p.default is not p.empty for p in extra), f"{cls.__name__}.{name}: {extra}"


def test_get_backend_serves_the_database_in_use():
    assert get_backend().vendor == connection.vendor


@pytest.mark.parametrize("module, other", [("postgres", "sqlite"), ("sqlite", "postgres")])
def test_backends_do_not_import_each_other(module, other):
    tree = ast.parse((SEARCH / f"{module}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported |= {a.name.rsplit(".", 1)[-1] for a in node.names}
    assert other not in imported and f"councils.search.{other}" not in imported


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TABLESAMPLE is PostgreSQL's")
@pytest.mark.django_db
def test_postgres_sample_counts_exactly_the_sampled_documents():
    council, other = f.council("Byrådet"), f.council("Socialudvalget")
    start = datetime.datetime(2020, 1, 6, 16, 0, tzinfo=f.CPH)
    meetings = [f.meeting(council if n % 2 else other, start + datetime.timedelta(days=n))
                for n in range(4)]
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meetings[n % 4], number=n + 1, position=n + 1, title=f"Punkt {n}")
        for n in range(2000)
    )
    SearchDocument.objects.bulk_create(
        SearchDocument(
            item=item,
            council_id=item.meeting.council_id,
            start=item.meeting.start,
            year=2020 + n % 3,
            outcome="godkendt" if n % 5 else "udsat",
        )
        for n, item in enumerate(items)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE councils_searchdocument")
    pairs = SearchDocument.objects.filter(outcome="godkendt").values_list("council", "year")
    backend = get_backend()
    scale, counts = backend.sample_pairs(pairs, 500)
    assert backend.sample_pairs(pairs, 500) == (scale, counts)  # repeatable
    # The same sample, read independently: its documents, then those the filter keeps.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT item_id FROM councils_searchdocument TABLESAMPLE SYSTEM (25) REPEATABLE (1)"
        )
        sampled = [row[0] for row in cursor.fetchall()]
    assert 0 < len(sampled) < 2000
    assert scale == pytest.approx(2000 / len(sampled), rel=0.01)
    expected = {}
    for doc in SearchDocument.objects.filter(item_id__in=sampled, outcome="godkendt"):
        key = (doc.council_id, doc.year)
        expected[key] = expected.get(key, 0) + 1
    assert counts == expected
    # Too small an index to sample: exact counts instead.
    assert backend.sample_pairs(pairs, 5000) is None
