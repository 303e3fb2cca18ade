"""search() on the factory corpus: Danish word forms, syntax, visibility, filters, facets,
snippets and ranking. Runs on whichever database DATABASE_URL selects (CI: both)."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from councils.models import AgendaItem, Council, SearchDocument
from councils.search import search
from tests.search.conftest import hit_titles

pytestmark = pytest.mark.django_db


def ids(results):
    return {h.item.pk for h in results[0:1000]}


def test_backend_matches_the_database(corpus):
    assert search("hjemløse").backend.vendor == connection.vendor


def test_word_forms_and_compounds(corpus):
    found = ids(search("hjemløse"))
    # hjemløshed (same stem) and hjemløsestrategien (compound, prefix on the stem).
    assert {corpus["act"].pk, corpus["workshop"].pk, corpus["strategi"].pk} <= found


def test_title_match_ranks_above_body_match(corpus):
    from tests import factories as f

    meeting = corpus["psyk"].meeting
    body = f.searchable_item(
        "Trafikplan", meeting_obj=meeting, sagsfremstilling="En ny cykelsti langs åen."
    )
    title = f.searchable_item("Cykelsti langs åen", meeting_obj=meeting, resume="Anlæg.")
    assert [h.item.pk for h in search("cykelsti")[0:2]] == [title.pk, body.pk]
    assert hit_titles(search("hjemløsestrategien"))[0] == "Orientering om hjemløsestrategien"


def test_phrase(corpus):
    assert ids(search('"Psykiatriens Hus"')) == {corpus["psyk"].pk}
    assert ids(search('"Hus Psykiatriens"')) == set()


def test_exclusion(corpus):
    found = ids(search("psykiatri -udsatte"))
    assert corpus["psyk"].pk in found
    assert corpus["psyk_udsat"].pk not in found


def test_or(corpus):
    assert ids(search("tagterrasse OR færgen")) == {corpus["psyk"].pk, corpus["aero"].pk}
    assert ids(search("tagterrasse færgen")) == set()


def test_hyphenated_words(corpus):
    assert corpus["act"].pk in ids(search("ACT-projektet"))


def test_case_folds_danish_letters(corpus):
    assert ids(search("ærø")) == {corpus["aero"].pk}
    assert ids(search("ÆRØ")) == {corpus["aero"].pk}
    assert ids(search("Århus")) == {corpus["aero"].pk}
    assert ids(search("båden")) == {corpus["aero"].pk}


def test_aa_ae_oe_do_not_find_danish_letters_and_a_is_not_aa(corpus):
    # Documented decision (councils/search/text.py): digraphs are not folded.
    assert ids(search("aeroe")) == set()
    assert ids(search("Aarhus")) == {corpus["aero"].pk}  # spelled so in the text
    assert ids(search("baden")) == set()  # å is not folded to a
    assert ids(search("faergen")) == set()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("27.15.00-A08-1-21", {"act", "workshop"}),
        ("27.15.00-a08-1-21", {"act", "workshop"}),
        ("27.15.00", {"act", "workshop", "strategi"}),
        ("27.15.00-A08-1", {"act", "workshop", "strategi"}),  # serial 1, any year
        ("27.15.00-A08-12", set()),  # whole parts only: -1- is not -12-
        ("27", {"act", "workshop", "strategi", "psyk", "psyk_udsat"}),  # a word of the number
        ("27.00", {"psyk", "psyk_udsat"}),
        ("27.15.00 workshops", {"workshop"}),
        ("27.15.00 -27.15.00-A08-1-14", {"act", "workshop"}),
    ],
)
def test_journal_numbers_match_the_case(corpus, query, expected):
    assert ids(search(query)) == {corpus[k].pk for k in expected}


def test_closed_points_and_drafts_never_appear(corpus):
    for query in ("Kragsvej", "hjemløseherberg", "grund", "Kladde", "hjemløse"):
        results = search(query)
        found = ids(results)
        assert corpus["closed"].pk not in found and corpus["draft"].pk not in found
        snippets = " ".join(str(h.snippet) for h in results[0:100])
        assert "Kragsvej" not in snippets and "Hemmelig" not in snippets
        assert sum(f.count for f in results.facets["council"]) == results.total
    assert search("Kragsvej").total == 0
    assert not SearchDocument.objects.filter(
        pk__in=[corpus["closed"].pk, corpus["draft"].pk]
    ).exists()


def test_publishing_closing_and_editing_keep_the_index_current(corpus):
    draft = corpus["draft"]
    draft.meeting.status = "published"
    draft.meeting.save()
    assert ids(search("Kladde")) == {draft.pk}
    draft.meeting.status = "draft"
    draft.meeting.save()
    assert ids(search("Kladde")) == set()

    act = corpus["act"]
    act.is_closed = True
    act.save()
    assert act.pk not in ids(search("hjemløshed"))
    act.is_closed = False
    act.save()
    assert act.pk in ids(search("hjemløshed"))

    section = act.sections.get(kind="resume")
    section.text = "Nu handler det om cykelstier."
    section.save()
    assert ids(search("cykelstier")) == {act.pk}
    section.delete()
    assert ids(search("cykelstier")) == set()

    act.attachments.create(title="Bilag om vandløb", order=1)
    assert ids(search("vandløb")) == {act.pk}

    act.delete()
    assert search("ACT").total == 0


def test_meetings_imported_signal_indexes_bulk_created_rows(corpus):
    from councils.signals import meetings_imported
    from tests import factories as f

    meeting = f.meeting(Council.objects.get(name="Socialudvalget"))
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, number=1, position=1, title="Klimatilpasning ved åen")]
    )
    assert search("klimatilpasning").total == 0  # bulk_create sends no post_save
    meetings_imported.send(sender=type(meeting), meetings=[meeting])
    assert search("klimatilpasning").total == 1


def test_filters_and_facets_agree(corpus):
    udsat = Council.objects.get(name="Udsatterådet")
    everything = search("hjemløse")
    facets = {f.value.name: f.count for f in everything.facets["council"]}
    assert sum(facets.values()) == everything.total
    narrowed = search("hjemløse", SearchDocument.objects.filter(council=udsat))
    assert narrowed.total == facets["Udsatterådet"]
    assert {h.item.meeting.council for h in narrowed[0:100]} == {udsat}
    years = {f.value: f.count for f in everything.facets["year"]}
    assert sum(years.values()) == everything.total
    assert search("hjemløse", SearchDocument.objects.filter(year=2015)).total == years[2015]


@pytest.mark.parametrize(
    "matched_in, expected",
    [
        ("titel", {"strategi"}),
        ("resume", {"act"}),
        ("sagsfremstilling", {"workshop"}),
        ("", {"strategi", "act", "workshop"}),
    ],
)
def test_matched_in_filter(corpus, matched_in, expected):
    found = ids(search("hjemløse", matched_in=matched_in))
    assert found == {corpus[k].pk for k in expected}


def test_matched_in_decision_and_attachments(corpus):
    assert ids(search("drøftet", matched_in="beslutning")) == {corpus["workshop"].pk}
    assert ids(search("tagterrasse", matched_in="bilag")) == {corpus["psyk"].pk}
    assert ids(search("tagterrasse", matched_in="resume")) == set()


def test_snippets_are_escaped_and_highlight_only_matches(corpus):
    results = search("workshops")
    (hit,) = results[0:10]
    html = str(hit.snippet)
    assert "<mark>workshops</mark>" in html.lower() or "<mark>Workshops</mark>" in html
    assert "<b>" not in html  # escaped (SQLite) or dropped as a tag (ts_headline)
    assert re.sub(r"</?mark>", "", html).count("<") == 0


def test_sort_by_date(corpus):
    results = search("hjemløse", order="date")
    starts = [h.item.meeting.start for h in results[0:10]]
    assert starts == sorted(starts, reverse=True)


def test_recency_boost_is_small_and_breaks_ties(corpus):
    # Same text in 2015 and 2023: the newer meeting ranks first, by at most 15 %.
    from tests import factories as f

    old = f.searchable_item("Vejbump på Kirkegade", meeting_obj=corpus["psyk"].meeting)
    new = f.searchable_item("Vejbump på Kirkegade", meeting_obj=corpus["aero"].meeting)
    hits = search("vejbump")[0:2]
    assert [h.item.pk for h in hits] == [new.pk, old.pk]
    assert hits[0].score <= hits[1].score * 1.16


def test_matching_points_as_a_queryset(corpus):
    matching = search("hjemløse").matching.values("item_id")
    found = AgendaItem.objects.public().open().filter(pk__in=matching)
    assert set(found.values_list("pk", flat=True)) == {
        corpus[k].pk for k in ("strategi", "act", "workshop")
    }


def test_rebuild_gives_the_same_results(corpus):
    from django.core.management import call_command

    before = {q: ids(search(q)) for q in ("hjemløse", '"Psykiatriens Hus"', "ærø", "drøftet")}
    from councils.search.engine import bump_index_generation

    SearchDocument.objects.all().delete()
    bump_index_generation()  # what index_items/rebuild_index do after changing the index
    assert search("hjemløse").total == 0
    call_command("rebuild_search_index", "--batch-size", "2")
    assert {q: ids(search(q)) for q in before} == before


def test_largest_remainder_keeps_the_sum():
    from councils.search.engine import _largest_remainder, _scaled_facets

    assert _largest_remainder({"a": 1, "b": 1, "c": 1}, 10 / 3, 10) in (
        {"a": 4, "b": 3, "c": 3}, {"a": 3, "b": 4, "c": 3}, {"a": 3, "b": 3, "c": 4},
    )
    by_council, by_year = _scaled_facets({(1, 2020): 3, (2, 2020): 1, (2, 2021): 2}, 7.5, 45)
    assert sum(by_council.values()) == 45 == sum(by_year.values())


def test_very_common_words_are_estimated_consistently(corpus, monkeypatch, client):
    """Above EXACT_COUNT_LIMIT (by the planner's estimate) counts and facets come from a
    sample, scaled; they still add up, the page says "ca." and paging stops at RANK_WINDOW."""
    from councils.search import engine

    results = search("hjemløse")
    exact = results._counts
    engine.bump_index_generation()  # don't reuse the cached exact counts
    monkeypatch.setattr(engine, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(engine, "RANK_WINDOW", 2)
    backend = type(results.backend)
    pairs = {(c, y): n for (c, y), n in engine._pair_counts(
        results.matching.order_by().values_list("council", "year")).items()}
    monkeypatch.setattr(backend, "estimate_count", lambda self, qs: 10_000)
    monkeypatch.setattr(backend, "sample_pairs", lambda self, qs, rows: (1000.0, pairs))
    estimated = search("hjemløse")
    assert estimated.estimated and estimated.total == exact[0] * 1000
    assert sum(f.count for f in estimated.facets["council"]) == estimated.total
    assert sum(f.count for f in estimated.facets["year"]) == estimated.total
    assert len(estimated) == 2 and len(estimated[0:25]) == 2
    # The newest two matches, ranked.
    newest = sorted(estimated.matching, key=lambda d: d.start, reverse=True)[:2]
    assert {h.item.pk for h in estimated[0:25]} == {d.item_id for d in newest}
    body = client.get("/soeg/", {"q": "hjemløse"}).content.decode()
    assert "ca. 3000 resultater" in body.replace("\xa0", " ").replace(".000", "000")


@pytest.mark.parametrize("dense", [True, False])
def test_many_matches_rank_the_newest_window(corpus, monkeypatch, client, dense):
    from councils.search import engine

    monkeypatch.setattr(engine, "RANK_WINDOW", 2)
    if connection.vendor == "postgresql":
        from councils.search import postgres

        # Both ways of finding the newest matches (date-index walk / GIN then sort).
        monkeypatch.setattr(postgres, "DENSE_SHARE", 0.0 if dense else 1e9)
    results = search("hjemløse")
    assert results.total == 3 and results.windowed and len(results) == 2
    newest = sorted(results.matching, key=lambda d: d.start, reverse=True)[:2]
    assert {h.item.pk for h in results[0:25]} == {d.item_id for d in newest}
    by_date = search("hjemløse", order="date")
    assert not by_date.windowed and len(by_date[0:25]) == 3
    body = client.get("/soeg/", {"q": "hjemløse"}).content.decode()
    assert "de 2 nyeste er sorteret efter relevans" in body


def test_counts_are_cached_until_the_index_changes(corpus):
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = search("hjemløse")
    assert first.total == 3
    with CaptureQueriesContext(connection) as queries:
        again = search("hjemløse")
        assert again.total == 3 and sum(again._counts[1].values()) == 3
    # Only the cache is read (the database cache is a table; Redis would be no query at all).
    searched = [q["sql"] for q in queries if settings.DATABASE_CACHE_TABLE not in q["sql"]]
    assert searched == []
    from tests import factories as f

    f.searchable_item("Hjemløse i vinterkulden", meeting_obj=corpus["act"].meeting)
    assert search("hjemløse").total == 4
    corpus["act"].delete()
    assert search("hjemløse").total == 3


def test_the_ranking_is_cached_so_paging_only_reads_the_hits(corpus):
    from django.conf import settings
    from django.test.utils import CaptureQueriesContext

    first = [h.item.pk for h in search("hjemløse")[0:25]]
    assert len(first) == 3
    with CaptureQueriesContext(connection) as queries:
        again = search("hjemløse")
        assert [h.item.pk for h in again[0:2]] + [h.item.pk for h in again[2:3]] == first
    searched = [q["sql"] for q in queries if settings.DATABASE_CACHE_TABLE not in q["sql"]]
    # The hits' rows and snippets only: nothing ranks again (no score is computed).
    assert searched and not [sql for sql in searched if "ts_rank_cd" in sql or "bm25" in sql]
    assert [h.item.pk for h in search("hjemløse", order="date")[0:25]] == sorted(
        first, key=lambda pk: AgendaItem.objects.get(pk=pk).meeting.start, reverse=True
    )


@pytest.mark.parametrize("dense", [True, False])
def test_date_order_pages_come_from_the_newest_ids(corpus, monkeypatch, dense):
    if connection.vendor == "postgresql":
        from councils.search import postgres

        monkeypatch.setattr(postgres, "DENSE_SHARE", 0.0 if dense else 1e9)
    by_date = search("hjemløse", order="date")
    newest = [d.item_id for d in sorted(by_date.matching, key=lambda d: (-d.start.timestamp(),
                                                                          d.item_id))]
    assert [h.item.pk for h in by_date[0:25]] == newest
    assert [h.item.pk for h in by_date[1:3]] == newest[1:3]
    assert by_date[5:10] == []
    ranked = {h.item.pk: h.score for h in search("hjemløse")[0:25]}
    assert all(h.score == pytest.approx(ranked[h.item.pk]) for h in by_date[0:25])
