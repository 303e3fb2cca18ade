"""The admin an editor and a new administrator meet: its name, the models in named groups,
secretaries chosen by username, a point's meeting and case shown by name, and the
"Eksempeldata" marker of generated sample data."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from councils.admin_site import ADMIN_GROUPS
from councils.models import CouncilMembership, Municipality
from tests import factories as f

pytestmark = pytest.mark.django_db


def groups_on_index(html: str) -> dict[str, list[str]]:
    """Group heading -> model names, in order, from the admin index's app list."""
    found = {}
    for block in re.findall(r'<div class="app-group-[^"]*".*?</table>', html, re.S):
        heading = re.search(
            r'<span class="section">(.*?)</span>|class="section"[^>]*>(.*?)</a>', block
        )
        name = next(g for g in heading.groups() if g)
        found[name] = re.findall(
            r'<th scope="row" id="[^"]+">\s*<a href="[^"]+"[^>]*>(.*?)</a>', block
        )
    return found


def test_site_header_and_title(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "<title>Administration | Referatarkiv – administration</title>" in html
    assert ">Referatarkiv – administration</a>" in html
    assert "Django administration" not in html


def test_index_groups_every_model_by_task(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    groups = groups_on_index(html)
    assert list(groups)[:4] == ["Arkiv", "Indsendelser", "Brugere og rettigheder", "Søgning"]
    assert {"Møder", "Dagsordenspunkter", "Sager", "Personer", "Kommuner"} <= set(groups["Arkiv"])
    assert (
        "Indsendte referater" in groups["Indsendelser"] and "Høstkilder" in groups["Indsendelser"]
    )
    assert {"Brugere", "Grupper", "Sekretærer for udvalg"} <= set(groups["Brugere og rettigheder"])
    assert groups["Søgning"] == ["Søgeindeks"]
    # every registered model is on the index exactly once
    listed = [name for names in groups.values() for name in names]
    assert len(listed) == len(set(listed)) == len(admin.site._registry)
    # nothing fell through to "Andet": every model has a named group
    assert "Andet" not in groups


def test_every_registered_model_is_in_a_named_group():
    named = {key for _label, members in ADMIN_GROUPS for key in members}
    registered = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    assert registered <= named, registered - named


def test_an_editor_sees_only_the_groups_of_what_they_may_see(client):
    from tests.workflow.conftest import make_staff

    client.force_login(make_staff("redaktoer-index", "Redaktør"))
    groups = groups_on_index(client.get(reverse("admin:index")).content.decode())
    assert "Brugere og rettigheder" not in groups and "Søgning" not in groups
    assert "Dagsordenspunkter" in groups["Arkiv"]


def test_app_page_keeps_djangos_own_list(admin_client):
    response = admin_client.get(reverse("admin:app_list", args=["councils"]))
    assert response.status_code == 200


def test_secretary_is_added_to_a_council_by_username(admin_client):
    council = f.council("Kulturudvalget")
    anne = User.objects.create_user("anne.holm", is_staff=True)
    User.objects.create_user("bo.berg", is_staff=True)
    html = admin_client.get(reverse("admin:councils_council_change", args=[council.pk])).content
    html = html.decode()
    # the user is an autocomplete select (by username), not a numeric id box
    assert 'data-field-name="user"' in html and "admin-autocomplete" in html
    assert "vForeignKeyRawIdAdminField" not in html
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "anne",
            "app_label": "councils",
            "model_name": "councilmembership",
            "field_name": "user",
        },
    )
    assert found.status_code == 200
    assert [r["text"] for r in json.loads(found.content)["results"]] == ["anne.holm"]
    add = admin_client.get(reverse("admin:councils_councilmembership_add")).content.decode()
    assert 'data-field-name="user"' in add
    response = admin_client.post(
        reverse("admin:councils_councilmembership_add"), {"user": anne.pk, "council": council.pk}
    )
    assert response.status_code == 302
    assert CouncilMembership.objects.get().user == anne


def test_point_shows_its_meeting_and_case_by_name(client):
    from tests.workflow.conftest import make_staff

    item = f.item(f.meeting(f.council("Byrådet")), case=f.case("27.15.00-A08-1-21"))
    client.force_login(make_staff("redaktoer-navne", "Redaktør"))
    html = client.get(reverse("admin:councils_agendaitem_change", args=[item.pk])).content
    html = html.decode()
    assert not re.search(r'<input type="text" name="(meeting|case)"', html)  # no raw id box
    assert f'<option value="{item.meeting.pk}" selected>{item.meeting}</option>' in html
    assert f'<option value="{item.case.pk}" selected>27.15.00-A08-1-21</option>' in html
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Byråd",
            "app_label": "councils",
            "model_name": "agendaitem",
            "field_name": "meeting",
        },
    )
    assert [r["text"] for r in json.loads(found.content)["results"]] == [str(item.meeting)]


def test_sample_data_is_marked_on_every_page(client, admin_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command(
        "sample_data", "--count", "3", "--out", tmp_path / "s", stdout=open("/dev/null", "w")
    )
    municipality = Municipality.objects.get()
    assert municipality.is_sample
    from councils.models import AgendaItem, Meeting

    meeting = Meeting.objects.public().first()
    item = AgendaItem.objects.public().open().filter(meeting=meeting).first()
    pages = [
        "/",
        "/udvalg/",
        meeting.council.get_absolute_url(),
        meeting.get_absolute_url(),
        item.get_absolute_url(),
        "/soeg/?q=udvalg",
        "/personer/",
        "/en/",
    ]
    if item.case_id:
        pages.append(item.case.get_absolute_url())
    for url in pages:
        html = client.get(url).content.decode()
        assert 'class="sample-banner"' in html, url
        assert "genererede eksempeldata" in html or "generated sample data" in html, url
    assert "Eksempeldata" in admin_client.get(reverse("admin:index")).content.decode()


def test_real_data_has_no_marker(client, admin_client):
    demo = f.public_demo()
    assert not Municipality.objects.filter(is_sample=True).exists()
    for url in ("/", demo["plan"].get_absolute_url()):
        assert "sample-banner" not in client.get(url).content.decode()
    assert "sample-badge" not in admin_client.get(reverse("admin:index")).content.decode()
