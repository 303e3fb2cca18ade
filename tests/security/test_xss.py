"""HTML in titles, decisions, sections, bilag names, decisions of other committees and names
is shown as text on every page that shows it: the public pages, search snippets, the staff
preview and its diff, and the admin's change, history (django-simple-history's list, version
form) and decision-history pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from councils.importer.types import ParsedItem, ParsedMeeting, ParsedSection
from councils.models import Upload
from councils.staff.serialize import parsed_to_dict
from tests import factories as f

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>"'
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
DATE = datetime.date(2022, 3, 1)


@pytest.fixture
def hostile(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    council = f.council("Socialudvalget")
    meeting = f.meeting(
        council,
        start=datetime.datetime(2022, 3, 1, 15, 0, tzinfo=f.CPH),
        location=f"Lokale {PAYLOAD}",
    )
    item = f.item(
        meeting,
        title=f"Plan for vejene {PAYLOAD}",
        decision=f"Godkendt {PAYLOAD}",
        case=f.case(),
        sections=[
            ("sagsfremstilling", f"Overskrift {PAYLOAD}", f"Tekst {PAYLOAD}\n- punkt {PAYLOAD}")
        ],
    )
    f.attachment(item, title=f"Bilag {PAYLOAD}")
    f.prior_decision(item, text=f"Anbefalet {PAYLOAD}", council_name=f"Udvalg {PAYLOAD}")
    f.absence(meeting, name=f"Navn {PAYLOAD}", item_obj=item)
    item.decision = f"Rettet beslutning {PAYLOAD}"
    item.save()  # a correction ("Rettet" with the earlier wording) and a second version
    meeting.location = f"Nyt lokale {PAYLOAD}"
    meeting.save()  # the history list shows the change of location (old and new value)
    section = item.sections.get()
    section.text = f"Ny tekst {PAYLOAD}"
    section.save()
    parsed = ParsedMeeting(
        source=f"referat {PAYLOAD}.txt",
        council="Socialudvalget",
        date=DATE,
        start_time=datetime.time(15, 0),
        location=f"Lokale {PAYLOAD}",
        items=[
            ParsedItem(
                number=item.number,
                title=f"Plan for vejene {PAYLOAD} ændret",
                decision=f"Afvist {PAYLOAD}",
                attachments=[f"Bilag {PAYLOAD}"],
                sections=[ParsedSection("sagsfremstilling", "Sagsfremstilling", f"Ny {PAYLOAD}")],
            )
        ],
    )
    upload = Upload.objects.create(
        council=council,
        file="indsendt/x.txt",
        original_name=f"referat {PAYLOAD}.txt",
        format="txt",
        size=1,
        sha256="c" * 64,
        parsed=parsed_to_dict(parsed),
        warnings=[{"code": "unknown_heading", "message": f"Ukendt {PAYLOAD}", "item_number": 1}],
        meeting=meeting,
    )
    return {"meeting": meeting, "item": item, "upload": upload, "section": section}


def assert_escaped(html: str, where: str, shown: bool = True):
    for raw in RAW:
        assert raw not in html, f"unescaped payload on {where}"
    if shown:
        assert ESCAPED in html or "&lt;script&gt;" in html, f"payload not shown on {where}"


def test_public_pages_and_search_snippets(client, hostile):
    item, meeting = hostile["item"], hostile["meeting"]
    pages = {
        "meeting": meeting.get_absolute_url(),
        "item": item.get_absolute_url(),
        "case": item.case.get_absolute_url(),
        "council": meeting.council.get_absolute_url(),
        "search": reverse("councils:search") + "?q=vejene",
        "search-words": reverse("councils:search") + "?q=tekst",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), name)
    assert_escaped(client.get("/").content.decode(), "home", shown=False)


def test_staff_preview_and_diff(admin_client, hostile):
    response = admin_client.get(
        reverse("admin:councils_upload_change", args=[hostile["upload"].pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html, "preview")
    assert "<del>" in html or "<ins>" in html  # the diff against the published meeting is shown


def test_admin_change_and_list_pages(admin_client, hostile):
    item = hostile["item"]
    for url in [
        reverse("admin:councils_agendaitem_changelist"),
        reverse("admin:councils_agendaitem_change", args=[item.pk]),
        reverse("admin:councils_meeting_change", args=[hostile["meeting"].pk]),
        reverse("admin:councils_section_changelist"),
        reverse("admin:councils_attachment_changelist"),
        reverse("admin:councils_decisioncorrection_changelist"),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_admin_history_views(admin_client, hostile):
    """django-simple-history's list (with its field deltas), the version form, and the
    decision history page."""
    item, section = hostile["item"], hostile["section"]
    first_item = item.history.order_by("history_date").first()
    first_section = section.history.order_by("history_date").first()
    pages = {
        "item history list": reverse("admin:councils_agendaitem_history", args=[item.pk]),
        "item version form": reverse(
            "admin:councils_agendaitem_simple_history", args=[item.pk, first_item.history_id]
        ),
        "section history list": reverse("admin:councils_section_history", args=[section.pk]),
        "section version form": reverse(
            "admin:councils_section_simple_history", args=[section.pk, first_section.history_id]
        ),
        "meeting history list": reverse(
            "admin:councils_meeting_history", args=[hostile["meeting"].pk]
        ),
        "decision history": reverse("admin:councils_agendaitem_decision_history", args=[item.pk]),
    }
    for name, url in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), name)
