"""Previous/next point on the point page, previous/next meeting of the council on the meeting
page, the visible permalink and the "Personer" link of the main menu."""

from __future__ import annotations

import datetime
import re

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def pager_links(html: str) -> dict[str, tuple[str, str]]:
    """rel -> (href, text) of the links in the page's pager(s)."""
    found = {}
    for href, rel, text in re.findall(r'<a href="([^"]+)" rel="(prev|next)">(.*?)</a>', html, re.S):
        found[rel] = (href, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
    return found


def test_point_links_to_the_points_before_and_after_it(client):
    demo = f.public_demo()
    plan, meeting = demo["plan"], demo["meeting"]
    links = pager_links(body(client.get(plan.get_absolute_url())))
    first, third = meeting.items.order_by("position")[0], meeting.items.order_by("position")[2]
    assert links["prev"][0] == first.get_absolute_url()
    assert "Forrige punkt" in links["prev"][1] and "Godkendelse af dagsorden" in links["prev"][1]
    assert links["next"][0] == third.get_absolute_url()
    assert "Næste punkt" in links["next"][1] and "Orientering om regnskab" in links["next"][1]


def test_first_and_last_points_have_one_neighbour_and_a_closed_one_stays_redacted(client):
    demo = f.public_demo()
    items = list(demo["meeting"].items.order_by("position"))
    assert set(pager_links(body(client.get(items[0].get_absolute_url())))) == {"next"}
    before_closed = body(client.get(items[2].get_absolute_url()))
    links = pager_links(before_closed)
    assert links["next"][0] == demo["closed"].get_absolute_url()
    assert "Lukket punkt" in links["next"][1]
    assert "Køb af ejendom" not in before_closed  # the closed point's title is not shown
    last = pager_links(body(client.get(demo["closed"].get_absolute_url())))
    assert set(last) == {"prev"}


def test_meeting_links_to_the_councils_public_meetings_before_and_after(client):
    council, other = f.council("Kulturudvalget"), f.council("Andet udvalg")
    day = datetime.datetime(2022, 3, 1, 16, 0, tzinfo=f.CPH)
    older = f.meeting(council, start=day - datetime.timedelta(days=30))
    f.meeting(council, start=day - datetime.timedelta(days=10), status="draft")  # not public
    f.meeting(other, start=day - datetime.timedelta(days=5))  # another council
    current = f.meeting(council, start=day)
    f.meeting(council, start=day + datetime.timedelta(hours=2))  # same date: same URL
    newer = f.meeting(council, start=day + datetime.timedelta(days=14))
    for m in (older, current, newer):
        f.item(m)
    links = pager_links(body(client.get(current.get_absolute_url())))
    assert links["prev"][0] == older.get_absolute_url()
    assert "Forrige møde" in links["prev"][1] and "30. januar 2022" in links["prev"][1]
    assert links["next"][0] == newer.get_absolute_url()
    assert "15. marts 2022" in links["next"][1]
    assert set(pager_links(body(client.get(older.get_absolute_url())))) == {"next"}
    assert set(pager_links(body(client.get(newer.get_absolute_url())))) == {"prev"}


def test_english_pager_is_translated(client):
    demo = f.public_demo()
    html = body(client.get("/en" + demo["plan"].get_absolute_url()))
    assert "Previous item" in html and "Next item" in html
    assert "Forrige" not in html and "Næste" not in html


def test_point_shows_its_permalink_without_javascript(client):
    demo = f.public_demo()
    url = demo["plan"].get_absolute_url()
    html = body(client.get(url))
    assert f'<a href="http://testserver{url}" data-copy-link>http://testserver{url}</a>' in html
    # the button comes from a static, deferred script (CSP: no inline script)
    assert re.search(r'<script src="/static/js/copy-link\.js" defer></script>', html)
    assert "<script>" not in html
    assert 'id="copy-link-status"' in html and 'role="status"' in html


def test_main_menu_links_to_people(client):
    html = body(client.get("/"))
    nav = html.split('aria-label="Hovedmenu"')[1].split("</nav>")[0]
    assert '<a href="/personer/"' in nav and ">Personer</a>" in nav
    people = body(client.get("/personer/"))
    nav = people.split('aria-label="Hovedmenu"')[1].split("</nav>")[0]
    assert '<a href="/personer/" aria-current="page">' in nav


@pytest.mark.page_cache
def test_cached_meeting_page_gets_the_next_meeting_link_when_one_is_published(client):
    from django.core.cache import cache

    cache.clear()
    council = f.council("Kulturudvalget")
    day = datetime.datetime(2022, 3, 1, 16, 0, tzinfo=f.CPH)
    current = f.meeting(council, start=day)
    f.item(current)
    url = current.get_absolute_url()
    assert 'rel="next"' not in body(client.get(url))
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
    later = f.meeting(council, start=day + datetime.timedelta(days=14), status="draft")
    f.item(later)
    later.status = "published"
    later.save()  # the council's scope moves: the meeting page is rendered again
    links = pager_links(body(client.get(url)))
    assert links["next"][0] == later.get_absolute_url()


@pytest.mark.page_cache
def test_cached_pages_show_eksempeldata_once_the_municipality_is_marked(client):
    from django.core.cache import cache

    cache.clear()
    demo = f.public_demo()
    urls = [
        "/",
        demo["byraad"].get_absolute_url(),
        demo["meeting"].get_absolute_url(),
        demo["plan"].get_absolute_url(),
    ]
    for url in urls:
        assert "sample-banner" not in body(client.get(url))
        assert client.get(url).headers.get("X-Page-Cache") == "hit", url
    municipality = demo["byraad"].municipality
    municipality.is_sample = True
    municipality.save()
    for url in urls:
        assert 'class="sample-banner"' in body(client.get(url)), url
