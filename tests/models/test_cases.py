"""Cases of every case-management system: stored as printed, KLE parts only for KLE numbers."""

import pytest
from django.urls import reverse

from councils.models import Case, CaseScheme
from councils.search import search
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_kle_number_gets_its_parts_and_other_systems_none():
    kle = f.case("27.15.00-A08-1-21")
    emn = f.case("EMN-2025-003383")
    assert (kle.scheme, kle.kle_subject, kle.action_facet, kle.serial, kle.year) == (
        CaseScheme.KLE,
        "27.15.00",
        "A08",
        1,
        2021,
    )
    assert (emn.scheme, emn.kle_subject, emn.action_facet, emn.serial, emn.year) == (
        CaseScheme.GETORGANIZED,
        "",
        "",
        None,
        None,
    )
    assert emn.kle_url == "" and kle.kle_url.endswith("/27/15/00/")


def test_case_page_of_a_getorganized_number_names_the_system_not_kle(client):
    meeting = f.meeting(f.council("Teknisk Udvalg"))
    f.item(meeting, title="Letbane etape 2", case=f.case("EMN-2025-003383"))
    response = client.get("/sager/EMN-2025-003383/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "GetOrganized-sagsnummer" in html and "kle-online.dk" not in html
    # typed in lower case: redirected to the printed number
    lower = client.get("/sager/emn-2025-003383/")
    assert lower.status_code == 301 and lower.headers["Location"] == "/sager/EMN-2025-003383/"


def test_a_number_with_a_slash_has_a_one_segment_url_that_resolves():
    meeting = f.meeting(f.council("Økonomiudvalget"))
    case = f.case("19/01234")
    f.item(meeting, title="Budget", case=case)
    url = case.get_absolute_url()
    assert url == reverse("councils:case", kwargs={"number": "19/01234"}) == "/sager/19~01234/"


def test_case_page_with_a_slash_number_answers(client):
    meeting = f.meeting(f.council("Økonomiudvalget"))
    f.item(meeting, title="Budget", case=f.case("19/01234"))
    assert client.get("/sager/19~01234/").status_code == 200


def test_search_for_a_getorganized_number_finds_its_points():
    meeting = f.meeting(f.council("Teknisk Udvalg"))
    hit = f.searchable_item("Letbane", meeting_obj=meeting, case_number="EMN-2025-003383")
    f.searchable_item("Cykelsti", meeting_obj=meeting, case_number="EMN-2025-000001")
    found = [h.item.pk for h in search("emn-2025-003383")[:10]]
    assert found == [hit.pk]


def test_the_importer_stores_other_systems_numbers(tmp_path):
    import datetime

    from councils.importer.load import _cases
    from councils.importer.types import ParsedItem, ParsedMeeting

    parsed = ParsedMeeting(
        source="x.txt",
        council="Teknisk Udvalg",
        date=datetime.date(2025, 10, 1),
        start_time=None,
        location="",
        items=[
            ParsedItem(1, "A", case_number="EMN-2025-003383"),
            ParsedItem(2, "B", case_number="Punkt"),
            ParsedItem(3, "C", case_number="27.15.00-A08-1-21"),
        ],
    )
    cases = _cases(f.municipality(), [parsed])
    assert {k: v.scheme for k, v in cases.items()} == {
        "EMN-2025-003383": "getorganized",
        "27.15.00-A08-1-21": "kle",
    }
    assert Case.objects.count() == 2
