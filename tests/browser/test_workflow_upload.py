"""A secretary in a real browser: log in, upload seed 003 as PDF, preview, publish, public page.

Screenshots of the preview and of a decision's history view are saved as test artefacts.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User

from councils.models import AgendaItem, CouncilMembership
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP, ensure_groups
from tests import factories as f
from tests.workflow.conftest import PASSWORD, seed_003, seed_003_pdf  # noqa: F401

# The live server flushes the database afterwards; keep the migration's groups for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login(pg, base_url, username, next_url):
    pg.goto(f"{base_url}/admin/login/?next={next_url}")
    pg.fill("#id_username", username)
    pg.fill("#id_password", PASSWORD)
    pg.click("input[type=submit]")


def make_user(username, group):
    ensure_groups()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_secretary_uploads_previews_and_publishes(
    page, live_server, browser, screenshot, axe_check, seed_003_pdf, tmp_path, media  # noqa: F811
):
    social = f.council("Socialudvalget")
    f.council("Udsatterådet", kind="raad")
    secretary = make_user("sekretaer", SECRETARY_GROUP)
    CouncilMembership.objects.create(user=secretary, council=social)
    pdf = tmp_path / "Referat Socialudvalget 25.03.2015.pdf"
    pdf.write_bytes(seed_003_pdf)

    login(page, live_server.url, "sekretaer", "/admin/councils/upload/add/")
    page.wait_for_url(re.compile(r"/admin/councils/upload/add/"))
    options = page.locator("#id_council option").all_inner_texts()
    assert "Udsatterådet" not in options and "Socialudvalget" in options
    page.select_option("#id_council", label="Socialudvalget")
    page.set_input_files("#id_file", str(pdf))
    page.click("input[type=submit].default")

    # The preview: the meeting as the public will see it, warnings next to their point.
    page.wait_for_selector("#preview-heading")
    assert page.locator("#upload-status").inner_text() == "kladde"
    assert "advarsel" in page.locator("#warning-count").inner_text()
    warning = page.locator("#punkt-63 .staff-warning[data-code=outcome_other]")
    assert warning.count() == 1 and "punkt 63" in warning.inner_text()
    assert page.locator("article.point").count() == 18
    assert page.get_by_role("heading", name="Punkt 46: Godkendelse af dagsorden").is_visible()
    screenshot(page, "workflow_preview")
    # WCAG 2.1 AA: nothing but Django's own breadcrumb links (colour-only) may be flagged.
    ours = [
        (v["id"], n["target"])
        for v in axe_check(page)
        for n in v["nodes"]
        if ".breadcrumbs" not in str(n["target"])
    ]
    assert not ours, ours

    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist .success")
    page.click("text=Se mødet på den offentlige side")
    page.wait_for_url(re.compile(r"/udvalg/socialudvalget/2015-03-25/$"))
    body = page.locator("main").inner_text()
    assert "Orientering om regnskab 2014" in body
    assert "Godkendelse af dagsorden" in body

    # An editor corrects a decision; the history view shows both versions and can revert.
    item = AgendaItem.objects.get(meeting__council=social, number=46)
    make_user("redaktoer", EDITOR_GROUP)
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    editor_page = context.new_page()
    editor_page.set_default_timeout(15_000)
    try:
        change_url = f"/admin/councils/agendaitem/{item.pk}/change/"
        login(editor_page, live_server.url, "redaktoer", change_url)
        editor_page.wait_for_selector("#id_decision")
        editor_page.fill("#id_decision", "Godkendt, idet punkt 58 behandles før punkt 57.")
        editor_page.click("input[name=_continue]")
        editor_page.wait_for_selector(".messagelist")
        editor_page.click("text=Beslutningens historik")
        editor_page.wait_for_selector("#versions")
        rows = editor_page.locator("#versions tbody tr")
        assert rows.count() == 2
        assert "Godkendt." in rows.nth(1).inner_text()
        screenshot(editor_page, "workflow_history")
        flagged = [
            (v["id"], n["target"])
            for v in axe_check(editor_page)
            for n in v["nodes"]
            if ".breadcrumbs" not in str(n["target"])
        ]
        assert not flagged, flagged
        editor_page.goto(live_server.url + item.get_absolute_url())
        assert "Rettet" in editor_page.locator("main").inner_text()
    finally:
        context.close()
