"""Layout on real minutes: reflow at 320/375 px (WCAG 1.4.10) on every page type, and the
screenshots of each page type at desktop (1280) and phone (375) width."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from tests import factories as f

SEED_POINT = "/udvalg/socialudvalget/2015-03-25/punkt-47/"


@pytest.fixture
def seeded(transactional_db, seed_files, settings, tmp_path):
    from councils.importer import import_file

    settings.MEDIA_ROOT = tmp_path / "media"
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        for path in seed_files:
            import_file(path.read_bytes(), path.name)
    demo = f.public_demo()
    return demo


def scroll_width(pg) -> int:
    return pg.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", [320, 375])
def test_seed_point_with_a_table_reflows(browser, live_server, seeded, width):
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 700})
    try:
        pg = context.new_page()
        response = pg.goto(live_server.url + SEED_POINT)
        assert response.status == 200
        assert pg.locator(".table-wrap table").count() > 0
        assert scroll_width(pg) <= width, f"{SEED_POINT} is {scroll_width(pg)}px at {width}px"
        # the table scrolls inside its own focusable region
        wrap = pg.locator(".table-wrap").first
        assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
        assert pg.evaluate(
            "() => { const w = document.querySelector('.table-wrap');"
            " return w.scrollWidth > w.clientWidth && getComputedStyle(w).overflowX == 'auto'; }"
        )
    finally:
        context.close()


PAGE_TYPES = [
    *("home", "councils", "council", "meeting", "point", "case", "persons", "person"),
    *("search", "404", "subscribe", "alerts"),
]


def path_for(name: str, demo: dict) -> str:
    from councils.models import Person

    return {
        "home": "/",
        "councils": "/udvalg/",
        "council": "/udvalg/socialudvalget/",
        "meeting": "/udvalg/socialudvalget/2015-03-25/",
        "point": SEED_POINT,  # a point with a wide table
        "case": demo["case"].get_absolute_url(),
        "persons": "/personer/",
        "person": Person.objects.order_by("pk").first().get_absolute_url(),
        "search": "/soeg/?q=regnskab",
        "404": "/udvalg/findes-ikke/",
        "subscribe": f"/abonnement/tilmeld/?udvalg={demo['byraad'].slug}",
        "alerts": "/abonnement/",
    }[name]


def violations_of(axe_check, pg) -> list:
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in axe_check(pg)]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_reflows_passes_axe_and_is_screenshotted(
    browser, live_server, seeded, axe_check, screenshot, name
):
    """Each page type: no sideways scrolling at 320 and 375 px, axe (WCAG 2.1 AA) clean at
    320 px and in English, and screenshots at desktop (1280) and phone (375) width."""
    url = live_server.url + path_for(name, seeded)
    status = 404 if name == "404" else 200
    shots = []
    for width, lang, prefix in (
        (1280, "da-DK", ""),
        (375, "da-DK", ""),
        (320, "da-DK", ""),
        (1280, "en-GB", "/en"),
        (320, "en-GB", "/en"),
    ):
        context = browser.new_context(locale=lang, viewport={"width": width, "height": 800})
        try:
            pg = context.new_page()
            target = url.replace(live_server.url, live_server.url + prefix, 1)
            assert pg.goto(target).status == status
            assert scroll_width(pg) <= width, f"{name}{prefix} is {scroll_width(pg)}px at {width}"
            if width == 320 or prefix:
                assert violations_of(axe_check, pg) == [], (name, prefix, width)
            if width in (1280, 375):
                kind = "desktop" if width == 1280 else "phone"
                shots.append(screenshot(pg, f"{name}{'-en' if prefix else ''}-{kind}"))
        finally:
            context.close()
    print("screenshots:", *shots)
    assert all(p.exists() and p.stat().st_size > 5_000 for p in shots)


def test_copy_link_button_copies_the_permalink(browser, live_server, seeded):
    context = browser.new_context(
        locale="da-DK",
        viewport={"width": 375, "height": 800},
        permissions=["clipboard-read", "clipboard-write"],
    )
    try:
        pg = context.new_page()
        pg.goto(live_server.url + SEED_POINT)
        permalink = pg.locator(".permalink a")
        assert permalink.inner_text() == live_server.url + SEED_POINT  # visible without JS
        button = pg.get_by_role("button", name="Kopiér link")
        button.click()
        status = pg.locator("#copy-link-status")
        status.filter(has_text="Linket er kopieret.").wait_for(state="attached")
        assert status.get_attribute("role") == "status"
        assert pg.evaluate("() => navigator.clipboard.readText()") == live_server.url + SEED_POINT
        # keyboard: the button is reachable and works with Enter
        pg.evaluate("() => navigator.clipboard.writeText('')")
        button.focus()
        pg.keyboard.press("Enter")
        pg.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        assert pg.evaluate("() => navigator.clipboard.readText()") == live_server.url + SEED_POINT

        # on the meeting page, one button per point, named after its point
        pg.goto(live_server.url + "/udvalg/socialudvalget/2015-03-25/")
        buttons = pg.get_by_role("button", name=re.compile(r"^Kopiér link: punkt \d+$"))
        assert buttons.count() == pg.locator("a[data-copy-link]").count() > 1
        buttons.nth(1).click()
        second = pg.locator("a[data-copy-link]").nth(1).get_attribute("href")
        pg.wait_for_function(
            "async (h) => (await navigator.clipboard.readText()).endsWith(h)", arg=second
        )
    finally:
        context.close()


def test_no_button_without_javascript(browser, live_server, seeded):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(live_server.url + SEED_POINT)
        assert pg.locator(".permalink a").is_visible()
        assert pg.locator("button.copy-link").count() == 0
    finally:
        context.close()


def test_previous_and_next_walk_the_meeting(page, live_server, seeded):
    page.goto(live_server.url + SEED_POINT)
    title = page.locator("h1").inner_text()
    page.get_by_role("link", name=re.compile("^Næste punkt")).click()
    assert page.locator("h1").inner_text() != title
    page.get_by_role("link", name=re.compile("^Forrige punkt")).click()
    assert page.url.endswith(SEED_POINT) and page.locator("h1").inner_text() == title
    page.goto(live_server.url + "/udvalg/socialudvalget/2015-03-25/")
    pager = page.get_by_role("navigation", name="Andre møder i Socialudvalget").first
    links = pager.get_by_role("link").all_inner_texts()
    assert links, "the seeds have more than one meeting of Socialudvalget"
