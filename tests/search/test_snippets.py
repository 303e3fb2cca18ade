"""Snippets never show a journal number as loose tokens ("Godkendt 27 15 00 A08 1 21 …"):
the number is indexed with the decision, but a snippet shows it only where the text prints
it, as printed. On the database in use (SQLite, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection

from councils.models import SearchDocument
from councils.search import search
from councils.search.postgres import CUT, EXCERPT_CHARS
from tests import factories as f

pytestmark = pytest.mark.django_db
LOOSE = re.compile(r"27 15 00|A08 1 21")


@pytest.fixture
def points(db):
    council = f.council("Socialudvalget")
    meeting = f.meeting(council, datetime.datetime(2022, 4, 6, 16, 30, tzinfo=f.CPH))
    plain = f.searchable_item(
        "Eventuelt",
        meeting_obj=meeting,
        decision="Godkendt",
        case_number="27.15.00-A08-1-21",
    )
    printed = f.searchable_item(
        "Orientering om boligsocial indsats",
        meeting_obj=meeting,
        decision="Godkendt",
        sagsfremstilling="Sagen har journalnummer 27.15.00-A08-1-21 og handler om boliger.",
        case_number="27.15.00-A08-1-21",
    )
    no_decision = f.searchable_item(
        "Meddelelser",
        meeting_obj=meeting,
        decision="",
        case_number="27.15.00-A08-1-21",
    )
    return plain, printed, no_decision


def snippets(query: str) -> dict[str, str]:
    return {h.item.title: str(h.snippet) for h in search(query)[0:10]}


def test_the_decision_snippet_has_no_journal_tokens(points):
    found = snippets("godkendt")
    assert found["Eventuelt"] == "<mark>Godkendt</mark>"
    for snippet in found.values():
        assert not LOOSE.search(snippet), snippet


def test_a_journal_number_query_finds_the_points_but_shows_no_tokens(points):
    for query in ("27.15.00-A08-1-21", "A08", "27.15.00"):
        found = snippets(query)
        assert set(found) == {"Eventuelt", "Orientering om boligsocial indsats", "Meddelelser"}
        for snippet in found.values():
            assert not LOOSE.search(snippet), (query, snippet)


def test_a_number_printed_in_the_text_is_shown_as_printed(points):
    found = snippets("boliger")
    assert "27.15.00-A08-1-21" in found["Orientering om boligsocial indsats"]
    assert not LOOSE.search(found["Orientering om boligsocial indsats"])


# -- PostgreSQL: snippets from the excerpt stored in the index -----------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored excerpt is PostgreSQL's"
)


@postgres_only
def test_the_index_stores_a_bounded_excerpt_cut_at_a_word(db):
    filler = "Kommunen drøfter planen for området. " * 400  # ~15,000 characters
    item = f.searchable_item("Lokalplan", sagsfremstilling=filler + "Udbygning af havnen.")
    stored = SearchDocument.objects.get(item=item).excerpt
    assert stored.startswith("Godkendt\n")
    assert stored.endswith(CUT) and len(stored) <= EXCERPT_CHARS + len(CUT)
    assert stored[: -len(CUT)].split()[-1] in {"Kommunen", "drøfter", "planen", "for",
                                               "området."}
    short = f.searchable_item("Kort punkt", resume="Et kort resume.")
    assert SearchDocument.objects.get(item=short).excerpt == "Godkendt\nEt kort resume."


@postgres_only
def test_snippets_come_from_the_stored_excerpt_and_say_when_it_was_cut(db):
    filler = "Kommunen drøfter planen for området. " * 400
    f.searchable_item("Lokalplan", sagsfremstilling="Havnen udbygges. " + filler)
    found = snippets("havnen")
    assert found["Lokalplan"].startswith("Godkendt <mark>Havnen</mark> udbygges.")
    assert found["Lokalplan"].endswith(" …")
    # A word only past the excerpt still finds the point; its snippet is the excerpt's start.
    f.searchable_item("Anden plan", sagsfremstilling=filler + "Vindmøller opstilles.")
    found = snippets("vindmøller")
    assert found["Anden plan"].startswith("Godkendt Kommunen drøfter")
    assert found["Anden plan"].endswith(" …") and "<mark>" not in found["Anden plan"]


@postgres_only
def test_points_indexed_before_excerpts_were_stored_read_their_rows(points):
    SearchDocument.objects.update(excerpt=None)
    found = snippets("boliger")
    assert "handler om <mark>boliger</mark>" in found["Orientering om boligsocial indsats"]
    assert "27.15.00-A08-1-21" in found["Orientering om boligsocial indsats"]
