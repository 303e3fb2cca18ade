"""A corrected re-upload in the browser: the diff, a conflict with an editor's change, publish."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils.models import AgendaItem, CouncilMembership
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP
from councils.staff.intake import receive_upload
from councils.staff.publish import publish
from tests import factories as f
from tests.browser.test_workflow_upload import login, make_user
from tests.workflow.conftest import corrected, seed_003  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_DECISION = "Godkendt, idet punkt 58 behandles først."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_reupload_shows_diff_and_conflict_then_replaces(
    page,
    live_server,
    screenshot,
    seed_003,  # noqa: F811
    tmp_path,
    media,
):
    social = f.council("Socialudvalget")
    secretary = make_user("sekretaer", SECRETARY_GROUP)
    editor = make_user("redaktoer", EDITOR_GROUP)
    CouncilMembership.objects.create(user=secretary, council=social)
    text = seed_003.read_text(encoding="utf-8")
    first = receive_upload(
        user=secretary, council=social, uploaded_file=SimpleUploadedFile("r.txt", text.encode())
    )
    meeting = publish(first, user=secretary)
    point = AgendaItem.objects.get(meeting=meeting, number=47)
    point.decision = "Orienteringen taget til efterretning (rettet af redaktøren)."
    point._history_user = editor
    point.save()
    fixed = tmp_path / "referat-rettet.txt"
    fixed.write_text(corrected(text, decision_46=NEW_DECISION, drop_from="Punkt 63:"), "utf-8")

    login(page, live_server.url, "sekretaer", "/admin/councils/upload/add/")
    page.wait_for_url(re.compile(r"/admin/councils/upload/add/"))
    page.select_option("#id_council", label="Socialudvalget")
    page.set_input_files("#id_file", str(fixed))
    page.click("input[type=submit].default")
    page.wait_for_selector("#diff")
    diff = page.locator("#diff")
    assert "beslutningen er ændret" in diff.inner_text()
    assert diff.locator("del", has_text="Godkendt.").count() >= 1
    assert "Punkt 63" in diff.locator(".diff-removed").inner_text()
    assert page.locator("fieldset.conflict-choice").count() == 1
    screenshot(page, "workflow_reupload_diff")

    page.click("input[name=_publish]")  # no choice yet: the browser refuses to send the form
    radio = page.locator("input[name=conflict_47_decision]").first
    assert radio.evaluate("el => el.validity.valueMissing")
    assert "/admin/councils/upload/" in page.url
    assert AgendaItem.objects.get(meeting=meeting, number=46).decision == "Godkendt."
    page.check("input[name=conflict_47_decision][value=editor]")
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist .success")
    page.click("text=Se mødet på den offentlige side")
    page.wait_for_url(re.compile(r"/udvalg/socialudvalget/2015-03-25/$"))
    assert AgendaItem.objects.get(meeting=meeting, number=46).decision == NEW_DECISION
    assert "rettet af redaktøren" in AgendaItem.objects.get(meeting=meeting, number=47).decision
    assert not AgendaItem.objects.filter(meeting=meeting, number=63).exists()
    page.goto(
        live_server.url + AgendaItem.objects.get(meeting=meeting, number=46).get_absolute_url()
    )
    assert "Rettet" in page.locator("main").inner_text()
