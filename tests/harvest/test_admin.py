"""Harvest sources in the admin: what the list shows, who may see it, "Høst nu"."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from councils.models import HarvestRun, HarvestSource
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP
from tests import factories as f
from tests.workflow.conftest import make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/councils/harvestsource/"


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def make_source(url="https://dagsordener.testby.dk/", **kwargs) -> HarvestSource:
    kwargs.setdefault("municipality", f.municipality("Testby Kommune", "testby"))
    return HarvestSource.objects.create(base_url=url, **kwargs)


def test_the_list_shows_the_last_run_its_counts_errors_and_a_stalled_source(superuser_client):
    now = timezone.now()
    fine = make_source("https://dagsordener.fin.dk/", last_success_at=now)
    run = HarvestRun.objects.create(
        source=fine,
        base_url=fine.base_url,
        started_at=now - datetime.timedelta(minutes=3),
        finished_at=now,
        status="partial",
        meetings_new=7,
        meetings_updated=2,
        meetings_unchanged=51,
        meetings_failed=1,
        errors=[{"meeting": "abc-123", "message": "the meeting's data is not valid JSON"}],
    )
    fine.last_run = run
    fine.save()
    stalled = make_source("https://dagsordener.staa.dk/", interval_hours=6)
    HarvestSource.objects.filter(pk=stalled.pk).update(
        created_at=now - datetime.timedelta(days=2),
        last_success_at=now - datetime.timedelta(hours=13),
    )

    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "7 / 2 / 51 / 1" in html
    assert "<code>abc-123</code>: the meeting&#x27;s data is not valid JSON" in html
    assert "delvist (nogle møder fejlede)" in html and "aldrig kørt" in html
    assert "forsinket" in html.lower()
    rows = {
        url: row
        for row in html.split("<tr")
        for url in (fine.base_url, stalled.base_url)
        if url in row
    }
    assert 'alt="False"' in rows[fine.base_url] and 'alt="True"' in rows[stalled.base_url]


def test_the_change_page_lists_the_latest_runs(superuser_client):
    source = make_source()
    for n in range(12):
        HarvestRun.objects.create(
            source=source,
            base_url=source.base_url,
            started_at=timezone.now() - datetime.timedelta(hours=n),
            status="ok",
            meetings_unchanged=100 + n,
        )
    html = superuser_client.get(f"{CHANGELIST}{source.pk}/change/").content.decode()
    assert "Seneste kørsler" in html
    assert "<td>100</td>" in html and "<td>109</td>" in html and "<td>110</td>" not in html


@pytest.mark.parametrize("group", [SECRETARY_GROUP, EDITOR_GROUP])
def test_secretaries_and_editors_may_not_see_sources(client, group):
    make_source()
    client.force_login(make_staff(f"user-{group}", group))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get("/admin/").content.decode().count("harvestsource") == 0


def test_harvest_now_runs_the_selected_source(superuser_client, harvest_settings, fake_portal):
    source = make_source(fake_portal.url)
    response = superuser_client.post(
        CHANGELIST, {"action": "harvest_now", "_selected_action": [source.pk]}, follow=True
    )
    assert "1 kilde(r) sat i kø til høst" in response.content.decode()
    source.refresh_from_db()
    assert source.last_run.status == "ok" and source.last_run.meetings_new == 12
    assert source.next_run_at > timezone.now()


def test_a_new_source_from_the_add_form(superuser_client):
    municipality = f.municipality("Testby Kommune", "testby")
    data = {
        "base_url": "dagsordener.testby.dk",
        "municipality": municipality.pk,
        "councils": "Byrådet",
        "since": "",
        "interval_hours": "0",
        "is_active": "on",
        "next_run_at_0": "",
        "next_run_at_1": "",
    }
    response = superuser_client.post(f"{CHANGELIST}add/", data)
    assert "Høst højst én gang i timen (mindst 1)." in response.content.decode()
    assert not HarvestSource.objects.exists()
    data["interval_hours"] = "12"
    response = superuser_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302
    source = HarvestSource.objects.get()
    assert source.base_url == "https://dagsordener.testby.dk/"  # https assumed, normalised
    assert (source.council_names(), source.interval_hours) == (["Byrådet"], 12)
