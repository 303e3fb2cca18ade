"""The background side: ``harvest_source`` (one source, a django-tasks task run by the worker)
and ``enqueue_due`` (what ``manage.py run_harvest_schedule`` calls: every active source whose
``next_run_at`` has come is enqueued, and its next run set one interval on)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from councils.models import HarvestSource

from .runs import run_source


@task()
def harvest_source(source_id: int) -> dict:
    source = HarvestSource.objects.filter(pk=source_id, is_active=True).first()
    if source is None:
        return {"source": source_id, "status": "inactive or deleted"}
    run = run_source(source)
    return {"source": source_id, "run": run.pk, "status": run.status}


def enqueue(source: HarvestSource, now=None) -> None:
    """Enqueue a run of ``source`` now (the admin's "Høst nu") and move its next run on."""
    now = now or timezone.now()
    HarvestSource.objects.filter(pk=source.pk).update(next_run_at=now + source.interval)
    harvest_source.enqueue(source.pk)


def enqueue_due(now=None) -> list[HarvestSource]:
    """Enqueue every active source that is due; returns them. Two schedulers running at once
    enqueue a source once: only the one whose update finds the old ``next_run_at`` does."""
    now = now or timezone.now()
    due = HarvestSource.objects.filter(is_active=True).filter(
        Q(next_run_at__isnull=True) | Q(next_run_at__lte=now)
    )
    enqueued = []
    for source in due.order_by("pk"):
        claimed = (
            HarvestSource.objects.filter(pk=source.pk, next_run_at=source.next_run_at)
            if source.next_run_at
            else HarvestSource.objects.filter(pk=source.pk, next_run_at__isnull=True)
        )
        if claimed.update(next_run_at=now + source.interval):
            harvest_source.enqueue(source.pk)
            enqueued.append(source)
    return enqueued
