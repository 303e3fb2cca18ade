"""``Meeting.updated_at`` = the last change of the meeting **or of anything on its page**.

A meeting's page (and its points in feeds, the sitemap and the OParl API) changes when an
editor changes a point, a section, a bilag, a decision of another committee or an absence;
those rows have no timestamps of their own. These receivers move the meeting's ``updated_at``
forward when one of them is saved or deleted, with one UPDATE per transaction, run when the
transaction commits (so an import that deletes and rewrites a meeting's 200 rows costs one
statement, and a rolled-back transaction moves nothing). The UPDATE goes around
``save()``: it writes no history record, so the calendar's SEQUENCE (the meeting's number of
versions) does not move for a change of a point.

What "modified" means per object is listed in ``councils/oparl/serializers.py``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ..models import Absence, AgendaItem, Attachment, Meeting, PriorDecision, Section


def _pending_ids(connection) -> dict | None:
    """The ids already waiting for this transaction's commit (one callback per transaction)."""
    for _savepoints, func, *_robust in connection.run_on_commit:
        pending = getattr(func, "freshness_ids", None)
        if pending is not None:
            return pending
    return None


def touch(*, meeting_id: int | None = None, item_id: int | None = None) -> None:
    """Move the meeting's (or the point's meeting's) ``updated_at`` to now when the current
    transaction commits. All changes of one transaction share one UPDATE. (A change undone
    by a savepoint rollback may still move it: harmless, the time only says "look again".)"""
    connection = transaction.get_connection()
    pending = _pending_ids(connection) if connection.in_atomic_block else None
    new = pending is None
    if new:
        pending = {"meetings": set(), "items": set()}
    if meeting_id:
        pending["meetings"].add(meeting_id)
    if item_id:
        pending["items"].add(item_id)
    if new:  # outside a transaction on_commit runs at once: the ids must be in first

        def update():
            which = Q(pk__in=pending["meetings"]) | Q(items__in=pending["items"])
            Meeting.objects.filter(which).update(updated_at=timezone.now())

        update.freshness_ids = pending
        transaction.on_commit(update)


def _item_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(meeting_id=instance.meeting_id)


def _part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    field = sender._meta.get_field("agenda_item")
    if field.is_cached(instance):  # the usual case: no query to find the meeting
        touch(meeting_id=field.get_cached_value(instance).meeting_id)
    else:
        touch(item_id=instance.agenda_item_id)


def _absence_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(meeting_id=instance.meeting_id)


RECEIVERS = [
    (AgendaItem, _item_changed),
    (Absence, _absence_changed),
    (Section, _part_changed),
    (Attachment, _part_changed),
    (PriorDecision, _part_changed),
]


def connect() -> None:
    """Connected in ``CouncilsConfig.ready``."""
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        for model, receiver in RECEIVERS:
            uid = f"freshness_{model.__name__}_{name}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
