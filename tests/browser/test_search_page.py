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

    # Narrow to one council with the keyboard: open the filters, tick a box and submit.
    assert not page.locator("details.filters-block").evaluate("d => d.open")
    tab_to(page, "details.filters-block > summary")
    page.keyboard.press("Enter")
    tab_to(page, "input[name=udvalg]")
    page.keyboard.press("Space")
    tab_to(page, "fieldset.filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**udvalg=*")
    assert page.locator("#resultater").inner_text().startswith("15 resultater")
    # A filter is set: the filters stay open, and say how many are chosen.
    assert page.locator("details.filters-block").evaluate("d => d.open")
    assert "1 afgrænsning valgt" in page.locator("details.filters-block > summary").inner_text()

    # Reach a result and the next page by keyboard.
    tab_to(page, "ol.search-results a")
    page.goto(f"{live_server.url}/soeg/?q=hjemløse")
    tab_to(page, ".pagination a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**side=2*")
    assert page.locator(".pagination [aria-current=page]").inner_text() == "2"
    assert page.locator("ol.search-results > li").count() == 5


VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 667)}


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_first_result_is_above_the_fold(browser, live_server, points, screenshot, name):
    width, height = VIEWPORTS[name]
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for query in ("?q=hjemløse", "?q=hjemlose"):  # results, and a suggestion first
            page.goto(f"{live_server.url}/soeg/{query}")
            if query.endswith("hjemlose"):
                page.locator(".suggestion a").click()
                page.wait_for_url("**q=hjeml%C3%B8se*")
            if query == "?q=hjemløse":
                screenshot(page, f"search-results-{name}")
            first = page.locator("ol.search-results > li h3").first.bounding_box()
            assert first["y"] + first["height"] <= height, (name, query, first)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.goto(f"{live_server.url}/soeg/?q=hjemlose")
        screenshot(page, f"search-suggestion-{name}")
    finally:
        context.close()


def test_a_suggestion_is_axe_clean_in_danish_and_english(page, live_server, axe_check, points):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        english = reverse("councils:search")
    assert english.startswith("/en/")
    for path, said in (("/soeg/", "Mente du:"), (english, "Did you mean:")):
        page.goto(f"{live_server.url}{path}?q=hjemlose")
        assert page.locator(".suggestion").inner_text().startswith(said)
        assert_axe_clean(page, axe_check)
        page.goto(f"{live_server.url}{path}?q=hjemlose&aar=2015")  # filters open
        assert page.locator("details.filters-block").evaluate("d => d.open")
        assert_axe_clean(page, axe_check)
