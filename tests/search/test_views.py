"""The /soeg/ page: form, results, facets, pagination, friendly errors, shareable URLs."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from councils.search.query import MAX_QUERY_LENGTH
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("councils:search")


def test_url_is_danish():
    assert URL == "/soeg/"


def test_start_page_has_the_form_and_no_error(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert 'role="search"' in body and '<label for="id_q"' in body
    assert "<legend>" in body
    assert 'role="alert"' not in body


def test_results_with_snippets_facets_and_shareable_url(client, corpus):
    response = client.get(URL, {"q": "hjemløse", "sortering": "relevans"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 resultater" in body
    assert "Orientering om hjemløsestrategien" in body
    assert "<mark>" in body
    # Facets link to the same search narrowed by one council or year.
    assert "udvalg=udsatteraadet" in html.unescape(body) or "udvalg=" in body
    assert "Fordelt på udvalg" in body and "Fordelt på år" in body
    assert 'value="hjemløse"' in body  # the query stays in the field


@pytest.mark.parametrize(
    "query",
    [
        '"Psykiatriens Hus',
        "og i at",
        "-",
        "- -",
        "-udsatte",
        '""',
        "x" * (MAX_QUERY_LENGTH + 1),
        "<script>alert(1)</script>",
        "\x00",
        "OR",
        "OR OR -",
        "(((",
    ],
)
def test_malformed_queries_get_a_friendly_page_not_a_500(client, corpus, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert 'role="alert"' in body or "resultat" in body


def test_too_long_query_says_the_limit_and_keeps_the_text(client, corpus):
    long = "hjemløse " * 60
    body = client.get(URL, {"q": long}).content.decode()
    assert str(MAX_QUERY_LENGTH) in body
    assert long.strip()[:100] in body


def test_empty_query_without_filters_asks_for_words(client, corpus):
    body = client.get(URL, {"q": ""}).content.decode()
    assert "Skriv et eller flere ord" in body


def test_filters_only_lists_points_newest_first(client, corpus):
    body = client.get(URL, {"q": "", "aar": "2015"}).content.decode()
    assert "2 resultater" in body


def test_no_results_suggests_dropping_filters(client, corpus):
    response = client.get(URL, {"q": "tagterrasse", "aar": "2023", "bilag": "ja"})
    body = html.unescape(response.content.decode())
    assert "Ingen punkter passer på søgningen" in body
    assert "Fjern afgrænsningen på år" in body
    assert "Fjern afgrænsningen på bilag" in body
    # Following the suggestion (dropping the year) finds the point.
    link = re.search(r'href="(\?[^"]*)">Fjern afgrænsningen på år', body).group(1)
    assert "aar=" not in link and "q=tagterrasse" in link
    assert "1 resultat" in client.get(URL + link).content.decode()


def test_filters_in_the_url(client, corpus):
    udsat = corpus["act"].meeting.council
    body = client.get(
        URL, {"q": "hjemløse", "udvalg": udsat.slug, "udfald": "godkendt"}
    ).content.decode()
    assert "1 resultat" in body and "ACT-projektets" in body


def test_invalid_filter_value_is_reported_on_the_field(client, corpus):
    response = client.get(URL, {"q": "hjemløse", "fra": "i går", "udvalg": "findes-ikke"})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert body.count('role="alert"') >= 2
    assert "findes-ikke" in body


def test_pagination_25_per_page_with_aria_current(client, corpus):
    meeting = corpus["aero"].meeting
    for n in range(30):
        f.searchable_item(f"Vejvedligehold etape {n}", meeting_obj=meeting)
    first = client.get(URL, {"q": "vejvedligehold"}).content.decode()
    assert first.count("<article>") == 25
    assert "30 resultater" in first and "side 1 af 2" in first
    assert 'aria-label="Sider med søgeresultater"' in first
    assert 'aria-current="page">1<' in first
    second = client.get(URL, {"q": "vejvedligehold", "side": "2"}).content.decode()
    assert second.count("<article>") == 5
    assert 'aria-current="page">2<' in second
    assert client.get(URL, {"q": "vejvedligehold", "side": "x"}).status_code == 200


def test_closed_and_draft_points_do_not_leak_into_the_page(client, corpus):
    body = client.get(URL, {"q": "Kragsvej"}).content.decode()
    assert "Hemmelig" not in body and "Kladde" not in body and "hjemløseherberg" not in body
    assert "0 resultater" in body


def test_html_in_source_text_is_escaped(client, corpus):
    body = client.get(URL, {"q": "workshops"}).content.decode()
    assert "<b>Fed</b>" not in body


def test_chosen_filters_are_shown_again(client, corpus):
    udsat = corpus["act"].meeting.council
    body = client.get(
        URL,
        {
            "q": "hjemløse",
            "udvalg": udsat.slug,
            "udfald": "godkendt",
            "aar": "2022",
            "fra": "2022-01-01",
            "sortering": "dato",
        },
    ).content.decode()
    assert re.search(rf'value="{udsat.slug}" id="id_udvalg_\d+" checked', body)
    assert '<option value="godkendt" selected>' in body
    assert '<option value="dato" selected>' in body
    assert 'name="aar" id="id_aar" min="1900" max="2200" value="2022"' in body
    assert 'value="2022-01-01"' in body


@pytest.mark.parametrize(
    ("param", "value"), [("til", "9999-12-31"), ("fra", "0001-01-01"), ("fra", "1899-12-31")]
)
def test_dates_out_of_range_are_reported_not_a_500(client, corpus, param, value):
    response = client.get(reverse("councils:search"), {"q": "plan", param: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vælg en dato" in page


def test_amounts_and_times_are_words_not_journal_numbers(client, db):
    f.searchable_item(
        "Takster for svømmehallen", sagsfremstilling="Prisen er 12.50 kr fra kl. 14.00"
    )
    from councils.search import search

    assert search("12.50").total == 1
    assert search("takster 14.00").total == 1
    assert search("27.15.00").total == 0  # a KLE subject is still a journal fragment


def test_journal_number_of_no_case_is_an_empty_result_not_an_error(client, corpus):
    response = client.get(reverse("councils:search"), {"q": "99.99.99-Z99-9-99"})
    assert response.status_code == 200
    assert "0 resultater" in response.content.decode()


def test_the_council_checkboxes_are_read_once_and_list_only_searchable_councils(
    client, corpus
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.council("Tomt udvalg")  # no searchable point: no checkbox
    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL, {"q": "hjemløse"}).content.decode()
    boxes = re.findall(r'name="udvalg" value="([^"]+)"', body)
    assert sorted(boxes) == ["socialudvalget", "udsatteraadet"]
    councils = [q["sql"] for q in queries if 'FROM "councils_council"' in q["sql"]
                and "EXISTS" in q["sql"]]
    assert len(councils) == 1, councils
    body = client.get(URL, {"q": "hjemløse", "udvalg": "udsatteraadet"}).content.decode()
    assert re.search(r'value="udsatteraadet"[^>]*checked', body)
    assert not re.search(r'value="socialudvalget"[^>]*checked', body)


@pytest.mark.parametrize(
    ("pages", "current", "shown"),
    [(1, 1, [1]), (3, 2, [1, 2, 3]), (40, 1, [1, 2, 3, 40]), (40, 5, [1, 3, 4, 5, 6, 7, 40]),
     (40_000, 40_000, [1, 39_998, 39_999, 40_000])],
)
def test_pagination_shows_the_ends_and_two_either_side(pages, current, shown):
    from django.core.paginator import Paginator

    from councils.templatetags.referat import shown_pages

    page = Paginator(range(pages * 25), 25).page(current)
    assert shown_pages(page) == shown
