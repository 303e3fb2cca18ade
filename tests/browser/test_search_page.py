"""The search page in Chromium: axe-clean (WCAG 2.0/2.1 A+AA) and usable by keyboard alone."""

from __future__ import annotations

import datetime

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
MAX_TABS = 80  # key presses allowed to reach an element


@pytest.fixture
def points():
    social = f.council("Socialudvalget")
    udsat = f.council("Udsatterådet", kind="raad")
    for n in range(30):
        meeting = f.meeting(
            social if n % 2 else udsat,
            datetime.datetime(2015 + n % 8, 3, 1 + n, 15, 0, tzinfo=f.CPH),
        )
        f.searchable_item(
            f"Hjemløse borgere, indsats {n}",
            meeting_obj=meeting,
            resume=f"Orientering om hjemløshed og <b>boliger</b> nr. {n}.",
        )


def tab_to(page, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"{selector} not reachable with Tab in {MAX_TABS} presses")


def assert_axe_clean(page, axe_check):
    violations = axe_check(page)
    assert not violations, [(v["id"], v["help"], v["nodes"][0]["html"]) for v in violations]


def test_search_page_is_axe_clean_in_every_state(page, live_server, axe_check, points, screenshot):
    for query in ("", "?q=hjemløse", "?q=hjemløse&side=2", "?q=xyzzy&aar=2015", '?q="', "?q=-"):
        page.goto(f"{live_server.url}/soeg/{query}")
        assert_axe_clean(page, axe_check)
    page.goto(f"{live_server.url}/soeg/?q=hjemløse")
    screenshot(page, "search-results")


def test_search_by_keyboard_alone(page, live_server, points):
    page.goto(f"{live_server.url}/soeg/")
    tab_to(page, "#id_q")
    page.keyboard.type("hjemløse")
    page.keyboard.press("Enter")
    page.wait_for_url("**/soeg/?q=*")
    assert page.locator("#resultater").inner_text().startswith("30 resultater")
    assert page.locator("ol.search-results > li").count() == 25
    assert page.locator("ol.search-results mark").count() > 0
    assert page.locator("ol.search-results b").count() == 0  # source HTML is escaped

    # Narrow to one council with the keyboard: tick its box and submit.
    tab_to(page, "input[name=udvalg]")
    page.keyboard.press("Space")
    tab_to(page, "fieldset.filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**udvalg=*")
    assert page.locator("#resultater").inner_text().startswith("15 resultater")

    # Reach a result and the next page by keyboard.
    tab_to(page, "ol.search-results a")
    page.goto(f"{live_server.url}/soeg/?q=hjemløse")
    tab_to(page, ".pagination a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**side=2*")
    assert page.locator(".pagination [aria-current=page]").inner_text() == "2"
    assert page.locator("ol.search-results > li").count() == 5
