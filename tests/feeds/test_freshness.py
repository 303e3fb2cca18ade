"""Meeting.updated_at moves when anything on the meeting's page changes: once per meeting and
transaction, at commit, without a history record. Real transactions (transactional_db)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from councils.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
OLD = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def aged(meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=OLD)
    return meeting


def meeting_updates(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "councils_meeting"')
    ]


def test_editing_points_sections_and_bilag_moves_the_meeting_once_per_transaction():
    meeting = f.meeting()
    point = f.item(meeting, sections=[("resume", "Resume", "Før.")])
    aged(meeting)
    versions = meeting.history.count()
    section = point.sections.get()
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            section.text = "Efter."
            section.save()
            point.decision = "Ændret."
            point.save()
            f.attachment(point, title="Nyt bilag")
            f.absence(meeting, name="Ny Person")
    assert len(meeting_updates(queries)) == 1
    meeting.refresh_from_db()
    assert meeting.updated_at > OLD
    assert meeting.history.count() == versions  # the calendar's SEQUENCE does not move


def test_deleting_a_point_moves_its_meeting():
    meeting = f.meeting()
    point = f.item(meeting)
    aged(meeting)
    point.delete()
    meeting.refresh_from_db()
    assert meeting.updated_at > OLD


def test_a_rolled_back_change_moves_nothing():
    meeting = f.meeting()
    point = f.item(meeting)
    aged(meeting)
    with pytest.raises(RuntimeError), transaction.atomic():
        point.title = "Ny titel"
        point.save()
        raise RuntimeError
    meeting.refresh_from_db()
    assert meeting.updated_at == OLD
    point.title = "Ny titel"  # and the next change does move it
    point.save()
    meeting.refresh_from_db()
    assert meeting.updated_at > OLD


def test_rewriting_a_meetings_points_costs_one_statement():
    meeting = aged(f.full_meeting(points=10))
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        meeting.items.all().delete()
    assert len(meeting_updates(queries)) == 1
