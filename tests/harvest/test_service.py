"""The harvest of a whole portal through the command, against the fake portal on loopback."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.harvest.service import harvest
from councils.models import (
    AgendaItem,
    Attachment,
    HarvestedMeeting,
    Meeting,
    SearchDocument,
    Section,
    SourceDocument,
)

from .portal import COUNCILS, guid

pytestmark = pytest.mark.django_db(transaction=False)

MUNICIPALITY = "Testby Kommune"


def run_command(url, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("harvest_firstagenda", url, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def table_state():
    """Rows and the latest change time of every table of the app (and the stored files)."""
    state = {}
    for model in apps.get_app_config("councils").get_models():
        state[model._meta.label] = model._default_manager.count()
    state["meeting updated_at"] = list(
        Meeting.objects.order_by("pk").values_list("updated_at", flat=True)
    )
    state["harvested_at"] = list(
        HarvestedMeeting.objects.order_by("pk").values_list("harvested_at", "marker")
    )
    return state


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_three_councils_of_twenty_meetings_in_one_command_then_nothing(
    harvest_settings, big_portal
):
    fake_portal, portal_data = big_portal
    started = time.monotonic()
    code, out, err = run_command(fake_portal.url, "--municipality", MUNICIPALITY)
    first_seconds = time.monotonic() - started
    assert code == 0, err
    assert "3 committees, 60 meetings: 60 new, 0 updated, 0 unchanged, 0 failed" in out
    first_requests = len(fake_portal.requests)
    # front page, list, 60 meetings, 3 bilag of the open points of each meeting
    assert first_requests == 1 + 1 + 60 + 60 * 3
    assert fake_portal.paths("/") and all(s.cookie for s in fake_portal.requests[1:])

    assert Meeting.objects.count() == 60
    assert set(Meeting.objects.values_list("council__name", flat=True)) == set(COUNCILS)
    assert Meeting.objects.filter(kind="referat").count() == 42
    assert Meeting.objects.filter(kind="dagsorden").count() == 18
    assert not Meeting.objects.filter(kind="dagsorden", start__lt=timezone.now()).exists()
    assert AgendaItem.objects.count() == 240
    assert AgendaItem.objects.filter(is_closed=True).count() == 60
    assert SourceDocument.objects.filter(format="json").count() == 60
    # every bilag of an open point has its PDF; the closed points' bilag were never fetched
    open_bilag = Attachment.objects.filter(agenda_item__is_closed=False)
    assert open_bilag.count() == 180 and not open_bilag.filter(file="").exists()
    assert set(open_bilag.values_list("content_type", flat=True)) == {"application/pdf"}
    closed_ids = {guid("bilag", m.id, 4, k) for m in portal_data.meetings.values() for k in (0, 1)}
    assert not closed_ids & {p.rsplit("/", 1)[-1] for p in fake_portal.paths("/Vis/Pdf/bilag/")}
    assert Attachment.objects.filter(agenda_item__is_closed=True, file="").count() == 120
    # the bilag text is searchable
    assert open_bilag.exclude(extracted_text="").count() == 180
    assert SearchDocument.objects.count() == 180  # open points of published meetings

    before = table_state()
    fake_portal.requests.clear()
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        code, out, err = run_command(fake_portal.url, "--municipality", MUNICIPALITY)
    second_seconds = time.monotonic() - started
    assert code == 0, err
    assert "0 new, 0 updated, 60 unchanged, 0 failed" in out
    assert [s.path for s in fake_portal.requests] == ["/", "/api/agenda/udvalgsliste"]
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert table_state() == before
    print(
        f"\nfake portal 3×20: first run {first_seconds:.1f} s, {first_requests} requests; "
        f"second run {second_seconds:.2f} s, 2 requests"
    )


def test_a_meeting_with_broken_json_is_reported_by_id_and_the_rest_imported(
    harvest_settings, fake_portal, portal_data
):
    broken = sorted(portal_data.meetings)[7]
    portal_data.raw_meetings[broken] = b'{"Id": "' + broken.encode() + b'", "Dagsordenpunkter": ['
    code, out, err = run_command(fake_portal.url, "--municipality", MUNICIPALITY)
    assert code == 1
    assert "11 new, 0 updated, 0 unchanged, 1 failed" in out
    assert f"meeting {broken}" in err and "not valid JSON" in err
    assert Meeting.objects.count() == 11
    assert not HarvestedMeeting.objects.filter(portal_id=broken).exists()

    # the portal fixes it: the next run fetches that meeting (it was never recorded) and only it
    del portal_data.raw_meetings[broken]
    fake_portal.requests.clear()
    code, out, err = run_command(fake_portal.url, "--municipality", MUNICIPALITY)
    assert code == 0, err
    assert "1 new, 0 updated, 11 unchanged, 0 failed" in out
    assert fake_portal.paths("/api/agenda/dagsorden/") == [f"/api/agenda/dagsorden/{broken}"]


def test_a_failing_bilag_fails_its_meeting_only(harvest_settings, fake_portal, portal_data):
    meeting_id = sorted(portal_data.meetings)[3]
    bilag_id = guid("bilag", meeting_id, 3, 1)
    fake_portal.faults[f"/Vis/Pdf/bilag/{bilag_id}"] = [404]
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert (report.new, report.failed) == (11, 1)
    assert report.errors[0].meeting == meeting_id
    assert bilag_id in report.errors[0].message and "HTTP 404" in report.errors[0].message
    assert not SourceDocument.objects.filter(original_name=f"{meeting_id}.json").exists()


def test_a_bilag_that_is_no_pdf_is_refused_by_the_intake(
    harvest_settings, fake_portal, portal_data
):
    meeting_id = sorted(portal_data.meetings)[0]
    bilag_id = guid("bilag", meeting_id, 2, 0)
    portal_data.bilag[bilag_id] = b"<!doctype html><script>alert(1)</script>"
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert report.failed == 1 and report.errors[0].meeting == meeting_id
    assert "bilag" in report.errors[0].message
    assert Meeting.objects.count() == 11


def test_the_referat_replaces_the_agenda_of_the_same_meeting_in_place(
    harvest_settings, fake_portal, portal_data, client
):
    harvest(fake_portal.url, municipality=MUNICIPALITY)
    agenda = Meeting.objects.filter(kind="dagsorden").order_by("start").first()
    url = agenda.get_absolute_url()
    assert not AgendaItem.objects.filter(meeting=agenda).exclude(decision="").exists()
    portal_id = HarvestedMeeting.objects.get(source_document=agenda.source_document).portal_id

    portal_data.release_referat(portal_id)
    fake_portal.requests.clear()
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert (report.new, report.updated, report.unchanged, report.failed) == (0, 1, 11, 0)
    assert fake_portal.paths("/api/agenda/dagsorden/") == [f"/api/agenda/dagsorden/{portal_id}"]
    meeting = Meeting.objects.get(pk=agenda.pk)  # the same row
    assert meeting.kind == "referat" and meeting.get_absolute_url() == url
    assert Meeting.objects.count() == 12
    decisions = dict(meeting.items.values_list("number", "decision"))
    assert decisions[2] == "Godkendt." and decisions[3] == "Taget til efterretning."
    old = SourceDocument.objects.get(pk=agenda.source_document_id)
    assert old.superseded_by_id == meeting.source_document_id  # the agenda's JSON is kept
    # the bilag were not fetched again: their files are still stored
    assert not fake_portal.paths("/Vis/Pdf/bilag/")
    assert not meeting.items.filter(is_closed=False, attachments__file="").exists()
    response = client.get(url)
    assert "Referatet er ikke offentliggjort endnu" not in response.content.decode()


def test_a_separate_referat_entry_wins_over_its_agenda(harvest_settings, fake_portal, portal_data):
    harvest(fake_portal.url, municipality=MUNICIPALITY)
    agenda = Meeting.objects.filter(kind="dagsorden").order_by("start").first()
    agenda_id = HarvestedMeeting.objects.get(source_document=agenda.source_document).portal_id
    # The portal lists the referat under an id of its own, beside the agenda.
    template = portal_data.meetings[agenda_id]
    referat_id = guid("referat", agenda_id)
    from dataclasses import replace

    portal_data.meetings[referat_id] = replace(
        template, id=referat_id, kind="referat", released="2030-02-01T10:00:00+01:00"
    )
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert (report.new, report.updated, report.skipped) == (0, 1, 1)
    assert Meeting.objects.get(pk=agenda.pk).kind == "referat"
    assert Meeting.objects.count() == 12
    # the agenda re-released later does not replace the referat
    template.released = "2030-03-01T10:00:00+01:00"
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert report.updated == 0 and Meeting.objects.get(pk=agenda.pk).kind == "referat"


def test_same_json_re_released_is_unchanged_and_remembered(
    harvest_settings, fake_portal, portal_data
):
    harvest(fake_portal.url, municipality=MUNICIPALITY)
    meeting_id = sorted(portal_data.meetings)[5]
    # The list's release date moves but the meeting's JSON stays the same bytes
    portal_data.raw_meetings[meeting_id] = portal_data.meeting_json(meeting_id)
    portal_data.meetings[meeting_id].released = "2031-01-01T08:00:00+01:00"
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert (report.updated, report.unchanged) == (0, 12)
    assert HarvestedMeeting.objects.get(portal_id=meeting_id).marker.startswith("2031-01-01")
    fake_portal.requests.clear()
    harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert not fake_portal.paths("/api/agenda/dagsorden/")


def test_council_since_and_skipped_entries(harvest_settings, fake_portal, portal_data):
    since = datetime.date.today()
    portal_data.extra_list_entries[1] = [
        {"Id": guid("tillaeg"), "Navn": "Tillægsdagsorden", "Dato": "2030-01-01T16:00:00+01:00"},
        {"Id": guid("lukket"), "Navn": "Lukket referat", "Dato": "2030-01-02T16:00:00+01:00"},
    ]
    code, out, err = run_command(
        fake_portal.url,
        "--council",
        "teknisk udvalg",
        "--since",
        since.isoformat(),
        "--municipality",
        MUNICIPALITY,
    )
    assert code == 0, err
    assert out.startswith("1 committees, 4 meetings: 2 new, 0 updated, 0 unchanged, 0 failed, 2")
    assert set(Meeting.objects.values_list("council__name", flat=True)) == {"Teknisk Udvalg"}
    assert not Meeting.objects.filter(start__date__lt=since).exists()


def test_an_unknown_council_names_the_portals_councils(harvest_settings, fake_portal):
    code, out, err = run_command(fake_portal.url, "--council", "Kulturudvalget")
    assert code == 2
    assert "no committee named Kulturudvalget" in err and "Teknisk Udvalg" in err
    assert Meeting.objects.count() == 0


def test_an_unreachable_portal_is_one_clear_line(harvest_settings, fake_portal):
    fake_portal.faults["/api/agenda/udvalgsliste"] = [503] * 10
    code, out, err = run_command(fake_portal.url)
    assert code == 2
    assert "the committee list could not be read: HTTP 503" in err
    assert "4 attempts" in err


def test_bad_arguments(harvest_settings):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a portal address"):
        call_command("harvest_firstagenda", "ftp://example.org/")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("harvest_firstagenda", "https://example.org/", "--since", "1. maj")


def test_sections_of_the_three_field_forms_are_the_same(harvest_settings, fake_portal):
    """Danish names, English names and one HTML field with headings give the same points."""
    harvest(fake_portal.url, municipality=MUNICIPALITY)
    shapes = set()
    for name in COUNCILS:
        meeting = Meeting.objects.filter(council__name=name, kind="referat").order_by("start")[0]
        point = meeting.items.get(number=2)
        kinds = tuple(Section.objects.filter(agenda_item=point).values_list("kind", "heading"))
        shapes.add((kinds, point.decision, point.decision_outcome, point.case.number[:9]))
    assert len(shapes) == 1, shapes
    (kinds, decision, outcome, _case) = shapes.pop()
    assert kinds == (
        ("resume", "Resume"),
        ("sagsfremstilling", "Sagsfremstilling"),
        ("indstilling", "Indstilling"),
        ("beslutning", "Beslutning"),
    )
    assert (decision, outcome) == ("Godkendt.", "godkendt")


def test_an_unexpected_error_in_one_meeting_is_reported_and_the_rest_imported(
    harvest_settings, fake_portal, portal_data, monkeypatch
):
    from django.db import IntegrityError

    from councils.harvest import service

    unlucky = sorted(portal_data.meetings)[2]
    real = service.import_accepted

    def import_accepted(accepted, **kwargs):
        if accepted.name == f"{unlucky}.json":
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(accepted, **kwargs)

    monkeypatch.setattr(service, "import_accepted", import_accepted)
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)
    assert (report.new, report.failed) == (11, 1)
    assert report.errors[0].meeting == unlucky
    assert report.errors[0].message.startswith("IntegrityError: duplicate key")
    assert not HarvestedMeeting.objects.filter(portal_id=unlucky).exists()


def test_a_re_released_changed_meeting_is_updated_in_place(
    harvest_settings, fake_portal, portal_data, client
):
    import json

    harvest(fake_portal.url, municipality=MUNICIPALITY)
    referat = Meeting.objects.filter(kind="referat", council__name=COUNCILS[0]).first()
    portal_id = HarvestedMeeting.objects.get(source_document=referat.source_document).portal_id
    items = dict(referat.items.values_list("number", "pk"))
    bilag = {
        (a.agenda_item.number, a.order): (a.pk, a.file.name, a.get_absolute_url())
        for a in Attachment.objects.filter(agenda_item__meeting=referat).select_related(
            "agenda_item__meeting__council"
        )
    }
    assert client.get(bilag[(2, 1)][2]).status_code == 200
    versions = {n: AgendaItem.history.filter(id=pk).count() for n, pk in items.items()}

    # The portal corrects the decision of point 2, drops point 1 and re-releases the meeting.
    payload = json.loads(portal_data.meeting_json(portal_id))
    points = payload["Dagsordenpunkter"]
    payload["Dagsordenpunkter"] = [p for p in points if str(p.get("Punktnummer")) != "1"]
    point_2 = next(p for p in points if str(p.get("Punktnummer")) == "2")
    beslutning = next(f for f in point_2["Felter"] if f.get("Navn") == "Beslutning")
    beslutning["Html"] = "<p>Godkendt med den ændring, at vejen lukkes om natten.</p>"
    portal_data.raw_meetings[portal_id] = json.dumps(payload).encode()
    portal_data.meetings[portal_id].released = "2030-06-01T09:00:00+02:00"
    report = harvest(fake_portal.url, municipality=MUNICIPALITY)

    assert (report.updated, report.failed) == (1, 0)
    meeting = Meeting.objects.get(pk=referat.pk)
    assert dict(meeting.items.values_list("number", "pk")) == {
        n: pk for n, pk in items.items() if n != 1
    }
    assert meeting.items.get(number=2).decision.startswith("Godkendt med den ændring")
    after = {n: AgendaItem.history.filter(id=pk).count() for n, pk in items.items() if n != 1}
    assert after == {n: versions[n] + (n == 2) for n in after}
    for (number, order), (pk, name, url) in bilag.items():
        if number == 1:
            continue
        attachment = Attachment.objects.get(pk=pk)  # the same row, file and address
        assert (attachment.order, attachment.file.name) == (order, name)
        assert attachment.get_absolute_url() == url
    assert client.get(bilag[(2, 1)][2]).status_code == 200
    assert client.get(bilag[(4, 1)][2]).status_code == 404  # a closed point's bilag
