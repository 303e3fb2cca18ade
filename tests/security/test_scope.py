"""Form choices, raw-id popups and autocomplete offer and accept only rows in the user's scope."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from councils.models import Absence, Attachment, PriorDecision

pytestmark = pytest.mark.django_db


def test_secretary_b_cannot_attach_a_bilag_to_council_as_point(world):
    """The reported injection: /admin/councils/attachment/add/ with A's published point."""
    client = world.client("secretary_b")
    url = reverse("admin:councils_attachment_add")
    response = client.get(url)
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields["agenda_item"].queryset
    assert world.published_item not in choices
    response = client.post(
        url, {"agenda_item": world.published_item.pk, "title": "Indsmuglet", "order": 9}
    )
    assert response.status_code == 200
    assert "agenda_item" in response.context["adminform"].form.errors
    assert not Attachment.objects.filter(title="Indsmuglet").exists()


def test_secretary_a_may_attach_to_their_own_point(world):
    client = world.client("secretary_a")
    response = client.post(
        reverse("admin:councils_attachment_add"),
        {"agenda_item": world.published_item.pk, "title": "Eget bilag", "order": 9},
    )
    assert response.status_code == 302
    assert Attachment.objects.filter(title="Eget bilag").exists()


def test_editor_cannot_point_an_absence_or_prior_decision_at_a_draft(world):
    client = world.client("editor")
    draft_item = world.objects[("agendaitem", "draft")]
    response = client.post(
        reverse("admin:councils_absence_add"),
        {"name": "Ny", "kind": "fravaerende", "order": 0, "meeting": world.draft_meeting.pk},
    )
    assert response.status_code == 200
    assert "meeting" in response.context["adminform"].form.errors
    response = client.post(
        reverse("admin:councils_priordecision_add"),
        {
            "agenda_item": world.published_item.pk,
            "council_name": "Økonomiudvalget",
            "order": 5,
            "matched_item": draft_item.pk,
        },
    )
    assert response.status_code == 200
    assert "matched_item" in response.context["adminform"].form.errors
    assert not Absence.objects.filter(name="Ny").exists()
    assert not PriorDecision.objects.filter(order=5).exists()


def test_inline_choices_of_a_change_form_are_scoped(world):
    """The point's change form: its prior decisions' "matched item" offers no drafts."""
    client = world.client("editor")
    url = reverse("admin:councils_agendaitem_change", args=[world.published_item.pk])
    response = client.get(url)
    assert response.status_code == 200
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is PriorDecision:
            queryset = inline.formset.forms[0].fields["matched_item"].queryset
            assert world.objects[("agendaitem", "draft")] not in queryset
            assert world.published_item in queryset
            break
    else:
        pytest.fail("no prior-decision inline")


@pytest.mark.parametrize(
    "role,sees_draft,sees_b",
    [("secretary_a", True, False), ("secretary_b", False, True), ("editor", False, True)],
)
def test_raw_id_popup_lists_only_the_scope(world, role, sees_draft, sees_b):
    url = reverse("admin:councils_agendaitem_changelist") + "?_to_field=id&_popup=1"
    response = world.client(role).get(url)
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert (world.published_item in listed) is (role != "secretary_b")
    assert (world.objects[("agendaitem", "draft")] in listed) is sees_draft
    assert (world.b_meeting.items.get() in listed) is sees_b


@pytest.mark.parametrize(
    "role,expected",
    [
        ("secretary_b", {"b"}),
        ("editor", {"published", "b"}),
        ("superuser", {"published", "draft", "b"}),
    ],
)
def test_autocomplete_lists_only_the_scope(world, role, expected):
    # Absence.meeting → the meeting admin's search: the rule applies to every autocomplete.
    names = {
        "published": world.published_meeting,
        "draft": world.draft_meeting,
        "b": world.b_meeting,
    }
    response = world.client(role).get(
        reverse("admin:autocomplete"),
        {"app_label": "councils", "model_name": "absence", "field_name": "meeting", "term": ""},
    )
    assert response.status_code == 200  # (the autocomplete asks for view right on meetings)
    ids = {int(r["id"]) for r in json.loads(response.content)["results"]}
    assert ids == {names[n].pk for n in expected}


def test_refusals_are_explained_in_danish(world):
    """403 carries the reason (in Danish) on a Danish page; 404 is the Danish not-found page."""
    client = world.client("secretary_a")
    item = world.published_item
    response = client.post(reverse("admin:councils_agendaitem_change", args=[item.pk]), {})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="da">' in html and "Ingen adgang" in html and "Forbidden" not in html
    other = world.client("secretary_b")
    response = other.get(reverse("admin:councils_agendaitem_change", args=[item.pk]))
    assert response.status_code == 404 and "Siden findes ikke" in response.content.decode()
    response = world.client("secretary_b").get(
        reverse("admin:councils_upload_add"), {"council": world.council_a.pk}
    )
    assert response.status_code == 403
    assert "Du er ikke sekretær for Socialudvalget" in response.content.decode()
