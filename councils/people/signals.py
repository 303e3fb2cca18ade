"""Signal receivers that keep the people rows current (connected in CouncilsConfig.ready).

- ``meetings_imported`` (once per import transaction, inside it): every point of the batch,
  in a fixed number of queries for the whole batch (among the work left for ``later`` when
  the sender gives the list, so that it runs while the search vectors are computed);
- a saved agenda point (admin, staff correction, revert): that point, unless the save says
  which fields it wrote and the decision is not among them;
- a saved absence: its point (or the meeting's whole-meeting absences). A deleted absence
  takes its participation row with it (``Participation.absence``, CASCADE).
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from ..models import Absence, AgendaItem
from ..signals import meetings_imported
from .link import rebuild_meeting_level, rebuild_meetings, rebuild_points


@receiver(meetings_imported, dispatch_uid="people_meetings_imported")
def on_meetings_imported(sender, meetings, later=None, **kwargs):
    ids = [m.pk for m in meetings]
    if later is None:
        rebuild_meetings(ids)
    else:  # after every receiver started: the search vectors are computed meanwhile
        later.append(lambda: rebuild_meetings(ids))


@receiver(post_save, sender=AgendaItem, dispatch_uid="people_item_saved")
def on_item_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "decision" not in update_fields):
        return
    rebuild_points([instance.pk])


@receiver(post_save, sender=Absence, dispatch_uid="people_absence_saved")
def on_absence_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.agenda_item_id:
        rebuild_points([instance.agenda_item_id])
    else:
        rebuild_meeting_level([instance.meeting_id])
