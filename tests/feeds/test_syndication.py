"""Atom and RSS feeds, read back with feedparser (an independent feed reader)."""

from __future__ import annotations

import datetime
import re

import feedparser
import pytest
from django.urls import reverse

from councils.search import search
from tests import factories as f
from tests.views.conftest import CLOSED_CASE, SECRET_WORDS

# SQL queries per feed, whatever the size of the data (the shared cache's reads and writes not
# counted: with Redis they are no SQL). The most: a search feed on SQLite — the newest ids,
# their scores, the points, and for the snippets the points' rows (SQLite's index holds stems
# only) and the highlight.
FEED_BUDGET = 8


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"].split(";")[0] in (
        "application/atom+xml",
        "application/rss+xml",
    )
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def feed_urls(site) -> list[str]:
    byraad, case = site["byraad"], site["case"]
    return [
        reverse("councils:feed_meetings"),
        reverse("councils:feed_meetings_rss"),
        reverse("councils:feed_council", args=[byraad.slug]),
        reverse("councils:feed_council_rss", args=[byraad.slug]),
        reverse("councils:feed_decisions", args=[byraad.slug]),
        reverse("councils:feed_decisions_rss", args=[byraad.slug]),
        reverse("councils:feed_case", args=[case.number]),
        reverse("councils:feed_case_rss", args=[case.number]),
        reverse("councils:feed_search") + "?q=plan",
        reverse("councils:feed_search_rss") + "?q=plan&udvalg=byraadet",
    ]


def links(feed) -> list[str]:
    return [entry.link.removeprefix("http://testserver") for entry in feed.entries]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_feed_parses_without_errors_and_leaks_nothing(client, site, prefix):
    for url in feed_urls(site):
        response = client.get(prefix + url)
        feed = parsed(client, prefix + url)
        assert feed.entries, url
        for entry in feed.entries:
            assert entry.title and entry.link and entry.id
            assert entry.get("published_parsed") or entry.get("updated_parsed")
        text = response.content.decode()
        for word in [*SECRET_WORDS, CLOSED_CASE]:
            assert word not in text, (word, url)


def test_meetings_feed_lists_public_meetings_newest_publication_first(client, site):
    feed = parsed(client, reverse("councils:feed_meetings"))
    assert feed.feed.title == "Nye møder – Referatarkiv"
    assert feed.version == "atom10"
    expected = [site["meeting"], site["earlier"]]
    assert links(feed)[:2] == [m.get_absolute_url() for m in expected]
    assert len(feed.entries) == 3  # and the historical council's meeting; no drafts
    assert site["draft"].get_absolute_url() not in links(feed)
    first = feed.entries[0]
    assert first.title == "Byrådet 6. december 2021 (referat)"
    # the agenda: a closed point only by number
    assert "2. Plan for området" in first.summary and "3. Lukket punkt" in first.summary
    rss = parsed(client, reverse("councils:feed_meetings_rss"))
    assert rss.version == "rss20" and links(rss) == links(feed)


def test_council_feeds_hold_only_that_council(client, site):
    udvalg = site["udvalg"]
    feed = parsed(client, reverse("councils:feed_council", args=[udvalg.slug]))
    assert links(feed) == [site["earlier"].get_absolute_url()]  # the draft meeting is not
    decisions = parsed(client, reverse("councils:feed_decisions", args=[site["byraad"].slug]))
    assert set(links(decisions)) == {
        site["first"].get_absolute_url(),
        site["plan"].get_absolute_url(),
    }  # the closed point has a decision, and is left out
    plan = next(e for e in decisions.entries if e.link.endswith(site["plan"].get_absolute_url()))
    assert plan.title == "Byrådet, 6. december 2021, punkt 2: Plan for området"
    assert "planen evalueres i 2023" in plan.summary and "Godkendt" in plan.summary


def test_case_feed_lists_the_treatments_newest_first(client, site):
    feed = parsed(client, reverse("councils:feed_case", args=[site["case"].number]))
    assert links(feed) == [
        site["plan"].get_absolute_url(),
        site["earlier_item"].get_absolute_url(),
    ]  # the draft's point of the same case is not a treatment yet
    assert feed.feed.title == "Sag 27.15.00-A08-1-21: nye behandlinger"


@pytest.mark.parametrize("query", ["q=plan", "q=plan&udvalg=byraadet", "udfald=godkendt"])
def test_search_feed_has_the_results_of_the_search(client, site, query):
    from django.http import QueryDict

    from councils.views.search import run_query

    feed = parsed(client, f"{reverse('councils:feed_search')}?{query}")
    expected = run_query(QueryDict(query), order="date").results
    assert links(feed) == [hit.item.get_absolute_url() for hit in expected[:50]]
    assert feed.entries
    html = client.get(f"{reverse('councils:search')}?{query}").content.decode()
    found = re.findall(r'<h3><a href="([^"]+)">Punkt', html)
    assert sorted(found) == sorted(links(feed))  # the page shows the same points
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link.endswith(f"resultater.atom?{query}")


def test_search_feed_is_the_engines_date_order(client, site):
    feed = parsed(client, reverse("councils:feed_search") + "?q=plan")
    hits = search("plan", order="date")[:10]
    assert links(feed) == [hit.item.get_absolute_url() for hit in hits]


@pytest.mark.parametrize("query", ["", "?q=", "?q=" + "ord " * 200, "?fra=ikke-en-dato"])
def test_a_search_feed_that_cannot_be_used_is_a_clear_400(client, site, query):
    response = client.get(reverse("councils:feed_search") + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content.decode()) > 20


def test_unknown_and_draft_only_councils_and_cases_are_404(client, site):
    draft_only = f.council("Kun kladder")
    f.meeting(draft_only, status="draft")
    for url in (
        reverse("councils:feed_council", args=["findes-ikke"]),
        reverse("councils:feed_council", args=[draft_only.slug]),
        reverse("councils:feed_decisions", args=[draft_only.slug]),
        reverse("councils:feed_case", args=[CLOSED_CASE]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_feed_holds_at_most_the_named_number_of_entries(client, site, settings):
    settings.FEED_MAX_ITEMS = 2
    assert len(parsed(client, reverse("councils:feed_meetings")).entries) == 2


def test_feeds_send_no_cookies(client, site):
    for url in feed_urls(site):
        assert not client.get(url).cookies, url


@pytest.fixture
def many_meetings(db):
    council = f.council("Store udvalg")
    case = f.case("27.15.00-A08-1-21")
    base = datetime.datetime(2019, 1, 7, 15, 0, tzinfo=f.CPH)
    for n in range(25):
        meeting = f.meeting(council, start=base + datetime.timedelta(days=7 * n))
        for k in range(4):
            f.item(meeting, title=f"Plan nummer {k}", decision=f"Godkendt {k}.", case=case)
        f.item(meeting, title="Lukket", is_closed=True)
    return {"council": council, "case": case}


@pytest.mark.parametrize("published", [1, 25])
def test_feed_query_budget_does_not_grow_with_the_data(
    client, many_meetings, assert_max_db_queries, published
):
    council, case = many_meetings["council"], many_meetings["case"]
    from councils.models import Meeting

    Meeting.objects.filter(pk__in=Meeting.objects.order_by("start")[published:].values("pk")).update(
        status="draft"
    )
    for url in (
        reverse("councils:feed_meetings"),
        reverse("councils:feed_council", args=[council.slug]),
        reverse("councils:feed_decisions", args=[council.slug]),
        reverse("councils:feed_case", args=[case.number]),
        reverse("councils:feed_search") + "?q=plan",
    ):
        with assert_max_db_queries(FEED_BUDGET):
            assert client.get(url).status_code == 200, url


# --- the "Følg" block -------------------------------------------------------------------------


def alternates(html: str) -> list[tuple[str, str]]:
    head = html.split("</head>", 1)[0]
    return re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)"', head)


@pytest.mark.parametrize("page", ["council", "case", "search"])
def test_pages_announce_their_feeds_and_show_a_follow_block(client, site, page):
    url = {
        "council": site["byraad"].get_absolute_url(),
        "case": site["case"].get_absolute_url(),
        "search": reverse("councils:search") + "?q=plan&side=1",
    }[page]
    html = client.get(url).content.decode()
    announced = alternates(html)
    assert {kind for kind, _href in announced} == {"application/atom+xml", "application/rss+xml"}
    for _kind, href in announced:
        parsed(client, href.removeprefix("http://testserver").replace("&amp;", "&"))
    block = re.search(r'<section class="follow" aria-labelledby="foelg">.*?</section>', html, re.S)
    assert block, url
    block = block.group(0)
    assert re.search(r'<h2 id="foelg">Følg[^<]*</h2>', block)
    assert "Få besked på e-mail" in block
    for href in re.findall(r'href="([^"]+)"', block):
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, href
    if page == "search":
        assert "side=" not in block  # a feed of the search, not of its page 1
    if page == "council":
        assert reverse("councils:calendar_council", args=[site["byraad"].slug]) in block


def test_follow_block_is_translated_on_english_pages(client, site):
    html = client.get("/en" + site["byraad"].get_absolute_url()).content.decode()
    block = re.search(r'<section class="follow".*?</section>', html, re.S).group(0)
    assert "/en/udvalg/byraadet/moeder.atom" in block
