"""A bulk import writes what the slow paths write.

The import indexes new points from the rows it wrote (``start_index_new_items``, no
read-back, the vectors computed on a connection of their own on PostgreSQL), writes points
with their history by ``councils.bulk.create_with_history``, sections, bilag and absences as
row tuples (``insert_tuples``; COPY on PostgreSQL) and the people rows with ``insert_rows`` and
``update_rows``. The index, the vocabulary and the people rows must be
exactly what reading everything back from the database gives (``index_items``,
``rebuild_index``, ``people.link.rebuild_all``).
"""

from __future__ import annotations

import pytest
from django.db import connection

from councils.importer import service
from councils.importer.generate import write_referater
from councils.models import (
    Absence,
    AgendaItem,
    Attachment,
    Participation,
    Person,
    PriorDecision,
    SearchDocument,
    SearchWord,
    Section,
    Vote,
)
from councils.people.link import rebuild_all
from councils.search.backend import get_backend
from councils.search.index import index_items, rebuild_index
from councils.search.postgres import words_only
from councils.search.text import DocumentFields, document_fields, stemmed

pytestmark = pytest.mark.django_db

FILES = 9


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def imported(tmp_path, monkeypatch):
    """Generated referater imported by ``import_paths`` in batches of 4."""
    monkeypatch.setattr(service, "IMPORT_BATCH_SIZE", 4)
    # SQLite's FTS5 table is no model: a transactional test's flush before this one leaves its
    # rows behind (this test's transaction rolls the clearing back).
    get_backend().clear()
    write_referater(tmp_path / "gen", FILES, seed=7)
    result = service.import_paths([tmp_path / "gen"])
    assert result.counts["imported"] == FILES
    return result


def index_snapshot():
    docs = list(
        SearchDocument.objects.order_by("item_id").values_list(
            "item_id", "council_id", "start", "year", "outcome", "has_attachments", "kind"
        )
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT item_id, vector::text FROM councils_searchdocument ORDER BY item_id"
            )
        else:
            columns = ", ".join(DocumentFields.COLUMNS)
            cursor.execute(f"SELECT rowid, {columns} FROM councils_search_fts ORDER BY rowid")
        vectors = cursor.fetchall()
    words = sorted(SearchWord.objects.values_list("word", "stem", "frequency"))
    return docs, vectors, words


def expected_vectors():
    """Each public point's index row computed here from its rows in the database, the way
    the index wrote it before it had a fast path (the text of each weight class through
    ``words_only``; SQLite: each column ``stemmed``)."""
    items = (
        AgendaItem.objects.public()
        .open()
        .order_by("pk")
        .select_related("case")
        .prefetch_related("sections", "attachments", "prior_decisions")
    )
    fields = [
        (i.pk, document_fields(i, i.sections.all(), i.attachments.all(), i.prior_decisions.all()))
        for i in items
    ]
    if connection.vendor != "postgresql":
        return [(pk, *(stemmed(f.indexed(c)) for c in DocumentFields.COLUMNS)) for pk, f in fields]
    out = []
    with connection.cursor() as cursor:
        for pk, f in fields:
            text = f.by_weight()
            cursor.execute(
                "SELECT (setweight(to_tsvector('danish', %s), 'A') "
                "|| setweight(to_tsvector('danish', %s), 'B') "
                "|| setweight(to_tsvector('danish', %s), 'C') "
                "|| setweight(to_tsvector('danish', %s), 'D'))::text",
                [words_only(text[w]) for w in "ABCD"],
            )
            out.append((pk, cursor.fetchone()[0]))
    return out


def people_snapshot():
    def rows(queryset, *fields):
        return sorted(queryset.values_list(*fields), key=repr)

    return (
        rows(
            Person.objects,
            "municipality_id", "name", "name_key", "sort_key", "party", "party_printed_at", "slug",
        ),
        rows(
            Vote.objects,
            "ballot__agenda_item_id", "ballot__order", "order", "choice", "person__slug",
            "name", "group", "party", "motion",
        ),
        rows(
            Participation.objects,
            "meeting_id", "agenda_item_id", "person__slug", "kind", "name", "party", "role",
            "sentence", "absence_id", "order",
        ),
        rows(Absence.objects, "pk", "meeting_id", "agenda_item_id", "name", "person__slug"),
    )


def test_the_index_of_a_bulk_import_is_what_reading_back_gives(imported):
    after_import = index_snapshot()
    docs, vectors, words = after_import
    public = AgendaItem.objects.public().open().count()
    assert public and len(docs) == len(vectors) == public
    assert words and all(frequency > 0 for _w, _s, frequency in words)
    assert vectors == expected_vectors()

    index_items(AgendaItem.objects.values_list("pk", flat=True))  # read back, written again
    assert index_snapshot() == after_import
    rebuild_index()  # index and vocabulary from nothing
    assert index_snapshot() == after_import


def test_the_people_rows_of_a_bulk_import_are_what_a_rebuild_gives(imported):
    after_import = people_snapshot()
    persons, votes, participations, absences = after_import
    assert persons and votes and participations and absences
    assert all(slug for *_rest, slug in absences)  # every absence has its person
    rebuild_all()
    assert people_snapshot() == after_import


def test_the_children_rows_are_all_written(imported):
    items = AgendaItem.objects.count()
    assert Section.objects.count() > items
    assert Attachment.objects.exists() and PriorDecision.objects.exists()
    # Every point's sections and bilag are numbered 1, 2, … as in the file.
    for model in (Section, Attachment):
        for item_id in AgendaItem.objects.values_list("pk", flat=True)[:20]:
            orders = list(
                model.objects.filter(agenda_item_id=item_id).values_list("order", flat=True)
            )
            assert orders == list(range(1, len(orders) + 1))


def test_parsing_the_next_batch_ahead_changes_no_outcome(tmp_path, monkeypatch):
    """Batches after the first are parsed in a forked process (``ParseAhead``) while the
    one before is written: refused files, repeats and files the archive has come out as
    when each file is parsed where it is imported."""
    monkeypatch.setattr(service, "IMPORT_BATCH_SIZE", 3)
    submitted = []
    real_submit = service.ParseAhead.submit

    def submit(self, data, name):
        submitted.append(name)
        return real_submit(self, data, name)

    monkeypatch.setattr(service.ParseAhead, "submit", submit)
    folder = tmp_path / "ind"
    paths = write_referater(folder, 5, seed=3)
    (folder / "repeat.txt").write_bytes(paths[0].read_bytes())  # sorts after referat_*
    (folder / "x-bad.txt").write_bytes(b"Ingen overskrift her\n")
    first = service.import_paths([paths[1]])  # one batch: nothing parsed ahead
    assert first.counts["imported"] == 1 and submitted == []

    result = service.import_paths([folder])
    outcomes = {f.path.name: (f.outcome, f.error) for f in result.files}
    assert outcomes[paths[1].name] == ("unchanged", "")
    assert outcomes["repeat.txt"] == ("unchanged", "")
    assert outcomes["x-bad.txt"][0] == "failed" and outcomes["x-bad.txt"][1]
    imported = [p.name for p in paths if p != paths[1]]
    assert all(outcomes[name] == ("imported", "") for name in imported)
    # Every new file was parsed in the other process; the one the archive had was not.
    assert paths[1].name not in submitted and set(submitted) >= set(imported)
    alone = service.import_paths([folder / "x-bad.txt"])
    assert alone.files[0].error == outcomes["x-bad.txt"][1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the vector worker is PostgreSQL's")
def test_an_import_whose_vector_worker_fails_indexes_the_same(tmp_path, monkeypatch):
    from councils.search import postgres

    def refuse(**params):
        raise postgres.psycopg.OperationalError("too many connections")

    monkeypatch.setattr(postgres.psycopg, "connect", refuse)
    monkeypatch.setattr(service, "IMPORT_BATCH_SIZE", 4)
    write_referater(tmp_path / "gen", 5, seed=7)
    result = service.import_paths([tmp_path / "gen"])
    assert result.counts["imported"] == 5
    docs, vectors, words = index_snapshot()
    assert docs and words and vectors == expected_vectors()
