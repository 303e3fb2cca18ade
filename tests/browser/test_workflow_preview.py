"""The preview in a real browser: a fix and "Gem og offentliggør" in one click reach the public
page; a warning's link jumps to its point; a 500-point referat saves its page 2; a reading that
fails leaves its error on the upload."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils.importer.generate import generate_referat
from councils.models import CouncilMembership, Meeting, Upload
from councils.staff.access import SECRETARY_GROUP
from councils.staff.intake import receive_upload
from tests import factories as f
from tests.browser.test_workflow_upload import login, make_user
from tests.workflow.conftest import seed_003  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretary(media):
    social = f.council("Socialudvalget")
    user = make_user("sekretaer", SECRETARY_GROUP)
    CouncilMembership.objects.create(user=user, council=social)
    return user, social


def draft_of(secretary, name, text):
    user, council = secretary
    upload = receive_upload(
        user=user, council=council, uploaded_file=SimpleUploadedFile(name, text.encode())
    )
    assert upload.status == Upload.Status.DRAFT, upload.error
    return upload


def preview_path(upload):
    return f"/admin/councils/upload/{upload.pk}/change/"


def test_a_fix_and_publish_in_one_click_reach_the_public_page(
    page,
    live_server,
    secretary,
    seed_003,  # noqa: F811
):
    upload = draft_of(secretary, "r.txt", seed_003.read_text(encoding="utf-8"))
    login(page, live_server.url, "sekretaer", preview_path(upload))
    page.wait_for_selector("#preview-heading")

    # A warning's link jumps to its point (63, far down the page).
    link = page.locator('#advarsler a[href="#punkt-63"]').first
    link.click()
    page.wait_for_url(re.compile(r"#punkt-63$"))
    point = page.locator("article#punkt-63")
    assert point.evaluate("el => el.getBoundingClientRect().top") < 200
    assert point.locator(".staff-warning[data-code=outcome_other]").count() == 1

    page.fill("#id_location", "Rådhuset, mødelokale 1")
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist .success")
    assert "Referatet er offentliggjort" in page.locator(".messagelist").inner_text()
    page.click("text=Se mødet på den offentlige side")
    page.wait_for_url(re.compile(r"/udvalg/socialudvalget/2015-03-25/$"))
    assert "Rådhuset, mødelokale 1" in page.locator(".meeting-header").inner_text()
    assert Meeting.objects.get().location == "Rådhuset, mødelokale 1"


def test_a_500_point_referat_saves_a_fix_on_page_2(page, live_server, secretary):
    generated = generate_referat(7, 0, target_kb=1500)
    upload = draft_of(secretary, generated.filename, generated.text)
    numbers = [i["number"] for i in upload.parsed["items"]]
    assert len(numbers) >= 500
    login(page, live_server.url, "sekretaer", preview_path(upload))
    page.wait_for_selector("#preview-heading")
    assert page.locator("article.point").count() == 50
    page.locator("button[name=_goto][value='2']").first.click()
    page.wait_for_url(re.compile(r"\?side=2$"))
    first = numbers[50]
    article = page.locator(f"article#punkt-{first}")
    article.locator("summary").click()
    article.locator("textarea[name$='-title']").fill("Rettet på side 2")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert "side=2" in page.url
    upload.refresh_from_db()
    assert upload.parsed["items"][50]["title"] == "Rettet på side 2"
    assert "Rettet på side 2" in page.locator(f"article#punkt-{first} h2").inner_text()


def test_a_reading_that_fails_leaves_its_error_on_the_upload(
    page,
    live_server,
    secretary,
    settings,
    tmp_path,
):
    settings.REFERATER_READ_TIMEOUT_SECONDS = 0.05
    generated = generate_referat(7, 0, target_kb=1500)
    path = tmp_path / generated.filename
    path.write_text(generated.text, encoding="utf-8")
    login(page, live_server.url, "sekretaer", "/admin/councils/upload/add/")
    page.wait_for_url(re.compile(r"/admin/councils/upload/add/"))
    page.select_option("#id_council", label="Socialudvalget")
    page.set_input_files("#id_file", str(path))
    page.click("input[type=submit].default")
    page.wait_for_selector("#upload-error")
    error = page.locator("#upload-error").inner_text()
    assert "Det tog mere end 0.05 sekunder at læse" in error and "Filen er gemt" in error
    assert page.locator("#upload-status").inner_text() == "fejlet"
