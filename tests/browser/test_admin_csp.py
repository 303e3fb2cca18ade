"""The admin and the staff pages keep working under the strict Content-Security-Policy:
stylesheets and scripts load from the site, admin JavaScript runs, and the browser reports
no blocked resource or inline code."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from councils.models import Meeting
from tests import factories as f
from tests.workflow.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def archive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_superuser("chef", password=PASSWORD)
    meeting = f.meeting(f.council("Socialudvalget"), status=Meeting.Status.PUBLISHED)
    item = f.item(meeting, title="Plan", decision="Godkendt.", sections=[("resume", "R", "T")])
    f.attachment(item, title="Bilag 1")
    item.decision = "Godkendt med ændringer."
    item.save()  # a second version for the history pages
    return {"meeting": meeting, "item": item}


def watch_csp(page):
    """Messages of blocked resources (Chromium logs every CSP violation to the console)."""
    blocked = []
    page.on(
        "console",
        lambda msg: blocked.append(f"{page.url}: {msg.text}")
        if "Content Security Policy" in msg.text or "Refused to" in msg.text
        else None,
    )
    # A request the page itself cancelled (select2 aborts the lookup of "ann" when "anne" is
    # typed) is not a blocked resource; a CSP block or a failed load is.
    page.on(
        "requestfailed",
        lambda req: None
        if req.failure == "net::ERR_ABORTED" and req.resource_type in {"xhr", "fetch"}
        else blocked.append(f"failed: {req.url} ({req.failure})"),
    )
    return blocked


def background(page, selector):
    return page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")


def test_admin_pages_load_their_assets_under_the_csp(page, live_server, archive):
    blocked = watch_csp(page)
    base = live_server.url
    response = page.goto(f"{base}/admin/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_username", "chef")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    assert background(page, "#header") not in ("", "rgba(0, 0, 0, 0)")  # admin CSS applied

    item, meeting = archive["item"], archive["meeting"]
    pages = [
        "/admin/councils/meeting/",
        f"/admin/councils/agendaitem/{item.pk}/change/",
        f"/admin/councils/agendaitem/{item.pk}/history/",
        f"/admin/councils/agendaitem/{item.pk}/beslutning/",
        f"/admin/councils/meeting/{meeting.pk}/bilag/",
        "/admin/councils/upload/add/",
    ]
    for path in pages:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert background(page, "#header") not in ("", "rgba(0, 0, 0, 0)"), path

    # Admin JavaScript runs: the inline formsets get their "add another" links from inlines.js.
    page.goto(f"{base}/admin/councils/agendaitem/{item.pk}/change/")
    assert page.locator(".add-row a").count() >= 1
    # The staff stylesheet (static/css/staff.css) is applied on the staff pages.
    page.goto(f"{base}/admin/councils/agendaitem/{item.pk}/beslutning/")
    assert page.locator("link[href$='css/staff.css']").count() == 1
    assert page.eval_on_selector(
        "link[href$='css/staff.css']", "el => el.sheet !== null && el.sheet.cssRules.length > 0"
    )
    assert blocked == []


def test_public_page_renders_styled_under_the_csp(page, live_server, archive):
    blocked = watch_csp(page)
    response = page.goto(live_server.url + archive["meeting"].get_absolute_url())
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert background(page, ".site-header") not in ("", "rgba(0, 0, 0, 0)")
    assert blocked == []
