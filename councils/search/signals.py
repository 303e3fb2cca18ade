"""Signal receivers that keep the search index current (connected in CouncilsConfig.ready)."""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from ..models import (
    AgendaItem,
    Attachment,
    Case,
    Meeting,
    PriorDecision,
    SearchDocument,
    Section,
)
from ..signals import councils_merged, meetings_imported
from . import vocabulary
from .backend import get_backend
from .engine import bump_index_generation
from .index import index_items, index_meeting, index_new_items, start_index_new_items


@receiver(meetings_imported, dispatch_uid="search_meetings_imported")
def on_meetings_imported(sender, meetings, rows=None, later=None, **kwargs):
    if rows is not None:  # new points: indexed from the rows the import wrote
        if later is None:
            index_new_items(rows.points)
        else:  # the vectors are computed while the other receivers work
            later.append(start_index_new_items(rows.points))
        return
    # One index_items call for the whole batch: a few round trips instead of ~10 a meeting.
    index_items(AgendaItem.objects.filter(meeting__in=meetings).values_list("pk", flat=True))


@receiver(councils_merged, dispatch_uid="search_councils_merged")
def on_councils_merged(sender, source, target, **kwargs):
    # The documents' council column is a copy of the meeting's: follow the moved meetings
    # (the rows would otherwise be deleted with the merged council).
    SearchDocument.objects.filter(council=source).update(council=target)
    bump_index_generation()


@receiver(post_save, sender=Meeting, dispatch_uid="search_meeting_saved")
def on_meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_meeting(instance)


@receiver(post_save, sender=AgendaItem, dispatch_uid="search_item_saved")
def on_item_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_items([instance.pk])


# Items being deleted right now: their sections' post_delete must not re-create the
# document the cascade is about to delete.
_deleting = threading.local()


def _deleting_ids() -> set:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


@receiver(pre_delete, sender=AgendaItem, dispatch_uid="search_item_deleting")
def on_item_deleting(sender, instance, **kwargs):
    _deleting_ids().add(instance.pk)
    # Its words leave the vocabulary while the index still says which they are.
    vocabulary.forget([instance.pk])


@receiver(post_delete, sender=AgendaItem, dispatch_uid="search_item_deleted")
def on_item_deleted(sender, instance, **kwargs):
    # The document row goes with the item (CASCADE); the SQLite FTS row must go by hand.
    _deleting_ids().discard(instance.pk)
    get_backend().delete([instance.pk])
    bump_index_generation()


def _part_changed(sender, instance, raw=False, **kwargs):
    item_id = instance.agenda_item_id
    if not raw and item_id and item_id not in _deleting_ids():
        index_items([item_id])


for _model in (Section, Attachment, PriorDecision):
    post_save.connect(_part_changed, sender=_model, dispatch_uid=f"search_{_model.__name__}_s")
    post_delete.connect(_part_changed, sender=_model, dispatch_uid=f"search_{_model.__name__}_d")


@receiver(post_save, sender=Case, dispatch_uid="search_case_saved")
def on_case_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        index_items(instance.items.values_list("pk", flat=True))
