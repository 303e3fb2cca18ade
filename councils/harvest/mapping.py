"""FirstAgenda Publication's JSON → our parse types. Pure: no HTTP, no database, no Django.

Field names are the portal's own, with the variants public scrapers show (see
``docs/layouts.md``, "FirstAgenda Publication — the public JSON API"): the portal's Danish
names (``Punktnummer``, ``Navn``, ``Dagsordenpunkter``, ``Felter``, ``Bilag``, ``Moeder``) and
the English ones of the same data in FirstAgenda's integration API (``Number``, ``Caption``,
``Items``, ``MeetingBeginUtc``, ``IsPublic``). Each field is read through one table of its
names (``*_KEYS`` below), first match wins.

- ``committees(payload)``: ``GET /api/agenda/udvalgsliste`` → committees with their meetings;
- ``parse_meeting(payload, …)``: ``GET /api/agenda/dagsorden/{id}`` → ``PortalMeeting`` (the
  ``ParsedMeeting`` the importer loads, and the bilag to fetch).

The HTML fields become sections through ``councils.importer.html.html_text`` and the parser's
heading vocabulary (``parse/vocab.py``); a field headed "Beslutning" (or "Beslutning i <this
council> den <this date>") is the point's decision, one naming another council or date an
earlier decision. Every bad shape raises ``PortalDataError`` with what was wrong.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from councils.importer.errors import ImporterError
from councils.importer.html import html_text
from councils.importer.parse import SECTION_HEADINGS, classify_outcome
from councils.importer.parse.absences import sentence_absences
from councils.importer.parse.body import Context, decision_heading
from councils.importer.parse.cases import case_reference
from councils.importer.parse.lines import heading_key
from councils.importer.parse.vocab import (
    BILAG_HEADINGS,
    CLOSED_TITLE_RE,
    HISTORY_HEADINGS,
    MAX_TITLE_CHARS,
    OTHER_HEADINGS,
)
from councils.importer.types import (
    ParsedAbsence,
    ParsedItem,
    ParsedMeeting,
    ParsedPriorDecision,
    ParsedSection,
    ParseWarning,
)

PROFILE = "firstagenda_api"  # ParsedMeeting.profile of a harvested meeting
TIME_ZONE = ZoneInfo("Europe/Copenhagen")  # naive portal times are Danish local time
ZERO_GUID = "00000000-0000-0000-0000-000000000000"  # "no id" (e.g. Moede.Id in a meeting)

# --- the names of each field, first match wins ------------------------------------------------
GROUPS_KEYS = ("Udvalg", "Committees")  # top of the committee list: {group: [committee]}
ID_KEYS = ("Id", "Uid", "AgendaUid")
NAME_KEYS = ("Navn", "Name", "CommitteeName", "Caption")
MEETINGS_KEYS = ("Moeder", "Meetings", "Agendas")
START_KEYS = ("Dato", "MeetingBeginUtc", "MeetingBegin", "Start")
PLACE_KEYS = ("Sted", "MeetingLocation", "Location")
RELEASED_KEYS = ("ReleasedDate", "Released", "Udgivet")
FINISHED_KEYS = ("Afsluttet",)  # the meeting is over: what is listed is its referat
MINUTES_KEYS = ("IsMinuteOfMeeting", "ErReferat")
SUPPLEMENTARY_KEYS = ("IsSupplementaryAgenda", "TillaegsDagsorden")
HISTORIC_KEYS = ("Historisk", "IsHistoric")
ITEMS_KEYS = ("Dagsordenpunkter", "Items", "AgendaItems")
NUMBER_KEYS = ("Punktnummer", "Number", "Nummer")
TITLE_KEYS = ("Navn", "Caption", "Titel", "Overskrift", "Title")
CASE_KEYS = ("Sagsnummer", "SagsNummer", "CaseNumber", "Sagsnr")
OPEN_KEYS = ("IsOpen", "IsPublic", "Aaben", "ErAaben")  # False: a closed point
CLOSED_KEYS = ("IsClosed", "Lukket", "ErLukket")  # True: a closed point
FIELDS_KEYS = ("Felter", "Fields")
FIELD_HEADING_KEYS = ("Navn", "Overskrift", "Caption", "Titel", "Name", "Title")
FIELD_HTML_KEYS = ("Html", "HTML", "Indhold")
FIELD_TEXT_KEYS = ("Tekst", "Text")
BILAG_KEYS = ("Bilag", "Attachments")
BILAG_ORDER_KEYS = ("Order", "Raekkefoelge", "Ordering")
COMMITTEE_KEYS = ("Udvalg", "Committee")  # in a meeting: {Id, Navn}
MEETING_KEYS = ("Moede", "Meeting")  # in a meeting: {Id (zero GUID), Navn, Dato, Sted}

# Named limits.
MAX_ITEMS = 2000  # points in one meeting
MAX_BILAG_PER_ITEM = 200
MAX_FIELD_CHARS = 2_000_000  # HTML of one field

_DOTNET_DATE_RE = re.compile(r"^/Date\((?P<ms>-?\d+)(?P<tz>[+-]\d{4})?\)/$")


class PortalDataError(ValueError):
    """The portal's data does not have the shape of FirstAgenda Publication's API."""


@dataclass(frozen=True)
class MeetingRef:
    """A meeting as the committee list shows it (no agenda points)."""

    id: str
    committee_id: str
    committee_name: str
    name: str  # as listed: "Dagsorden", "Referat", "Tillægsdagsorden", "Lukket referat" …
    start: datetime.datetime | None
    kind: str  # "dagsorden" or "referat"
    marker: str  # changes when the portal (re)releases the meeting
    supplementary: bool = False
    closed: bool = False  # "Lukket referat": only closed points, never imported

    @property
    def date(self) -> datetime.date | None:
        return self.start.astimezone(TIME_ZONE).date() if self.start else None


@dataclass
class Committee:
    id: str
    name: str
    group: str  # the list's group, e.g. "Aktuelle politiske udvalg" or an election period
    historic: bool = False
    meetings: list[MeetingRef] = field(default_factory=list)


@dataclass(frozen=True)
class BilagRef:
    id: str
    title: str
    item_number: int
    order: int  # 1-based, as Attachment.order


@dataclass
class PortalMeeting:
    parsed: ParsedMeeting
    bilag: list[BilagRef]  # of open points only, in point and bilag order


# --- small readers ----------------------------------------------------------------------------
def pick(obj: dict, keys: tuple[str, ...], default=None):
    """The first of ``keys`` present (and not None) in ``obj``."""
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return value
    return default


def text_of(obj: dict, keys: tuple[str, ...]) -> str:
    value = pick(obj, keys, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def portal_id(obj: dict) -> str:
    value = text_of(obj, ID_KEYS)
    return "" if value.casefold() == ZERO_GUID else value


def parse_time(value) -> datetime.datetime | None:
    """An aware datetime from ISO 8601 (with or without offset; naive is Danish local time),
    or ASP.NET's ``/Date(ms+zzzz)/``. None for empty; PortalDataError for nonsense."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise PortalDataError(f"a date is not a string: {value!r}")
    text = value.strip()
    match = _DOTNET_DATE_RE.match(text)
    if match:
        return datetime.datetime.fromtimestamp(int(match["ms"]) / 1000, tz=datetime.UTC)
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise PortalDataError(f"unreadable date {text!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIME_ZONE)
    return moment


def meeting_kind(name: str, *, finished=None, minutes=None) -> str:
    """ "referat" or "dagsorden": the listed name says it ("Referat …", "Beslutningsprotokol",
    "Dagsorden", "Tillægsdagsorden"); else the portal's flags (IsMinuteOfMeeting, Afsluttet)."""
    key = name.casefold()
    if re.search(r"referat|protokol", key):
        return "referat"
    if "dagsorden" in key:
        return "dagsorden"
    if minutes is True or finished is True:
        return "referat"
    return "dagsorden"


def release_marker(entry: dict) -> str:
    """What tells a re-release: the release date with the listed name, date and flags."""
    parts = [
        text_of(entry, RELEASED_KEYS),
        text_of(entry, NAME_KEYS),
        text_of(entry, START_KEYS),
        str(pick(entry, FINISHED_KEYS, "")),
        str(pick(entry, MINUTES_KEYS, "")),
    ]
    return "|".join(parts)[:300]


# --- the committee list -----------------------------------------------------------------------
def committees(payload) -> list[Committee]:
    """Committees with their meetings from ``/api/agenda/udvalgsliste``.

    The shape: ``{"Udvalg": {"<group>": [{"Id", "Navn", "Moeder": [meeting…]}…]}}`` (a plain
    list of committees under ``Udvalg`` is accepted too).
    """
    if not isinstance(payload, dict):
        raise PortalDataError("the committee list is not a JSON object")
    groups = pick(payload, GROUPS_KEYS)
    if isinstance(groups, list):
        groups = {"": groups}
    if not isinstance(groups, dict):
        raise PortalDataError("the committee list has no 'Udvalg' (groups of committees)")
    out: list[Committee] = []
    for group, members in groups.items():
        if not isinstance(members, list):
            raise PortalDataError(f"the committee group {group!r} is not a list")
        for entry in members:
            if not isinstance(entry, dict):
                raise PortalDataError(f"a committee of the group {group!r} is not an object")
            committee = Committee(
                id=portal_id(entry),
                name=text_of(entry, NAME_KEYS),
                group=str(group),
                historic=bool(pick(entry, HISTORIC_KEYS, False)),
            )
            if not committee.id or not committee.name:
                raise PortalDataError(f"a committee of the group {group!r} has no Id or Navn")
            listed = pick(entry, MEETINGS_KEYS, [])
            if not isinstance(listed, list):
                raise PortalDataError(f"the meetings of {committee.name!r} are not a list")
            for meeting in listed:
                ref = _meeting_ref(meeting, committee)
                if ref is not None:
                    committee.meetings.append(ref)
            out.append(committee)
    return out


def _meeting_ref(entry, committee: Committee) -> MeetingRef | None:
    if not isinstance(entry, dict):
        raise PortalDataError(f"a meeting of {committee.name!r} is not an object")
    meeting_id = portal_id(entry)
    if not meeting_id:
        return None  # nothing to fetch it by
    name = text_of(entry, NAME_KEYS)
    return MeetingRef(
        id=meeting_id,
        committee_id=committee.id,
        committee_name=committee.name,
        name=name,
        start=parse_time(pick(entry, START_KEYS)),
        kind=meeting_kind(
            name, finished=pick(entry, FINISHED_KEYS), minutes=pick(entry, MINUTES_KEYS)
        ),
        marker=release_marker(entry),
        supplementary=bool(pick(entry, SUPPLEMENTARY_KEYS, False))
        or name.casefold().startswith("tillæg"),
        closed=name.casefold().startswith("lukket"),
    )


# --- one meeting ------------------------------------------------------------------------------
def load_json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PortalDataError(f"the meeting's data is not valid JSON ({exc})") from exc


def parse_meeting(
    payload,
    *,
    ref: MeetingRef | None = None,
    source_name: str = "",
    municipality: str = "",
) -> PortalMeeting:
    """One meeting from ``/api/agenda/dagsorden/{id}`` as a ParsedMeeting (and its bilag).

    ``ref`` (the meeting as the committee list shows it) fills in what the meeting's own data
    leaves out (the committee's name, the kind, the start).
    """
    if not isinstance(payload, dict):
        raise PortalDataError("the meeting's data is not a JSON object")
    committee = pick(payload, COMMITTEE_KEYS, {})
    moede = pick(payload, MEETING_KEYS, {})
    if not isinstance(committee, dict) or not isinstance(moede, dict):
        raise PortalDataError("'Udvalg' or 'Moede' of the meeting is not an object")
    council = (
        text_of(committee, NAME_KEYS)
        or text_of(payload, ("CommitteeName",))
        or (ref.committee_name if ref else "")
    )
    if not council:
        raise PortalDataError("the meeting names no committee (Udvalg.Navn)")
    start = (
        parse_time(pick(moede, START_KEYS))
        or parse_time(pick(payload, ("MeetingBeginUtc",)))
        or (ref.start if ref else None)
    )
    if start is None:
        raise PortalDataError("the meeting has no date (Moede.Dato / MeetingBeginUtc)")
    local = start.astimezone(TIME_ZONE)
    name = text_of(moede, NAME_KEYS) or text_of(payload, ("Name",)) or (ref.name if ref else "")
    if name:
        kind = meeting_kind(
            name,
            finished=pick(moede, FINISHED_KEYS, pick(payload, FINISHED_KEYS)),
            minutes=pick(payload, MINUTES_KEYS, pick(moede, MINUTES_KEYS)),
        )
    else:
        kind = ref.kind if ref else meeting_kind("", minutes=pick(payload, MINUTES_KEYS))
    items_data = pick(payload, ITEMS_KEYS, [])
    if not isinstance(items_data, list):
        raise PortalDataError("'Dagsordenpunkter' of the meeting is not a list")
    if len(items_data) > MAX_ITEMS:
        raise PortalDataError(f"the meeting has {len(items_data)} points (at most {MAX_ITEMS})")
    warnings: list[ParseWarning] = []
    meeting = ParsedMeeting(
        source=source_name,
        council=council,
        date=local.date(),
        start_time=local.time().replace(second=0, microsecond=0, tzinfo=None),
        location=(text_of(moede, PLACE_KEYS) or text_of(payload, PLACE_KEYS))[:500],
        municipality=municipality,
        kind=kind,
        profile=PROFILE,
    )
    ctx = Context(council=council, date=local.date(), packed=False, warnings=warnings)
    bilag: list[BilagRef] = []
    numbers: set[int] = set()
    for position, entry in enumerate(items_data, start=1):
        if not isinstance(entry, dict):
            raise PortalDataError(f"point {position} of the meeting is not an object")
        item, item_bilag = _item(entry, position, ctx)
        if item.number in numbers:
            raise PortalDataError(f"point number {item.number} appears twice in the meeting")
        numbers.add(item.number)
        meeting.items.append(item)
        bilag.extend(item_bilag)
    meeting.warnings = warnings
    return PortalMeeting(parsed=meeting, bilag=bilag)


def _item(entry: dict, position: int, ctx: Context) -> tuple[ParsedItem, list[BilagRef]]:
    raw_number = pick(entry, NUMBER_KEYS)
    try:
        number = int(str(raw_number).strip().rstrip("."))
    except ValueError:
        number = None
    if number is None or not 0 <= number < 2**31:
        number = position
        ctx.warnings.append(
            ParseWarning(
                "no_item_number",
                f"Punktet på plads {position} har intet gyldigt nummer på portalen "
                f"({raw_number!r}); pladsen er brugt som nummer.",
                item_number=position,
            )
        )
    title = text_of(entry, TITLE_KEYS)[:MAX_TITLE_CHARS]
    closed = (
        any(entry.get(key) is False for key in OPEN_KEYS)
        or any(entry.get(key) is True for key in CLOSED_KEYS)
        or bool(title and CLOSED_TITLE_RE.search(title))
    )
    if not title:
        title = "Lukket punkt" if closed else f"Punkt {number}"
    item = ParsedItem(number=number, title=title, is_closed=closed)
    printed = text_of(entry, CASE_KEYS)
    if printed:
        ref = case_reference(printed) or case_reference(f"Sagsnr. {printed}")
        item.case_number = ref.number if ref else printed
        item.case_system = ref.system if ref else "other"
    _fields(item, pick(entry, FIELDS_KEYS, []), ctx)
    refs = []
    listed = pick(entry, BILAG_KEYS, [])
    if not isinstance(listed, list):
        raise PortalDataError(f"'Bilag' of point {number} is not a list")
    if len(listed) > MAX_BILAG_PER_ITEM:
        raise PortalDataError(f"point {number} has {len(listed)} bilag")
    ordered = sorted(
        (b for b in listed if isinstance(b, dict)),
        key=lambda b: _order(b),
    )
    for b in ordered:
        item.attachments.append(text_of(b, TITLE_KEYS) or "Bilag")
        bilag_id = portal_id(b)
        if bilag_id and not closed:
            refs.append(BilagRef(bilag_id, item.attachments[-1], number, len(item.attachments)))
    return item, refs


def _order(bilag: dict) -> float:
    value = pick(bilag, BILAG_ORDER_KEYS)
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")  # unordered ones after the ordered, in listing order (stable)


def _field_text(entry: dict) -> str:
    html = pick(entry, FIELD_HTML_KEYS)
    if isinstance(html, str) and html.strip():
        if len(html) > MAX_FIELD_CHARS:
            raise PortalDataError(f"a field holds {len(html):,} characters of HTML")
        try:
            return html_text(f"<html><body>{html}</body></html>".encode())
        except ImporterError:
            return ""  # markup without visible text
    value = pick(entry, FIELD_TEXT_KEYS, "")
    return value if isinstance(value, str) else ""


def _is_heading(line: str, ctx: Context) -> bool:
    key = heading_key(line)
    if key in SECTION_HEADINGS or key in OTHER_HEADINGS or key in HISTORY_HEADINGS:
        return True
    return len(line) <= 120 and decision_heading(line, ctx) is not None


def _blocks(heading: str, text: str, ctx: Context) -> list[tuple[str, list[str]]]:
    """(heading, lines) of a field: its own heading, and the known headings inside its text
    (a portal that puts a whole point in one field prints them as HTML headings)."""
    blocks: list[list] = [[heading, []]]
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if _is_heading(line, ctx):
            current_heading, current_lines = blocks[-1]
            clean = line.rstrip(":").strip()
            if not current_lines and not current_heading:
                blocks[-1][0] = clean  # an untitled field that starts with its heading
                continue
            if not current_lines and heading_key(current_heading) == heading_key(line):
                continue  # the field's own heading printed again in its text
            blocks.append([clean, []])
            continue
        blocks[-1][1].append(line)
    return [(h, lines) for h, lines in blocks if h or lines]


def _fields(item: ParsedItem, fields, ctx: Context) -> None:
    if not isinstance(fields, list):
        raise PortalDataError(f"'Felter' of point {item.number} is not a list")
    decisions = []
    for entry in fields:
        if not isinstance(entry, dict):
            continue
        heading = text_of(entry, FIELD_HEADING_KEYS)
        text = _field_text(entry)
        if not text.strip():
            continue  # a field that only links a document (DocumentId) or is empty
        for block_heading, lines in _blocks(heading, text, ctx):
            body = "\n".join(lines)
            key = heading_key(block_heading)
            if key in BILAG_HEADINGS:
                continue  # the bilag list: read from 'Bilag'
            kind = SECTION_HEADINGS.get(key)
            if kind is None and block_heading:
                found = decision_heading(block_heading, ctx)
                if found is not None and not found.own:
                    item.prior_decisions.append(
                        ParsedPriorDecision(
                            council=found.council,
                            date=found.date,
                            item_number=found.number,
                            text=body,
                            heading=block_heading,
                        )
                    )
                    continue
                if found is not None:
                    kind = "beslutning"
            if kind is None:
                kind = "andet"
                if block_heading and key not in OTHER_HEADINGS and key not in HISTORY_HEADINGS:
                    ctx.warnings.append(
                        ParseWarning(
                            "unknown_heading",
                            f"Feltet '{block_heading[:80]}' i punkt {item.number} er ukendt; "
                            "teksten er gemt som andet afsnit.",
                            item_number=item.number,
                        )
                    )
            item.sections.append(ParsedSection(kind, block_heading, body))
            if kind == "beslutning" and body:
                decisions.append(body)
    item.decision = "\n".join(decisions) if decisions else None
    item.decision_outcome = classify_outcome(item.decision)
    if item.decision:
        known = {a.name for a in item.absences}
        for name, point_range in sentence_absences(item.decision):
            if point_range and not (point_range[0] <= item.number <= point_range[1]):
                continue
            if name not in known:
                item.absences.append(ParsedAbsence(name, "fravaerende"))
                known.add(name)
