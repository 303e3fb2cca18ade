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

# Derived tables nobody edits by hand (rebuilt by `rebuild_search_index`; what alerts sent).
INTERNAL_MODELS = {"SearchDocument", "AlertDelivery"}


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
