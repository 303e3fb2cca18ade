"""Loading parsed referater: natural keys, corrections, aliases, links, history, signal."""

from __future__ import annotations

import pytest
from django.db import connection

from councils.importer import ImporterError, import_file, parse_referat
from councils.importer.load import canonical_council_name
from councils.models import (
    AgendaItem,
    Council,
    Meeting,
    PriorDecision,
    Section,
    SourceDocument,
)
from councils.signals import meetings_imported

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


ECONOMY = """REFERAT Økonomiudvalget d. 09-04-2024

Mødedato Tirsdag d. 9. april 2024 kl. 16:00

Mødested Rådhuset, mødelokale 1

Punkt 4: Salg af byggegrunde i Vestbyen

02.34.02-G01-7-24

Resume

Der er kommet tre bud på grundene.

Beslutning

Godkendt.

Bilag

Budoversigt

Punkt 5: Eventuelt

00.01.00-A00-1-24

Beslutning

Drøftet.
"""

CITY_COUNCIL = """REFERAT Byrådet d. 22-04-2024

Mødedato Mandag d. 22. april 2024 kl. 18:30

Mødested Byrådssalen

Punkt 9: Salg af byggegrunde i Vestbyen

02.34.02-G01-7-24

Beslutning fra Økonomiudvalget, 9. april 2024, pkt. 4:

Indstilles godkendt.

Beslutning

Godkendt.
"""


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Socialudvalget 2015 - 2021", "Socialudvalget"),
        ("Socialudvalget inkl. de ikke arbejdsmarkedsparate borgere", "Socialudvalget"),
        ("Teknisk Udvalg (2018-2021)", "Teknisk Udvalg"),
        ("Børne- og Skoleudvalget", "Børne- og Skoleudvalget"),
        ("2024", "2024"),
    ],
)
def test_canonical_council_name(printed, canonical):
    assert canonical_council_name(printed) == canonical


def test_import_creates_rows_by_natural_keys():
    result = import_file(ECONOMY.encode(), "oeu.txt")
    assert result.outcome == "imported"
    meeting = result.meeting
    assert meeting.council.name == "Økonomiudvalget"
    assert meeting.council.municipality.slug == "randers"
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at
    assert meeting.source_document == result.source
    assert result.source.file.read() == ECONOMY.encode()
    item = meeting.items.get(number=4)
    assert item.case.number == "02.34.02-G01-7-24"
    assert item.decision == "Godkendt." and item.decision_outcome == "godkendt"
    assert list(item.attachments.values_list("title", flat=True)) == ["Budoversigt"]
    assert list(item.sections.values_list("kind", "heading")) == [
        ("resume", "Resume"),
        ("beslutning", "Beslutning"),
    ]
    # The meeting and every point have their "created" history record (reason: the file);
    # sections and bilag are recorded by the kept source file (see councils.importer.load).
    assert item.history.count() == 1
    assert item.history.get().history_change_reason == "Indlæst fra oeu.txt"
    assert meeting.history.count() == 1
    assert Section.history.filter(agenda_item_id=item.pk).count() == 0


def test_history_records_who_uploaded(django_user_model):
    user = django_user_model.objects.create_user("sekretaer")
    result = import_file(ECONOMY.encode(), "oeu.txt", uploaded_by=user)
    assert result.source.uploaded_by == user
    assert result.meeting.history.get().history_user == user
    assert {h.history_user for h in AgendaItem.history.all()} == {user}


def test_same_bytes_again_is_unchanged_and_writes_nothing():
    first = import_file(ECONOMY.encode(), "oeu.txt")
    before = (Meeting.objects.count(), AgendaItem.history.count(), SourceDocument.objects.count())
    second = import_file(ECONOMY.encode(), "copy-with-other-name.txt")
    assert second.outcome == "unchanged"
    assert second.meeting == first.meeting and second.source == first.source
    assert (
        Meeting.objects.count(),
        AgendaItem.history.count(),
        SourceDocument.objects.count(),
    ) == before


def test_corrected_file_updates_points_and_keeps_old_source():
    first = import_file(ECONOMY.encode(), "oeu.txt")
    corrected = ECONOMY.replace("Godkendt.", "Godkendt med en tilføjelse.").split("Punkt 5")[0]
    second = import_file(corrected.encode(), "oeu-rettet.txt")
    assert second.outcome == "updated"
    assert second.meeting.pk == first.meeting.pk
    assert list(second.meeting.items.values_list("number", "decision")) == [
        (4, "Godkendt med en tilføjelse.")
    ]
    old = SourceDocument.objects.get(pk=first.source.pk)
    assert old.superseded_by == second.source
    assert old.file.read() == ECONOMY.encode()  # the old file is kept
    assert Meeting.objects.get().source_document == second.source


def test_correction_is_one_transaction(monkeypatch):
    first = import_file(ECONOMY.encode(), "oeu.txt")
    from councils.importer import load

    def fail_at_the_end(*args, **kwargs):  # after the points were updated in place
        raise RuntimeError("database went away")

    monkeypatch.setattr(load, "_link_references_to", fail_at_the_end)
    with pytest.raises(RuntimeError):
        import_file(ECONOMY.replace("Godkendt.", "Forkastet.").encode(), "oeu-2.txt")
    meeting = Meeting.objects.get()
    assert meeting.source_document == first.source
    assert list(meeting.items.values_list("number", "decision")) == [
        (4, "Godkendt."),
        (5, "Drøftet."),
    ]
    assert SourceDocument.objects.count() == 1
    assert SourceDocument.objects.get().superseded_by is None


def test_prior_decision_links_to_archived_point_in_either_order():
    later = import_file(CITY_COUNCIL.encode(), "by.txt")
    prior = PriorDecision.objects.get()
    assert prior.council_name == "Økonomiudvalget" and prior.matched_item is None
    earlier = import_file(ECONOMY.encode(), "oeu.txt")
    prior.refresh_from_db()
    assert prior.matched_item == earlier.meeting.items.get(number=4)
    assert prior.council == earlier.meeting.council
    # And the other way round: the referenced meeting already in the archive.
    PriorDecision.objects.all().delete()
    Meeting.objects.filter(pk=later.meeting.pk).delete()
    import_file(CITY_COUNCIL.replace("18:30", "18:31").encode(), "by-2.txt")
    assert PriorDecision.objects.get().matched_item == earlier.meeting.items.get(number=4)


def test_signal_is_sent_inside_the_transaction():
    calls = []

    def receiver(sender, meetings, **kwargs):
        calls.append(
            (
                sender,
                [m.pk for m in meetings],
                meetings[0].items.count(),
                connection.in_atomic_block,
            )
        )

    meetings_imported.connect(receiver)
    try:
        result = import_file(ECONOMY.encode(), "oeu.txt")
    finally:
        meetings_imported.disconnect(receiver)
    assert calls == [(Meeting, [result.meeting.pk], 2, True)]


def test_bulk_import_sends_one_signal_for_the_batch(tmp_path):
    from councils.importer.service import import_files

    calls = []

    def receiver(sender, meetings, **kwargs):
        calls.append(len(meetings))

    other = ECONOMY.replace("09-04-2024", "16-04-2024").replace("9. april", "16. april")
    meetings_imported.connect(receiver)
    try:
        results = import_files([(ECONOMY.encode(), "a.txt"), (other.encode(), "b.txt")])
    finally:
        meetings_imported.disconnect(receiver)
    assert [r.outcome for r in results] == ["imported", "imported"]
    assert calls == [2]


def test_bad_input_writes_nothing():
    with pytest.raises(ImporterError):
        import_file(b"", "tom.txt")
    with pytest.raises(ImporterError):
        import_file(b"Ingen overskrift her\n", "x.txt")
    assert SourceDocument.objects.count() == 0 and Meeting.objects.count() == 0


def test_socialudvalget_printed_names_resolve_to_one_council(seed_files):
    social = [
        p for p in seed_files if "REFERAT Socialudvalget" in p.read_text(encoding="utf-8")[:300]
    ]
    if len(social) < 2:
        pytest.skip("the two Socialudvalget seeds are needed")
    meetings = [import_file(p.read_bytes(), p.name).meeting for p in social]
    councils = {m.council_id for m in meetings}
    assert len(councils) == 1
    council = Council.objects.get(pk=councils.pop())
    assert council.name == "Socialudvalget"
    printed = {parse_referat(p.read_text(encoding="utf-8")).council for p in social}
    assert len(printed) == 2 and all(name != council.name for name in printed)
    # The printed name stays on the meeting; both became aliases and resolve.
    assert {m.printed_council_name for m in meetings} == printed
    assert set(council.aliases.values_list("name", flat=True)) == printed
    for name in printed:
        assert Council.objects.resolve(council.municipality, name) == council


# --- Review fixes: statuses kept, deleted meetings re-importable, odd council names ----------


def test_corrected_file_keeps_the_status_an_admin_gave_the_meeting():
    first = import_file(ECONOMY.encode(), "oekonomi.txt")
    assert first.meeting.status == Meeting.Status.PUBLISHED
    Meeting.objects.filter(pk=first.meeting.pk).update(status=Meeting.Status.DRAFT)
    corrected = ECONOMY.replace("Godkendt.", "Godkendt med en rettelse.")
    again = import_file(corrected.encode(), "oekonomi-rettet.txt")
    assert again.outcome == "updated"
    again.meeting.refresh_from_db()
    assert again.meeting.status == Meeting.Status.DRAFT  # not republished behind the admin
    # An explicit status still wins.
    third = import_file(
        corrected.replace("rettelse", "ny rettelse").encode(), "c.txt", status="published"
    )
    third.meeting.refresh_from_db()
    assert third.meeting.status == Meeting.Status.PUBLISHED


def test_file_whose_meeting_was_deleted_imports_again_from_the_kept_source():
    first = import_file(ECONOMY.encode(), "oekonomi.txt")
    first.meeting.delete()
    again = import_file(ECONOMY.encode(), "oekonomi.txt")
    assert again.outcome == "imported"
    assert again.source.pk == first.source.pk
    assert Meeting.objects.get().items.count() == 2
    assert import_file(ECONOMY.encode(), "oekonomi.txt").outcome == "unchanged"


def test_council_names_that_fold_to_one_slug_get_distinct_slugs():
    a = import_file(ECONOMY.replace("Økonomiudvalget", "Byrådet").encode(), "a.txt")
    b = import_file(
        ECONOMY.replace("Økonomiudvalget", "Byraadet")
        .replace("09-04-2024", "10-04-2024")
        .replace("9. april", "10. april")
        .encode(),
        "b.txt",
    )
    assert a.meeting.council != b.meeting.council
    assert {a.meeting.council.slug, b.meeting.council.slug} == {"byraadet", "byraadet-2"}


def test_council_name_longer_than_the_field_is_a_clear_import_error():
    long_name = "Udvalget for " + "meget " * 40 + "lange navne"
    assert len(long_name) > 200
    with pytest.raises(ImporterError, match="at most 200"):
        import_file(ECONOMY.replace("Økonomiudvalget", long_name[:205]).encode(), "lang.txt")
    assert not Meeting.objects.exists() and not SourceDocument.objects.exists()


def test_corrected_start_time_replaces_the_meeting_of_that_day():
    first = import_file(ECONOMY.encode(), "oekonomi.txt")
    corrected = ECONOMY.replace("kl. 16:00", "kl. 16:30").replace("Godkendt.", "Udsat.")
    again = import_file(corrected.encode(), "oekonomi-rettet.txt")
    assert again.outcome == "updated" and again.meeting.pk == first.meeting.pk
    meeting = Meeting.objects.get()
    assert meeting.start.astimezone(first.meeting.start.tzinfo).strftime("%H:%M") == "16:30"
    assert meeting.items.get(number=4).decision == "Udsat."


def test_corrected_start_time_in_a_bulk_import_is_a_correction_too():
    from councils.importer.service import import_files

    import_file(ECONOMY.encode(), "oekonomi.txt")
    corrected = ECONOMY.replace("kl. 16:00", "kl. 16:30")
    [result] = import_files([(corrected.encode(), "oekonomi-rettet.txt")])
    assert result.outcome == "updated"
    assert Meeting.objects.count() == 1


# --- a corrected file updates the meeting in place -----------------------------------------


@pytest.fixture
def seed_003_text(seeds_dir) -> str:
    matches = sorted(seeds_dir.glob("003_*"))
    if not matches:
        pytest.skip(f"seed 003 not found in {seeds_dir}")
    return matches[0].read_text(encoding="utf-8")


NEW_DECISION = "Godkendt, idet punkt 58 behandles før punkt 57."


def corrected_003(text: str) -> str:
    """Seed 003 corrected: point 46's decision changed, point 49 removed (the points after
    it move up one place) and a bilag added after the last one of point 47."""
    start = text.index("Punkt 46:")
    at = text.index("Godkendt.", start)
    text = text[:at] + NEW_DECISION + text[at + len("Godkendt.") :]
    text = text[: text.index("Punkt 49:")] + text[text.index("Punkt 50:") :]
    last = "4.4 regnskabsbemærkninger 2014\n"
    return text.replace(last, last + "\n4.5 regnskabsbemærkninger 2014 (rettet)\n", 1)


def _with_file(attachment, content: bytes):
    from django.core.files.base import ContentFile

    attachment.file = ContentFile(content, name=f"{attachment.title}.pdf")
    attachment.save()
    return attachment


def test_a_corrected_seed_updates_in_place_and_keeps_ids_urls_and_history(seed_003_text, client):
    from councils.importer.load import CORRECTED_REASON
    from councils.models import Attachment, DecisionCorrection

    first = import_file(seed_003_text.encode(), "003.txt")
    meeting = first.meeting
    items_before = dict(meeting.items.values_list("number", "pk"))
    assert {46, 47, 49, 50, 63} <= set(items_before)
    bilag = {a.title: a for a in Attachment.objects.filter(agenda_item__meeting=meeting)}
    on_47 = ["4.1 regnskabsbemærkninger 2014", "4.2 regnskabsbemærkninger 2014"]
    on_47.append("4.4 regnskabsbemærkninger 2014")
    files = {title: _with_file(bilag[title], title.encode()) for title in on_47}
    urls = {title: a.get_absolute_url() for title, a in files.items()}
    for url in urls.values():
        assert client.get(url).status_code == 200, url
    assert urls[on_47[2]].endswith("/punkt-47/bilag-3/")
    bilag_before = {a.pk: a.title for a in Attachment.objects.filter(agenda_item__meeting=meeting)}
    versions_before = {
        n: AgendaItem.history.filter(id=pk).count() for n, pk in items_before.items()
    }

    second = import_file(corrected_003(seed_003_text).encode(), "003-rettet.txt")

    assert second.outcome == "updated" and second.meeting.pk == meeting.pk
    items_after = dict(meeting.items.values_list("number", "pk"))
    assert items_after == {n: pk for n, pk in items_before.items() if n != 49}
    assert not AgendaItem.objects.filter(pk=items_before[49]).exists()  # the removed point
    assert AgendaItem.history.filter(id=items_before[49], history_type="-").exists()
    # The same bilag rows (ids and files), one new one at the end of point 47.
    bilag_after = {a.pk: a.title for a in Attachment.objects.filter(agenda_item__meeting=meeting)}
    removed_with_49 = set(bilag_before) - set(bilag_after)
    assert not Attachment.objects.filter(pk__in=removed_with_49).exists()
    assert {pk: t for pk, t in bilag_before.items() if pk not in removed_with_49} == {
        pk: t for pk, t in bilag_after.items() if pk in bilag_before
    }
    added = [t for pk, t in bilag_after.items() if pk not in bilag_before]
    assert added == ["4.5 regnskabsbemærkninger 2014 (rettet)"]
    for title, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content) == title.encode()
        assert Attachment.objects.get(pk=files[title].pk).get_absolute_url() == url
    # History: one version for the changed decision, none for the unchanged points (also
    # not for those that moved up a place when point 49 went).
    versions_after = {n: AgendaItem.history.filter(id=pk).count() for n, pk in items_after.items()}
    assert versions_after[46] == versions_before[46] + 1
    assert {n: v for n, v in versions_after.items() if n != 46} == {
        n: versions_before[n] for n in items_after if n != 46
    }
    latest = AgendaItem.history.filter(id=items_before[46]).latest("history_date")
    assert latest.history_type == "~" and latest.decision == NEW_DECISION
    assert latest.history_change_reason == CORRECTED_REASON.format(name="003-rettet.txt")
    assert AgendaItem.objects.get(number=50, meeting=meeting).position == (
        AgendaItem.history.filter(id=items_before[50]).earliest("history_date").position - 1
    )
    correction = DecisionCorrection.objects.get()
    assert correction.agenda_item_id == items_before[46]
    assert correction.previous_decision.startswith("Godkendt.")
    assert NEW_DECISION in client.get(
        meeting.items.get(number=46).get_absolute_url()
    ).content.decode()
    # The old address of a bilag: moved permanently to its address on the point.
    old = client.get(f"/bilag/{files[on_47[0]].pk}/")
    assert old.status_code == 301 and old["Location"] == urls[on_47[0]]


def test_a_bilag_inserted_before_keeps_the_others_ids_and_addresses(client):
    from councils.models import Attachment

    text = ECONOMY.replace("Budoversigt\n", "Budoversigt\n\nKort over grundene\n")
    first = import_file(text.encode(), "oeu.txt")
    kort = _with_file(Attachment.objects.get(title="Kort over grundene"), b"kort")
    address = kort.get_absolute_url()
    assert address.endswith("/punkt-4/bilag-2/")
    inserted = text.replace("Budoversigt\n", "Tilbud fra køberne\n\nBudoversigt\n")
    import_file(inserted.encode(), "oeu-rettet.txt")
    moved = Attachment.objects.get(pk=kort.pk)
    assert (moved.order, moved.file.name) == (3, kort.file.name)
    assert list(
        Attachment.objects.filter(agenda_item__meeting=first.meeting).values_list(
            "title", "order", "number"
        )
    ) == [("Tilbud fra køberne", 1, 3), ("Budoversigt", 2, 1), ("Kort over grundene", 3, 2)]
    # The address did not move with the place: a link shared before still gets this file.
    assert moved.get_absolute_url() == address
    response = client.get(address)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"kort"
    old = client.get(f"/bilag/{kort.pk}/")
    assert old.status_code == 301 and old["Location"] == address
    assert client.get("/bilag/999999/").status_code == 404
    # A bilag removed, later another added: the new one never takes the removed one's number.
    removed = inserted.replace("\nKort over grundene\n", "\n")
    import_file(removed.encode(), "oeu-rettet-2.txt")
    assert not Attachment.objects.filter(pk=kort.pk).exists()
    assert client.get(address).status_code == 404
    added = removed.replace("Budoversigt\n", "Budoversigt\n\nNyt kort\n")
    import_file(added.encode(), "oeu-rettet-3.txt")
    assert Attachment.objects.get(title="Nyt kort").number == 4
    assert client.get(address).status_code == 404


def test_an_import_without_a_secretary_keeps_what_an_editor_changed(seed_003_text, client):
    """The command and the harvester have nobody to ask: an editor's closing of a point and
    an editor's wording survive a corrected file (the secretary's preview asks instead)."""
    from django.contrib.auth import get_user_model

    from councils.models import AgendaItem

    editor = get_user_model().objects.create_user("redaktoer")
    first = import_file(seed_003_text.encode(), "003.txt")
    closed = first.meeting.items.get(number=47)
    closed.is_closed, closed._history_user = True, editor
    closed.save()
    worded = first.meeting.items.get(number=48)
    worded.decision, worded._history_user = "Redaktørens ordlyd.", editor
    worded.save()
    closed_url = closed.get_absolute_url()
    assert client.get(closed_url).status_code == 200  # a closed point shows its number only
    assert "Lukket punkt" in client.get(closed_url).content.decode()

    second = import_file(corrected_003(seed_003_text).encode(), "003-rettet.txt")
    assert second.outcome == "updated"
    assert AgendaItem.objects.get(pk=closed.pk).is_closed  # not reopened by the file
    assert AgendaItem.objects.get(pk=worded.pk).decision == "Redaktørens ordlyd."
    assert AgendaItem.objects.get(meeting=first.meeting, number=46).decision.startswith(
        NEW_DECISION
    )  # what no editor touched follows the file
    assert "Lukket punkt" in client.get(closed_url).content.decode()


def test_the_case_upsert_gives_every_case_and_rewrites_no_unchanged_one():
    from types import SimpleNamespace

    from councils.importer.load import _cases
    from councils.models import Case
    from tests import factories as f

    municipality = f.municipality()
    known = Case.get_or_create_for(municipality, "27.15.00-A08-1-21")
    stale = Case.get_or_create_for(municipality, "00.01.00-G01-2-22")
    Case.objects.filter(pk=stale.pk).update(scheme="other")  # as an older importer stored it

    def xmin(case):
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM councils_case WHERE id = %s", [case.pk])
            return cursor.fetchone()[0]

    before = xmin(known)
    items = [
        SimpleNamespace(case_number=n)
        for n in ("27.15.00-A08-1-21", "00.01.00-G01-2-22", "82.02.00-P20-3-23", None, "x")
    ]
    cases = _cases(municipality, [SimpleNamespace(items=items)])
    assert set(cases) == {"27.15.00-A08-1-21", "00.01.00-G01-2-22", "82.02.00-P20-3-23"}
    assert cases["27.15.00-A08-1-21"].pk == known.pk and cases["00.01.00-G01-2-22"].pk == stale.pk
    new = Case.objects.get(number="82.02.00-P20-3-23")
    assert cases["82.02.00-P20-3-23"].pk == new.pk and new.kle_subject == "82.02.00"
    assert Case.objects.get(pk=stale.pk).scheme == known.scheme  # the changed scheme is written
    assert xmin(known) == before  # the unchanged row is not written again
