"""Versions and corrections.

django-simple-history (already used by the admin) keeps who/when/before/after of every save of
meetings, points, sections and bilag. Two gaps are closed here:

* the importer writes sections and bilag in bulk without history (for speed), so before the
  first change of such a row its stored state is written as its first version: the change
  then has a "before" to show and revert to, and a re-upload can tell an editor's change
  from the file's;
* "Rettet <dato>" on public pages needs to know, cheaply, that a *published* decision changed:
  every such change by a save (admin, revert) is recorded as a ``DecisionCorrection``
  (earlier and new wording). A corrected file records its own (``importer/load.py``: it
  updates in bulk, which sends no signals).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..models import AgendaItem, Attachment, DecisionCorrection, Meeting, Section

BASELINE_REASON = "Indlæst fra fil"
HISTORY_REASON_MAX = 100  # django-simple-history's history_change_reason is max_length=100
CORRECTION_REASON_MAX = 300  # DecisionCorrection.reason
# Item fields an editor may change and a revert restores.
REVERTIBLE_FIELDS = ("title", "decision", "decision_outcome", "is_closed")

def current_user():
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


VERSIONED_MODELS = (Meeting, AgendaItem, Section, Attachment)


def _write_baseline(sender, instance, raw=False, **kwargs):
    """Before the first change of a row that has no version yet (rows the importer wrote in
    bulk), store its current state as the first version, so "before" is never lost."""
    if raw or instance.pk is None:
        return
    if sender.history.filter(id=instance.pk).exists():
        return
    stored = sender.objects.filter(pk=instance.pk).first()
    if stored is not None:
        sender.history.bulk_history_create([stored], default_change_reason=BASELINE_REASON)


for _model in VERSIONED_MODELS:
    pre_save.connect(
        _write_baseline, sender=_model, dispatch_uid=f"staff_baseline_{_model.__name__}"
    )


def _norm(text) -> str:
    return (text or "").strip()


@receiver(pre_save, sender=AgendaItem, dispatch_uid="staff_correction_pre_save")
def _note_decision_change(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    # Only a decision the public could read (its meeting is public) is "corrected".
    old = (
        AgendaItem.objects.filter(pk=instance.pk, meeting__in=Meeting.objects.public())
        .values("decision", "decision_outcome")
        .first()
    )
    if not old:
        return
    if _norm(old["decision"]) != _norm(instance.decision):
        instance._pending_correction = (old["decision"], old["decision_outcome"])


@receiver(post_save, sender=AgendaItem, dispatch_uid="staff_correction_post_save")
def _record_decision_change(sender, instance, created, raw=False, **kwargs):
    pending = instance.__dict__.pop("_pending_correction", None)
    if pending is None:
        return
    previous_decision, previous_outcome = pending
    DecisionCorrection.objects.create(
        agenda_item=instance,
        previous_decision=previous_decision or "",
        previous_outcome=previous_outcome or "",
        new_decision=instance.decision or "",
        new_outcome=instance.decision_outcome or "",
        corrected_by=getattr(instance, "_history_user", None) or current_user(),
        reason=(
            getattr(instance, "_correction_reason", "")
            or getattr(instance, "_change_reason", "")
            or ""
        )[:CORRECTION_REASON_MAX],
    )


def decision_versions(item: AgendaItem) -> list[dict]:
    """Every stored version of a point, oldest first, with the fields that changed."""
    records = list(item.history.select_related("history_user").order_by("history_date", "pk"))
    versions = []
    previous = None
    for record in records:
        changed = [
            f
            for f in REVERTIBLE_FIELDS
            if previous is None or getattr(previous, f) != getattr(record, f)
        ]
        labels = [str(AgendaItem._meta.get_field(f).verbose_name) for f in changed]
        versions.append({"record": record, "changed": labels, "is_first": previous is None})
        previous = record
    if versions:
        versions[-1]["is_current"] = True
    return versions


def published_wording(item: AgendaItem) -> str | None:
    """The decision as the public first read it: the earlier wording of the point's first
    correction (cleared ones too). None when the published decision was never corrected."""
    first = item.corrections.order_by("corrected_at", "pk").first()
    return None if first is None else first.previous_decision


def restores_published_wording(item: AgendaItem, record) -> bool:
    """Restoring this version gives back the wording that was published."""
    published = published_wording(item)
    return published is not None and _norm(published) == _norm(record.decision)


@transaction.atomic
def revert_item(item: AgendaItem, record, user=None, reason: str = "") -> AgendaItem:
    """Restore a point's editable fields to an earlier version (itself a new version).

    When the restored decision is the published wording, the public "Rettet" notice goes:
    every correction of the point is marked cleared (``cleared_at``), none is deleted, so
    the history and the admin still show them all."""
    if record.id != item.pk:
        raise ValueError("The version belongs to another agenda item.")
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    for field in REVERTIBLE_FIELDS:
        setattr(item, field, getattr(record, field))
    when = timezone.localtime(record.history_date)
    restored = f"Gendannet til versionen fra {when:%d.%m.%Y %H:%M:%S}"
    reason = (reason or "").strip()
    item._correction_reason = f"{restored}: {reason}" if reason else restored
    item._change_reason = item._correction_reason[:HISTORY_REASON_MAX]
    if user is not None:
        item._history_user = user
    back_to_published = restores_published_wording(item, record)
    item.save()
    if back_to_published:
        item.corrections.filter(cleared_at__isnull=True).update(cleared_at=timezone.now())
    return item
