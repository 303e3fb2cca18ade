"""Original files and bilag are served through views that apply the visibility rule."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from councils.models import Attachment, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


def _meeting_with_source(content=b"%PDF-1.4 referat", **kwargs):
    doc = f.source_document(content, name="../../etc/referat 2021.pdf", fmt="pdf")
    meeting = f.meeting(source_document=doc, **kwargs)
    f.item(meeting, title="Åbent punkt")
    return meeting


def _source_url(meeting):
    return reverse(
        "councils:source",
        kwargs={"council": meeting.council.slug, "date": meeting.start.astimezone(f.CPH).date()},
    )


def test_original_file_of_an_open_meeting_is_linked_and_downloads(client):
    meeting = _meeting_with_source()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{_source_url(meeting)}"' in page
    response = client.get(_source_url(meeting))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 referat"
    # The stored name is never the uploaded path: only a safe base name is offered.
    assert 'filename="referat 2021.pdf"' in response["Content-Disposition"]


def test_original_file_is_not_offered_when_a_point_is_closed(client):
    meeting = _meeting_with_source(b"%PDF-1.4 HEMMELIG")
    f.item(meeting, title="Lukket punkt: personsag", is_closed=True)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert _source_url(meeting) not in page
    assert "Hent det oprindelige referat" not in page
    assert client.get(_source_url(meeting)).status_code == 404


def test_original_file_of_a_draft_is_404(client):
    meeting = _meeting_with_source(status=Meeting.Status.DRAFT)
    assert client.get(_source_url(meeting)).status_code == 404


def _bilag(item_obj, content=b"bilagstekst"):
    # As a ModelForm (the admin) does it: assign the upload, then save the model.
    attachment = Attachment(agenda_item=item_obj, title="Bilag 1", order=1)
    attachment.file = ContentFile(content, name="bilag.pdf")
    attachment.save()
    return attachment


def test_bilag_file_fills_hash_and_size_and_downloads_for_an_open_point(client):
    attachment = _bilag(f.item(f.meeting()))
    assert len(attachment.sha256) == 64 and attachment.size == len(b"bilagstekst")
    assert attachment.content_type == "application/pdf"
    url = attachment.get_absolute_url()
    assert url.endswith(f"/punkt-{attachment.agenda_item.number}/bilag-1/")
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"bilagstekst"
    old = client.get(reverse("councils:attachment_moved", kwargs={"pk": attachment.pk}))
    assert old.status_code == 301 and old["Location"] == url


@pytest.mark.parametrize("case", ["closed", "draft"])
def test_bilag_file_of_a_closed_point_or_draft_is_404(client, case):
    if case == "closed":
        item_obj = f.item(f.meeting(), is_closed=True)
    else:
        item_obj = f.item(f.meeting(status=Meeting.Status.DRAFT))
    attachment = _bilag(item_obj)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    old = reverse("councils:attachment_moved", kwargs={"pk": attachment.pk})
    assert client.get(old).status_code == 404  # no redirect that would reveal the address
