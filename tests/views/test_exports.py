"""Search exports (CSV, JSON; streamed, capped) and a meeting's points as JSON, read back with
the csv and json modules."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.http import QueryDict
from django.urls import reverse

from councils.views.search import run_query
from tests import factories as f

from .conftest import CLOSED_CASE, SECRET_WORDS

EXPORT_BUDGET = 9  # the same for 3 and 40 rows: independent of the export size


def streamed(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def no_secrets(text: str) -> None:
    for word in [*SECRET_WORDS, CLOSED_CASE]:
        assert word not in text, word


@pytest.mark.parametrize("query", ["q=plan", "q=plan&sortering=dato", "udfald=godkendt"])
def test_csv_export_has_the_search_results_in_page_order(client, site, query):
    response = client.get(f"{reverse('councils:export_csv')}?{query}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="soegning.csv"' in response["Content-Disposition"]
    text = streamed(response)
    no_secrets(text)
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = run_query(QueryDict(query)).results
    assert [r["url"] for r in rows] == [
        "http://testserver" + hit.item.get_absolute_url() for hit in expected[:100]
    ]
    assert rows
    plan = next((r for r in rows if r["url"].endswith(site["plan"].get_absolute_url())), None)
    if plan:
        assert plan["udvalg"] == "Byrådet" and plan["dato"] == "2021-12-06"
        assert plan["punkt"] == "2" and plan["sag"] == "27.15.00-A08-1-21"
        assert plan["beslutning"].startswith("Godkendt med følgende bemærkning:\n")


def test_json_export_has_the_results_and_says_how_many(client, site):
    response = client.get(reverse("councils:export_json") + "?q=plan")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    text = streamed(response)
    no_secrets(text)
    data = json.loads(text)
    assert data["total"] == 2 and data["exported"] == 2 and data["truncated"] is False
    assert {r["titel"] for r in data["results"]} == {"Plan for området"}
    assert data["limit"] == 10_000


def test_exports_are_capped_at_the_named_limit(client, site, settings):
    settings.EXPORT_MAX_ROWS = 1
    rows = list(csv.DictReader(io.StringIO(streamed(client.get(
        reverse("councils:export_csv") + "?q=plan"
    )))))  # fmt: skip
    assert len(rows) == 1
    data = json.loads(streamed(client.get(reverse("councils:export_json") + "?q=plan")))
    assert data["exported"] == 1 and data["truncated"] is True and len(data["results"]) == 1


@pytest.mark.parametrize("name", ["councils:export_csv", "councils:export_json"])
@pytest.mark.parametrize("query", ["", "?q=", "?fra=2024-99-99"])
def test_an_export_of_an_unusable_search_is_a_clear_400(client, site, name, query):
    response = client.get(reverse(name) + query)
    assert response.status_code == 400
    assert "søg" in response.content.decode().lower() or "ord" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 40])
def test_export_query_budget(client, db, assert_max_db_queries, rows):
    meeting = f.meeting()
    for n in range(rows):
        f.item(meeting, title=f"Eksportplan {n}", decision="Godkendt.")
    for name in ("councils:export_csv", "councils:export_json"):
        with assert_max_db_queries(EXPORT_BUDGET):
            text = streamed(client.get(reverse(name) + "?q=eksportplan"))
        assert text.count("Eksportplan") == rows


def test_meeting_points_json_redacts_closed_points(client, site):
    meeting = site["meeting"]
    url = reverse("councils:meeting_json", args=[meeting.council.slug, "2021-12-06"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    text = response.content.decode()
    no_secrets(text)
    data = json.loads(text)
    assert data["council"] == "Byrådet" and data["start"] == "2021-12-06T16:30:00+01:00"
    numbers = [p["number"] for p in data["points"]]
    assert numbers == [1, 2, 3]
    closed = data["points"][2]
    assert closed == {
        "number": 3,
        "title": "Lukket punkt",
        "public": False,
        "url": "http://testserver" + site["closed"].get_absolute_url(),
    }
    plan = data["points"][1]
    assert plan["case"] == "27.15.00-A08-1-21"
    assert [s["kind"] for s in plan["sections"]] == [
        "resume",
        "sagsfremstilling",
        "indstilling",
        "beslutning",
    ]
    assert [a["title"] for a in plan["attachments"]] == ["Planens tekst", "Høringssvar samlet"]
    assert plan["prior_decisions"][0]["url"].endswith(site["earlier_item"].get_absolute_url())
    assert plan["prior_decisions"][1]["url"] is None


def test_meeting_points_json_of_a_draft_is_404(client, site):
    draft = site["draft"]
    url = reverse("councils:meeting_json", args=[draft.council.slug, "2022-01-10"])
    assert client.get(url).status_code == 404


def test_meeting_page_links_to_its_points_as_json(client, site):
    html = client.get(site["meeting"].get_absolute_url()).content.decode()
    url = reverse("councils:meeting_json", args=["byraadet", "2021-12-06"])
    assert f'href="{url}" type="application/json"' in html
