"""Scheduled harvesting: runs recorded on their source, the schedule, the task and its worker."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from councils.harvest import runs
from councils.harvest.runs import run_source
from councils.harvest.tasks import enqueue_due
from councils.models import HarvestRun, HarvestSource, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def source(fake_portal):
    return HarvestSource.objects.create(
        base_url=fake_portal.url, municipality=f.municipality("Testby Kommune", "testby")
    )


def test_a_run_is_recorded_with_its_counts(harvest_settings, source, fake_portal):
    run = run_source(source)
    source.refresh_from_db()
    assert source.last_run == run and source.last_success_at == run.finished_at
    assert run.status == "ok" and run.errors == []
    assert (
        run.meetings_new,
        run.meetings_updated,
        run.meetings_unchanged,
        run.meetings_failed,
    ) == (
        12,
        0,
        0,
        0,
    )
    assert run.requests == len(fake_portal.requests) == 2 + 12 * 4
    assert run.started_at <= run.finished_at
    assert set(Meeting.objects.values_list("council__municipality__name", flat=True)) == {
        "Testby Kommune"
    }
    again = run_source(source)
    assert (again.meetings_new, again.meetings_unchanged, again.requests) == (0, 12, 2)


def test_only_the_sources_councils_and_dates(harvest_settings, source, fake_portal):
    source.councils = "Byrådet\n\n  Teknisk Udvalg  \n"
    source.since = datetime.date.today()
    source.save()
    run = run_source(source)
    assert run.meetings_new == 4  # the two coming meetings of each of the two councils
    assert set(Meeting.objects.values_list("council__name", flat=True)) == {
        "Byrådet",
        "Teknisk Udvalg",
    }


def test_a_failed_meeting_makes_the_run_partial_with_its_id(
    harvest_settings, source, fake_portal, portal_data
):
    broken = sorted(portal_data.meetings)[0]
    portal_data.raw_meetings[broken] = b"<html>502 Bad Gateway</html>"
    run = run_source(source)
    assert run.status == "partial" and run.meetings_failed == 1
    assert run.errors[0]["meeting"] == broken
    source.refresh_from_db()
    assert source.last_success_at == run.finished_at  # the portal was harvested


def test_an_unreachable_portal_fails_the_run_and_the_source_turns_stale(
    harvest_settings, source, fake_portal
):
    fake_portal.faults["/api/agenda/udvalgsliste"] = [503] * 10
    run = run_source(source)
    assert run.status == "failed" and "HTTP 503" in run.errors[0]["message"]
    source.refresh_from_db()
    assert source.last_success_at is None and source.last_run == run
    later = timezone.now() + 2 * source.interval + datetime.timedelta(minutes=1)
    assert not source.is_stale() and source.is_stale(later)


def test_a_bug_still_ends_the_run_visibly(harvest_settings, source, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("programming error")

    monkeypatch.setattr(runs, "harvest", broken)
    run = run_source(source)
    assert run.status == "failed" and run.finished_at is not None
    assert run.errors == [{"meeting": "", "message": "RuntimeError: programming error"}]


def test_stale_means_no_success_for_two_intervals():
    now = timezone.now()
    source = HarvestSource(interval_hours=6, created_at=now - datetime.timedelta(hours=13))
    assert source.is_stale(now)  # never harvested, created 13 h ago
    source.last_success_at = now - datetime.timedelta(hours=11)
    assert not source.is_stale(now)
    source.last_success_at = now - datetime.timedelta(hours=12, minutes=1)
    assert source.is_stale(now)
    source.is_active = False
    assert not source.is_stale(now)


def test_the_schedule_enqueues_due_sources_once_per_interval(harvest_settings, source, fake_portal):
    inactive = HarvestSource.objects.create(
        base_url="http://127.0.0.1:9/", municipality=source.municipality, is_active=False
    )
    now = timezone.now()
    assert enqueue_due(now) == [source]  # the immediate backend runs it at once
    source.refresh_from_db()
    assert source.next_run_at == now + source.interval
    assert source.last_run.status == "ok"
    assert enqueue_due(now + datetime.timedelta(hours=1)) == []
    assert enqueue_due(now + source.interval) == [source]
    assert HarvestRun.objects.filter(source=source).count() == 2
    assert not HarvestRun.objects.filter(source=inactive).exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection
def test_the_worker_runs_what_the_schedule_command_enqueued(harvest_settings, source, fake_portal):
    harvest_settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("run_harvest_schedule", stdout=out)
    assert out.getvalue() == f"enqueued {source.base_url}\n"
    assert HarvestRun.objects.count() == 0  # queued, not run
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "councils.harvest.tasks.harvest_source"
    call_command("run_harvest_schedule", stdout=io.StringIO())  # not due again: nothing more
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    source.refresh_from_db()
    assert source.last_run.status == "ok" and source.last_run.meetings_new == 12
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
