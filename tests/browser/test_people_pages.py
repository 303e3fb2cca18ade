"""The people pages in a real browser: axe-core (WCAG 2.1 AA) on the person list, a person's
page and a point with votes, in Danish and English, and reflow at 320 px; screenshots."""

from __future__ import annotations

import pytest

from councils.models import Person
from tests import factories as f

PAGES = ["persons", "person", "point-votes"]


@pytest.fixture
def people_demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo = f.public_demo()
    plan = demo["plan"]
    plan.decision += (  # invented text
        "\nÆndringsforslaget om at evaluere planen i 2022 blev forkastet med 4 stemmer for og "
        "21 stemmer imod. For stemte Lise Holm (Ø), Bo Berg (Ø), Tine Vang (F) og Ali Demir (F)."
        "\nSofie Krag, sundhedschef, deltog under punktet."
        "\nMorten Lund (V) deltog ikke i sagens behandling."
    )
    plan.save()
    demo["person"] = Person.objects.get(name="Bo Berg")
    return demo


def path_for(name: str, demo: dict) -> str:
    return {
        "persons": "/personer/",
        "person": demo["person"].get_absolute_url(),
        "point-votes": demo["plan"].get_absolute_url(),
    }[name]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("name", PAGES)
def test_people_pages_have_no_axe_violations(
    page, live_server, people_demo, axe_check, screenshot, name, prefix
):
    response = page.goto(live_server.url + prefix + path_for(name, people_demo))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == ("en" if prefix else "da")
    assert page.locator("h1").count() == 1
    violations = axe_check(page)
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]
    screenshot(page, f"{'en-' if prefix else ''}{name}")


@pytest.mark.parametrize("name", PAGES)
def test_people_pages_reflow_at_320_css_pixels(
    browser, live_server, people_demo, axe_check, screenshot, name
):
    context = browser.new_context(locale="da-DK", viewport={"width": 320, "height": 700})
    try:
        pg = context.new_page()
        pg.goto(live_server.url + path_for(name, people_demo))
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{name} is {width}px wide at a 320px viewport"
        assert axe_check(pg) == []
        screenshot(pg, f"mobile-{name}")
    finally:
        context.close()


def test_from_a_vote_to_the_person_and_back_to_the_point(page, live_server, people_demo):
    plan = people_demo["plan"]
    page.goto(live_server.url + plan.get_absolute_url())
    caption = "Ændringsforslaget om at evaluere planen i 2022: forkastet"
    table = page.get_by_role("table", name=caption)
    voters = "Lise Holm (Ø), Bo Berg (Ø), Tine Vang (F), Ali Demir (F)"
    assert table.get_by_role("row", name=f"For 4 {voters}").count() == 1
    table.get_by_role("link", name="Bo Berg (Ø)").click()
    page.wait_for_url(live_server.url + people_demo["person"].get_absolute_url())
    assert page.locator("h1").inner_text() == "Bo Berg (Ø)"
    page.get_by_role("link", name="Punkt 2").first.click()
    page.wait_for_url(live_server.url + plan.get_absolute_url())
    page.goto(live_server.url + "/personer/")
    page.get_by_role("link", name="Morten Lund").click()
    assert "Deltog ikke" in page.locator("main").inner_text()
