"""Playwright with Debian's Chromium against pytest-django's live_server.

Never `playwright install`: we drive /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a running loop unless told this is fine (the test is the only user).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def axe_check():
    """axe-core (shipped in the axe-playwright-python wheel), WCAG 2.0/2.1 A and AA rules.

    Returns a function page -> list of violations (each a dict with id, help and nodes).
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(pg) -> list[dict]:
        options = {
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        }
        result = axe.run(pg, options=options)
        return result.response["violations"]

    return check


@pytest.fixture
def screenshot(artifacts_dir):
    """Save a full-page screenshot under test-artifacts/screenshots/<name>.png; returns path."""
    folder = artifacts_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(pg, name: str):
        path = folder / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _serialized_rollback(django_db_serialized_rollback):
    """Every database test here restores the migrated data (content types, permissions, the
    staff groups) by serialized rollback. Mixed with plain transactional tests, the flush after
    a plain one re-creates the content types and the next serialized test's restore then
    collides with them (UNIQUE constraint failed: django_content_type); all alike, none does."""
