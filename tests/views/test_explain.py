"""Every public page reads meetings and points through an index (PostgreSQL).

Each page is requested and its SQL captured; every captured SELECT is then EXPLAINed with
``enable_seqscan = off``: PostgreSQL still plans a sequential scan when no index can serve the
query (at a prohibitive cost), so a ``Seq Scan`` on the meetings or points table in any plan
means that a browse path has no usable index. The data is a few thousand points (bulk
written) beside the page fixtures, analysed so the planner knows the tables' sizes.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import AgendaItem, Meeting
from tests import factories as f

TABLES = ("councils_meeting", "councils_agendaitem")
# Pages that find a council by slug or a case by number must not scan those tables either.
LOOKUP_TABLES = {
    "council": ("councils_council",),
    "council year": ("councils_council",),
    "meeting": ("councils_council",),
    "point": ("councils_council",),
    "case": ("councils_case",),
    "case page 2": ("councils_case",),
}
MEETINGS, POINTS_PER_MEETING = 400, 10


@pytest.fixture
def many(site):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are checked on PostgreSQL (set DATABASE_URL)")
    councils = [site["byraad"], site["udvalg"], f.council("Teknisk Udvalg")]
    case = site["case"]
    base = datetime.datetime(2005, 1, 3, 15, 0, tzinfo=f.CPH)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            council=councils[n % 3],
            start=base + datetime.timedelta(days=7 * n, hours=n % 3),
            printed_council_name="x",
            status=Meeting.Status.PUBLISHED if n % 20 else Meeting.Status.DRAFT,
        )
        for n in range(MEETINGS)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=m,
            number=k,
            position=k,
            title=f"Punkt {k}",
            decision="Godkendt.",
            case=case if k == 1 else None,
            is_closed=k == POINTS_PER_MEETING,
        )
        for m in meetings
        for k in range(1, POINTS_PER_MEETING + 1)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return site


def page_urls(site) -> dict[str, str]:
    return {
        "home": reverse("councils:home"),
        "council": site["byraad"].get_absolute_url(),
        "council year": site["byraad"].get_absolute_url() + "?aar=2010",
        "meeting": site["meeting"].get_absolute_url(),
        "point": site["plan"].get_absolute_url(),
        "case": site["case"].get_absolute_url(),
        "case page 2": site["case"].get_absolute_url() + "?side=2",
        "search": reverse("councils:search") + "?q=plan",
        "search by date": reverse("councils:search") + "?q=plan&sortering=dato",
    }


def plans_with_seq_scans(sqls, tables=TABLES) -> list[str]:
    bad = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in sqls:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            if any(re.search(rf"Seq Scan on {t}\b", plan) for t in tables):
                bad.append(f"{sql}\n{plan}")
        cursor.execute("SET LOCAL enable_seqscan = on")
    return bad


@pytest.mark.parametrize(
    "page",
    ["home", "council", "council year", "meeting", "point", "case", "case page 2", "search",
     "search by date"],
)
def test_no_public_page_scans_the_meetings_or_points_table(client, many, page, settings):
    url = page_urls(many)[page]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    table = settings.DATABASE_CACHE_TABLE
    sqls = [
        q["sql"]
        for q in captured
        if q["sql"].lstrip().upper().startswith("SELECT")
        and table not in q["sql"]
        and any(t in q["sql"] for t in TABLES)
    ]
    assert sqls, "the page read no meetings or points"
    bad = plans_with_seq_scans(sqls, TABLES + LOOKUP_TABLES.get(page, ()))
    assert not bad, f"{page}: {len(bad)} of {len(sqls)} queries scan a table:\n\n" + "\n\n".join(
        bad
    )


def test_the_check_sees_a_query_no_index_serves(many):
    """The detector itself: a filter on an unindexed column must show up as a Seq Scan."""
    assert plans_with_seq_scans(["SELECT id FROM councils_agendaitem WHERE title = 'x'"])
    assert not plans_with_seq_scans(["SELECT id FROM councils_agendaitem WHERE meeting_id = 1"])
