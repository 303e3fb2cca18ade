"""``ParsedMeeting`` → rows, in one transaction, by natural keys.

- A meeting is identified by its council and start (``Meeting.meeting_unique_start``; a file
  for the only meeting of that council on that day corrects its start: ``existing_meeting``);
  a case by municipality and journal number. The old ``SourceDocument`` of a corrected meeting
  is kept and linked to the new one through ``superseded_by``, so nothing is ever lost.
- A corrected file updates the meeting **in place** (``_update_items``): points are matched
  by number, sections by kind (the n-th "Beslutning" of a point is the n-th one again) and
  bilag by title (else by their place on the point); matched rows are updated, new ones
  added, and only what the file no longer has is deleted. Ids — and with them the public
  bilag addresses, decision corrections, files on bilag and history — survive. A changed row
  gets one history version (``bulk_update_with_history``, reason ``CORRECTED_REASON``); an
  unchanged row none (a new place alone, ``position``/``order``, is no version). A published
  decision the file changes is recorded as a ``DecisionCorrection`` ("Rettet" on the public
  page). Fields in ``keep`` (an editor's change the secretary chose over the file's) get
  their current value back as a version of its own (``KEPT_REASON``), so the file's value
  stays on record as the last imported one (``staff.diff.find_conflicts`` compares with it).
  Prior decisions and absences have no identity of their own: they are replaced, and only
  when they differ.
- Printed council names are resolved by name or alias, like ``Council.objects.resolve()``
  (all of a municipality's names are read in one query per import: ``CouncilNames``).
  An unknown printed name is reduced to its canonical name (see ``canonical_council_name``);
  the council of that name is used (or created) and the printed name becomes its alias.
  The printed name always stays on the meeting (``printed_council_name``).
- Rows are written in bulk (``councils.bulk``: COPY on PostgreSQL, ``bulk_create``
  elsewhere). History: a meeting and its points get a "created" record each, the records
  django-simple-history's ``bulk_create_with_history`` writes (``bulk.create_with_history``:
  user = who uploaded, reason = the file name). Sections, bilag and absences are written as
  plain row tuples (``bulk.row_type``), sections and bilag without history records — their
  creation is recorded by the SourceDocument (the unchanged file, kept forever) and the
  point's record; every later edit in the admin is recorded by their HistoricalRecords.
  Measured: history rows for sections and bilag cost a quarter of the import time.
- After writing, ``councils.signals.meetings_imported`` is sent inside the transaction
  (``send_meetings_imported``), so the search index and the people rows are updated in the
  same transaction (bulk writes send no post_save).
- ``load_meetings`` writes several new meetings at once (one INSERT per table for all of
  them); ``service.import_files`` uses it for bulk imports.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from councils.bulk import create_with_history, insert_rows, insert_tuples, row_type
from councils.journal import InvalidCaseNumber, parse_case_number
from councils.models import (
    Absence,
    AgendaItem,
    Attachment,
    Case,
    Council,
    CouncilAlias,
    DecisionCorrection,
    Meeting,
    PriorDecision,
    Section,
    SourceDocument,
    normalize_council_name,
)
from councils.models.querysets import day_bounds
from councils.signals import ImportedRows, send_meetings_imported, send_meetings_published

from .errors import ImporterError
from .types import ParsedMeeting

MAX_COUNCIL_NAME = Council._meta.get_field("name").max_length

IMPORTER_VERSION = "1"
BULK_BATCH_SIZE = 500  # rows per INSERT statement

# History reasons of the importer's versions; ``is_import_version`` tells them from edits.
IMPORTED_REASON = "Indlæst fra {name}"
CORRECTED_REASON = "Rettet referat indlæst: {name}"
KEPT_REASON = "Redaktørens rettelse bevaret ved ny upload"
CORRECTION_REASON = "Ny udgave af referatet indlæst: {name}"  # DecisionCorrection.reason
_IMPORT_REASON_PREFIXES = ("Indlæst fra", "Rettet referat indlæst")
# Fields of a point a corrected file updates (and an editor's kept value may override).
ITEM_FIELDS = ("title", "case_id", "is_closed", "decision", "decision_outcome")
SECTION_FIELDS = ("kind", "heading", "text")
# A row moving to a new place passes through ORDER_OFFSET + place: the unique constraints
# on (parent, place) are checked row by row.
ORDER_OFFSET = 1_000_000


def is_import_version(record) -> bool:
    """A history record written by an import (or the state as imported), not by an edit."""
    reason = record.history_change_reason or ""
    return record.history_type == "+" or reason.startswith(_IMPORT_REASON_PREFIXES)


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
    return start_of(parsed.date, parsed.start_time)


def start_of(date: datetime.date, start_time: datetime.time | None) -> datetime.datetime:
    """A meeting's start (local time; midnight when the file gives no time)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(date, start_time or datetime.time(0, 0)).replace(tzinfo=tz)


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
    meeting._change_reason = IMPORTED_REASON.format(name=source.original_name)
    meeting._history_user = user
    return meeting


def existing_meeting(council: Council, when, *, lock: bool = False) -> Meeting | None:
    """The archived meeting a file for ``council`` at ``when`` corrects.

    ``when`` a datetime: the meeting at that start, else the only one of that council on that
    day (a corrected start time). ``when`` a date: the only one on that day. ``lock`` locks
    the row (inside a transaction) for the import that updates it.
    """
    meetings = Meeting.objects.filter(council=council)
    if lock:
        meetings = meetings.select_for_update()
    if isinstance(when, datetime.datetime):
        exact = meetings.filter(start=when).first()
        if exact is not None:
            return exact
        when = timezone.localtime(when).date()
    same_day = list(meetings.on_day(when)[:2])
    return same_day[0] if len(same_day) == 1 else None


def load_meeting(
    parsed: ParsedMeeting,
    *,
    source: SourceDocument,
    municipality,
    council: Council | None = None,
    status: str | None = None,
    user=None,
    keep=(),
) -> Meeting:
    """Write one parsed referat; returns the meeting (``meeting.import_outcome`` says
    ``"imported"`` or ``"updated"``). An archived meeting is updated in place.

    ``status`` None: a new meeting is published, a corrected one keeps its status (an admin
    who took a meeting offline keeps it offline). Pass a status to set it either way.
    ``keep``: (point number, field) pairs whose current value stays although the file says
    otherwise — field a name of ``ITEM_FIELDS`` or ``"section:<order>"`` (the staff conflict
    keys, ``staff.diff.Conflict``).
    """
    # No savepoint when called inside import_file's transaction: a failure rolls back both.
    with transaction.atomic(savepoint=False):
        names = CouncilNames(municipality)
        council = council or names.resolve(parsed.council)
        start = meeting_start(parsed)
        existing = existing_meeting(council, start, lock=True)
        now = timezone.now()
        if status is None:
            status = existing.status if existing is not None else Meeting.Status.PUBLISHED
        publish = status == Meeting.Status.PUBLISHED
        if existing is not None:
            meeting = existing
            was_public = meeting.is_published
            old_source_id = meeting.source_document_id
            meeting.start = start  # a corrected file may correct the time
            meeting.location = parsed.location
            meeting.printed_council_name = parsed.council
            meeting.kind = _kind(parsed)  # a referat replaces the agenda of its meeting
            meeting.source_document = source
            meeting.status = status
            if publish and meeting.published_at is None:
                meeting.published_at = now
            meeting._change_reason = CORRECTED_REASON.format(name=source.original_name)
            meeting._history_user = user
            meeting.save()
            if old_source_id and old_source_id != source.pk:
                SourceDocument.objects.filter(pk=old_source_id).update(superseded_by=source)
            meeting.import_outcome = "updated"
            _update_items(meeting, parsed, source, municipality, user, names, was_public, set(keep))
            rows = None  # receivers read the corrected meeting back
        else:
            meeting = _new_meeting(parsed, source, council, start, status, now, user)
            meeting.save()
            meeting.import_outcome = "imported"
            rows = _write_items([(meeting, parsed, source)], municipality, user, names)
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
        send_meetings_imported(Meeting, [meeting], rows)
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
        meetings = create_with_history(
            Meeting, meetings, batch_size=BULK_BATCH_SIZE, default_user=user
        )
        if not all(m.pk for m in meetings):  # a backend that does not return primary keys
            by_slot = {
                (m.council_id, m.start): m
                for m in Meeting.objects.filter(source_document__in=[s for _p, s in entries])
            }
            meetings = [by_slot[(m.council_id, m.start)] for m in meetings]
        rows = _write_items(
            [(m, parsed, source) for m, (parsed, source) in zip(meetings, entries, strict=True)],
            municipality,
            user,
            names,
        )
        for meeting in meetings:
            meeting.import_outcome = "imported"
        send_meetings_imported(Meeting, meetings, rows)
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
    rows = [Case(municipality=municipality, **Case.fields_for(p)) for p in unique.values()]
    if connection.vendor == "postgresql":
        _upsert_cases(municipality, rows)
    else:  # one query: insert new cases, touch existing ones, every primary key back
        rows = Case.objects.bulk_create(
            rows,
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


_CASE_COLUMNS = ("number", "scheme", "kle_subject", "action_facet", "serial", "year")


def _upsert_cases(municipality, rows: list[Case]) -> None:
    """PostgreSQL: what the ``bulk_create(update_conflicts=True)`` of ``_cases`` does (the
    same rows, the same ids), in one statement that rewrites an existing case only when its
    scheme changes (an unchanged row is not written again). Sets each row's pk; a row a
    concurrent import created meanwhile is left without one."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH ins AS (
                    INSERT INTO {table} AS c (municipality_id, {", ".join(_CASE_COLUMNS)})
                    SELECT %s, {", ".join(f"t.{c}" for c in _CASE_COLUMNS)}
                    FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::integer[],
                                %s::smallint[]) WITH ORDINALITY
                        AS t({", ".join(_CASE_COLUMNS)}, n)
                    ORDER BY t.n
                    ON CONFLICT (municipality_id, number) DO UPDATE SET scheme = EXCLUDED.scheme
                        WHERE c.scheme IS DISTINCT FROM EXCLUDED.scheme
                    RETURNING c.id, c.number)
                SELECT id, number FROM ins
                UNION ALL
                SELECT id, number FROM {table} WHERE municipality_id = %s AND number = ANY(%s)""",
            [
                municipality.pk,
                *([getattr(row, column) for row in rows] for column in _CASE_COLUMNS),
                municipality.pk,
                [row.number for row in rows],
            ],
        )
        ids = dict((number, pk) for pk, number in cursor.fetchall())
    for row in rows:
        row.pk = ids.get(row.number)
        if row.pk is not None:
            row._state.adding = False
            row._state.db = connection.alias


def _new_item(meeting, number_position, p, cases, source, user) -> AgendaItem:
    item = AgendaItem(
        meeting=meeting,
        number=p.number,
        position=number_position,
        title=p.title,
        case=cases.get(p.case_number or ""),
        is_closed=p.is_closed,
        decision=p.decision or "",
        decision_outcome=p.decision_outcome,
    )
    item._change_reason = IMPORTED_REASON.format(name=source.original_name)
    item._history_user = user
    return item


def _create_items(items: list[AgendaItem], user) -> list[AgendaItem]:
    """``create_with_history``; the rows come back with their primary keys."""
    if not items:
        return []
    created = create_with_history(
        AgendaItem, items, batch_size=BULK_BATCH_SIZE, default_user=user
    )
    if not all(i.pk for i in created):  # a backend that does not return primary keys
        by_key = {
            (i.meeting_id, i.number): i
            for i in AgendaItem.objects.filter(meeting__in={i.meeting_id for i in items})
        }
        created = [by_key[(i.meeting_id, i.number)] for i in created]
    return created


SectionRow = row_type(Section)
AttachmentRow = row_type(Attachment)
AbsenceRow = row_type(Absence)


def _sections_of(obj, p) -> list[SectionRow]:
    pk = obj.pk
    return [
        SectionRow(pk, s.kind, s.heading[:500], s.text, n)
        for n, s in enumerate(p.sections, start=1)
    ]


def _priors_of(obj, p, names: CouncilNames) -> list[PriorDecision]:
    return [
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
        for n, prior in enumerate(p.prior_decisions, start=1)
    ]


def _absences_of(meeting, obj, absences) -> list[AbsenceRow]:
    item_id = obj.pk if obj is not None else None
    return [
        AbsenceRow(meeting.pk, item_id, a.name[:200], a.kind, n, None)
        for n, a in enumerate(absences, start=1)
    ]


def _write_children(pairs, names: CouncilNames) -> list[tuple]:
    """Sections, bilag, prior decisions and absences of new points: (meeting, item, parsed).
    Returns (item, sections, bilag, prior decisions) for each point, as written."""
    rows = {Section: [], Attachment: [], PriorDecision: [], Absence: []}
    written = []
    for meeting, obj, p in pairs:
        sections = _sections_of(obj, p)
        bilag = [
            AttachmentRow(obj.pk, title[:500], n, n)
            for n, title in enumerate(p.attachments, start=1)
        ]
        priors = _priors_of(obj, p, names)
        rows[Section].extend(sections)
        rows[Attachment].extend(bilag)
        rows[PriorDecision].extend(priors)
        rows[Absence].extend(_absences_of(meeting, obj, p.absences))
        written.append((obj, sections, bilag, priors))
    _bulk_create(rows)
    return written


def _bulk_create(rows: dict) -> None:
    """Insert sections, bilag, prior decisions and absences: model instances or rows of
    ``councils.bulk.row_type`` (their primary keys are not read back: ``insert_rows``)."""
    if rows.get(PriorDecision):
        _match_archived_items(rows[PriorDecision])
    for model, objs in rows.items():
        if objs and isinstance(objs[0], tuple):
            insert_tuples(model, objs, batch_size=BULK_BATCH_SIZE)
        else:
            insert_rows(model, objs, batch_size=BULK_BATCH_SIZE)


def _write_items(entries, municipality, user, names: CouncilNames) -> ImportedRows:
    """Write the points of several meetings with one INSERT per table.

    ``entries``: (meeting, parsed, source) triples; the meetings are saved and have no points.
    Returns what was written (for the receivers of ``meetings_imported``).
    """
    cases = _cases(municipality, [parsed for _m, parsed, _s in entries])
    items = [
        _new_item(meeting, position, p, cases, source, user)
        for meeting, parsed, source in entries
        for position, p in enumerate(parsed.items, start=1)
    ]
    items = _create_items(items, user)
    parsed_items = [(meeting, p) for meeting, parsed, _s in entries for p in parsed.items]
    pairs = [(m, obj, p) for obj, (m, p) in zip(items, parsed_items, strict=True)]
    written = _write_children(pairs, names)
    _bulk_create(
        {Absence: [a for m, parsed, _s in entries for a in _absences_of(m, None, parsed.absences)]}
    )
    _link_references_to([m for m, _p, _s in entries], items, names)
    return ImportedRows(points=written)


# --- a corrected file: update in place ------------------------------------------------------


def pair_sections(old: list[Section], new_kinds: list[str]) -> dict[int, Section]:
    """New section index → the old section it updates: the n-th of a kind is the n-th again.
    (``staff.diff`` pairs a draft's sections the same way to find an editor's changes.)"""
    by_kind = defaultdict(list)
    for section in sorted(old, key=lambda s: s.order):
        by_kind[section.kind].append(section)
    seen: dict[str, int] = defaultdict(int)
    pairs = {}
    for index, kind in enumerate(new_kinds):
        if seen[kind] < len(by_kind.get(kind, ())):
            pairs[index] = by_kind[kind][seen[kind]]
        seen[kind] += 1
    return pairs


def _pair_bilag(old: list[Attachment], titles: list[str]) -> dict[int, Attachment]:
    """New bilag place (1-based) → the old bilag it is: the same title (the nearest place
    first), else the bilag at the same place (its title corrected)."""
    free = sorted(old, key=lambda a: a.order)
    pairs = {}
    for n, title in enumerate(titles, start=1):
        same = [a for a in free if a.title == title[:500]]
        if same:
            pairs[n] = min(same, key=lambda a: abs(a.order - n))
            free.remove(pairs[n])
    for n, _title in enumerate(titles, start=1):
        at = [a for a in free if n not in pairs and a.order == n]
        if at:
            pairs[n] = at[0]
            free.remove(at[0])
    return pairs


def _apply(model, matched, fields, order_field, *, reason, user) -> list:
    """Update matched rows to their new values: (row, values) pairs. A row whose ``fields``
    changed gets one history version; a row that only moves (``order_field``) gets none."""
    moved, changed = [], []
    for row, values in matched:
        diff = [f for f in fields if getattr(row, f) != values[f]]
        for f in diff:
            setattr(row, f, values[f])
        if getattr(row, order_field) != values[order_field]:
            moved.append((row, values[order_field]))
        if diff:
            changed.append(row)
    if moved:  # through a free place first: (parent, place) is unique row by row
        for row, place in moved:
            setattr(row, order_field, ORDER_OFFSET + place)
        rows = [row for row, _place in moved]
        model.objects.bulk_update(rows, [order_field], batch_size=BULK_BATCH_SIZE)
        for row, place in moved:
            setattr(row, order_field, place)
    if changed:
        for row in changed:
            row._change_reason, row._history_user = reason, user
        bulk_update_with_history(
            changed,
            model,
            [*fields, order_field],
            batch_size=BULK_BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
        )
    changed_ids = {row.pk for row in changed}
    only_moved = [row for row, _place in moved if row.pk not in changed_ids]
    if only_moved:
        model.objects.bulk_update(only_moved, [order_field], batch_size=BULK_BATCH_SIZE)
    return changed


def _update_items(meeting, parsed, source, municipality, user, names, was_public, keep) -> None:
    """Bring the points of an archived meeting in line with a corrected file, in place."""
    reason = CORRECTED_REASON.format(name=source.original_name)
    cases = _cases(municipality, [parsed])
    wanted = {p.number: (position, p) for position, p in enumerate(parsed.items, start=1)}
    old = {i.number: i for i in AgendaItem.objects.filter(meeting=meeting)}
    for number, item in old.items():
        if number not in wanted:  # gone from the file: deleted (its version says so)
            item._change_reason, item._history_user = reason, user
            item.delete()
    kept = {n: i for n, i in old.items() if n in wanted}
    children = {Section: defaultdict(list), Attachment: defaultdict(list)}
    for model, rows in children.items():
        for row in model.objects.filter(agenda_item__in=list(kept.values())):
            rows[row.agenda_item_id].append(row)
    before = {n: {f: getattr(i, f) for f in ITEM_FIELDS} for n, i in kept.items()}
    section_at = {(i.number, s.order): s for i in kept.values() for s in children[Section][i.pk]}
    texts_before = {s.pk: s.text for s in section_at.values()}

    # Points: matched by number.
    matched = []
    for number, item in kept.items():
        position, p = wanted[number]
        case = cases.get(p.case_number or "")
        values = {
            "position": position,
            "title": p.title,
            "case_id": case.pk if case else None,
            "is_closed": p.is_closed,
            "decision": p.decision or "",
            "decision_outcome": p.decision_outcome,
        }
        matched.append((item, values))
    # Gone children first, then the matched ones move and change, then new ones fill in.
    section_pairs, bilag_pairs, new_sections, new_bilag = [], [], [], []
    gone, gone_bilag = [], []
    for number, item in kept.items():
        p = wanted[number][1]
        pairs = pair_sections(children[Section][item.pk], [s.kind for s in p.sections])
        gone += [s.pk for s in children[Section][item.pk] if s not in pairs.values()]
        for n, s in enumerate(p.sections, start=1):
            values = {"kind": s.kind, "heading": s.heading[:500], "text": s.text, "order": n}
            if n - 1 in pairs:
                section_pairs.append((pairs[n - 1], values))
            else:
                new_sections.append(Section(agenda_item=item, **values))
        pairs = _pair_bilag(children[Attachment][item.pk], p.attachments)
        gone_bilag += [a.pk for a in children[Attachment][item.pk] if a not in pairs.values()]
        # A new bilag gets a number no bilag of the point has had in this file's life: never
        # a removed one's, so an old address never serves another file.
        numbers = [a.number for a in children[Attachment][item.pk]]
        next_number = max(numbers, default=0) + 1
        for n, title in enumerate(p.attachments, start=1):
            values = {"title": title[:500], "order": n}
            if n in pairs:
                bilag_pairs.append((pairs[n], values))
            else:
                new_bilag.append(Attachment(agenda_item=item, number=next_number, **values))
                next_number += 1
    Section.objects.filter(pk__in=gone).delete()
    Attachment.objects.filter(pk__in=gone_bilag).delete()
    _apply(AgendaItem, matched, ITEM_FIELDS, "position", reason=reason, user=user)
    _apply(Section, section_pairs, SECTION_FIELDS, "order", reason=reason, user=user)
    _apply(Attachment, bilag_pairs, ("title",), "order", reason=reason, user=user)
    _bulk_create({Section: new_sections, Attachment: new_bilag})

    _keep_current(keep, kept, before, section_at, texts_before, user)
    if was_public:
        _record_corrections(kept, before, source, user)
    _replace_if_changed(meeting, parsed, kept, wanted, names)

    added = [
        _new_item(meeting, position, p, cases, source, user)
        for number, (position, p) in wanted.items()
        if number not in kept
    ]
    added = _create_items(added, user)
    _write_children([(meeting, obj, wanted[obj.number][1]) for obj in added], names)
    _link_references_to([meeting], [*kept.values(), *added], names)


def _keep_current(keep, kept, before, section_at, texts_before, user) -> None:
    """The editor's values the secretary chose over the file's: back, as versions of their own."""
    items, sections = {}, {}
    for number, field in keep:
        if field.startswith("section:"):
            section = section_at.get((number, int(field.split(":", 1)[1])))
            if section is not None and section.text != texts_before[section.pk]:
                section.text = texts_before[section.pk]
                sections[section.pk] = section
        elif number in kept and field in before[number]:
            item = kept[number]
            if getattr(item, field) != before[number][field]:
                setattr(item, field, before[number][field])
                items.setdefault(item.pk, (item, set()))[1].add(field)
    for rows, model, fields in (
        (
            [i for i, _f in items.values()],
            AgendaItem,
            sorted({f for _i, fs in items.values() for f in fs}),
        ),
        (list(sections.values()), Section, ["text"]),
    ):
        if not rows:
            continue
        for row in rows:
            row._change_reason, row._history_user = KEPT_REASON, user
        bulk_update_with_history(rows, model, fields, default_user=user)


def _norm(text) -> str:
    return (text or "").strip()


def _record_corrections(kept, before, source, user) -> None:
    """A published decision the file changed: the record behind "Rettet" on the public page."""
    by = user if user is not None and getattr(user, "is_authenticated", False) else None
    corrections = [
        DecisionCorrection(
            agenda_item=item,
            previous_decision=before[number]["decision"] or "",
            previous_outcome=before[number]["decision_outcome"] or "",
            new_decision=item.decision or "",
            new_outcome=item.decision_outcome or "",
            corrected_by=by,
            reason=CORRECTION_REASON.format(name=source.original_name)[:300],
        )
        for number, item in kept.items()
        if _norm(before[number]["decision"]) != _norm(item.decision)
    ]
    if corrections:
        DecisionCorrection.objects.bulk_create(corrections)


def _prior_key(prior) -> tuple:
    return (prior.council_name, prior.date, prior.item_number, prior.text, prior.heading)


def _replace_if_changed(meeting, parsed, kept, wanted, names) -> None:
    """Prior decisions and absences of the matched points (and the meeting's own absences):
    replaced where the file says otherwise, left alone where it does not."""
    priors, absences = defaultdict(list), defaultdict(list)
    for prior in PriorDecision.objects.filter(agenda_item__in=list(kept.values())):
        priors[prior.agenda_item_id].append(prior)
    for absence in Absence.objects.filter(meeting=meeting):
        absences[absence.agenda_item_id].append(absence)
    stale_priors, stale_absences = [], []
    rows = {PriorDecision: [], Absence: []}

    def differs(old, new, key) -> bool:
        return sorted(map(key, old)) != sorted(map(key, new))

    def absence_key(a):
        return (a.order, a.name, a.kind)

    for number, item in kept.items():
        p = wanted[number][1]
        new_priors = _priors_of(item, p, names)
        if differs(priors[item.pk], new_priors, lambda x: (x.order, *_prior_key(x))):
            stale_priors += [x.pk for x in priors[item.pk]]
            rows[PriorDecision] += new_priors
        new_absences = _absences_of(meeting, item, p.absences)
        if differs(absences[item.pk], new_absences, absence_key):
            stale_absences += [x.pk for x in absences[item.pk]]
            rows[Absence] += new_absences
    whole = _absences_of(meeting, None, parsed.absences)
    if differs(absences[None], whole, absence_key):
        stale_absences += [x.pk for x in absences[None]]
        rows[Absence] += whole
    PriorDecision.objects.filter(pk__in=stale_priors).delete()
    Absence.objects.filter(pk__in=stale_absences).delete()
    _bulk_create(rows)


def _day_range(date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The day's first instant and the next day's, in Copenhagen time (the archive's)."""
    return day_bounds(date)


def _match_archived_items(priors: list[PriorDecision]) -> None:
    """Link prior decisions to the archived points they refer to (one query): the point of
    that number at the council's meeting on that day (the first such point, by id)."""
    wanted = [p for p in priors if p.council is not None and p.date and p.item_number]
    if not wanted:
        return
    if connection.vendor == "postgresql":  # one join against the keys, not an OR per prior
        keys = sorted({(p.council.pk, p.date, p.item_number) for p in wanted})
        ranges = [_day_range(day) for _c, day, _n in keys]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT DISTINCT ON (t.n) t.n, i.id
                    FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[],
                                %s::bigint[]) WITH ORDINALITY AS t(council, lo, hi, number, n)
                    JOIN {Meeting._meta.db_table} m ON m.council_id = t.council
                        AND m.start >= t.lo AND m.start < t.hi
                    JOIN {AgendaItem._meta.db_table} i ON i.meeting_id = m.id
                        AND i.number = t.number
                    ORDER BY t.n, i.id""",
                [
                    [c for c, _d, _n in keys],
                    [lo for lo, _hi in ranges],
                    [hi for _lo, hi in ranges],
                    [n for _c, _d, n in keys],
                ],
            )
            found = {keys[n - 1]: pk for n, pk in cursor.fetchall()}
        for prior in wanted:
            prior.matched_item_id = found.get((prior.council.pk, prior.date, prior.item_number))
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
