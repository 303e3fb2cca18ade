"""iCalendar (RFC 5545) files of public meetings, of every council or of one.

Agendas and minutes alike: a published meeting with ``kind`` "dagsorden" and a start in the
future is an upcoming meeting. One event per meeting:

- ``UID``: ``meeting-<id>@<host of SITE_URL>``, stable for the life of the meeting (a
  corrected referat updates the meeting in place, so the id stays);
- ``DTSTART`` in Europe/Copenhagen with its ``VTIMEZONE``; referater give no end time, so
  ``DTEND`` is ``settings.CALENDAR_EVENT_MINUTES`` later;
- ``SEQUENCE``: **derived from the meeting's history** (django-simple-history writes a
  version on every save of the meeting: import, correction, publication, admin edit), i.e.
  the number of versions minus one; it only grows. Changes of points do not move it (they
  do not change the event); they move ``LAST-MODIFIED``/``DTSTAMP`` (``Meeting.updated_at``,
  see ``freshness``);
- ``LOCATION``, ``URL`` (the meeting's page), ``SUMMARY``, ``DESCRIPTION``, ``CATEGORIES``.

A calendar holds the newest ``settings.CALENDAR_MAX_EVENTS`` meetings by start (so every
upcoming one first).
"""

from __future__ import annotations

import datetime
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Meeting
from .syndication import kind_label, public_council_or_404

TIMEZONE = ZoneInfo(settings.TIME_ZONE)  # Europe/Copenhagen


@cache
def vtimezone() -> icalendar.Timezone:
    """Europe/Copenhagen as a VTIMEZONE (rules from 1970 to 2100), built once."""
    return icalendar.Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=datetime.date(1970, 1, 1),
        last_date=datetime.date(2100, 1, 1),
    )


def uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "referatarkiv"


def with_sequence(meetings):
    """Annotate ``versions``: how many history records the meeting has (one per save)."""
    history = Meeting.history.model.objects.filter(id=OuterRef("pk"))
    versions = history.order_by().values("id").annotate(n=Count("*")).values("n")
    return meetings.annotate(
        versions=Coalesce(Subquery(versions, output_field=IntegerField()), Value(1))
    )


def event_for(meeting: Meeting, request) -> icalendar.Event:
    start = meeting.start.astimezone(TIMEZONE)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    label = kind_label(meeting)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{uid_domain()}")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("created", meeting.created_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("sequence", max(meeting.versions - 1, 0))
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=settings.CALENDAR_EVENT_MINUTES))
    event.add("summary", _("Møde i %(council)s") % {"council": meeting.council.name})
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", url)
    event.add("description", f"{label}: {url}")
    event.add("categories", [meeting.council.name, label])
    event.add("STATUS", "CONFIRMED")  # the iCalendar property (not the meeting's)
    event.add("transp", "OPAQUE")
    return event


def meetings_calendar(request, council=None):
    meetings = Meeting.objects.public().select_related("council")
    if council is not None:
        council = public_council_or_404(council)
        meetings = meetings.for_council(council)
        name = _("Møder i %(council)s") % {"council": council.name}
    else:
        name = _("Møder i alle udvalg og råd – %(site)s") % {"site": settings.SITE_NAME}
    meetings = with_sequence(meetings).order_by("-start", "-pk")[: settings.CALENDAR_MAX_EVENTS]

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Møder//{(get_language() or 'da').upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(vtimezone())
    for meeting in meetings:
        calendar.add_component(event_for(meeting, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="moeder.ics"'
    return response
