"""``councils.bulk``: the same rows as ``bulk_create`` / ``bulk_update`` (COPY and UPDATE …
FROM unnest on PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from councils.bulk import create_with_history, insert_rows, insert_tuples, row_type, update_rows
from councils.models import Absence, AgendaItem, Attachment, Person, PriorDecision, Section
from tests import factories as f

pytestmark = pytest.mark.django_db

FIELDS = {
    Section: ["agenda_item_id", "kind", "heading", "text", "order"],
    Attachment: [
        "agenda_item_id", "title", "order", "number", "file", "original_name", "content_type",
        "size", "sha256", "extracted_text",
    ],
    PriorDecision: [
        "agenda_item_id", "council_name", "council_id", "date", "item_number", "text",
        "heading", "order", "matched_item_id",
    ],
}


def rows(model):
    return sorted(model.objects.values_list(*FIELDS[model]), key=repr)


def make(item, other):
    awkward = 'tab\there, newline\nthere, back\\slash, "quotes" and \'apostrophes\', æøå'
    return {
        Section: [
            Section(agenda_item=item, kind="resume", heading="", text=awkward, order=1),
            Section(agenda_item=item, kind="beslutning", heading="Beslutning", text="", order=2),
        ],
        Attachment: [
            Attachment(agenda_item=item, title="Bilag 1", order=1, number=1),
            Attachment(agenda_item=item, title=awkward[:200], order=2, number=5, size=12),
        ],
        PriorDecision: [
            PriorDecision(
                agenda_item=item, council_name="Byrådet", council=item.meeting.council,
                date=datetime.date(2020, 3, 4), item_number=7, text=awkward, order=1,
                matched_item=other,
            ),
            PriorDecision(agenda_item=item, council_name="Ukendt", order=2),
        ],
    }


@pytest.mark.parametrize("model", [Section, Attachment, PriorDecision])
def test_insert_rows_writes_what_bulk_create_writes(model):
    meeting = f.meeting()
    item, other = f.item(meeting, number=1), f.item(meeting, number=2)
    model.objects.bulk_create(make(item, other)[model])
    expected = rows(model)
    model.objects.all().delete()
    saved = []
    post_save.connect(lambda sender, **kw: saved.append(sender), sender=model, weak=False)
    try:
        insert_rows(model, make(item, other)[model])
    finally:
        post_save.disconnect(sender=model)
    assert rows(model) == expected
    assert saved == []  # no signals, as with bulk_create


def test_update_rows_writes_what_bulk_update_writes():
    municipality = f.municipality()
    people = [
        Person.objects.create(municipality=municipality, name=name)
        for name in ("Anne Ahl", "Bo Berg", "Carl Crone")
    ]
    when = datetime.datetime(2024, 5, 6, 14, 30, tzinfo=f.CPH)
    people[0].party, people[0].party_printed_at = "V", when
    people[1].party, people[1].party_printed_at = "Ø", None
    # The same row twice: the first occurrence's values are written (as bulk_update does).
    twice = Person.objects.get(pk=people[2].pk)
    people[2].party, twice.party = "A", "B"
    update_rows(Person, [*people, twice], ["party", "party_printed_at"], batch_size=2)
    stored = {p.pk: (p.party, p.party_printed_at) for p in Person.objects.all()}
    assert stored == {
        people[0].pk: ("V", when),
        people[1].pk: ("Ø", None),
        people[2].pk: ("A", None),
    }


def test_update_rows_of_a_foreign_key():
    meeting = f.meeting()
    person = Person.objects.create(municipality=meeting.council.municipality, name="Dorte Dahl")
    absences = [
        Absence.objects.create(meeting=meeting, name="Dorte Dahl", order=n) for n in (1, 2)
    ]
    absences[0].person = person
    update_rows(Absence, absences, ["person"])
    assert dict(Absence.objects.values_list("order", "person_id")) == {1: person.pk, 2: None}


SKIP = {"id", "history_id", "history_date", "meeting_id"}


def history_rows(meeting) -> list:
    history = AgendaItem.history.model
    fields = [f.attname for f in history._meta.concrete_fields if f.attname not in SKIP]
    return sorted(history.objects.filter(meeting=meeting).values_list(*fields), key=repr)


def new_items(meeting, user):
    items = []
    for n in (1, 2):
        item = AgendaItem(
            meeting=meeting, number=n, position=n, title=f"Punkt {n}\tmed\\tegn", decision=""
        )
        item._change_reason, item._history_user = f"Indlæst fra fil-{n}.txt", user
        items.append(item)
    return items


def test_create_with_history_writes_what_bulk_create_with_history_writes(django_user_model):
    user = django_user_model.objects.create(username="sekretær")
    slow, fast = f.meeting(), f.meeting()
    bulk_create_with_history(new_items(slow, user), AgendaItem, default_user=None)
    before = timezone.now()
    created = create_with_history(AgendaItem, new_items(fast, user))
    after = timezone.now()
    stored = AgendaItem.objects.filter(meeting=fast)
    assert sorted(i.pk for i in created) == sorted(stored.values_list("pk", flat=True))
    assert history_rows(fast) == history_rows(slow) and len(history_rows(fast)) == 2
    history = AgendaItem.history.model.objects.filter(meeting=fast)
    assert sorted(h.id for h in history) == sorted(i.pk for i in created)
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", user.pk)}
    assert all(before <= h.history_date <= after for h in history)


def test_row_tuples_write_what_bulk_create_writes():
    meeting = f.meeting()
    item, other = f.item(meeting, number=1), f.item(meeting, number=2)
    for model in (Section, Attachment):
        model.objects.bulk_create(make(item, other)[model])
        expected = rows(model)
        model.objects.all().delete()
        row = row_type(model)
        tuples = [  # the values as stored (a bilag's file: its name, left to the default "")
            row(**{name: getattr(obj, name) for name in row._fields if name != "file"})
            for obj in make(item, other)[model]
        ]
        insert_tuples(model, tuples)
        assert rows(model) == expected
