"""The known exploit: django-simple-history's version form (``…/history/<history_id>/``) saves
on POST and upstream checks only the model's *view* permission. A secretary of council B
must not read council A's versions nor, by POSTing a version form, publish A's draft, reopen
A's closed point or rewrite A's decision; a secretary of A (view only) must not either.
"""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from councils.models import AgendaItem, DecisionCorrection, Meeting

pytestmark = pytest.mark.django_db

FORGED = "Forfalsket beslutning."


def version_form_data(world, url) -> dict:
    """The POST a version form sends (what a browser would submit), read as the superuser."""
    response = world.client("superuser").get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if callable(value):
            value = value()
        if value is None or value is False:
            continue
        if isinstance(field, forms.SplitDateTimeField):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
            continue
        data[name] = "on" if value is True else getattr(value, "pk", value)
    return data


def version_url(obj, record) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


def draft_as_published(world):
    """A's draft meeting, and a version form POST that would publish it."""
    meeting = world.draft_meeting
    record = meeting.history.order_by("history_date").first()
    url = version_url(meeting, record)
    data = version_form_data(world, url)
    data["status"] = Meeting.Status.PUBLISHED
    return url, data, lambda: Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def closed_item_reopened(world):
    item = world.closed_item
    record = item.history.order_by("history_date").first()
    url = version_url(item, record)
    data = version_form_data(world, url)
    data.pop("is_closed", None)
    return url, data, lambda: AgendaItem.objects.get(pk=item.pk).is_closed


def decision_rewritten(world):
    item = world.published_item
    before = item.decision
    record = item.history.order_by("history_date").first()
    url = version_url(item, record)
    data = version_form_data(world, url)
    data["decision"] = FORGED
    return (
        url,
        data,
        lambda: (
            AgendaItem.objects.get(pk=item.pk).decision == before
            and not DecisionCorrection.objects.filter(new_decision=FORGED).exists()
        ),
    )


ATTACKS = {
    "publish A's draft": draft_as_published,
    "reopen A's closed point": closed_item_reopened,
    "change A's decision": decision_rewritten,
}
# The editor may edit published points of every council (README); the draft is not theirs.
REFUSED = {
    ("publish A's draft", "editor"): 404,
    ("publish A's draft", "secretary_b"): 404,
    ("reopen A's closed point", "secretary_b"): 404,
    ("change A's decision", "secretary_b"): 404,
    ("publish A's draft", "secretary_a"): 403,
    ("reopen A's closed point", "secretary_a"): 403,
    ("change A's decision", "secretary_a"): 403,
}


CASES = [(attack, "anonymous", 302) for attack in ATTACKS] + [
    (attack, role, status) for (attack, role), status in REFUSED.items()
]


@pytest.mark.parametrize("attack,role,expected", CASES)
def test_version_form_post_changes_nothing_for_unauthorised_users(world, attack, role, expected):
    url, data, unchanged = ATTACKS[attack](world)
    response = world.client(role).post(url, data)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("admin:login"))
    assert unchanged()


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_same_post_by_the_superuser_does_change_it(world, attack):
    """The positive control: the forged POSTs above are real reverts when allowed."""
    url, data, unchanged = ATTACKS[attack](world)
    response = world.client("superuser").post(url, data)
    errors = response.context and response.context["adminform"].form.errors
    assert response.status_code == 302, errors
    assert not unchanged()


def test_editor_may_revert_a_published_decision_with_a_public_correction(world):
    url, data, unchanged = decision_rewritten(world)
    response = world.client("editor").post(url, data)
    assert response.status_code == 302
    assert not unchanged()
    assert DecisionCorrection.objects.filter(
        agenda_item=world.published_item, new_decision=FORGED
    ).exists()


@pytest.mark.parametrize("role", ["secretary_b", "editor"])
def test_another_councils_draft_versions_cannot_be_read(world, role):
    item = world.objects[("agendaitem", "draft")]
    client = world.client(role)
    history = reverse("admin:councils_agendaitem_history", args=[item.pk])
    response = client.get(history)
    assert response.status_code == 404
    assert item.title not in response.content.decode()
    record = item.history.first()
    response = client.get(version_url(item, record))
    assert response.status_code == 404
    assert item.title not in response.content.decode()
    decision_page = reverse("admin:councils_agendaitem_decision_history", args=[item.pk])
    assert client.get(decision_page).status_code == 404


def test_secretary_b_cannot_read_a_closed_points_versions(world):
    item = world.closed_item
    client = world.client("secretary_b")
    for url in (
        reverse("admin:councils_agendaitem_history", args=[item.pk]),
        version_url(item, item.history.first()),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Hemmeligt" not in response.content.decode()


def test_a_version_of_another_object_is_not_found(world):
    """/agendaitem/<mine>/history/<a version of another point>/ shows nothing of the other."""
    mine = world.b_meeting.items.get()
    theirs = world.closed_item.history.first()
    url = reverse("admin:councils_agendaitem_simple_history", args=[mine.pk, theirs.history_id])
    assert world.client("superuser").get(url).status_code == 404


def test_decision_history_revert_of_another_council_is_refused(world):
    item = world.published_item
    item.decision = "Ny ordlyd"
    item.save()
    first = item.history.order_by("history_date").first()
    url = reverse("admin:councils_agendaitem_decision_history", args=[item.pk])
    for role, status in (("secretary_b", 404), ("secretary_a", 403), ("anonymous", 302)):
        assert world.client(role).post(url, {"history_id": first.history_id}).status_code == status
    item.refresh_from_db()
    assert item.decision == "Ny ordlyd"
