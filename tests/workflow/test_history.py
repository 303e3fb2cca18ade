"""Editing with history: versions, "Rettet" on the public page, revert."""

import pytest
from django.urls import reverse

from councils.models import AgendaItem, DecisionCorrection, Meeting
from tests import factories as f

from .helpers import admin_form_data

pytestmark = pytest.mark.django_db

ORIGINAL = "Godkendt."
CORRECTED = "Godkendt med den ændring, at tilskuddet nedsættes til 200.000 kr."


@pytest.fixture
def published_item(socialudvalget):
    meeting = f.meeting(socialudvalget)
    item = f.item(
        meeting,
        title="Partnerskabsaftale",
        decision=ORIGINAL,
        sections=[("sagsfremstilling", "Sagsfremstilling", "Tekst")],
    )
    # As after a bulk import without history: the first version is written before the
    # first change (councils.staff.history._write_baseline).
    AgendaItem.history.all().delete()
    return item


def edit_decision(client, item, text):
    url = reverse("admin:councils_agendaitem_change", args=[item.pk])
    data = admin_form_data(client.get(url))
    data["decision"] = text
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    return item


def public_item_page(client, item):
    client.logout()
    return client.get(item.get_absolute_url()).content.decode()


def test_editor_change_keeps_both_versions_with_who_and_when(editor_client, editor, published_item):
    edit_decision(editor_client, published_item, CORRECTED)
    versions = list(published_item.history.order_by("history_date"))
    assert [v.decision for v in versions] == [ORIGINAL, CORRECTED]
    assert versions[-1].history_user == editor
    assert versions[-1].history_type == "~"
    correction = DecisionCorrection.objects.get(agenda_item=published_item)
    assert (correction.previous_decision, correction.new_decision) == (ORIGINAL, CORRECTED)
    assert correction.corrected_by == editor


def test_public_point_page_shows_rettet_with_the_earlier_wording(
    editor_client, editor, published_item
):
    before = public_item_page(editor_client, published_item)
    assert "Rettet" not in before
    editor_client.force_login(editor)
    edit_decision(editor_client, published_item, CORRECTED)
    html = public_item_page(editor_client, published_item)
    assert "Rettet" in html
    assert "<details>" in html and ORIGINAL in html


def test_a_draft_meetings_changes_are_not_corrections(admin_client, socialudvalget):
    # (Editors do not see drafts; an administrator may change one.)
    meeting = f.meeting(socialudvalget, status=Meeting.Status.DRAFT)
    item = f.item(meeting, decision=ORIGINAL)
    edit_decision(admin_client, item, CORRECTED)
    assert not DecisionCorrection.objects.exists()


def test_closed_point_shows_no_notice_even_when_corrected(editor_client, published_item):
    edit_decision(editor_client, published_item, CORRECTED)
    AgendaItem.objects.filter(pk=published_item.pk).update(is_closed=True)
    html = public_item_page(editor_client, published_item)
    assert "Rettet" not in html and ORIGINAL not in html and CORRECTED not in html


def test_history_view_lists_versions_and_revert_restores_the_old_text(
    editor_client, published_item
):
    edit_decision(editor_client, published_item, CORRECTED)
    url = reverse("admin:councils_agendaitem_decision_history", args=[published_item.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert ORIGINAL in html and CORRECTED in html and "Gendan denne version" in html
    first = published_item.history.earliest("history_date")
    # The first post asks for confirmation and changes nothing …
    response = editor_client.post(url, {"history_id": first.history_id})
    assert response.status_code == 200
    confirm = response.content.decode()
    assert "Ja, gendan denne version" in confirm and "Nej, tilbage til historikken" in confirm
    assert "Det er den offentliggjorte ordlyd." in confirm and "fjernes" in confirm
    published_item.refresh_from_db()
    assert published_item.decision == CORRECTED
    # … the confirmation restores.
    response = editor_client.post(
        url, {"history_id": first.history_id, "confirm": "True", "reason": "Rettet ved en fejl"}
    )
    assert response.status_code == 302
    published_item.refresh_from_db()
    assert published_item.decision == ORIGINAL
    versions = list(published_item.history.order_by("history_date"))
    assert [v.decision for v in versions] == [ORIGINAL, CORRECTED, ORIGINAL]
    assert "Gendannet" in versions[-1].history_change_reason
    # The history keeps both corrections; back at the published wording, none is public.
    corrections = DecisionCorrection.objects.filter(agenda_item=published_item)
    assert corrections.count() == 2
    assert all(c.cleared_at is not None for c in corrections)
    assert corrections.order_by("pk").last().reason.endswith(": Rettet ved en fejl")
    html = public_item_page(editor_client, published_item)
    assert "Rettet" not in html and CORRECTED not in html and ORIGINAL in html
    assert not DecisionCorrection.objects.public().exists()


def test_correction_reason_is_stored_and_shown_with_rettet(editor_client, published_item):
    url = reverse("admin:councils_agendaitem_change", args=[published_item.pk])
    form = editor_client.get(url).content.decode()
    assert 'name="correction_reason"' in form and "Begrundelse for rettelsen" in form
    data = admin_form_data(editor_client.get(url))
    data["decision"] = CORRECTED
    data["correction_reason"] = "Beløbet var skrevet forkert i referatet"
    assert editor_client.post(url, data).status_code == 302
    correction = DecisionCorrection.objects.get(agenda_item=published_item)
    assert correction.reason == "Beløbet var skrevet forkert i referatet"
    assert published_item.history.latest("history_date").history_change_reason == (
        "Beløbet var skrevet forkert i referatet"
    )
    html = public_item_page(editor_client, published_item)
    assert 'class="item-notice item-notice--corrected"' in html
    assert "Beløbet var skrevet forkert i referatet" in html


def test_a_long_reason_is_kept_whole_on_the_correction(editor_client, published_item):
    url = reverse("admin:councils_agendaitem_change", args=[published_item.pk])
    data = admin_form_data(editor_client.get(url))
    data["decision"] = CORRECTED
    data["correction_reason"] = "x" * 250  # longer than simple-history's 100 characters
    assert editor_client.post(url, data).status_code == 302
    assert DecisionCorrection.objects.get().reason == "x" * 250
    assert published_item.history.latest("history_date").history_change_reason == "x" * 100


def test_restore_to_another_corrected_wording_keeps_the_notice(editor_client, published_item):
    edit_decision(editor_client, published_item, CORRECTED)
    edit_decision(editor_client, published_item, "Tredje ordlyd.")
    url = reverse("admin:councils_agendaitem_decision_history", args=[published_item.pk])
    corrected = published_item.history.get(decision=CORRECTED)
    confirm = editor_client.post(url, {"history_id": corrected.history_id}).content.decode()
    assert "Det er den offentliggjorte ordlyd." not in confirm
    assert "vises offentligt som en rettelse" in confirm
    editor_client.post(url, {"history_id": corrected.history_id, "confirm": "True"})
    published_item.refresh_from_db()
    assert published_item.decision == CORRECTED
    assert DecisionCorrection.objects.public().filter(agenda_item=published_item).count() == 3
    html = public_item_page(editor_client, published_item)
    assert "3 rettelser" in html


def test_cancel_on_the_confirmation_page_goes_back_unchanged(editor_client, published_item):
    edit_decision(editor_client, published_item, CORRECTED)
    url = reverse("admin:councils_agendaitem_decision_history", args=[published_item.pk])
    first = published_item.history.earliest("history_date")
    confirm = editor_client.post(url, {"history_id": first.history_id}).content.decode()
    assert f'href="{url}"' in confirm
    published_item.refresh_from_db()
    assert published_item.decision == CORRECTED


def test_secretary_may_view_history_but_not_revert(secretary_client, published_item):
    published_item.decision = CORRECTED
    published_item.save()
    url = reverse("admin:councils_agendaitem_decision_history", args=[published_item.pk])
    assert secretary_client.get(url).status_code == 200
    first = published_item.history.earliest("history_date")
    assert secretary_client.post(url, {"history_id": first.history_id}).status_code == 403
    published_item.refresh_from_db()
    assert published_item.decision == CORRECTED


def test_revert_of_a_foreign_version_is_refused(editor_client, published_item, socialudvalget):
    other = f.item(f.meeting(socialudvalget), decision="Andet punkt")
    record = other.history.latest("history_date")
    url = reverse("admin:councils_agendaitem_decision_history", args=[published_item.pk])
    response = editor_client.post(url, {"history_id": record.history_id}, follow=True)
    assert "findes ikke" in response.content.decode()
    published_item.refresh_from_db()
    assert published_item.decision == ORIGINAL


def test_with_corrections_costs_one_query(published_item, django_assert_num_queries):
    published_item.decision = CORRECTED
    published_item.save()
    f.item(published_item.meeting, decision="Andet")
    with django_assert_num_queries(2):
        items = list(AgendaItem.objects.with_corrections())
        assert [len(i.corrections.all()) for i in items] == [1, 0]


def test_editor_sees_the_full_change_log_and_its_revert_form(editor_client, published_item):
    published_item.decision = CORRECTED
    published_item.save()
    url = reverse("admin:councils_agendaitem_history", args=[published_item.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    first = published_item.history.earliest("history_date")
    form_url = reverse(
        "admin:councils_agendaitem_simple_history", args=[published_item.pk, first.history_id]
    )
    response = editor_client.get(form_url)
    assert response.status_code == 200
    assert ORIGINAL in response.content.decode()
