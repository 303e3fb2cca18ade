import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse

from councils.models import Meeting, Upload
from councils.staff import access
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP
from tests import factories as f

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_migration_creates_both_groups_with_the_documented_permissions():
    migration = importlib.import_module("councils.migrations.0004_workflow_groups")
    Group.objects.filter(name__in=[SECRETARY_GROUP, EDITOR_GROUP]).delete()
    migration.create_groups(django_apps, None)
    assert perms(SECRETARY_GROUP) == set(access.SECRETARY_PERMISSIONS)
    assert perms(EDITOR_GROUP) == set(access.EDITOR_PERMISSIONS)
    # The frozen copy in the migration and the live lists agree.
    assert migration.SECRETARY_PERMISSIONS == access.SECRETARY_PERMISSIONS
    assert migration.EDITOR_PERMISSIONS == access.EDITOR_PERMISSIONS


def test_editor_cannot_touch_users_or_councils(editor):
    assert editor.has_perm("councils.change_agendaitem")
    assert editor.has_perm("councils.change_section")
    assert editor.has_perm("councils.change_attachment")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.add_user")
    assert not editor.has_perm("councils.change_council")
    assert not editor.has_perm("councils.delete_meeting")


def upload_row(council, **kwargs):
    kwargs.setdefault("original_name", "referat.txt")
    return Upload.objects.create(
        council=council,
        file="indsendt/x.txt",
        format="txt",
        size=10,
        sha256="a" * 64,
        parsed={
            "source": "r",
            "council": council.name,
            "date": "2015-03-25",
            "start_time": "15:00",
            "location": "",
            "items": [],
        },
        **kwargs,
    )


def test_upload_page_offers_only_the_secretarys_councils(
    secretary_client, socialudvalget, udsatteraadet
):
    response = secretary_client.get(reverse("admin:councils_upload_add"))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["council"].queryset)
    assert choices == [socialudvalget]
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_secretary_is_refused_for_another_council(secretary_client, udsatteraadet):
    url = reverse("admin:councils_upload_add")
    assert secretary_client.get(url, {"council": udsatteraadet.pk}).status_code == 403
    response = secretary_client.post(url, {"council": udsatteraadet.pk})
    assert response.status_code == 403
    assert not Upload.objects.exists()


def test_secretary_cannot_open_or_publish_another_councils_draft(secretary_client, udsatteraadet):
    # Outside the secretary's councils an upload does not exist for them (404, as a missing one).
    other = upload_row(udsatteraadet)
    assert (
        secretary_client.get(reverse("admin:councils_upload_change", args=[other.pk])).status_code
        == 404
    )
    assert (
        secretary_client.post(
            reverse("admin:councils_upload_change", args=[other.pk]), {"_publish": "1"}
        ).status_code
        == 404
    )
    assert (
        secretary_client.post(reverse("admin:councils_upload_discard", args=[other.pk])).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == Upload.Status.DRAFT


def test_other_councils_drafts_are_invisible_in_the_admin(
    secretary_client, socialudvalget, udsatteraadet
):
    mine = f.meeting(socialudvalget, status=Meeting.Status.DRAFT)
    theirs = f.meeting(udsatteraadet, status=Meeting.Status.DRAFT)
    my_upload, their_upload = (
        upload_row(socialudvalget),
        upload_row(udsatteraadet, original_name="hemmelig.txt"),
    )
    response = secretary_client.get(reverse("admin:councils_meeting_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    response = secretary_client.get(reverse("admin:councils_upload_changelist"))
    assert list(response.context["cl"].result_list) == [my_upload]
    assert "hemmelig.txt" not in response.content.decode()
    # The change page of the other council's draft meeting does not exist for them.
    response = secretary_client.get(reverse("admin:councils_meeting_change", args=[theirs.pk]))
    assert response.status_code == 404
    assert their_upload.pk  # still there for its own council


def test_secretary_sees_but_cannot_edit_meetings(secretary_client, socialudvalget):
    meeting = f.meeting(socialudvalget)
    item = f.item(meeting)
    url = reverse("admin:councils_agendaitem_change", args=[item.pk])
    response = secretary_client.get(url)
    assert response.status_code == 200
    response = secretary_client.post(url, {"decision": "Ændret"})
    assert response.status_code == 403


def test_editor_sees_every_councils_published_meetings_but_no_drafts(
    editor_client, socialudvalget, udsatteraadet
):
    published = [f.meeting(socialudvalget), f.meeting(udsatteraadet)]
    draft = f.meeting(udsatteraadet, status=Meeting.Status.DRAFT)
    response = editor_client.get(reverse("admin:councils_meeting_changelist"))
    assert set(response.context["cl"].result_list) == set(published)
    change = reverse("admin:councils_meeting_change", args=[draft.pk])
    assert editor_client.get(change).status_code == 404
    # Editors do not upload (that is the secretaries' job) and cannot manage users.
    assert editor_client.get(reverse("admin:councils_upload_add")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_every_staff_form_needs_the_csrf_token(secretary, socialudvalget, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    upload = upload_row(socialudvalget)
    meeting = f.meeting(socialudvalget)
    item = f.item(meeting)
    for url in [
        reverse("admin:councils_upload_add"),
        reverse("admin:councils_upload_change", args=[upload.pk]),
        reverse("admin:councils_upload_discard", args=[upload.pk]),
        reverse("admin:councils_meeting_bilag", args=[meeting.pk]),
        reverse("admin:councils_agendaitem_decision_history", args=[item.pk]),
    ]:
        assert client.post(url, {"council": socialudvalget.pk}).status_code == 403, url
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DRAFT


def test_bilag_page_is_refused_for_another_councils_meeting(
    secretary_client, udsatteraadet, socialudvalget
):
    theirs = f.meeting(udsatteraadet)
    mine = f.meeting(socialudvalget)
    assert (
        secretary_client.get(reverse("admin:councils_meeting_bilag", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        secretary_client.get(reverse("admin:councils_meeting_bilag", args=[mine.pk])).status_code
        == 200
    )
