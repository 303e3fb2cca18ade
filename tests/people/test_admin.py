"""Persons in the admin: merge (never automatic), who may do it, the read-only rows of a
point, and the editors' permissions given by migration 0008."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse

from councils.models import CouncilMembership, Person, PersonAlias
from councils.staff import access
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP
from tests import factories as f
from tests.workflow.conftest import make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:councils_person_changelist"


@pytest.fixture
def two_spellings():
    meeting = f.meeting()
    f.item(meeting, decision="Anne Holm (A) stemte for.")
    f.item(meeting, decision="Anne Holm-Jensen deltog ikke i sagens behandling.")
    return Person.objects.get(name="Anne Holm"), Person.objects.get(name="Anne Holm-Jensen")


def merge(client, *persons):
    return client.post(
        reverse(CHANGELIST),
        {"action": "merge_persons", "_selected_action": [p.pk for p in persons]},
        follow=True,
    )


def test_superuser_merges_into_the_oldest_selected(admin_client, two_spellings):
    anne, other = two_spellings
    response = merge(admin_client, other, anne)
    assert response.status_code == 200
    assert "1 personer lagt sammen i Anne Holm (A)" in response.content.decode()
    assert list(Person.objects.all()) == [anne]
    assert anne.participations.count() == 1 and anne.votes.count() == 1
    assert PersonAlias.objects.get().name == "Anne Holm-Jensen"


def test_editors_may_merge_and_secretaries_not(client, two_spellings):
    anne, other = two_spellings
    secretary = make_staff("sekretaer-p", SECRETARY_GROUP)
    CouncilMembership.objects.create(
        user=secretary, council=anne.votes.get().ballot.agenda_item.meeting.council
    )
    client.force_login(secretary)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert merge(client, anne, other).status_code == 403
    assert Person.objects.count() == 2
    client.force_login(make_staff("redaktoer-p", EDITOR_GROUP))
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "merge_persons" in page and "Anne Holm-Jensen" in page
    merge(client, anne, other)
    assert Person.objects.count() == 1


def test_merge_refuses_persons_of_two_municipalities(admin_client, two_spellings):
    anne, _other = two_spellings
    aarhus = f.municipality("Aarhus Kommune", "aarhus")
    f.item(f.meeting(f.council("Byrådet", municipality=aarhus)), decision="Anne Holm stemte for.")
    far = Person.objects.get(municipality=aarhus)
    response = merge(admin_client, anne, far)
    assert "forskellige kommuner" in response.content.decode()
    assert Person.objects.count() == 3


def test_one_selected_person_is_not_merged(admin_client, two_spellings):
    response = merge(admin_client, two_spellings[0])
    assert "mindst to personer" in response.content.decode()
    assert Person.objects.count() == 2


def test_person_change_form_shows_rows_read_only_and_the_public_page(admin_client, two_spellings):
    anne, _other = two_spellings
    html = admin_client.get(reverse("admin:councils_person_change", args=[anne.pk])).content
    html = html.decode()
    assert anne.get_absolute_url() in html
    assert 'name="name"' in html  # the name may be corrected (the printed one is kept)
    assert 'name="party"' not in html and 'name="slug"' not in html


def test_point_change_form_shows_votes_and_participation_read_only(admin_client):
    point = f.item(
        decision="Forslaget blev vedtaget med 5 stemmer for og 2 imod. Imod stemte Bo Berg (F). "
        "Ulla Dam deltog under punktet."
    )
    html = admin_client.get(reverse("admin:councils_agendaitem_change", args=[point.pk]))
    html = html.content.decode()
    assert "Afstemninger (læst fra beslutningen" in html and "imod: Bo Berg (F)" in html
    assert "Deltagelse (læst fra beslutningen" in html and "Ulla Dam" in html
    assert 'name="ballots-0-motion"' not in html  # shown, not editable


def test_migration_gives_editors_the_people_permissions():
    migration = importlib.import_module("councils.migrations.0009_people")
    assert migration.EDITOR_PEOPLE_PERMISSIONS == access.EDITOR_PEOPLE_PERMISSIONS
    access.ensure_groups()  # a transactional test before this one may have flushed them
    editors = Group.objects.get(name=EDITOR_GROUP)
    editors.permissions.clear()
    migration.grant_editors(django_apps, None)
    granted = set(editors.permissions.values_list("codename", flat=True))
    assert granted == set(access.EDITOR_PEOPLE_PERMISSIONS)
    secretaries = Group.objects.get(name=SECRETARY_GROUP)
    assert not secretaries.permissions.filter(codename__endswith="person").exists()
