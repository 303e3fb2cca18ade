"""The vocabulary of "Mente du …?": what enters it, how it follows changes, what is suggested.

Runs on the database in use (SQLite by default, PostgreSQL with DATABASE_URL): the stems and
counts come from each database's own index.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from councils.models import AgendaItem, Meeting, SearchWord, Section
from councils.search import parse_query
from councils.search.vocabulary import (
    correct,
    osa_distance,
    rebuild,
    restorations,
    suggest,
)
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("councils:search")


@pytest.fixture
def archive(db):
    social = f.council("Socialudvalget")
    m1 = f.meeting(social, datetime.datetime(2015, 3, 25, 15, 0, tzinfo=f.CPH))
    m2 = f.meeting(social, datetime.datetime(2016, 4, 6, 15, 0, tzinfo=f.CPH))
    draft = f.meeting(
        social, datetime.datetime(2024, 1, 10, 15, 0, tzinfo=f.CPH), status=Meeting.Status.DRAFT
    )
    items = {
        "hjem": f.searchable_item(
            "Indsats for hjemløse borgere",
            meeting_obj=m1,
            resume="Hjemløse borgere i byen får et tilbud.",
            case_number="27.15.00-A08-1-21",
        ),
        "aeldre": f.searchable_item(
            "Plejeboliger til ældre",
            meeting_obj=m1,
            resume="Ældre medborgere og ældre par.",
        ),
        "psyk": f.searchable_item(
            "Psykiatriens Hus",
            meeting_obj=m2,
            resume="Etablering af Psykiatriens Hus ved skolen.",
        ),
        "closed": f.searchable_item(
            "Salg af grund ved Kragsvej",
            meeting_obj=m2,
            resume="Hemmelig pris for grunden ved Kragsvej til Zebrafirmaet.",
            is_closed=True,
        ),
        "draft": f.searchable_item(
            "Kladde om Vandtårnet",
            meeting_obj=draft,
            resume="Udkast om Vandtårnet og Kragsvej.",
        ),
    }
    return items


def words() -> set[str]:
    return set(SearchWord.objects.values_list("word", flat=True))


def frequencies() -> dict[str, int]:
    return dict(SearchWord.objects.values_list("stem", "frequency"))


def suggestion(query: str):
    found = suggest(parse_query(query))
    return found.query if found else None


def test_public_words_enter_with_their_stem_and_point_count(archive):
    vocabulary = words()
    assert {"hjemløse", "borgere", "ældre", "psykiatriens", "hus"} <= vocabulary
    row = SearchWord.objects.get(word="ældre")
    assert row.frequency == 1  # one point has it (three times)
    assert SearchWord.objects.get(word="hus").frequency == 1
    # Numbers and journal-number parts are not words.
    assert not {"27", "15", "a08", "2015"} & vocabulary


def test_closed_and_draft_points_never_enter(archive):
    vocabulary = words()
    assert not {"kragsvej", "zebrafirmaet", "hemmelig", "vandtårnet", "kladde"} & vocabulary
    for query in ("kragsvej", "kragsve", "zebrafirmat", "vandtarnet", "hemmlig"):
        assert suggestion(query) is None, query


def test_a_point_closed_or_unpublished_later_takes_its_words_away(archive):
    item = archive["psyk"]
    assert "psykiatriens" in words()
    item.is_closed = True
    item.save()
    assert not {"psykiatriens", "etablering"} & words()
    assert suggestion("psykiatrins") is None
    item.is_closed = False
    item.save()
    assert "psykiatriens" in words()
    meeting = archive["aeldre"].meeting
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    assert "ældre" not in words() and "hjemløse" not in words()
    assert suggestion("aeldre") is None


def test_edits_and_deletes_keep_the_counts_of_a_rebuild(archive):
    f.searchable_item(
        "Flere hjemløse", meeting_obj=archive["psyk"].meeting, resume="Borgere uden bolig."
    )
    assert SearchWord.objects.get(word="hjemløse").frequency == 2
    section = archive["hjem"].sections.get(kind=Section.Kind.RESUME)
    section.text = "Nu står der noget om Vestergade."
    section.save()
    archive["aeldre"].delete()
    assert "vestergade" in words() and "ældre" not in words()
    incremental = frequencies()
    rebuild()
    assert frequencies() == incremental
    assert SearchWord.objects.get(word="hjemløse").frequency == 2


def test_hjemlose_suggests_hjemlose_with_oe(archive):
    assert suggestion("hjemlose") == "hjemløse"
    assert suggestion("Hjemlose borgere") == "Hjemløse borgere"


def test_aeldre_suggests_aeldre(archive):
    assert suggestion("aeldre") == "ældre"
    assert "ældre" in restorations("aeldre")


def test_a_one_letter_typo_is_corrected(archive):
    assert suggestion("borgerr") == "borgere"  # one letter too many
    assert suggestion("plejebliger") == "plejeboliger"  # one missing
    assert suggestion("psykiatrien hsu") == "psykiatrien hus"  # swapped; a known stem stays


def test_no_suggestion_for_words_in_the_vocabulary(archive):
    assert suggestion("hjemløse") is None
    assert suggestion("ældre borgere") is None
    assert suggestion("psykiatrien") is None  # not a form here, but its stem is
    assert correct("xqzvw") is None


def test_excluded_words_and_journal_numbers_are_left_alone(archive):
    assert suggestion("hjemlose -borgre") == "hjemløse -borgre"
    assert suggestion("27.15.00-A08 hjemlose") == "27.15.00-A08 hjemløse"


def test_distance_is_optimal_string_alignment():
    assert osa_distance("hsu", "hus", 1) == 1
    assert osa_distance("borgre", "borger", 2) == 1
    assert osa_distance("abc", "xyz", 1) == 2  # stopped past the limit


def test_the_page_offers_one_click_on_the_suggestion_keeping_the_filters(client, archive):
    response = client.get(URL, {"q": "hjemlose", "udvalg": "socialudvalget"})
    body = response.content.decode()
    assert "0 resultater" in body
    assert "Mente du:" in body
    assert '<strong>hjemløse</strong></a>?' in body
    link = body.split('<p class="suggestion">')[1].split('href="')[1].split('"')[0]
    assert "udvalg=socialudvalget" in link and "q=hjeml%C3%B8se" in link
    followed = client.get(URL + link.replace("&amp;", "&"))
    assert "1 resultat" in followed.content.decode()
    assert '<p class="suggestion">' not in followed.content.decode()


def test_no_suggestion_when_it_would_find_nothing_more(client, archive):
    # With a filter that leaves nothing, the corrected word finds nothing either.
    body = client.get(URL, {"q": "hjemlose", "aar": "2016"}).content.decode()
    assert '<p class="suggestion">' not in body
    body = client.get(URL, {"q": "hjemløse"}).content.decode()
    assert '<p class="suggestion">' not in body


def test_vocabulary_is_built_by_rebuild_search_index(archive):
    from django.core.management import call_command

    SearchWord.objects.all().delete()
    call_command("rebuild_search_index", "--vocabulary-only", stdout=open("/dev/null", "w"))
    assert "hjemløse" in words()
    count = len(words())
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert len(words()) == count


def test_stems_are_the_index_own(archive):
    row = SearchWord.objects.get(word="borgere")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT (ts_lexize('danish_stem', 'borgere'))[1]")
            assert row.stem == cursor.fetchone()[0]
    else:
        from councils.search.text import stem

        assert row.stem == stem("borgere")
    assert AgendaItem.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_corrected_file_keeps_the_counts_of_a_rebuild(seed_files, tmp_path, settings):
    """A corrected referat updates its meeting in place (points kept, changed, dropped):
    the vocabulary follows through the same signals as the index."""
    from councils.importer import import_file

    settings.MEDIA_ROOT = tmp_path
    path = seed_files[0]
    text = path.read_text(encoding="utf-8")
    first = import_file(text.encode(), path.name)
    assert first.outcome == "imported"
    assert "zyxomatik" not in words()
    corrected = text.replace("Godkendt", "Godkendt zyxomatik", 1)
    result = import_file(corrected.encode(), "rettet-" + path.name)
    assert result.meeting.pk == first.meeting.pk  # the same meeting, updated in place
    assert "zyxomatik" in words()
    incremental = frequencies()
    rebuild()
    assert frequencies() == incremental
