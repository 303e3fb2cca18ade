"""Upload → preview → publish, re-uploads with diff and conflicts, atomic failures."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from councils.models import (
    AgendaItem,
    Attachment,
    DecisionCorrection,
    Meeting,
    SourceDocument,
    Upload,
)
from councils.staff import services
from councils.staff.services import PublishError, conflicts_for, publish, receive_upload

from .conftest import corrected

pytestmark = pytest.mark.django_db

NEW_DECISION = "Godkendt med den tilføjelse, at punktet om ADHD behandles først."


def file(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data)


def visible_text(response) -> str:
    """What a reader sees: tags (and per-render values such as CSRF tokens) left out."""
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", response.content.decode())).strip()


def upload_via_form(client, council, name, data, bilag=()):
    response = client.post(
        reverse("admin:councils_upload_add"),
        {"council": council.pk, "file": file(name, data), "bilag": list(bilag)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Upload.objects.latest("pk")


def publish_and_get(secretary, council, name, text):
    upload = receive_upload(user=secretary, council=council, uploaded_file=file(name, text))
    assert upload.status == Upload.Status.DRAFT, upload.error
    return upload, publish(upload, user=secretary)


def test_secretary_uploads_seed_003_as_pdf_previews_and_publishes(
    secretary_client, socialudvalget, udsatteraadet, seed_003_pdf, client
):
    upload = upload_via_form(
        secretary_client, socialudvalget, "Referat 25.03.2015.pdf", seed_003_pdf
    )
    assert upload.status == Upload.Status.DRAFT, upload.error
    assert upload.format == "pdf"
    assert upload.file.name.startswith("indsendt/") and "Referat" not in upload.file.name
    assert len(upload.parsed["items"]) == 18

    # Draft: invisible to the public, previewed for the secretary with its warnings.
    assert not Meeting.objects.exists()
    response = secretary_client.get(reverse("admin:councils_upload_change", args=[upload.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Punkt 46: Godkendelse af dagsorden" in html
    assert 'data-code="outcome_other"' in html
    assert "Offentliggør" in html and "csrfmiddlewaretoken" in html

    # The same secretary is refused for Udsatterådet.
    response = secretary_client.post(
        reverse("admin:councils_upload_add"),
        {"council": udsatteraadet.pk, "file": file("r.pdf", seed_003_pdf)},
    )
    assert response.status_code == 403

    response = secretary_client.post(reverse("admin:councils_upload_publish", args=[upload.pk]))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.is_published and meeting.council == socialudvalget
    assert meeting.items.count() == 18
    upload.refresh_from_db()
    assert upload.status == Upload.Status.PUBLISHED and upload.meeting == meeting
    assert upload.source_document.sha256 == upload.sha256

    client.logout()
    public = client.get(meeting.get_absolute_url())
    assert public.status_code == 200
    assert "Orientering om regnskab 2014" in public.content.decode()


def test_council_name_mismatch_is_a_warning(secretary, socialudvalget, seed_003_text):
    text = seed_003_text.replace("REFERAT Socialudvalget", "REFERAT Udsatterådet", 1)
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("r.txt", text)
    )
    assert upload.warnings[0]["code"] == "council_mismatch"
    assert "Udsatterådet" in upload.warnings[0]["message"]


def test_unreadable_file_is_kept_with_its_error(secretary_client, socialudvalget):
    upload = upload_via_form(secretary_client, socialudvalget, "referat.pdf", "bare tekst")
    assert upload.status == Upload.Status.FAILED
    assert "men indholdet er en tekstfil" in upload.error
    with upload.file.open("rb") as fh:
        assert fh.read() == b"bare tekst"
    response = secretary_client.get(reverse("admin:councils_upload_change", args=[upload.pk]))
    assert "Filen er gemt" in response.content.decode()
    assert not Meeting.objects.exists()


def test_unparseable_text_is_kept_with_the_importers_message(secretary, socialudvalget):
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file("noter.txt", "Ingen referat her.\n"),
    )
    assert upload.status == Upload.Status.FAILED
    assert upload.error and upload.error_code
    assert upload.file.size == len("Ingen referat her.\n")


def test_too_large_file_is_refused_with_the_limit(secretary_client, socialudvalget, settings):
    settings.REFERATER_MAX_UPLOAD_BYTES = 1024 * 1024
    response = secretary_client.post(
        reverse("admin:councils_upload_add"),
        {"council": socialudvalget.pk, "file": file("stor.txt", "x" * (1024 * 1024 + 10))},
    )
    assert response.status_code == 200
    assert "grænsen er 1 MB" in response.content.decode()
    assert not Upload.objects.exists()


def test_secretary_fixes_the_draft_and_closes_a_point(
    secretary_client, secretary, socialudvalget, seed_003_text
):
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("r.txt", seed_003_text)
    )
    assert any(w["code"] == "outcome_other" for w in upload.warnings)
    url = reverse("admin:councils_upload_change", args=[upload.pk])
    form = secretary_client.get(url).context["formset"]
    data = {"location": "Rådhuset", "date": "2015-03-25", "start_time": "16:30"}
    for f in [form.management_form, *form.forms]:
        for name in f.fields:
            value = f.initial.get(name)
            if value not in (None, False):
                data[f.add_prefix(name)] = "on" if value is True else value
    last = len(form.forms) - 1
    data[f"items-{last}-decision_outcome"] = "efterretning"  # point 63, was "andet"
    data["items-0-is_closed"] = "on"  # point 46
    data["items-1-case_number"] = "ikke et nummer"
    response = secretary_client.post(url, data)
    assert response.status_code == 200  # the bad journal number is refused, nothing saved
    assert "ikke et sagsnummer" in response.content.decode()
    data["items-1-case_number"] = "27.00.00-S00-1-13"
    assert secretary_client.post(url, data).status_code == 302
    upload.refresh_from_db()
    assert upload.parsed["location"] == "Rådhuset"
    assert upload.parsed["start_time"] == "16:30"
    assert upload.parsed["items"][0]["is_closed"] is True
    assert not any(w["code"] == "outcome_other" for w in upload.warnings)

    meeting = publish(upload, user=secretary)
    assert timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M") == "2015-03-25 16:30"
    assert meeting.location == "Rådhuset"
    point = meeting.items.get(number=46)
    assert point.is_closed and point.title == "Godkendelse af dagsorden"  # stored, not shown
    secretary_client.logout()
    html = secretary_client.get(point.get_absolute_url()).content.decode()
    assert "Lukket punkt" in html and "Godkendelse af dagsorden" not in html


def test_corrected_reupload_shows_the_diff_and_updates_the_meeting_in_place(
    secretary_client, secretary, socialudvalget, seed_003_text
):
    first, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    old_item_pks = dict(meeting.items.values_list("number", "pk"))
    text = corrected(seed_003_text, decision_46=NEW_DECISION, drop_from="Punkt 63:")
    upload = upload_via_form(secretary_client, socialudvalget, "r-rettet.txt", text)
    assert upload.status == Upload.Status.DRAFT
    html = secretary_client.get(
        reverse("admin:councils_upload_change", args=[upload.pk])
    ).content.decode()
    assert "Ændringer i forhold til det offentliggjorte møde" in html
    assert "beslutningen er ændret" in html
    assert "<del>Godkendt.</del>" in html and "<ins>" in html
    assert 'class="diff-removed"' in html and "Punkt 63" in html
    assert meeting.items.get(number=46).decision == "Godkendt."  # nothing public yet

    response = secretary_client.post(reverse("admin:councils_upload_publish", args=[upload.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert Meeting.objects.count() == 1 and meeting.is_published
    assert meeting.items.get(number=46).decision == NEW_DECISION
    assert not meeting.items.filter(number=63).exists()
    kept = {n: pk for n, pk in old_item_pks.items() if n < 63}
    assert dict(meeting.items.values_list("number", "pk")) == kept  # the same rows
    first.refresh_from_db()
    assert first.source_document.superseded_by == meeting.source_document
    correction = DecisionCorrection.objects.get(agenda_item__meeting=meeting)
    assert correction.previous_decision == "Godkendt."
    secretary_client.logout()
    item_html = secretary_client.get(meeting.items.get(number=46).get_absolute_url())
    assert "Rettet" in item_html.content.decode()


def test_reupload_never_silently_overwrites_an_editors_change(
    secretary, editor, socialudvalget, seed_003_text
):
    _, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    point = meeting.items.get(number=47)
    point.decision = "Orienteringen taget til efterretning. Rettet: bilag 4.3 mangler."
    point._history_user = editor
    point.save()
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file("r2.txt", corrected(seed_003_text, decision_46=NEW_DECISION)),
    )
    conflicts = conflicts_for(upload)
    assert [(c.item_number, c.field) for c in conflicts] == [(47, "decision")]
    assert conflicts[0].edited_by == "redaktoer"

    with pytest.raises(PublishError) as info:
        publish(upload, user=secretary)
    assert info.value.code == "conflicts_undecided"
    assert meeting.items.get(number=46).decision == "Godkendt."

    publish(upload, user=secretary, resolutions={"47:decision": "editor"})
    meeting.refresh_from_db()
    assert meeting.items.get(number=46).decision == NEW_DECISION
    kept = meeting.items.get(number=47)
    assert kept.decision.endswith("bilag 4.3 mangler.")
    # The editor's earlier correction stays on the public record of the new row.
    assert kept.corrections.count() == 1
    assert [v.decision for v in kept.history.order_by("history_date")][-1] == kept.decision


def test_reupload_can_let_the_file_win(
    secretary_client, secretary, editor, socialudvalget, seed_003_text
):
    _, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    point = meeting.items.get(number=47)
    original = point.decision
    point.decision = "Redaktørens tekst."
    point._history_user = editor
    point.save()
    upload = upload_via_form(
        secretary_client,
        socialudvalget,
        "r2.txt",
        corrected(seed_003_text, decision_46=NEW_DECISION),
    )
    preview = secretary_client.get(reverse("admin:councils_upload_change", args=[upload.pk]))
    html = preview.content.decode()
    assert "Konflikter: vælg, hvilken udgave der gælder" in html
    assert 'name="conflict_47_decision"' in html and "Redaktørens tekst." in html
    url = reverse("admin:councils_upload_publish", args=[upload.pk])
    refused = secretary_client.post(url)
    assert refused.status_code == 200
    assert "Vælg, om filens eller redaktørens udgave skal gælde." in refused.content.decode()
    assert meeting.items.get(number=47).decision == "Redaktørens tekst."
    assert secretary_client.post(url, {"conflict_47_decision": "file"}).status_code == 302
    assert meeting.items.get(number=47).decision == original


def test_a_failing_publish_changes_nothing_public(
    secretary, socialudvalget, seed_003_text, client, monkeypatch
):
    _, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    item_pks = sorted(meeting.items.values_list("pk", flat=True))
    page_before = visible_text(client.get(meeting.get_absolute_url()))
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file(
            "r2.txt", corrected(seed_003_text, decision_46=NEW_DECISION, drop_from="Punkt 60:")
        ),
    )

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    # Fails after the meeting was replaced, at the last step inside the transaction.
    monkeypatch.setattr(services, "_attach_uploaded_bilag", boom)
    with pytest.raises(PublishError) as info:
        publish(upload, user=secretary)
    assert "uventet fejl" in info.value.message

    assert visible_text(client.get(meeting.get_absolute_url())) == page_before
    assert sorted(meeting.items.values_list("pk", flat=True)) == item_pks
    assert meeting.items.get(number=46).decision == "Godkendt."
    assert SourceDocument.objects.count() == 1
    assert not DecisionCorrection.objects.exists()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DRAFT and "uventet fejl" in upload.error
    assert upload.file.storage.exists(upload.file.name)


def test_a_failing_first_publish_leaves_no_meeting(
    secretary, socialudvalget, seed_003_text, monkeypatch
):
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("r.txt", seed_003_text)
    )
    monkeypatch.setattr(services, "_attach_uploaded_bilag", lambda *a, **k: 1 / 0)
    with pytest.raises(PublishError):
        publish(upload, user=secretary)
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()


def test_bilag_with_the_referat_and_later_are_matched_and_extracted(
    secretary_client, secretary, socialudvalget, seed_003_text
):
    bilag = file("4.1 regnskabsbemærkninger 2014.txt", "Merforbrug på botilbud: 3,2 mio. kr.")
    stray = file("scan0001.txt", "ukendt")
    upload = upload_via_form(
        secretary_client, socialudvalget, "r.txt", seed_003_text, bilag=[bilag, stray]
    )
    matched = upload.bilag.get(original_name="4.1 regnskabsbemærkninger 2014.txt")
    assert (matched.item_number, matched.attachment_title) == (47, "4.1 regnskabsbemærkninger 2014")
    assert "botilbud" in matched.extracted_text
    assert "passer ikke" in upload.bilag.get(original_name="scan0001.txt").error
    meeting = publish(upload, user=secretary)
    attachment = Attachment.objects.get(
        agenda_item__meeting=meeting, title="4.1 regnskabsbemærkninger 2014"
    )
    assert "botilbud" in attachment.extracted_text
    assert attachment.file and attachment.sha256 and attachment.size > 0

    response = secretary_client.post(
        reverse("admin:councils_meeting_bilag", args=[meeting.pk]),
        {"files": [file("Evaluering af Projekt Virtuel Bostøtte.txt", "Virtuel bostøtte virker.")]},
        follow=True,
    )
    assert "1 bilag tilføjet" in response.content.decode()
    later = Attachment.objects.get(agenda_item__meeting=meeting, agenda_item__number=55)
    assert later.extracted_text == "Virtuel bostøtte virker."
    assert later.history.count() == 2  # imported title, then the file


def test_editor_section_edit_is_a_conflict_and_can_be_kept(
    secretary, editor, socialudvalget, seed_003_text
):
    _, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    section = meeting.items.get(number=47).sections.get(order=1)
    section.text = "Rettet resumé: merforbruget er 2,3 mio. kr."
    section._history_user = editor
    section.save()
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file("r2.txt", corrected(seed_003_text, decision_46=NEW_DECISION)),
    )
    conflicts = conflicts_for(upload)
    assert [(c.item_number, c.field) for c in conflicts] == [(47, "section:1")]
    publish(upload, user=secretary, resolutions={"47:section:1": "editor"})
    kept = meeting.items.get(number=47).sections.get(order=1)
    assert kept.text == "Rettet resumé: merforbruget er 2,3 mio. kr."
    assert kept.history.latest("history_date").history_user == secretary


def test_reupload_keeps_bilag_files_uploaded_earlier(
    secretary_client, secretary, socialudvalget, seed_003_text
):
    _, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    secretary_client.post(
        reverse("admin:councils_meeting_bilag", args=[meeting.pk]),
        {"files": [file("Evaluering af Projekt Virtuel Bostøtte.txt", "Virtuel bostøtte.")]},
    )
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file("r2.txt", corrected(seed_003_text, decision_46=NEW_DECISION)),
    )
    publish(upload, user=secretary)
    attachment = Attachment.objects.get(agenda_item__meeting=meeting, agenda_item__number=55)
    assert attachment.file and attachment.extracted_text == "Virtuel bostøtte."
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_zip_bomb_upload_is_kept_with_its_danish_message(
    secretary_client, socialudvalget, bounded
):
    from tests.files.factories import zip_bomb_docx

    data = zip_bomb_docx(100_000_000)
    with bounded(seconds=10, megabytes=64):
        upload = upload_via_form(secretary_client, socialudvalget, "referat.docx", data)
    assert upload.status == Upload.Status.FAILED
    assert upload.error_code == "unpacks_too_large" and upload.format == ""
    assert upload.error.startswith("“referat.docx” indeholder en del")
    assert upload.file.name.endswith(".bin") and "referat" not in upload.file.name
    page = visible_text(
        secretary_client.get(reverse("admin:councils_upload_change", args=[upload.pk]))
    )
    assert "pakker sig ud til mere end 100 gange" in page


def test_an_html_bilag_with_the_referat_is_refused_and_never_published(
    secretary_client, secretary, socialudvalget, seed_003_text
):
    from tests.files.factories import HTML_PAGE

    bilag = file("4.1 regnskabsbemærkninger 2014.html", HTML_PAGE)
    disguised = file("4.2 regnskabsbemærkninger 2014.txt", HTML_PAGE)
    upload = upload_via_form(
        secretary_client, socialudvalget, "r.txt", seed_003_text, bilag=[bilag, disguised]
    )
    errors = sorted(upload.bilag.values_list("error", flat=True))
    assert all("kan ikke bruges som bilag" in e for e in errors) and len(errors) == 2
    assert not upload.bilag.exclude(format="").exists()
    meeting = publish(upload, user=secretary)
    assert not Attachment.objects.filter(agenda_item__meeting=meeting).exclude(file="").exists()


def test_a_kept_editor_value_is_a_conflict_again_on_the_next_file(
    secretary, editor, socialudvalget, seed_003_text
):
    _, meeting = publish_and_get(secretary, socialudvalget, "r.txt", seed_003_text)
    point = meeting.items.get(number=47)
    point.decision = "Redaktørens tekst."
    point._history_user = editor
    point.save()
    second = corrected(seed_003_text, decision_46=NEW_DECISION)
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("2.txt", second)
    )
    publish(upload, user=secretary, resolutions={"47:decision": "editor"})
    kept = AgendaItem.objects.get(pk=point.pk)  # the same row, the editor's value
    assert kept.decision == "Redaktørens tekst."
    reasons = [v.history_change_reason for v in kept.history.order_by("history_date", "pk")]
    assert reasons[-2].startswith("Rettet referat indlæst") and reasons[-1].startswith("Redaktør")
    third = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("3.txt", second + "\n")
    )
    assert [(c.item_number, c.field) for c in conflicts_for(third)] == [(47, "decision")]
    # A point the file changes but no editor touched is no conflict: point 46 again.
    publish(third, user=secretary, resolutions={"47:decision": "file"})
    assert AgendaItem.objects.get(pk=point.pk).decision != "Redaktørens tekst."
    assert AgendaItem.objects.get(meeting=meeting, number=46).decision.startswith(NEW_DECISION)
