"""The people pages (/personer/, /personer/<slug>/) and the votes on a point page: what they
list, the public rule (closed points and drafts name nobody), pagination, query budgets."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from councils.models import Participation, Person
from councils.views.people import PERSON_LIST_PAGE_SIZE, PERSON_ROWS_PAGE_SIZE
from tests import factories as f

from .test_public import QUERY_BUDGET, body, main_of, text_of

SECRET_PEOPLE = ["Fortroligperson", "Kladdeperson"]


@pytest.fixture
def people(site):
    """The public site, with votes and participation in open, closed and draft points."""
    plan = site["plan"]
    plan.decision = (
        "Forslaget blev vedtaget med 5 stemmer for og 2 stemmer imod.\n"
        "Imod stemte Anne Holm (Ø) og Bo Berg (F).\n"
        "Ulla Dam, projektleder, deltog under punktet."
    )
    plan.save()
    first = site["first"]
    first.decision = "Godkendt. Bo Berg (F) deltog ikke i sagens behandling."
    first.save()
    closed = site["closed"]
    closed.decision = "Fortroligperson Navn stemte imod. Anne Holm (Ø) var inhabil."
    closed.save()
    site["draft_item"].decision = "Kladdeperson Navn deltog ikke i sagens behandling."
    site["draft_item"].save()
    return site


def words(html: str) -> str:
    """Visible text with the spaces text_of leaves before punctuation removed."""
    return re.sub(r"\s+([:,.)])", r"\1", text_of(html))


def person(name: str) -> Person:
    return Person.objects.get(name=name)


def test_person_list_is_alphabetical_with_party_letters_and_only_public_persons(client, people):
    html = body(client.get(reverse("councils:person_list")))
    names = re.findall(r'<li><a href="/personer/[^"]+/">([^<]+)</a>', main_of(html))
    assert names == ["Anne Holm", "Bo Berg", "Hanne Hansen", "Peter Jensen", "Ulla Dam"]
    assert "Anne Holm</a> <span class=\"muted\">(Ø)</span>" in html
    for word in SECRET_PEOPLE + ["Fortroligfravær"]:
        assert word not in html
    assert Person.objects.filter(name__startswith="Fortrolig").count() == 2  # they exist


def test_persons_of_closed_points_and_drafts_do_not_exist_publicly(client, people):
    for name in ("Fortroligperson Navn", "Kladdeperson Navn", "Fortroligfravær Person"):
        response = client.get(person(name).get_absolute_url())
        assert response.status_code == 404, name
        assert name not in body(response)


def test_person_page_lists_votes_participation_and_absences_with_links(client, people):
    plan, first = people["plan"], people["first"]
    html = body(client.get(person("Bo Berg").get_absolute_url()))
    main = main_of(html)
    assert "<h1>Bo Berg <span" in main and "(F)" in main
    assert f'href="{plan.get_absolute_url()}"' in main  # the vote
    assert f'href="{first.get_absolute_url()}"' in main  # did not take part
    text = words(main)
    assert "Imod (F)" in text and "Forslaget: vedtaget (5 for, 2 imod)" in text
    assert "Deltog ikke (F)" in text and "Bo Berg (F) deltog ikke i sagens behandling." in text
    assert "1 stemme" in text and "1 registrering" in text
    # Anne Holm's "var inhabil" is in a closed point: not on her page
    anne = text_of(main_of(body(client.get(person("Anne Holm").get_absolute_url()))))
    assert "nhabil" not in anne and "Fortrolig" not in anne
    # an absence of the whole meeting
    hanne = text_of(main_of(body(client.get(person("Hanne Hansen").get_absolute_url()))))
    assert "Hele mødet" in hanne and "Meldt afbud" in hanne


def test_point_page_shows_its_votes_as_a_table_and_its_participation(client, people):
    html = main_of(body(client.get(people["plan"].get_absolute_url())))
    table = re.search(r'<table class="votes">.*?</table>', html, re.S).group(0)
    assert "<caption" in table and "Forslaget</span>: vedtaget" in table
    rows = [words(r).strip() for r in re.findall(r"<tr>.*?</tr>", table, re.S)]
    assert rows[1:] == ["For 5 ikke nævnt", "Imod 2 Anne Holm (Ø), Bo Berg (F)"]
    assert f'href="{person("Anne Holm").get_absolute_url()}"' in table
    assert '<th scope="row">For</th>' in table
    participation = re.search(r'<ul class="participation-list">.*?</ul>', html, re.S).group(0)
    assert "Ulla Dam</a>: deltog" in participation and "projektleder" in participation


def test_closed_point_shows_no_votes(client, people):
    html = body(client.get(people["closed"].get_absolute_url()))
    assert "votes" not in html and "Fortroligperson" not in html and "inhabil" not in html


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_no_secret_word_on_any_people_page(client, people, prefix):
    urls = [reverse("councils:person_list")] + [
        p.get_absolute_url() for p in Person.objects.public()
    ]
    assert len(urls) == 6
    for url in urls:
        response = client.get(prefix + url)
        assert response.status_code == 200, url
        for word in SECRET_PEOPLE + ["Fortroligfravær", "Kladde", "Fortrolig"]:
            assert word not in body(response), (word, url)


def test_english_people_pages(client, people):
    html = body(client.get("/en" + reverse("councils:person_list")))
    assert '<html lang="en">' in html and "<h1>People</h1>" in html
    html = body(client.get("/en" + person("Bo Berg").get_absolute_url()))
    assert "Absence and participation" in html and "Votes" in html
    assert "Against" in html and "Did not take part" in html
    html = body(client.get("/en" + people["plan"].get_absolute_url()))
    assert "Vote and participation" in html and "<th scope=\"col\">Who</th>" in html


def test_a_merged_persons_old_address_redirects(client, people):
    anne, bo = person("Anne Holm"), person("Bo Berg")
    old = bo.get_absolute_url()
    bo.merge_into(anne)
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == anne.get_absolute_url()
    assert client.get("/personer/findes-ikke/").status_code == 404


def test_danish_alphabetical_order(client, db):
    meeting = f.meeting()
    f.item(
        meeting,
        decision="Åse Holm, Ærenfried Berg, Øjvind Dam, Zenia Krog og Émile Lund stemte for.",
    )
    html = main_of(body(client.get(reverse("councils:person_list"))))
    names = re.findall(r'<li><a href="/personer/[^"]+/">([^<]+)</a>', html)
    assert names == ["Émile Lund", "Zenia Krog", "Ærenfried Berg", "Øjvind Dam", "Åse Holm"]
    headings = re.findall(r"<h2 id=\"bogstav-\d+\">(.)</h2>", html)
    assert headings == ["É", "Z", "Æ", "Ø", "Å"]


def test_a_point_absence_repeating_the_meetings_is_listed_once(client, db):
    meeting = f.meeting()
    f.absence(meeting, name="Karen Bro (C)")
    for _n in range(3):
        f.absence(meeting, name="Karen Bro (C)", item_obj=f.item(meeting, decision="Godkendt."))
    assert Participation.objects.filter(person__name="Karen Bro").count() == 4
    html = text_of(main_of(body(client.get(person("Karen Bro").get_absolute_url()))))
    assert "1 registrering" in html and "Hele mødet" in html


# --- pagination and query budgets ------------------------------------------------------------


@pytest.fixture
def busy_person(db):
    """One person in many points (votes and participation), and many persons."""
    council = f.council("Store udvalg")
    base = datetime.datetime(2019, 1, 7, 15, 0, tzinfo=f.CPH)
    for n in range(PERSON_ROWS_PAGE_SIZE + 10):
        m = f.meeting(council, start=base + datetime.timedelta(days=7 * n))
        f.item(
            m,
            title=f"Sag nummer {n}",
            decision=f"Travl Person (A) stemte imod. Travl Person (A) deltog ikke i punktet. "
            f"Medlem{n} Hansen stemte for.",
        )
    return Person.objects.get(name="Travl Person")


def test_person_page_is_paginated_per_list(client, busy_person):
    url = busy_person.get_absolute_url()
    first = main_of(body(client.get(url)))
    assert first.count("Sag nummer") == 2 * PERSON_ROWS_PAGE_SIZE
    assert "Sag nummer 59" in first and "Sag nummer 0<" not in first  # newest first
    second = main_of(body(client.get(url + "?stemmer=2")))
    votes = second.split('id="stemmer"')[1]
    assert votes.count("Sag nummer") == 10 and "Sag nummer 0<" in votes
    assert second.split('id="stemmer"')[0].count("Sag nummer") == PERSON_ROWS_PAGE_SIZE
    assert 'href="?stemmer=1"' in second and 'aria-current="page"' in second
    assert client.get(url + "?stemmer=99").status_code == 200  # the last page


def test_person_list_is_paginated(client, busy_person):
    response = client.get(reverse("councils:person_list"))
    html = main_of(body(response))
    assert html.count('<li><a href="/personer/') == min(61, PERSON_LIST_PAGE_SIZE)
    assert "61 personer" in text_of(html)


def test_people_pages_query_budgets(client, busy_person, django_assert_max_num_queries):
    item = busy_person.votes.first().ballot.agenda_item
    from tests.views.test_public import NEIGHBOUR_QUERIES, SAMPLE_MARKER_QUERIES

    for url, extra in (
        (reverse("councils:person_list"), 0),
        (busy_person.get_absolute_url(), 0),
        (busy_person.get_absolute_url() + "?deltagelse=2&stemmer=2", 0),
        # the point page also finds its previous/next point and asks for "Eksempeldata"
        (item.get_absolute_url(), NEIGHBOUR_QUERIES + SAMPLE_MARKER_QUERIES),
    ):
        with django_assert_max_num_queries(QUERY_BUDGET + extra):
            assert client.get(url).status_code == 200


def test_meetings_status_is_not_read_in_view_code():
    """The people views go through the public querysets (checked for every view module by
    tests/models/test_package.py); this one names the module so a rename is noticed."""
    from tests.models.test_package import COUNCILS, rule_restatements

    source = (COUNCILS / "views" / "people.py").read_text(encoding="utf-8")
    assert rule_restatements(source) == []
