"""The preview: the public page's own templates, warnings linked to their point and worked out
again from the fixed draft, one form that saves and publishes, pages of points."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.importer.generate import generate_referat
from councils.models import Meeting, Upload
from councils.staff.intake import receive_upload

from .helpers import preview_form_data, publish_via_preview

pytestmark = pytest.mark.django_db


def file(name, data):
    return SimpleUploadedFile(name, data.encode("utf-8") if isinstance(data, str) else data)


def preview_url(upload):
    return reverse("admin:councils_upload_change", args=[upload.pk])


@pytest.fixture
def draft(secretary, socialudvalget, seed_003_text):
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("r.txt", seed_003_text)
    )
    assert upload.status == Upload.Status.DRAFT, upload.error
    return upload


def templates_of(response) -> set[str]:
    return {t.name for t in response.templates}


def test_the_preview_renders_the_meeting_with_the_public_templates(
    secretary_client, draft, client
):
    response = secretary_client.get(preview_url(draft))
    used = templates_of(response)
    assert {
        "councils/includes/meeting_header.html",
        "councils/includes/point.html",
        "councils/includes/item_body.html",
    } <= used  # the point's heading is point.html's {% point_heading %} tag (templatetags)
    html = response.content.decode()
    assert html.count('<article class="point') == 18
    assert '<header class="meeting-header">' in html
    # The public page is rendered by the same includes.
    assert publish_via_preview(secretary_client, draft).status_code == 302
    meeting = Meeting.objects.get()
    client.logout()
    public = client.get(meeting.get_absolute_url())
    assert {"councils/includes/meeting_header.html", "councils/includes/point.html"} <= (
        templates_of(public)
    )


def test_a_point_reads_the_same_in_the_preview_and_on_the_public_page(
    secretary_client, draft, client
):
    import lxml.html

    def article(html, number):
        (node,) = lxml.html.fromstring(html).xpath(f'//article[@id="punkt-{number}"]')
        for staff in node.xpath('.//*[contains(@class, "staff-point")]'):
            staff.drop_tree()
        return re.sub(r"\s+", " ", node.text_content()).strip()

    before = secretary_client.get(preview_url(draft)).content.decode()
    assert publish_via_preview(secretary_client, draft).status_code == 302
    meeting = Meeting.objects.get()
    public = client.get(meeting.get_absolute_url()).content.decode()
    # Point 47 has a case, sections, a decision and bilag titles.
    preview_text = article(before, 47)
    public_text = article(public, 47)
    for link in (" Direkte link til punkt 47", " Til indholdsfortegnelsen"):  # public page only
        public_text = public_text.replace(link, "")
    assert preview_text == public_text


def test_each_warning_links_to_its_point(secretary_client, draft):
    html = secretary_client.get(preview_url(draft)).content.decode()
    links = re.findall(r'<li class="staff-warning" data-code="(\w+)"><a href="#punkt-(\d+)">', html)
    assert ("outcome_other", "63") in links
    for _code, number in links:
        assert f'id="punkt-{number}"' in html


def test_a_fixed_warning_disappears_and_a_new_fault_is_warned(secretary_client, draft):
    assert any(w["code"] == "outcome_other" and w["item_number"] == 63 for w in draft.warnings)
    data = preview_form_data(secretary_client, draft)
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-number") and str(v) == "63"
    )
    data[f"items-{index}-decision_outcome"] = "efterretning"
    data["items-1-case_number"] = ""  # point 47 loses its journal number
    data["_save"] = "1"
    response = secretary_client.post(preview_url(draft), data)
    assert response.status_code == 302 and response["Location"] == preview_url(draft)
    draft.refresh_from_db()
    assert draft.status == Upload.Status.DRAFT  # "Gem kladde" does not publish
    assert not Meeting.objects.exists()
    codes = {(w["code"], w["item_number"]) for w in draft.warnings}
    assert ("outcome_other", 63) not in codes
    assert ("no_case_number", 47) in codes
    html = secretary_client.get(preview_url(draft)).content.decode()
    assert 'data-code="outcome_other"' not in html
    assert '<a href="#punkt-47">' in html and "Punkt 47 har intet journalnummer" in html


def test_save_and_publish_is_one_post_and_publishes_the_new_values(secretary_client, draft, client):
    response = publish_via_preview(
        secretary_client, draft, {"location": "Rådhuset, Byrådssalen", "items-0-title": "Ny titel"}
    )
    assert response.status_code == 302 and response["Location"] == preview_url(draft)
    meeting = Meeting.objects.get()
    assert meeting.location == "Rådhuset, Byrådssalen"
    confirmation = secretary_client.get(response["Location"]).content.decode()
    assert "Referatet er offentliggjort" in confirmation
    assert f'<a href="{meeting.get_absolute_url()}">Se mødet på den offentlige side</a>' in (
        confirmation
    )
    client.logout()
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Rådhuset, Byrådssalen" in public and "Ny titel" in public


def test_a_refused_fix_publishes_nothing(secretary_client, draft):
    response = publish_via_preview(secretary_client, draft, {"items-1-case_number": "ikke et nr"})
    assert response.status_code == 200
    assert "ikke et sagsnummer" in response.content.decode()
    assert not Meeting.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Upload.Status.DRAFT


@pytest.fixture(scope="module")
def big_referat():
    generated = generate_referat(7, 0, target_kb=1500)
    assert len(generated.items) >= 500
    return generated


def test_a_500_point_referat_previews_and_saves_page_2(
    secretary_client, secretary, socialudvalget, big_referat, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # Django's default: a page stays below it
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file(big_referat.filename, big_referat.text),
    )
    assert upload.status == Upload.Status.DRAFT, upload.error
    numbers = [i["number"] for i in upload.parsed["items"]]
    assert len(numbers) >= 500
    first = secretary_client.get(preview_url(upload))
    assert first.status_code == 200
    html = first.content.decode()
    assert html.count('<article class="point') == 50
    assert f"Side 1 af {-(-len(numbers) // 50)}" in html
    assert 'name="_goto" value="2"' in html

    data = preview_form_data(secretary_client, upload, page=2)
    assert len(data) < 400
    assert data["items-0-number"] == numbers[50]
    data["items-0-title"] = "Rettet titel på side 2"
    data["_goto"] = "3"
    response = secretary_client.post(preview_url(upload), data)
    assert response.status_code == 302 and response["Location"].endswith("?side=3")
    upload.refresh_from_db()
    assert upload.parsed["items"][50]["title"] == "Rettet titel på side 2"
    assert upload.parsed["items"][0]["title"] == big_referat.items[0]["title"]
    page3 = secretary_client.get(response["Location"]).content.decode()
    assert f'id="punkt-{numbers[100]}"' in page3 and f'id="punkt-{numbers[50]}"' not in page3
