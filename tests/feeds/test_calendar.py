"""iCalendar files of meetings, read back with the icalendar library."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Meeting
from tests import factories as f
from tests.views.conftest import SECRET_WORDS

CALENDAR_BUDGET = 3
CPH = ZoneInfo("Europe/Copenhagen")


def calendar_of(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    for word in SECRET_WORDS:
        assert word not in response.content.decode(), word
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@127.0.0.1"


def test_calendar_of_all_meetings_has_every_public_meeting(client, site):
    calendar = calendar_of(client, reverse("councils:calendar"))
    found = events(calendar)
    public = Meeting.objects.public()
    assert set(found) == {uid(m) for m in public}
    assert uid(site["draft"]) not in found
    assert calendar["version"] == "2.0" and calendar["method"] == "PUBLISH"
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/Copenhagen"]

    event = found[uid(site["meeting"])]
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2021, 12, 6, 16, 30, tzinfo=CPH)
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("dtend") - start == datetime.timedelta(minutes=120)
    assert str(event["location"]) == "Byrådssalen, Rådhuset"
    assert str(event["url"]) == "http://testserver" + site["meeting"].get_absolute_url()
    assert str(event["summary"]) == "Møde i Byrådet"
    assert event.decoded("sequence") == 0
    assert event.decoded("last-modified") == site["meeting"].updated_at.replace(microsecond=0)


def test_council_calendar_has_only_that_council(client, site):
    url = reverse("councils:calendar_council", args=[site["udvalg"].slug])
    assert set(events(calendar_of(client, url))) == {uid(site["earlier"])}
    assert client.get(reverse("councils:calendar_council", args=["nej"])).status_code == 404


def test_upcoming_agendas_are_in_the_calendar_and_draft_agendas_are_not(client, site):
    soon = timezone.now() + datetime.timedelta(days=10)
    agenda = f.meeting(site["byraad"], start=soon, kind=Meeting.Kind.DAGSORDEN)
    draft_agenda = f.meeting(
        site["byraad"], start=soon + datetime.timedelta(days=7), kind="dagsorden", status="draft"
    )
    url = reverse("councils:calendar_council", args=[site["byraad"].slug])
    found = events(calendar_of(client, url))
    assert uid(agenda) in found and uid(draft_agenda) not in found
    event = found[uid(agenda)]
    assert event.decoded("dtstart") > timezone.now()
    assert "Dagsorden" in [str(c) for c in event["categories"].cats]


def test_uid_is_stable_and_sequence_grows_when_the_meeting_changes(client, site):
    url = reverse("councils:calendar")
    meeting = site["meeting"]
    before = events(calendar_of(client, url))[uid(meeting)]
    assert events(calendar_of(client, url))[uid(meeting)]["uid"] == before["uid"]
    meeting.location = "Rådhuset, lokale 3"
    meeting.save()
    after = events(calendar_of(client, url))[uid(meeting)]
    assert after.decoded("sequence") == before.decoded("sequence") + 1
    assert str(after["location"]) == "Rådhuset, lokale 3"
    meeting.start = meeting.start + datetime.timedelta(hours=1)
    meeting.save()
    later = events(calendar_of(client, url))[uid(meeting)]
    assert later.decoded("sequence") == before.decoded("sequence") + 2
    assert later["uid"] == before["uid"]


def test_calendar_holds_the_newest_meetings_up_to_the_limit(client, site, settings):
    settings.CALENDAR_MAX_EVENTS = 1
    future = f.meeting(site["udvalg"], start=timezone.now() + datetime.timedelta(days=3))
    assert set(events(calendar_of(client, reverse("councils:calendar")))) == {uid(future)}


def test_uid_domain_follows_site_url(client, site, settings):
    settings.SITE_URL = "https://referater.example.dk"
    found = events(calendar_of(client, reverse("councils:calendar")))
    assert f"meeting-{site['meeting'].pk}@referater.example.dk" in found


@pytest.mark.parametrize("count", [1, 30])
def test_calendar_query_budget(client, db, django_assert_max_num_queries, count):
    council = f.council("Kalenderudvalget")
    for _n in range(count):
        meeting = f.meeting(council)
        meeting.save()  # a second version
    urls = (reverse("councils:calendar"), reverse("councils:calendar_council", args=[council.slug]))
    for url in urls:
        with django_assert_max_num_queries(CALENDAR_BUDGET):
            response = client.get(url)
        assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == count
