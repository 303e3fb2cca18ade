"""Layout on real minutes: reflow at 320/375 px (WCAG 1.4.10) on every page type, and the
screenshots of each page type at desktop (1280) and phone (375) width."""

from __future__ import annotations

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
