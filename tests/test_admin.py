import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from councils.models import (
    Absence,
    Attachment,
    CouncilAlias,
    PriorDecision,
    SourceDocument,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

# Derived tables nobody edits by hand (rebuilt by `rebuild_search_index`: the index and its
# vocabulary; what alerts sent;
# the people rows by `rebuild_people`, shown read-only as inlines of points and persons; a
# harvest's own records: its runs are shown on their source's admin page, what it fetched is
# bookkeeping).
INTERNAL_MODELS = {
    "SearchDocument",
    "SearchWord",
    "AlertDelivery",
    "Ballot",
    "Vote",
    "Participation",
    "PersonAlias",
    "HarvestRun",
    "HarvestedMeeting",
}


@pytest.fixture
def populated():
    it = f.item(f.meeting(), case=f.case(), sections=[("beslutning", "Beslutning", "Godkendt")])
    CouncilAlias.objects.create(council=it.meeting.council, name="Gammelt navn")
    Attachment.objects.create(agenda_item=it, title="Bilag 1", order=1)
    PriorDecision.objects.create(agenda_item=it, council_name="Økonomiudvalget", order=1)
    Absence.objects.create(meeting=it.meeting, agenda_item=it, name="Jens Jensen")
    SourceDocument.objects.create(original_name="a.txt", format="txt", size=1, sha256="b" * 64)
    # Staff workflow (councils/staff): a secretary's council, an upload with a bilag, a correction.
    from django.contrib.auth.models import User

    from councils.models import CouncilMembership, DecisionCorrection, Upload, UploadedBilag

    user = User.objects.create_user("sekretaer-admin-test")
    CouncilMembership.objects.create(user=user, council=it.meeting.council)
    upload = Upload.objects.create(
        council=it.meeting.council, file="indsendt/a.txt", original_name="a.txt", format="txt",
        size=1, sha256="b" * 64, status=Upload.Status.FAILED, error="Kunne ikke læses.",
    )
    UploadedBilag.objects.create(
        upload=upload, file="indsendt/bilag/b.txt", original_name="b.txt", format="txt",
        size=1, sha256="c" * 64,
    )
    DecisionCorrection.objects.create(agenda_item=it, previous_decision="Godkendt")
    from django.utils import timezone

    from councils.models import Subscription

    Subscription.objects.create(
        email="borger@example.dk", kind="udvalg", council=it.meeting.council,
        confirmed_at=timezone.now(),
    )

    from councils.models import HarvestSource

    HarvestSource.objects.create(
        base_url="https://dagsordener.example.org/", municipality=it.meeting.council.municipality
    )
    return it


def test_every_councils_model_is_registered_in_the_admin():
    for model in apps.get_app_config("councils").get_models():
        if model.__name__.startswith("Historical") or model.__name__ in INTERNAL_MODELS:
            continue
        assert model in admin.site._registry, f"{model.__name__} is not in the admin"


def test_changelist_and_change_form_of_every_model_load(admin_client, populated):
    for model in apps.get_app_config("councils").get_models():
        if model not in admin.site._registry:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url
        obj = model.objects.first()
        assert obj is not None, f"no {opts.model_name} in the fixture"
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200, url
        # Models only their owners create (e-mail subscriptions: double opt-in) refuse "add".
        model_admin = admin.site._registry[model]
        can_add = model_admin.has_add_permission(admin_client.get("/").wsgi_request)
        add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert admin_client.get(add_url).status_code == (200 if can_add else 403), add_url


def test_agenda_item_history_is_viewable(admin_client, populated):
    populated.decision = "Godkendt med bemærkninger"
    populated.save()
    url = reverse("admin:councils_agendaitem_history", args=[populated.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert populated.history.count() == 2


def test_merge_action_merges_selected_councils(admin_client):
    a = f.council("Socialudvalget")
    b = f.council("Socialudvalget 2015 - 2021")
    f.meeting(b)
    response = admin_client.post(
        reverse("admin:councils_council_changelist"),
        {"action": "merge_councils", "_selected_action": [a.pk, b.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert a.meetings.count() == 1
    assert a.aliases.filter(name="Socialudvalget 2015 - 2021").exists()


# --- Bilag uploaded in the admin go through the intake (councils.files) --------------------
@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _attachment_form(item, upload):
    return {"agenda_item": item.pk, "title": "Bilag 1", "order": 1, "file": upload}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bilag.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("bilag.pdf", b"<html><body><script>alert(1)</script></body></html>"),
        ("bilag.txt", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ],
)
def test_admin_attachment_form_refuses_html_in_danish(admin_client, media, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = f.item(f.meeting())
    response = admin_client.post(
        reverse("admin:councils_attachment_add"),
        _attachment_form(item, SimpleUploadedFile(name, data)),
    )
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors["file"]
    assert errors and f"“{name}”" in errors[0]
    assert "kan ikke bruges som bilag" in errors[0] or "men indholdet er en HTML-side" in errors[0]
    assert not Attachment.objects.exists()


def test_admin_attachment_takes_its_facts_from_the_intake(admin_client, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = f.item(f.meeting())
    upload = SimpleUploadedFile("../Bilag 1.txt", "Merforbrug på botilbud".encode())
    response = admin_client.post(
        reverse("admin:councils_attachment_add"),
        {**_attachment_form(item, upload), "original_name": "x.html", "content_type": "text/html"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Bilag 1.txt"  # never what the form says
    assert attachment.content_type == "text/plain; charset=utf-8"
    assert attachment.extracted_text == "Merforbrug på botilbud"
    assert attachment.size == len("Merforbrug på botilbud".encode()) and attachment.sha256
    assert "Bilag" not in attachment.file.name  # stored under a generated name


def test_attachment_inline_on_a_point_refuses_html(admin_client, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workflow.helpers import admin_form_data

    item = f.item(f.meeting())
    url = reverse("admin:councils_agendaitem_change", args=[item.pk])
    data = admin_form_data(admin_client.get(url))
    prefix = "attachments"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-agenda_item": item.pk,
            f"{prefix}-0-order": 1,
            f"{prefix}-0-title": "Skitse",
            f"{prefix}-0-file": SimpleUploadedFile("skitse.svg", b"<svg onload='alert(1)'/>"),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "kan ikke bruges som bilag" in response.content.decode()
    assert not Attachment.objects.filter(agenda_item=item).exists()
