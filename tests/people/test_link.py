"""Linking people to points (councils/people/link.py and signals.py): on import, on saves of
decisions and absences, idempotently, in a fixed number of queries per batch, and merging."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.importer import import_file
from councils.models import Absence, AgendaItem, Ballot, Participation, Person, PersonAlias, Vote
from councils.people.link import rebuild_all, rebuild_meetings
from councils.people.names import split_party
from councils.people.parse import parse_decision
from tests import factories as f

pytestmark = pytest.mark.django_db

REFERAT = """REFERAT Teknisk Udvalg d. 12-03-2024

Mødedato Tirsdag d. 12. marts 2024 kl. 16:00

Mødested Rådhuset, mødelokale 2

Fraværende: Karen Bro (C)

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.

Punkt 2: Ny cykelsti langs åen

03.01.00-G01-2-24

Beslutning

Forslaget blev vedtaget med 5 stemmer for og 2 stemmer imod.
Imod stemte Anne Holm (Ø) og Bo Berg (F).
Ulla Dam, projektleder i Vej og Park, deltog under punktet.

Punkt 3: Trafiksikkerhedsplan

03.01.00-P22-1-24

Beslutning

Anbefales over for byrådet.
Carl Dam (V) deltog ikke i sagens behandling.
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def snapshot() -> dict:
    """Every people row as plain values (no primary keys of derived rows)."""
    return {
        "persons": sorted(Person.objects.values_list("pk", "name", "party", "slug")),
        "ballots": sorted(
            Ballot.objects.values_list(
                "agenda_item__number", "order", "motion", "result", "votes_for",
                "votes_against", "votes_abstain", "unanimous", "text",
            )
        ),
        "votes": sorted(
            Vote.objects.values_list(
                "ballot__agenda_item__number", "order", "choice", "person_id", "name", "group",
                "party", "motion",
            )
        ),
        "participations": sorted(
            Participation.objects.values_list(
                "agenda_item__number", "kind", "person_id", "name", "party", "role", "sentence",
                "absence__name",
            ),
            key=repr,
        ),
        "absences": sorted(Absence.objects.values_list("name", "person_id"), key=repr),
    }  # fmt: skip


def test_an_import_links_votes_participation_and_absences():
    result = import_file(REFERAT.encode(), "teknik.txt")
    assert result.outcome == "imported"
    persons = {p.name: p for p in Person.objects.all()}
    assert set(persons) == {"Karen Bro", "Anne Holm", "Bo Berg", "Ulla Dam", "Carl Dam"}
    assert persons["Anne Holm"].party == "Ø" and persons["Ulla Dam"].party == ""
    point = AgendaItem.objects.get(number=2)
    (ballot,) = point.ballots.all()
    assert (ballot.votes_for, ballot.votes_against, ballot.result) == (5, 2, "vedtaget")
    assert [(v.choice, v.person.name) for v in ballot.votes.all()] == [
        ("imod", "Anne Holm"),
        ("imod", "Bo Berg"),
    ]
    took_part = point.participations.get(kind="deltog")
    assert (took_part.person, took_part.role) == (persons["Ulla Dam"], "projektleder i Vej og Park")
    # the parser lists "deltog ikke" as an absence too: one row, the sentence's
    third = AgendaItem.objects.get(number=3)
    assert third.absences.get(name__startswith="Carl").person == persons["Carl Dam"]
    carl = third.participations.get(person=persons["Carl Dam"])
    assert (carl.kind, carl.absence) == ("deltog_ikke", None)
    assert carl.sentence.startswith("Carl Dam (V) deltog ikke")
    # "Fraværende:" in the header: an absence of the meeting, and the importer gives every
    # point the absence too; one row each (the person page shows the meeting's only)
    karen = Participation.objects.filter(person=persons["Karen Bro"])
    assert sorted(
        (p.agenda_item.number if p.agenda_item else 0, p.kind, p.party) for p in karen
    ) == [(n, "fravaerende", "C") for n in (0, 1, 2, 3)]
    karens = Absence.objects.filter(name__startswith="K")
    assert all(a.person == persons["Karen Bro"] for a in karens)


def test_reimport_and_corrections_give_the_same_rows_and_keep_persons():
    import_file(REFERAT.encode(), "teknik.txt")
    before = snapshot()
    assert import_file(REFERAT.encode(), "teknik.txt").outcome == "unchanged"
    assert snapshot() == before
    # a corrected file for the same meeting (points replaced): the same rows, the same persons
    corrected = REFERAT.replace("Rådhuset, mødelokale 2", "Rådhuset, mødelokale 3")
    assert import_file(corrected.encode(), "teknik-rettet.txt").outcome == "updated"
    assert snapshot() == before
    rebuild_meetings(AgendaItem.objects.values_list("meeting_id", flat=True).distinct())
    assert snapshot() == before
    assert rebuild_all() == 1 and snapshot() == before


def test_a_corrected_decision_rebuilds_its_rows():
    import_file(REFERAT.encode(), "teknik.txt")
    point = AgendaItem.objects.get(number=2)
    point.decision = "Forslaget blev forkastet med 3 stemmer for og 4 stemmer imod.\n" \
        "For stemte Anne Holm (Ø), Bo Berg (F) og Dorte Juhl (A)."  # fmt: skip
    point.save()
    (ballot,) = point.ballots.all()
    assert (ballot.result, ballot.votes_for) == ("forkastet", 3)
    assert [v.person.name for v in ballot.votes.all()] == ["Anne Holm", "Bo Berg", "Dorte Juhl"]
    assert not point.participations.filter(kind="deltog").exists()  # the sentence is gone
    anne = Person.objects.get(name="Anne Holm")
    assert anne.votes.count() == 1
    # a save that says it did not write the decision leaves the rows alone
    Ballot.objects.filter(agenda_item=point).update(motion="urørt")
    point.title = "Ny titel"
    point.save(update_fields=["title"])
    assert point.ballots.get().motion == "urørt"


def test_absences_saved_in_the_admin_link_and_delete_their_rows():
    meeting = f.meeting()
    point = f.item(meeting, decision="Godkendt.")
    absence = f.absence(meeting, name="Mette Lund (B)", item_obj=point)
    person = Person.objects.get()
    assert (person.name, person.party) == ("Mette Lund", "B")
    assert Absence.objects.get().person == person
    (row,) = point.participations.all()
    assert (row.kind, row.absence, row.person) == ("fravaerende", absence, person)
    whole = f.absence(meeting, name="Peter Storm", kind="afbud")
    assert Participation.objects.get(agenda_item__isnull=True).kind == "afbud"
    assert whole.participations.get().person.name == "Peter Storm"
    absence.delete()
    assert not point.participations.exists()
    assert Person.objects.filter(name="Mette Lund").exists()  # persons are kept


def test_spellings_are_never_merged_but_case_and_spaces_are_one_name():
    meeting = f.meeting()
    f.item(meeting, decision="Anne Holm stemte for. Anne Holm-Jensen stemte imod.")
    f.item(meeting, decision="ANNE  HOLM stemte imod. A. Holm stemte for.")
    names = sorted(Person.objects.values_list("name", flat=True))
    assert names == ["A. Holm", "Anne Holm", "Anne Holm-Jensen"]
    assert Person.objects.get(name="Anne Holm").votes.count() == 2


def test_the_newest_printed_party_is_kept():
    import datetime

    council = f.council()
    old = f.meeting(council, start=datetime.datetime(2020, 1, 1, 10, tzinfo=f.CPH))
    new = f.meeting(council, start=datetime.datetime(2024, 1, 1, 10, tzinfo=f.CPH))
    f.item(new, decision="Anne Holm (V) stemte for.")
    f.item(old, decision="Anne Holm (A) stemte for.")
    f.item(old, decision="Anne Holm stemte imod.")
    assert Person.objects.get().party == "V"


def test_query_count_of_a_batch_does_not_grow_with_its_size():
    def meetings(n, offset):
        out = []
        for i in range(n):
            m = f.meeting()
            for k in range(4):
                f.item(m, decision=f"Godkendt. Person{offset + i}x{k} Holm stemte imod. "
                       f"Ny{offset + i}x{k} Berg deltog ikke i sagens behandling.")  # fmt: skip
            f.absence(m, name=f"Fraværende{offset + i} Dam")
            out.append(m.pk)
        return out

    small, large = meetings(1, 0), meetings(12, 100)
    counts = []
    for ids in (small, large):
        Vote.objects.all().delete()
        Participation.objects.all().delete()
        Person.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            rebuild_meetings(ids)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts
    assert Person.objects.count() == 12 * 9


def test_merge_moves_everything_and_keeps_the_spelling_and_the_old_url():
    meeting = f.meeting()
    f.item(meeting, decision="Anne Holm (A) stemte for.")
    f.item(meeting, decision="Anne Holm-Jensen deltog ikke i sagens behandling.")
    f.absence(meeting, name="Anne Holm-Jensen")
    anne = Person.objects.get(name="Anne Holm")
    other = Person.objects.get(name="Anne Holm-Jensen")
    old_slug = other.slug
    other.merge_into(anne)
    assert not Person.objects.filter(pk=other.pk).exists()
    assert anne.participations.count() == 2 and anne.votes.count() == 1
    assert anne.absences.count() == 1
    alias = PersonAlias.objects.get()
    assert (alias.person, alias.name, alias.slug) == (anne, "Anne Holm-Jensen", old_slug)
    # later imports and corrections of the other spelling link to the merged person
    rebuild_meetings([meeting.pk])
    f.item(meeting, decision="Anne Holm-Jensen stemte imod.")
    assert Person.objects.count() == 1 and anne.votes.count() == 2


def test_merge_refuses_itself_and_other_municipalities():
    a = f.item(decision="Anne Holm stemte for.")
    other = f.municipality("Aarhus Kommune", "aarhus")
    f.item(f.meeting(f.council("Byrådet", municipality=other)), decision="Anne Holm stemte for.")
    randers, aarhus = Person.objects.order_by("pk")
    assert randers.municipality == a.meeting.council.municipality
    with pytest.raises(ValueError):
        randers.merge_into(randers)
    with pytest.raises(ValueError):
        randers.merge_into(aarhus)
    assert randers.slug != aarhus.slug  # one URL space for every municipality


def test_a_renamed_person_keeps_the_printed_spelling():
    point = f.item(decision="Anne Holm stemte for.")
    anne = Person.objects.get()
    slug = anne.slug
    anne.name = "Anne Marie Holm"
    anne.save()
    assert anne.slug == slug  # the URL does not change
    point.save()  # rebuild: the printed name still finds her
    assert Person.objects.count() == 1 and anne.votes.count() == 1
    assert PersonAlias.objects.get().name == "Anne Holm"


def test_seeds_give_exactly_the_persons_their_points_print(seed_files, gold_dir):
    """The persons of the seeds are the names of the gold's absences and the names the
    decisions print in vote and participation sentences, nothing else."""
    expected = set()
    for path in seed_files:
        import_file(path.read_bytes(), path.name)
        gold = json.loads((gold_dir / f"{path.stem}.json").read_text(encoding="utf-8"))
        for item in gold["items"]:
            expected |= {split_party(a)[0] for a in item["absent"]}
            expected |= {name for name, _p in parse_decision(item["decision"] or "").persons}
    assert set(Person.objects.values_list("name", flat=True)) == expected
    assert Ballot.objects.count() == 1 and Vote.objects.filter(person__isnull=False).count() == 2
    for absence in Absence.objects.select_related("person"):
        assert absence.person is not None and absence.person.name == split_party(absence.name)[0]


def test_rebuild_people_command_builds_the_rows_of_meetings_from_before():
    from django.core.management import call_command

    from councils.signals import meetings_imported

    meetings_imported.disconnect(dispatch_uid="people_meetings_imported")
    try:
        import_file(REFERAT.encode(), "teknik.txt")
    finally:
        from councils.people.signals import on_meetings_imported

        meetings_imported.connect(on_meetings_imported, dispatch_uid="people_meetings_imported")
    assert not Person.objects.exists()  # as in an archive migrated from before
    import io

    out = io.StringIO()
    call_command("rebuild_people", stdout=out)
    assert "1/1 møder" in out.getvalue()
    assert Person.objects.count() == 5 and Ballot.objects.count() == 1


def test_the_parsers_values_are_the_models_choices():
    from councils.people.parse import Choice, Kind, Result

    def values(cls):
        return {v for k, v in vars(cls).items() if k.isupper()}

    assert values(Choice) == set(Vote.Choice.values)
    assert values(Kind) == set(Participation.Kind.values)
    assert values(Result) | {""} == set(Ballot.Result.values)
