"""(Re)build the people rows of agenda points from their stored decisions and absences.

``rebuild_meetings(ids)`` (every point of the meetings and their whole-meeting absences),
``rebuild_points(ids)`` (those points only) and ``rebuild_meeting_level(ids)`` (only the
whole-meeting absences) read the points' decision texts and the absences, parse them
(``parse.parse_decision``), find or create the persons by printed name (``Person.name_key``
or a ``PersonAlias`` an admin's merge left), and replace the points' ballots, votes and
participations. The same input gives the same rows (idempotent); persons are reused, never
merged. A batch costs a fixed number of queries (about fifteen), not a number per point.

Participation rows: one per person a decision sentence names ("X deltog ikke i sagens
behandling", "X deltog under punktet" …), and one per absence — unless a sentence of the same
point already names that person (the parser keeps such sentences in the decision *and* lists
the person as absent; one row, the sentence's, is enough). Every absence gets its person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from ..bulk import insert_rows, update_rows
from ..models import (
    Absence,
    AgendaItem,
    Ballot,
    Meeting,
    Participation,
    Person,
    PersonAlias,
    Vote,
)
from ..models.people import unique_person_slugs
from .names import MAX_NAME_CHARS, MAX_PARTY_CHARS, name_key, sort_key, split_party
from .parse import MAX_MOTION_CHARS, MAX_ROLE_CHARS, parse_decision

BULK_BATCH_SIZE = 500  # rows per INSERT / UPDATE statement
REBUILD_BATCH_MEETINGS = 50  # meetings per transaction in rebuild_all()

ABSENCE_KINDS = {
    Absence.Kind.FRAVAERENDE: Participation.Kind.FRAVAERENDE,
    Absence.Kind.AFBUD: Participation.Kind.AFBUD,
}


@dataclass
class _Mention:
    """A person named somewhere in the batch, before the person row is known."""

    municipality_id: int
    name: str
    party: str
    start: object  # the meeting's start (the newest printed party wins)

    @property
    def key(self) -> tuple[int, str]:
        return self.municipality_id, name_key(self.name)


def rebuild_meetings(meeting_ids) -> None:
    """Every point of these meetings, and their whole-meeting absences."""
    _rebuild(meeting_ids=set(meeting_ids), item_ids=None, meeting_level=True)


def rebuild_points(item_ids) -> None:
    """These points (their decisions and their absences)."""
    _rebuild(meeting_ids=set(), item_ids=set(item_ids), meeting_level=False)


def rebuild_meeting_level(meeting_ids) -> None:
    """Only the whole-meeting absences of these meetings."""
    _rebuild(meeting_ids=set(meeting_ids), item_ids=set(), meeting_level=True)


def rebuild_all(progress=None) -> int:
    """Rebuild every meeting, REBUILD_BATCH_MEETINGS per transaction; returns the number of
    meetings (``progress(done, total)`` is called after each batch)."""
    ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_BATCH_MEETINGS):
        rebuild_meetings(ids[start : start + REBUILD_BATCH_MEETINGS])
        if progress:
            progress(min(start + REBUILD_BATCH_MEETINGS, len(ids)), len(ids))
    return len(ids)


def _rebuild(*, meeting_ids: set, item_ids: set | None, meeting_level: bool) -> None:
    with transaction.atomic():
        points = AgendaItem.objects.filter(
            Q(meeting_id__in=meeting_ids) if item_ids is None else Q(pk__in=item_ids)
        ).values_list("pk", "meeting_id", "decision")
        points = list(points)
        point_ids = {pk for pk, _m, _d in points}
        all_meetings = set(meeting_ids) | {m for _pk, m, _d in points}
        if not all_meetings:
            return
        meetings = {
            pk: (municipality_id, start)
            for pk, municipality_id, start in Meeting.objects.filter(
                pk__in=all_meetings
            ).values_list("pk", "council__municipality_id", "start")
        }
        wanted_absences = Q(agenda_item_id__in=point_ids)
        if meeting_level:
            wanted_absences |= Q(meeting_id__in=meeting_ids, agenda_item__isnull=True)
        absences = list(
            Absence.objects.filter(wanted_absences).values_list(
                "pk", "meeting_id", "agenda_item_id", "name", "kind", "order", "person_id"
            )
        )

        mentions: list[_Mention] = []
        ballots: list[tuple[Ballot, list[tuple[Vote, _Mention | None]]]] = []
        participations: list[tuple[Participation, _Mention]] = []
        named_by_sentence: set[tuple[int, tuple[int, str]]] = set()
        order_in_point: dict[int, int] = {}

        def mention(meeting_id, name, party) -> _Mention:
            municipality_id, start = meetings[meeting_id]
            found = _Mention(municipality_id, name[:MAX_NAME_CHARS], party[:MAX_PARTY_CHARS], start)
            mentions.append(found)
            return found

        for pk, meeting_id, decision in points:
            parsed = parse_decision(decision)
            for n, parsed_ballot in enumerate(parsed.ballots, start=1):
                ballot = Ballot(
                    agenda_item_id=pk,
                    order=n,
                    motion=parsed_ballot.motion[:MAX_MOTION_CHARS],
                    result=parsed_ballot.result,
                    votes_for=parsed_ballot.votes_for,
                    votes_against=parsed_ballot.votes_against,
                    votes_abstain=parsed_ballot.votes_abstain,
                    unanimous=parsed_ballot.unanimous,
                    text=parsed_ballot.text,
                )
                votes = []
                for m, parsed_vote in enumerate(parsed_ballot.votes, start=1):
                    voter = parsed_vote.voter
                    vote = Vote(
                        order=m,
                        choice=parsed_vote.choice,
                        name=voter.name[:MAX_NAME_CHARS],
                        group=voter.group[:MAX_NAME_CHARS],
                        party=voter.party[:MAX_PARTY_CHARS],
                        motion=parsed_vote.motion[:MAX_MOTION_CHARS],
                    )
                    who = mention(meeting_id, voter.name, voter.party) if voter.is_person else None
                    votes.append((vote, who))
                ballots.append((ballot, votes))
            seen = set()
            for parsed_participation in parsed.participations:
                who = mention(meeting_id, parsed_participation.name, parsed_participation.party)
                if (who.key, parsed_participation.kind) in seen:
                    continue
                seen.add((who.key, parsed_participation.kind))
                named_by_sentence.add((pk, who.key))
                order_in_point[pk] = order_in_point.get(pk, 0) + 1
                participations.append(
                    (
                        Participation(
                            meeting_id=meeting_id,
                            agenda_item_id=pk,
                            kind=parsed_participation.kind,
                            name=who.name,
                            party=who.party,
                            role=parsed_participation.role[:MAX_ROLE_CHARS],
                            sentence=parsed_participation.sentence,
                            order=order_in_point[pk],
                        ),
                        who,
                    )
                )

        absence_mentions: list[tuple[int, int | None, _Mention]] = []
        for pk, meeting_id, item_id, printed, kind, order, person_id in absences:
            name, party = split_party(printed)
            if not name:
                continue
            who = mention(meeting_id, name, party)
            absence_mentions.append((pk, person_id, who))
            if item_id is not None and (item_id, who.key) in named_by_sentence:
                continue
            participations.append(
                (
                    Participation(
                        meeting_id=meeting_id,
                        agenda_item_id=item_id,
                        kind=ABSENCE_KINDS.get(kind, Participation.Kind.FRAVAERENDE),
                        name=who.name,
                        party=who.party,
                        absence_id=pk,
                        order=1000 + order,  # after the point's sentences
                    ),
                    who,
                )
            )

        persons = _persons(mentions)

        # Replace the rows (a vote's deletion goes with its ballot).
        if item_ids is None:  # whole meetings: by meeting (fewer parameters than by point)
            Ballot.objects.filter(agenda_item__meeting_id__in=meeting_ids).delete()
            old = Q(meeting_id__in=meeting_ids, agenda_item__isnull=False)
        else:
            Ballot.objects.filter(agenda_item_id__in=point_ids).delete()
            old = Q(agenda_item_id__in=point_ids)
        if meeting_level:
            old |= Q(meeting_id__in=meeting_ids, agenda_item__isnull=True)
        Participation.objects.filter(old).delete()

        if ballots:
            created = [b for b, _v in ballots]
            insert_rows(Ballot, created, batch_size=BULK_BATCH_SIZE, pk=True)
            if not all(b.pk for b in created):  # a backend that returns no primary keys
                by_slot = {
                    (b.agenda_item_id, b.order): b.pk
                    for b in Ballot.objects.filter(agenda_item_id__in=point_ids)
                }
                for b in created:
                    b.pk = by_slot[(b.agenda_item_id, b.order)]
            rows = []
            for ballot, votes in ballots:
                for vote, who in votes:
                    vote.ballot_id = ballot.pk
                    vote.person_id = persons[who.key].pk if who else None
                    rows.append(vote)
            insert_rows(Vote, rows, batch_size=BULK_BATCH_SIZE)
        if participations:
            for row, who in participations:
                row.person_id = persons[who.key].pk
            insert_rows(
                Participation, [row for row, _w in participations], batch_size=BULK_BATCH_SIZE
            )
        relinked = [
            Absence(pk=pk, person_id=persons[who.key].pk)
            for pk, person_id, who in absence_mentions
            if person_id != persons[who.key].pk
        ]
        if relinked:
            update_rows(Absence, relinked, ["person"], batch_size=BULK_BATCH_SIZE)


def _persons(mentions: list[_Mention]) -> dict[tuple[int, str], Person]:
    """The person of every mention: found by name key or by an alias's key, else created.
    The party printed at the newest meeting is kept on the person."""
    newest: dict[tuple[int, str], _Mention] = {}
    for m in mentions:
        if not m.key[1]:
            continue
        current = newest.get(m.key)
        if current is None or (m.party and (not current.party or m.start >= current.start)):
            newest[m.key] = m
    if not newest:
        return {}
    found = _find(newest)
    missing = [m for key, m in newest.items() if key not in found]
    if missing:
        slugs = unique_person_slugs([m.name for m in missing])
        Person.objects.bulk_create(
            [
                Person(
                    municipality_id=m.municipality_id,
                    name=m.name,
                    name_key=m.key[1],
                    sort_key=sort_key(m.name),
                    party=m.party,
                    party_printed_at=m.start if m.party else None,
                    slug=slug,
                )
                for m, slug in zip(missing, slugs, strict=True)
            ],
            batch_size=BULK_BATCH_SIZE,
            ignore_conflicts=True,  # a concurrent import created the same person
        )
        found.update(_find({m.key: m for m in missing}))
        for m in missing:
            if m.key not in found:  # its slug was taken meanwhile: one at a time
                found[m.key] = _create_one(m)
    changed = []
    for key, m in newest.items():
        person = found[key]
        if not m.party:
            continue
        if person.party_printed_at is None or m.start >= person.party_printed_at:
            if (person.party, person.party_printed_at) != (m.party, m.start):
                person.party, person.party_printed_at = m.party, m.start
                changed.append(person)
    if changed:
        update_rows(Person, changed, ["party", "party_printed_at"], batch_size=BULK_BATCH_SIZE)
    return found


_PERSON_FIELDS = ["pk", "municipality_id", "name_key", "party", "party_printed_at"]


def _find(wanted: dict[tuple[int, str], _Mention]) -> dict[tuple[int, str], Person]:
    by_municipality: dict[int, list[str]] = {}
    for municipality_id, key in wanted:
        by_municipality.setdefault(municipality_id, []).append(key)
    condition, alias_condition = Q(), Q()
    for municipality_id, keys in by_municipality.items():
        condition |= Q(municipality_id=municipality_id, name_key__in=keys)
        alias_condition |= Q(person__municipality_id=municipality_id, name_key__in=keys)
    found = {
        (p.municipality_id, p.name_key): p
        for p in Person.objects.filter(condition).only(*_PERSON_FIELDS[1:])
    }
    if len(found) < len(wanted):
        for alias in PersonAlias.objects.filter(alias_condition).select_related("person"):
            key = (alias.person.municipality_id, alias.name_key)
            found.setdefault(key, alias.person)
    return found


def _create_one(m: _Mention) -> Person:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Person.objects.create(
                    municipality_id=m.municipality_id,
                    name=m.name,
                    party=m.party,
                    party_printed_at=m.start if m.party else None,
                )
        except IntegrityError:
            existing = _find({m.key: m}).get(m.key)
            if existing is not None:
                return existing
    raise IntegrityError(f"Could not create a person named {m.name!r}.")
