"""``Meeting.updated_at`` = the last change of the meeting **or of anything on its page**.

A meeting's page (and its points in feeds, the sitemap and the OParl API) changes when an
editor changes a point, a section, a bilag, a decision of another committee or an absence;
those rows have no timestamps of their own. These receivers move the meeting's ``updated_at``
forward when one of them is saved or deleted, with one UPDATE per meeting and transaction,
run when the transaction commits (so an import that deletes and rewrites a meeting's 200 rows
costs one statement, and a rolled-back change moves nothing). The UPDATE goes around
``save()``: it writes no history record, so the calendar's SEQUENCE (the meeting's number of
versions) does not move for a change of a point.

What "modified" means per object is listed in ``councils/oparl/serializers.py``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ..models import Absence, AgendaItem, Attachment, Meeting, PriorDecision, Section


def _pending(connection) -> set:
    return {
        getattr(func, "freshness_key", None) for _sids, func, *_rest in connection.run_on_commit
    }


def touch(*, meeting_id: int | None = None, item_id: int | None = None) -> None:
    """Move the meeting's ``updated_at`` to now when the current transaction commits."""
    key = ("meeting", meeting_id) if meeting_id else ("item", item_id)
    if not key[1]:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and key in _pending(connection):
        return

    def update():
        which = {"pk": meeting_id} if meeting_id else {"items": item_id}
        Meeting.objects.filter(**which).update(updated_at=timezone.now())

    update.freshness_key = key
    transaction.on_commit(update)


def _item_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(meeting_id=instance.meeting_id)


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
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
