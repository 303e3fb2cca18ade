"""Harvested agendas in a real browser: axe-core on every page an agenda shows up on."""

from __future__ import annotations

import pytest

from councils.harvest.service import harvest
from councils.models import Meeting
from tests.harvest.portal import FakePortal, build_portal


@pytest.fixture
def harvested(transactional_db, settings, tmp_path):
    """A small archive harvested from the fake portal: 3 councils, a referat and an agenda of a
    coming meeting each."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REFERATER_HARVEST_MIN_INTERVAL_SECONDS = 0
    with FakePortal(build_portal(councils=3, meetings=2, future=1)) as portal:
        report = harvest(portal.url, municipality="Testby Kommune")
    assert (report.new, report.failed) == (6, 0)
    agenda = Meeting.objects.filter(kind="dagsorden").order_by("start").first()
    return {"agenda": agenda, "point": agenda.items.get(number=2)}


def paths(harvested) -> dict[str, str]:
    agenda = harvested["agenda"]
    return {
        "home": "/",
        "council": agenda.council.get_absolute_url(),
        "agenda": agenda.get_absolute_url(),
        "agenda-point": harvested["point"].get_absolute_url(),
        "search-agendas": "/soeg/?q=skolevej&dokument=dagsorden",
    }


@pytest.mark.parametrize("name", ["home", "council", "agenda", "agenda-point", "search-agendas"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_agenda_pages_have_no_axe_violations(
    page, live_server, harvested, axe_check, screenshot, name, prefix
):
    response = page.goto(live_server.url + prefix + paths(harvested)[name])
    assert response.status == 200
    assert page.locator("h1").count() == 1
    badge = page.locator(".badge--dagsorden").first
    assert badge.is_visible()
    assert badge.inner_text() == ("Agenda" if prefix else "Dagsorden")
    if name in ("home", "council"):
        heading = "Upcoming meetings" if prefix else "Kommende møder"
        assert page.get_by_role("heading", name=heading).count() == 1
    if name.startswith("agenda"):
        note = page.get_by_role("note")
        text = "The minutes have not been published yet." if prefix else "Referatet er ikke"
        assert text in note.inner_text()
    violations = axe_check(page)
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]
    screenshot(page, f"{prefix.strip('/') or 'da'}-{name}")


def test_from_the_home_page_to_a_coming_meeting_by_keyboard(page, live_server, harvested):
    agenda = harvested["agenda"]
    page.goto(live_server.url + "/")
    link = page.get_by_role("region", name="Kommende møder").get_by_role("link").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{agenda.get_absolute_url()}")
    assert page.locator("h1").inner_text().startswith(agenda.printed_council_name)
