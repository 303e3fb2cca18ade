"""``ParsedMeeting`` → rows, in one transaction, by natural keys.

- A meeting is identified by its council and start (``Meeting.meeting_unique_start``); a case
  by municipality and journal number. Importing a corrected file for a meeting that is already
  in the archive replaces the meeting's points; the old ``SourceDocument`` is kept and linked to
  the new one through ``superseded_by``, so nothing is ever lost.
- Printed council names are resolved by name or alias, like ``Council.objects.resolve()``
  (all of a municipality's names are read in one query per import: ``CouncilNames``).
  An unknown printed name is reduced to its canonical name (see ``canonical_council_name``);
  the council of that name is used (or created) and the printed name becomes its alias.
  The printed name always stays on the meeting (``printed_council_name``).
- Rows are written with ``bulk_create``. History: the Meeting is saved normally (its history
  record says which file it came from) and AgendaItems are written with django-simple-history's
  ``bulk_create_with_history`` (a "created" record per point: user = who uploaded, reason =
  the file name). Sections and Attachments are bulk-created without history records — their
  creation is recorded by the SourceDocument (the unchanged file, kept forever) and the
  point's record; every later edit in the admin is recorded by their HistoricalRecords.
  Measured: history rows for sections and bilag cost a quarter of the import time.
- After writing, ``councils.signals.meetings_imported`` is sent inside the transaction, so the
  search index is updated in the same transaction (bulk_create sends no post_save).
- ``load_meetings`` writes several new meetings at once (one INSERT per table for all of
  them); ``service.import_files`` uses it for bulk imports.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from councils.journal import InvalidCaseNumber, parse_case_number
from councils.models import (
    Absence,
    AgendaItem,
    Attachment,
    Case,
    Council,
    CouncilAlias,
    Meeting,
    PriorDecision,
    Section,
    SourceDocument,
    normalize_council_name,
)
from councils.signals import meetings_imported, send_meetings_published

from .errors import ImporterError
from .types import ParsedMeeting

MAX_COUNCIL_NAME = Council._meta.get_field("name").max_length

IMPORTER_VERSION = "1"
BULK_BATCH_SIZE = 500  # rows per INSERT statement

# Printed names carry period and scope qualifiers that are not part of the council's name:
# "Socialudvalget 2015 - 2021", "Socialudvalget inkl. de ikke arbejdsmarkedsparate borgere",
# "Teknisk Udvalg (2018-2021)". The canonical name is what is left.
_QUALIFIER_RES = [
    re.compile(r"\s+(?:inkl\.?|inklusive|incl\.?)\s.*$", re.IGNORECASE),
    re.compile(r"\s*\(?\s*\d{4}\s*[-–/]\s*\d{2,4}\s*\)?\s*$"),
    re.compile(r"\s*\(?\s*(?:fra\s+)?\d{4}\s*\)?\s*$"),
    re.compile(r"\s*[-–,]\s*$"),
]


def canonical_council_name(printed: str) -> str:
    """The council's name without period and scope qualifiers (never empty)."""
    name = re.sub(r"\s+", " ", (printed or "").strip())
    for pattern in _QUALIFIER_RES:
        shorter = pattern.sub("", name).strip()
        if shorter:
            name = shorter
    return name


def council_kind(name: str) -> str:
    key = name.casefold()
    if "byråd" in key or "kommunalbestyrelse" in key:
        return Council.Kind.BYRAAD
    if "udvalg" in key:
        return Council.Kind.UDVALG
    if key.endswith(("råd", "rådet")):
        return Council.Kind.RAAD
    return Council.Kind.ANDET


class CouncilNames:
    """Every name and alias of a municipality's councils, loaded once per import (1 query)."""

    FIELDS = ["id", "municipality_id", "name", "name_key", "slug", "kind", "is_active"]

    def __init__(self, municipality):
        self.municipality = municipality
        councils: dict[int, Council] = {}
        aliases: list[tuple[str, int]] = []
        rows = Council.objects.filter(municipality=municipality).values_list(
            *self.FIELDS, "aliases__name_key"
        )
        for *values, alias_key in rows:
            if values[0] not in councils:
                councils[values[0]] = Council.from_db("default", self.FIELDS, values)
            if alias_key:
                aliases.append((alias_key, values[0]))
        self.by_key: dict[str, Council] = {c.name_key: c for c in councils.values()}
        for key, council_id in aliases:
            self.by_key.setdefault(key, councils[council_id])

    def find(self, printed: str) -> Council | None:
        council = self.by_key.get(normalize_council_name(printed))
        if council is None:
            council = self.by_key.get(normalize_council_name(canonical_council_name(printed)))
        return council

    def keys_of(self, council: Council) -> set[str]:
        return {key for key, c in self.by_key.items() if c.pk == council.pk}

    def resolve(self, printed: str) -> Council:
        """The council of a printed name; created (with the printed name as alias) if new."""
        if not printed or not printed.strip():
            raise ImporterError(
                "The document names no council (committee); add a line such as 'REFERAT "
                "<udvalg> d. DD-MM-YYYY' or 'Udvalg: <navn>' and import it again.",
                code="no_council",
            )
        council = self.find(printed)
        if council is None:
            canonical = canonical_council_name(printed)
            if len(canonical) > MAX_COUNCIL_NAME:
                raise ImporterError(
                    f"The council name in the header is {len(canonical)} characters long "
                    f"(at most {MAX_COUNCIL_NAME}); check the REFERAT line.",
                    code="council_name_too_long",
                )
            council = Council(
                municipality=self.municipality, name=canonical, kind=council_kind(canonical)
            )
            council.save()
            self.by_key[council.name_key] = council
        key = normalize_council_name(printed)
        if key != council.name_key and key not in self.by_key:
            CouncilAlias.objects.get_or_create(
                council=council, name_key=key, defaults={"name": printed.strip()}
            )
            self.by_key[key] = council
        return council


def resolve_council(municipality, printed: str, *, create: bool = True) -> Council | None:
    """The council a printed name refers to; creates it (and the alias) when ``create``."""
    names = CouncilNames(municipality)
    return names.resolve(printed) if create else names.find(printed)


def meeting_start(parsed: ParsedMeeting) -> datetime.datetime:
    tz = ZoneInfo(settings.TIME_ZONE)
    start_time = parsed.start_time or datetime.time(0, 0)
    return datetime.datetime.combine(parsed.date, start_time).replace(tzinfo=tz)


def _kind(parsed: ParsedMeeting) -> str:
    """Meeting.kind of a parse: its ``kind`` ("referat" or "dagsorden")."""
    return parsed.kind if parsed.kind in Meeting.Kind.values else Meeting.Kind.REFERAT


def _new_meeting(parsed, source, council, start, status, now, user) -> Meeting:
    """An unsaved Meeting for a parsed referat, with its history reason and user."""
    meeting = Meeting(
        council=council,
        start=start,
        location=parsed.location,
        printed_council_name=parsed.council,
        kind=_kind(parsed),
        status=status,
        source_document=source,
        published_at=now if status == Meeting.Status.PUBLISHED else None,
    )
    meeting._change_reason = f"Indlæst fra {source.original_name}"
    meeting._history_user = user
    return meeting


def existing_meeting(council: Council, start: datetime.datetime) -> Meeting | None:
    """The archived meeting a file for ``council`` at ``start`` corrects: the one at that
    start, else the only one of that council on that day (a corrected start time)."""
    meetings = Meeting.objects.select_for_update().filter(council=council)
    exact = meetings.filter(start=start).first()
    if exact is not None:
        return exact
    same_day = list(meetings.filter(start__range=_day_range(start.date()))[:2])
    return same_day[0] if len(same_day) == 1 else None


def load_meeting(
    parsed: ParsedMeeting,
    *,
    source: SourceDocument,
    municipality,
    council: Council | None = None,
    status: str | None = None,
    user=None,
) -> Meeting:
    """Write one parsed referat; returns the meeting (``meeting.import_outcome`` says
    ``"imported"`` or ``"updated"``).

    ``status`` None: a new meeting is published, a corrected one keeps its status (an admin
    who took a meeting offline keeps it offline). Pass a status to set it either way.
    """
    # No savepoint when called inside import_file's transaction: a failure rolls back both.
    with transaction.atomic(savepoint=False):
        names = CouncilNames(municipality)
        council = council or names.resolve(parsed.council)
        start = meeting_start(parsed)
        existing = existing_meeting(council, start)
        now = timezone.now()
        if status is None:
            status = existing.status if existing is not None else Meeting.Status.PUBLISHED
        publish = status == Meeting.Status.PUBLISHED
        if existing is not None:
            meeting = existing
            old_source_id = meeting.source_document_id
            meeting.items.all().delete()
            meeting.absences.all().delete()
            meeting.start = start  # a corrected file may correct the time
            meeting.location = parsed.location
            meeting.printed_council_name = parsed.council
            meeting.kind = _kind(parsed)  # a referat replaces the agenda of its meeting
            meeting.source_document = source
            meeting.status = status
            if publish and meeting.published_at is None:
                meeting.published_at = now
            meeting._change_reason = f"Rettet referat indlæst: {source.original_name}"
            meeting._history_user = user
            meeting.save()
            if old_source_id and old_source_id != source.pk:
                SourceDocument.objects.filter(pk=old_source_id).update(superseded_by=source)
            meeting.import_outcome = "updated"
        else:
            meeting = _new_meeting(parsed, source, council, start, status, now, user)
            meeting.save()
            meeting.import_outcome = "imported"

        _write_items([(meeting, parsed, source)], municipality, user, names)
        warnings = [w.to_json() for w in parsed.warnings]
        if (
            source.imported_at is None
            or source.importer_version != IMPORTER_VERSION
            or source.parse_warnings != warnings
            or source.error
        ):  # import_file fills these in before it saves the source: no second write
            source.imported_at = source.imported_at or now
            source.importer_version = IMPORTER_VERSION
            source.parse_warnings = warnings
            source.error = ""
            source.save(
                update_fields=["imported_at", "importer_version", "parse_warnings", "error"]
            )
        meetings_imported.send(sender=Meeting, meetings=[meeting])
        send_meetings_published([meeting])
    return meeting


def load_meetings(
    entries: list[tuple[ParsedMeeting, SourceDocument]],
    *,
    municipality,
    status: str | None = None,
    user=None,
) -> list[Meeting]:
    """Write several new meetings in one transaction with one INSERT per table.

    For bulk imports: every (council, start) must be new (a meeting already in the archive
    makes the unique constraint fail, and nothing is written); corrections go through
    ``load_meeting``.
    """
    status = status or Meeting.Status.PUBLISHED
    with transaction.atomic(savepoint=False):
        names = CouncilNames(municipality)
        now = timezone.now()
        meetings = []
        for parsed, source in entries:
            council = names.resolve(parsed.council)
            start = meeting_start(parsed)
            meetings.append(_new_meeting(parsed, source, council, start, status, now, user))
        meetings = bulk_create_with_history(
            meetings, Meeting, batch_size=BULK_BATCH_SIZE, default_user=user
        )
        if not all(m.pk for m in meetings):  # a backend that does not return primary keys
            by_slot = {
                (m.council_id, m.start): m
                for m in Meeting.objects.filter(source_document__in=[s for _p, s in entries])
            }
            meetings = [by_slot[(m.council_id, m.start)] for m in meetings]
        _write_items(
            [(m, parsed, source) for m, (parsed, source) in zip(meetings, entries, strict=True)],
            municipality,
            user,
            names,
        )
        for meeting in meetings:
            meeting.import_outcome = "imported"
        meetings_imported.send(sender=Meeting, meetings=meetings)
        send_meetings_published(meetings)
    return meetings


def _cases(municipality, parsed_list: list[ParsedMeeting]) -> dict[str, Case]:
    """The Case of every printed case number in these meetings (created when new)."""
    parts = {}
    for parsed in parsed_list:
        for item in parsed.items:
            if not item.case_number or item.case_number in parts:
                continue
            try:
                parts[item.case_number] = parse_case_number(item.case_number)
            except InvalidCaseNumber:
                continue  # the parser warned "bad_case_number"
    unique = {p.number: p for p in parts.values()}
    if not unique:
        return {}
    # One query: insert new cases, touch existing ones, and get every primary key back.
    rows = Case.objects.bulk_create(
        [Case(municipality=municipality, **Case.fields_for(p)) for p in unique.values()],
        update_conflicts=True,
        unique_fields=["municipality", "number"],
        update_fields=["scheme"],
    )
    found = {c.number: c for c in rows if c.pk}
    if len(found) < len(rows):  # a backend that returns no primary keys
        found = {
            c.number: c
            for c in Case.objects.filter(municipality=municipality, number__in=list(unique))
        }
    return {printed: found[p.number] for printed, p in parts.items() if p.number in found}


def _write_items(entries, municipality, user, names: CouncilNames) -> None:
    """Write the points of several meetings with one INSERT per table.

    ``entries``: (meeting, parsed, source) triples; the meetings are saved and have no points.
    """
    cases = _cases(municipality, [parsed for _m, parsed, _s in entries])
    items: list[AgendaItem] = []
    for meeting, parsed, source in entries:
        for position, p in enumerate(parsed.items, start=1):
            item = AgendaItem(
                meeting=meeting,
                number=p.number,
                position=position,
                title=p.title,
                case=cases.get(p.case_number or ""),
                is_closed=p.is_closed,
                decision=p.decision or "",
                decision_outcome=p.decision_outcome,
            )
            item._change_reason = f"Indlæst fra {source.original_name}"
            item._history_user = user
            items.append(item)
    if items:
        items = bulk_create_with_history(
            items, AgendaItem, batch_size=BULK_BATCH_SIZE, default_user=user
        )
    if not all(i.pk for i in items):  # a backend that does not return primary keys
        by_key = {
            (i.meeting_id, i.number): i
            for i in AgendaItem.objects.filter(meeting__in=[m for m, _p, _s in entries])
        }
        items = [by_key[(i.meeting_id, i.number)] for i in items]

    parsed_items = [(meeting, p) for meeting, parsed, _s in entries for p in parsed.items]
    sections, attachments, priors, absences = [], [], [], []
    for obj, (meeting, p) in zip(items, parsed_items, strict=True):
        sections.extend(
            Section(agenda_item=obj, kind=s.kind, heading=s.heading[:500], text=s.text, order=n)
            for n, s in enumerate(p.sections, start=1)
        )
        attachments.extend(
            Attachment(agenda_item=obj, title=title[:500], order=n)
            for n, title in enumerate(p.attachments, start=1)
        )
        for n, prior in enumerate(p.prior_decisions, start=1):
            priors.append(
                PriorDecision(
                    agenda_item=obj,
                    council_name=prior.council[:300],
                    council=names.find(prior.council),
                    date=prior.date,
                    item_number=prior.item_number,
                    text=prior.text,
                    heading=prior.heading[:500],
                    order=n,
                )
            )
        absences.extend(
            Absence(meeting=meeting, agenda_item=obj, name=a.name[:200], kind=a.kind, order=n)
            for n, a in enumerate(p.absences, start=1)
        )
    for meeting, parsed, _source in entries:
        absences.extend(
            Absence(meeting=meeting, agenda_item=None, name=a.name[:200], kind=a.kind, order=n)
            for n, a in enumerate(parsed.absences, start=1)
        )
    if sections:
        Section.objects.bulk_create(sections, batch_size=BULK_BATCH_SIZE)
    if attachments:
        Attachment.objects.bulk_create(attachments, batch_size=BULK_BATCH_SIZE)
    if priors:
        _match_archived_items(priors)
        PriorDecision.objects.bulk_create(priors, batch_size=BULK_BATCH_SIZE)
    if absences:
        Absence.objects.bulk_create(absences, batch_size=BULK_BATCH_SIZE)
    _link_references_to([m for m, _p, _s in entries], items, names)


def _day_range(date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(date, datetime.time(0, 0)).replace(tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def _match_archived_items(priors: list[PriorDecision]) -> None:
    """Link prior decisions to the archived points they refer to (one query)."""
    wanted = [p for p in priors if p.council is not None and p.date and p.item_number]
    if not wanted:
        return
    condition = Q()
    for prior in wanted:
        condition |= Q(
            meeting__council=prior.council,
            meeting__start__gte=_day_range(prior.date)[0],
            meeting__start__lt=_day_range(prior.date)[1],
            number=prior.item_number,
        )
    found = {}
    for item in AgendaItem.objects.filter(condition).select_related("meeting").order_by("-pk"):
        key = (item.meeting.council_id, timezone.localdate(item.meeting.start), item.number)
        found[key] = item
    for prior in wanted:
        prior.matched_item = found.get((prior.council.pk, prior.date, prior.item_number))


def _link_references_to(meetings: list[Meeting], items: list[AgendaItem], names) -> None:
    """Prior decisions in already archived meetings that refer to these meetings' points
    (their council may have been unknown when they were imported). One query."""
    if not items:
        return
    meeting_by_pk = {m.pk: m for m in meetings}
    by_key = {}  # (council id, local date, number) → item
    for item in items:
        meeting = meeting_by_pk[item.meeting_id]
        by_key[(meeting.council_id, timezone.localdate(meeting.start), item.number)] = item
    keys_by_council = {
        m.council_id: names.keys_of(m.council) | {m.council.name_key} for m in meetings
    }
    pending = PriorDecision.objects.filter(
        Q(council__in=list(keys_by_council)) | Q(council__isnull=True),
        date__in={key[1] for key in by_key},
        item_number__in={key[2] for key in by_key},
        matched_item__isnull=True,
    ).exclude(agenda_item__meeting__in=meetings)
    to_update = []
    for prior in pending:
        candidates = [prior.council_id] if prior.council_id else list(keys_by_council)
        for council_id in candidates:
            item = by_key.get((council_id, prior.date, prior.item_number))
            if item is None:
                continue
            keys = keys_by_council[council_id]
            if prior.council_id is None and not (
                normalize_council_name(prior.council_name) in keys
                or normalize_council_name(canonical_council_name(prior.council_name)) in keys
            ):
                continue
            prior.council_id = council_id
            prior.matched_item = item
            to_update.append(prior)
            break
    if to_update:
        PriorDecision.objects.bulk_update(
            to_update, ["council", "matched_item"], batch_size=BULK_BATCH_SIZE
        )
