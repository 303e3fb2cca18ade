"""Agendas on the site: "Kommende møder", the "Dagsorden" badge and note, the search filter."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from councils.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db

NOTE = "Referatet er ikke offentliggjort endnu."


@pytest.fixture
def meetings():
    council = f.council("Teknisk Udvalg")
    now = timezone.localtime()
    soon = f.meeting(
        council,
        start=now + datetime.timedelta(days=5),
        kind=Meeting.Kind.DAGSORDEN,
        location="Mødelokale 4",
    )
    f.searchable_item("Trafikplan for midtbyen", meeting_obj=soon, number=1, decision="")
    later = f.meeting(council, start=now + datetime.timedelta(days=12), kind="dagsorden")
    f.item(later, number=1, title="Budgetopfølgning", decision="")
    draft = f.meeting(
        council,
        start=now + datetime.timedelta(days=8),
        kind="dagsorden",
        status=Meeting.Status.DRAFT,
    )
    f.item(draft, number=1, title="Hemmelig kladde", decision="")
    past = f.meeting(council, start=now - datetime.timedelta(days=20), kind="referat")
    f.searchable_item("Trafikplan for havnen", meeting_obj=past, number=1, decision="Godkendt")
    late = f.meeting(council, start=now - datetime.timedelta(days=2), kind="dagsorden")
    f.item(late, number=1, title="Vejnavne", decision="")
    return {
        "council": council,
        "soon": soon,
        "later": later,
        "past": past,
        "late": late,
        "draft": draft,
    }


def section(html: str, heading: str) -> str:
    start = html.index(f">{heading}</h2>")
    return html[start : html.index("</section>", start)]


def test_home_lists_coming_meetings_apart_from_the_latest(client, meetings):
    html = client.get("/").content.decode()
    upcoming = section(html, "Kommende møder")
    soon, later = (meetings[k].get_absolute_url() for k in ("soon", "later"))
    assert soon in upcoming and later in upcoming
    assert upcoming.index(soon) < upcoming.index(later)  # soonest first
    assert "Mødelokale 4" in upcoming and "Dagsorden" in upcoming
    assert meetings["draft"].get_absolute_url() not in html  # the public rule holds
    latest = section(html, "Seneste møder")
    assert soon not in latest
    assert meetings["past"].get_absolute_url() in latest
    # an agenda of a meeting that was held, without its referat yet, is badged in the list
    late_entry = latest[latest.index(meetings["late"].get_absolute_url()) :].split("</li>")[0]
    assert 'class="badge badge--dagsorden"' in late_entry


def test_no_coming_meetings_no_section(client):
    f.meeting(f.council("Byrådet"), start=timezone.now() - datetime.timedelta(days=3))
    assert "Kommende møder" not in client.get("/").content.decode()


def test_council_page_lists_its_coming_meetings(client, meetings):
    other = f.meeting(
        f.council("Byrådet"), start=timezone.now() + datetime.timedelta(days=3), kind="dagsorden"
    )
    html = client.get(meetings["council"].get_absolute_url()).content.decode()
    upcoming = section(html, "Kommende møder")
    assert meetings["soon"].get_absolute_url() in upcoming
    assert other.get_absolute_url() not in upcoming
    table = html[html.index('<table class="meetings">') :]
    assert table.count('class="badge badge--dagsorden"') == 3  # soon, later, late


def test_an_agenda_page_says_the_referat_is_not_published_yet(client, meetings):
    html = client.get(meetings["soon"].get_absolute_url()).content.decode()
    assert 'class="badge badge--dagsorden">Dagsorden<' in html and NOTE in html
    assert 'role="note"' in html
    point = client.get(meetings["soon"].items.get().get_absolute_url()).content.decode()
    assert NOTE in point
    referat = client.get(meetings["past"].get_absolute_url()).content.decode()
    assert NOTE not in referat and "badge--dagsorden" not in referat


def test_the_page_in_english(client, meetings):
    html = client.get("/en/").content.decode()
    assert "Upcoming meetings" in html
    page = client.get("/en" + meetings["soon"].get_absolute_url()).content.decode()
    assert "The minutes have not been published yet." in page and "Agenda" in page


def test_search_filters_agendas_or_minutes(client, meetings):
    def titles(**params):
        html = client.get("/soeg/", {"q": "trafikplan", **params}).content.decode()
        return [t for t in ("midtbyen", "havnen") if f"Trafikplan for {t}" in html], html

    assert titles()[0] == ["midtbyen", "havnen"]
    found, html = titles(dokument="dagsorden")
    assert found == ["midtbyen"] and 'class="badge badge--dagsorden"' in html
    assert titles(dokument="referat")[0] == ["havnen"]
    found, html = titles(dokument="bestyrelsesmøde")
    assert found == [] and 'role="alert"' in html
    # without words the filter alone lists every agenda point
    html = client.get("/soeg/", {"dokument": "dagsorden"}).content.decode()
    assert "Trafikplan for midtbyen" in html and "Trafikplan for havnen" not in html


def test_the_index_follows_a_meetings_kind(meetings):
    from councils.models import SearchDocument

    soon = meetings["soon"]
    assert set(
        SearchDocument.objects.filter(item__meeting=soon).values_list("kind", flat=True)
    ) == {"dagsorden"}
    soon.kind = Meeting.Kind.REFERAT
    soon.save()  # the referat arrived (an admin's edit; the importer sends its own signal)
    assert set(
        SearchDocument.objects.filter(item__meeting=soon).values_list("kind", flat=True)
    ) == {"referat"}
