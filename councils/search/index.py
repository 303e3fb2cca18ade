"""Keeping the index current.

Explicit updates from Python, not database triggers: the SQLite index needs Python (Snowball
stemming happens before FTS5 sees the text), and one code path (``index_items``) that builds
the same ``DocumentFields`` for both databases keeps them in step. It runs

- on ``meetings_imported`` (the importer writes with bulk_create, which sends no post_save),
- on post_save/post_delete of AgendaItem, Section, Attachment, PriorDecision, Meeting and
  Case (admin edits, publishing or unpublishing a meeting, closing a point),

inside the same transaction as the change, so a rolled-back import leaves no index rows.
Each batch also keeps the vocabulary of "Mente du …?" current (``vocabulary.update``).
``rebuild_index()`` (``manage.py rebuild_search_index``) rebuilds everything from scratch.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from ..models import AgendaItem, SearchDocument
from ..models.querysets import point_is_open_and_public
from . import vocabulary
from .backend import get_backend
from .engine import bump_index_generation
from .text import document_fields

BATCH_SIZE = 500  # agenda points per round trip when (re)indexing
# SearchDocument's columns besides the item and the vector (written on every (re)index).
DOCUMENT_FIELDS = ["council", "start", "year", "outcome", "has_attachments", "kind"]


def _batches(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def index_items(item_ids: Iterable[int], *, batch_size: int = BATCH_SIZE) -> int:
    """(Re)index these agenda points; drop those that are gone, closed or not published.

    Returns how many points are now indexed (public) among them.
    """
    ids = sorted(set(item_ids))
    backend = get_backend()
    indexed = 0
    for batch in _batches(ids, batch_size):
        with transaction.atomic():
            # The index holds exactly the public, open points: the rest of the batch goes.
            public = list(
                AgendaItem.objects.public()
                .open()
                .filter(pk__in=batch)
                .select_related("meeting", "case")
                .prefetch_related("sections", "attachments", "prior_decisions")
            )
            # What the index held for them before, for the vocabulary's upkeep.
            old_stems = backend.document_stems(batch) if vocabulary.UPKEEP else {}
            gone = set(batch) - {i.pk for i in public}
            if gone:
                SearchDocument.objects.filter(pk__in=gone).delete()
                backend.delete(gone)
            rows = [
                (i, i.sections.all(), i.attachments.all(), i.prior_decisions.all())
                for i in public
            ]
            _write(backend, _documents(rows), _fields(rows), old_stems)
            indexed += len(public)
    bump_index_generation()
    return indexed


def index_new_items(points, *, batch_size: int = BATCH_SIZE) -> int:
    """Index points just written (``councils.signals.ImportedRows.points``: (item, sections,
    bilag, prior decisions) as created, with ``item.meeting`` and ``item.case`` set) without
    reading them back: the same documents and vocabulary as ``index_items``, for points
    that had none. Returns how many are now indexed (public)."""
    return start_index_new_items(points, batch_size=batch_size)()


# Documents per piece of work given to the backend's VectorWorker: the first is on its way
# while the next ones' words are found.
VECTOR_CHUNK = 100


def start_index_new_items(points, *, batch_size: int = BATCH_SIZE) -> Callable[[], int]:
    """``index_new_items`` in two steps: this one builds the documents and, on a backend
    with a ``vector_worker`` (PostgreSQL), has their vectors computed on a connection of its
    own while the caller goes on; the function it returns writes them (in the caller's
    transaction) and returns the count. Not called, it leaves nothing behind."""
    public = sorted(
        (p for p in points if point_is_open_and_public(p[0])),
        key=lambda p: p[0].pk,
    )
    backend = get_backend()
    batches = []
    worker = backend.vector_worker() if public and hasattr(backend, "vector_worker") else None
    try:
        for batch in _batches(public, batch_size):
            if worker is None:
                batches.append((_documents(batch), _fields(batch), None))
                continue
            fields, vectors = [], []
            for chunk in _batches(batch, VECTOR_CHUNK):  # the worker starts on the first
                chunk_fields = _fields(chunk)
                vectors.append(worker.submit(backend.vector_texts(chunk_fields)))
                fields += chunk_fields
            batches.append((_documents(batch), fields, vectors))
    finally:
        if worker is not None:
            worker.done()

    def finish() -> int:
        for docs, fields, vectors in batches:
            with transaction.atomic():
                _write(backend, docs, fields, {}, vectors)
        bump_index_generation()
        return len(public)

    return finish


# A SearchDocument row without its text (a backend's ``upsert`` reads these attributes; a
# backend without one is given SearchDocuments made from them).
Document = namedtuple(
    "Document", "item_id council_id start year outcome has_attachments kind"
)


def _documents(rows) -> list[Document]:
    return [
        Document(
            item_id=i.pk,
            council_id=i.meeting.council_id,
            start=i.meeting.start,
            year=timezone.localtime(i.meeting.start).year,
            outcome=i.decision_outcome,
            has_attachments=bool(attachments),
            kind=i.meeting.kind,
        )
        for i, _sections, attachments, _priors in rows
    ]


def _fields(rows) -> list:
    return [(i.pk, document_fields(i, *children)) for i, *children in rows]


def _write(backend, docs, fields, old_stems: dict[int, set[str]], vectors=None) -> None:
    """The documents ``docs`` of public, open points and their ``fields`` (``_documents``,
    ``_fields``), written over what the index held, and the vocabulary's upkeep
    (``old_stems``: the stems the index held for these points before). ``vectors``: the
    VectorWorker's Futures of the documents' vectors (PostgreSQL), else computed here."""
    upkeep = vocabulary.UPKEEP
    upsert = getattr(backend, "upsert", None)
    if upsert is not None:  # documents and their text in one statement; the stems back
        new_stems = upsert(docs, fields, vectors)
    else:
        SearchDocument.objects.bulk_create(
            [SearchDocument(**doc._asdict()) for doc in docs],
            update_conflicts=True,
            unique_fields=["item"],
            update_fields=DOCUMENT_FIELDS,
        )
        backend.write(fields)
        new_stems = backend.document_stems([pk for pk, _ in fields]) if upkeep and fields else {}
    if upkeep and (old_stems or fields):
        vocabulary.update(
            backend,
            old_stems,
            new_stems,
            vocabulary.words_of_tokens(f.column_tokens(c) for _, f in fields for c in f.COLUMNS),
        )


def index_meeting(meeting) -> int:
    return index_items(meeting.items.values_list("pk", flat=True))


def rebuild_index(
    *, batch_size: int = 1000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Empty the index and index every public agenda point again. Returns the count."""
    backend = get_backend()
    with transaction.atomic():
        backend.clear()
        SearchDocument.objects.all().delete()  # one DELETE: no signals, no cascades
        vocabulary.clear()  # built again batch by batch, from nothing, by index_items
    bump_index_generation()
    ids = list(
        AgendaItem.objects.public().open().order_by("pk").values_list("pk", flat=True)
    )
    total = len(ids)
    done = 0
    if progress:
        progress(0, total)
    for batch in _batches(ids, batch_size):
        index_items(batch, batch_size=batch_size)
        done += len(batch)
        if progress:
            progress(done, total)
    return done
