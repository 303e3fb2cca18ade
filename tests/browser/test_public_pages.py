"""The public site in a real browser: navigation, keyboard use, axe-core, screenshots."""

from __future__ import annotations

import re

import pytest

from tests import factories as f

PAGE_TYPES = [
    *("home", "councils", "council", "meeting", "point", "case", "404"),
    *("subscribe", "alerts"),  # the e-mail alert pages
]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return f.public_demo()


def path_for(name: str, demo: dict) -> str:
    return {
        "home": "/",
        "councils": "/udvalg/",
        "council": demo["byraad"].get_absolute_url(),
        "meeting": demo["meeting"].get_absolute_url(),
        "point": demo["plan"].get_absolute_url(),
        "case": demo["case"].get_absolute_url(),
        "404": "/udvalg/findes-ikke/",
        "subscribe": f"/abonnement/tilmeld/?udvalg={demo['byraad'].slug}",
        "alerts": "/abonnement/",
    }[name]


def crumb(page, text: str):
    return page.locator("nav.breadcrumbs").get_by_role("link", name=text, exact=True)


def test_walk_home_council_meeting_point_case_and_back(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="Byrådet", exact=True).click()
    assert page.url.endswith(demo["byraad"].get_absolute_url())
    page.get_by_role("link", name="6. december 2021").click()
    assert page.url.endswith(demo["meeting"].get_absolute_url())
    assert page.locator("h1").inner_text().startswith("Byrådet 2018 - 2021")
    page.get_by_role("link", name="Direkte link til punkt 2").click()
    assert page.url.endswith(demo["plan"].get_absolute_url())
    assert page.locator("h1").inner_text() == "Punkt 2: Plan for bedre sundhed 2022-2025"
    page.get_by_role("link", name="Hele sagen 27.15.00-A08-1-21").click()
    assert page.url.endswith(demo["case"].get_absolute_url())
    entries = page.locator(".timeline__entry h3").all_inner_texts()
    assert entries == [
        "Social- og Sundhedsudvalget, 2. november 2021, punkt 2",
        "Byrådet, 6. december 2021, punkt 2",
    ]
    crumb(page, "Forside").click()
    assert page.url == live_server.url + "/"

    # and back up from a point via its breadcrumbs
    page.goto(live_server.url + demo["plan"].get_absolute_url())
    crumb(page, "6. december 2021").click()
    assert page.url.endswith(demo["meeting"].get_absolute_url())
    crumb(page, "Byrådet").click()
    assert page.url.endswith(demo["byraad"].get_absolute_url())
    crumb(page, "Udvalg og råd").click()
    assert page.url.endswith("/udvalg/")
    assert page.locator("h1").inner_text() == "Udvalg og råd"


def test_meeting_table_of_contents_jumps_to_each_point(page, live_server, demo):
    page.goto(live_server.url + demo["meeting"].get_absolute_url())
    page.locator("nav.toc").get_by_role("link", name=re.compile("^Punkt 3:")).click()
    assert page.url.endswith("#punkt-3")
    assert page.locator("#punkt-3").is_visible()
    closed = page.locator("#punkt-4").inner_text()
    assert "Lukket punkt" in closed and "ejendom" not in closed


def focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: (document.activeElement.innerText || '').trim(),"
        " href: document.activeElement.getAttribute('href') || ''})"
    )


def tab_until(page, predicate, limit: int = 40) -> dict:
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        seen.append(now)
        if predicate(now):
            return now
    raise AssertionError(f"not reached with {limit} tabs; focus went through {seen}")


def test_keyboard_reaches_search_box_and_first_point(page, live_server, demo):
    page.goto(live_server.url + demo["meeting"].get_absolute_url())
    first = tab_until(page, lambda el: True, limit=1)
    assert first["text"] == "Spring til indhold"
    tab_until(page, lambda el: el["id"] == "header-q")
    page.keyboard.type("sundhed")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=sundhed"))

    page.goto(live_server.url + demo["meeting"].get_absolute_url())
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.url.endswith("#indhold")
    point = tab_until(page, lambda el: el["href"] == "#punkt-1")
    assert point["text"].startswith("Punkt 1:")
    # the focus indicator is visible (outline drawn on the focused link)
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.url.endswith("#punkt-1")
    # the next Tab continues inside the first point
    inside = tab_until(page, lambda el: True, limit=1)
    assert inside["href"].endswith("/punkt-1/") or inside["text"], inside


def test_focus_is_visible_on_links(page, live_server, demo):
    page.goto(live_server.url + "/")
    tab_until(page, lambda el: el["text"] == "Udvalg og råd")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] == "solid" and style[1] == "3px"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_axe_violations_and_is_screenshotted(
    page, live_server, demo, axe_check, screenshot, name
):
    response = page.goto(live_server.url + path_for(name, demo))
    assert response.status == (404 if name == "404" else 200)
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("h1").count() == 1
    violations = axe_check(page)
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]
    path = screenshot(page, name)
    assert path.exists() and path.stat().st_size > 10_000


@pytest.mark.parametrize("name", ["home", "meeting", "point"])
def test_english_pages_have_no_axe_violations(page, live_server, demo, axe_check, screenshot, name):
    page.goto(live_server.url + "/en" + path_for(name, demo))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert axe_check(page) == []
    screenshot(page, f"en-{name}")


def test_language_switch_keeps_the_page(page, live_server, demo):
    url = demo["meeting"].get_absolute_url()
    page.goto(live_server.url + url)
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile("/en/"))
    assert page.url.endswith("/en" + url)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Dansk").click()
    page.wait_for_url(live_server.url + url)
    assert page.locator("html").get_attribute("lang") == "da"


def test_meeting_prints_like_a_referat(page, live_server, demo, screenshot):
    page.goto(live_server.url + demo["meeting"].get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("nav.breadcrumbs").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("#punkt-2 .decision").is_visible()
    screenshot(page, "meeting-print")


@pytest.mark.parametrize("name", ["home", "council", "meeting", "point", "case"])
def test_pages_reflow_at_320_css_pixels(browser, live_server, demo, screenshot, name):
    """WCAG 1.4.10: no horizontal scrolling at 320 px (wide tables scroll inside their box)."""
    context = browser.new_context(locale="da-DK", viewport={"width": 320, "height": 700})
    try:
        pg = context.new_page()
        pg.goto(live_server.url + path_for(name, demo))
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{name} is {width}px wide at a 320px viewport"
        if name in ("meeting", "point"):
            screenshot(pg, f"mobile-{name}")
    finally:
        context.close()


def test_real_minutes_text_renders_accessibly(
    page, live_server, transactional_db, seed_files, axe_check, screenshot, settings, tmp_path
):
    """Seed referater (read at run time, never copied) as section text: tables, lists, long
    paragraphs — still 0 axe violations."""
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = f.meeting(f.council("Seedudvalget"))
    for path in seed_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        f.item(meeting, title=f"Seed {path.stem}", sections=[("sagsfremstilling", "", text)])
    page.goto(live_server.url + meeting.get_absolute_url())
    assert page.locator("table th[scope=col]").count() > 0
    violations = axe_check(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1280
