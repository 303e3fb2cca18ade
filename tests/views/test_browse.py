"""Bounded browse pages (issue 13) and case pages titled by the case (issue 14): page sizes,
year navigation, the point page's nearest treatments, cached home counts."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command

from councils.models import AgendaItem, Case
from councils.views import public
from tests import factories as f


def day(year: int, month: int, d: int) -> datetime.datetime:
    return datetime.datetime(year, month, d, 10, 0, tzinfo=f.CPH)


def body(response) -> str:
    return response.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def h1(html: str) -> str:
    return text_of(re.search(r"<h1.*?</h1>", html, re.S).group(0))


@pytest.fixture
def long_case(db):
    """One case treated 12 times in two councils (titles: 9 × "Godkendelse af dagsorden",
    3 others), and a closed point of it that must never be counted or shown."""
    case = f.case("00.01.00-A00-1-20")
    councils = [f.council("Økonomiudvalget"), f.council("Byrådet")]
    base = datetime.datetime(2020, 1, 6, 15, 0, tzinfo=f.CPH)
    items = []
    for n in range(12):
        meeting = f.meeting(councils[n % 2], start=base + datetime.timedelta(days=7 * n))
        title = "Godkendelse af dagsorden" if n % 4 else f"Særskilt punkt {n}"
        items.append(f.item(meeting, number=1, title=title, case=case, decision=f"Beslutning {n}"))
    f.item(items[5].meeting, number=2, title="Hemmeligt", case=case, is_closed=True)
    return {"case": case, "items": items}


def test_case_page_is_paginated_with_a_named_page_size(client, long_case, monkeypatch):
    monkeypatch.setattr(public, "CASE_PAGE_SIZE", 5)
    url = long_case["case"].get_absolute_url()
    html = body(client.get(url))
    assert html.count('class="timeline__entry"') == 5
    assert "12 behandlinger" in text_of(html)
    assert "Side 1 af 3" in text_of(html)
    assert "Beslutning 0" in html and "Beslutning 5" not in html
    last = body(client.get(url + "?side=3"))
    assert last.count('class="timeline__entry"') == 2
    assert "Beslutning 11" in last and '<ol class="timeline" start="11">' in last
    assert "Hemmeligt" not in html + last
    # a page past the end shows the last page, not an error
    assert client.get(url + "?side=99").status_code == 200


def test_case_is_titled_by_its_most_frequent_point_title_with_mfl(client, long_case):
    html = body(client.get(long_case["case"].get_absolute_url()))
    assert h1(html) == "Sag 00.01.00-A00-1-20 · KLE 00.01.00 Godkendelse af dagsorden m.fl."
    assert "<title>Sag 00.01.00-A00-1-20: Godkendelse af dagsorden m.fl. – " in html


def test_case_with_one_title_has_no_mfl(client, db):
    case = f.case("27.15.00-G01-3-22")
    council = f.council("Socialudvalget")
    for n in range(2):
        meeting = f.meeting(council, start=day(2022, 3, 1 + n))
        f.item(meeting, number=1, title="Boligsocial plan", case=case)
    html = body(client.get(case.get_absolute_url()))
    assert h1(html).endswith("Boligsocial plan")
    assert "m.fl." not in html


def test_the_readme_example_case_is_titled_by_the_case_not_its_latest_point(
    client, db, seed_files, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seed = next(p for p in seed_files if p.name.startswith("000_"))
    call_command("import_referater", str(seed), stdout=io.StringIO(), stderr=io.StringIO())
    case = Case.objects.get(number="27.15.00-A08-1-21")
    html = body(client.get(case.get_absolute_url()))
    heading = h1(html)
    assert heading.startswith("Sag 27.15.00-A08-1-21 · KLE 27.15.00 ")
    assert heading.endswith(" m.fl.")  # a meeting-administration number: unrelated titles
    assert "Eventuelt" not in heading
    first = case.timeline().first()
    assert first.title in heading  # every title occurs once: the one treated first
    assert 'href="https://www.kle-online.dk/emneplan/27/15/00/"' in html
    assert html.count('class="timeline__entry"') == case.timeline().count()


def test_point_sidebar_shows_the_nearest_treatments_and_links_to_its_case_page(
    client, long_case, monkeypatch
):
    monkeypatch.setattr(public, "SIDEBAR_TREATMENTS", 2)
    monkeypatch.setattr(public, "CASE_PAGE_SIZE", 5)
    items = long_case["items"]
    html = body(client.get(items[7].get_absolute_url()))
    aside = re.search(r"<aside.*?</aside>", html, re.S).group(0)
    shown = re.findall(r"<li.*?</li>", aside, re.S)
    assert len(shown) == 5  # 2 before, this one, 2 after
    assert 'aria-current="page"' in shown[2]
    for other in (items[5], items[6], items[8], items[9]):
        assert f'href="{other.get_absolute_url()}"' in aside
    assert f'href="{items[4].get_absolute_url()}"' not in aside
    assert "behandlet 12 gange" in text_of(aside)
    case_url = long_case["case"].get_absolute_url()
    # point 8 of 12 is on page 2 of the case page (5 a page)
    assert f'href="{case_url}?side=2#punkt-{items[7].pk}"' in aside
    assert "Vis alle 12 behandlinger" in text_of(aside)
    first = body(client.get(items[0].get_absolute_url()))
    first_aside = re.search(r"<aside.*?</aside>", first, re.S).group(0)
    assert len(re.findall(r"<li", first_aside)) == 3  # nothing before the first
    assert f'href="{case_url}#punkt-{items[0].pk}"' in first_aside


def test_short_case_sidebar_has_no_vis_alle(client, site):
    aside = re.search(r"<aside.*?</aside>", body(client.get(site["plan"].get_absolute_url())), re.S)
    assert "Vis alle" not in aside.group(0)


def test_home_counts_come_from_a_cached_aggregate(client, site, assert_max_db_queries):
    client.get("/")  # computes and caches the counts and the council list
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    counted = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    # no count of all meetings, points or cases: only the 8 newest meetings' point counts
    assert not any("councils_case" in sql for sql in counted)
    assert all("LIMIT" in sql or "U0" in sql for sql in counted), counted
    # a new meeting (post_save) moves the archive's version: the counts follow at once
    f.item(f.meeting(site["udvalg"], start=day(2022, 5, 2)), number=1, title="Ny")
    assert "4 møder" in text_of(body(client.get("/")))


def test_council_year_counts_are_per_year_and_follow_new_meetings(client, site):
    udvalg = site["udvalg"]
    html = body(client.get(udvalg.get_absolute_url()))
    assert '<nav class="year-nav"' not in html  # one year only: no navigation
    f.meeting(udvalg, start=day(2020, 2, 2))
    html = body(client.get(udvalg.get_absolute_url()))
    nav = text_of(re.search(r'<nav class="year-nav".*?</nav>', html, re.S).group(0))
    assert nav == "2021 (1 møde) 2020 (1 møde)"


def test_every_list_page_size_is_named():
    from councils.views import people, search

    assert public.CASE_PAGE_SIZE == 50
    assert public.SIDEBAR_TREATMENTS == 5
    assert public.HOME_LATEST_MEETINGS == 8
    assert search.PAGE_SIZE > 0 and people.PERSON_LIST_PAGE_SIZE > 0


def test_point_counts_are_correct_with_closed_points(client, site):
    meeting = site["meeting"]
    from councils.models import Meeting

    row = Meeting.objects.with_point_counts().get(pk=meeting.pk)
    assert (row.point_count, row.closed_count) == (3, 1)
    empty = f.meeting(site["udvalg"], start=day(2020, 1, 1))
    row = Meeting.objects.with_point_counts().get(pk=empty.pk)
    assert (row.point_count, row.closed_count) == (0, 0)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 3


def test_case_outline_is_read_once_and_follows_a_new_treatment(client, long_case):
    """The case page and the point page read the whole case once per version of the archive
    (its ids, period, councils and title); a new treatment moves the version at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case, items = long_case["case"], long_case["items"]
    client.get(case.get_absolute_url())  # computes and caches the outline
    for url in (case.get_absolute_url(), items[7].get_absolute_url()):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        whole_case = [
            q["sql"] for q in captured
            if re.search(r'"councils_agendaitem"\."case_id" = \d', q["sql"])
            and '"councils_agendaitem"."id" IN (' not in q["sql"]
        ]
        assert whole_case == [], whole_case  # only the shown treatments, by id
    meeting = f.meeting(items[1].meeting.council, start=day(2021, 1, 4))
    f.item(meeting, number=1, title="Godkendelse af dagsorden", case=case, decision="Ny")
    text = text_of(body(client.get(case.get_absolute_url())))
    assert "13 behandlinger" in text and "4. januar 2021" in text
    assert "behandlet 13 gange" in text_of(body(client.get(items[0].get_absolute_url())))


def test_case_title_ties_go_to_the_title_treated_first():
    start = datetime.datetime(2020, 1, 1, tzinfo=f.CPH)
    later = start + datetime.timedelta(days=1)
    rows = [(1, start, 2, "B", "x"), (2, later, 1, "A", "x"), (3, later, 3, "B", "x"),
            (4, later, 4, "A", "x")]
    assert public.case_title(rows) == ("B", True)  # 2 each: B was treated first
    assert public.case_title(rows[:1]) == ("B", False)
    assert public.case_title([]) == ("", False)


def test_case_councils_are_in_danish_alphabetical_order(client, db):
    case = f.case("00.01.00-A00-9-24")
    for n, name in enumerate(["Ældrerådet", "Åbyudvalget", "Økonomiudvalget", "Byrådet"]):
        f.item(f.meeting(f.council(name), start=day(2024, 1, 2 + n)), number=1, case=case)
    html = body(client.get(case.get_absolute_url()))
    councils = text_of(re.search(r"Behandlet i</dt><dd>(.*?)</dd>", html, re.S).group(1))
    assert councils == "Byrådet, Ældrerådet, Økonomiudvalget, Åbyudvalget"
