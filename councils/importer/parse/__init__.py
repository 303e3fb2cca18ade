"""Text of Danish minutes or an agenda → ``ParsedMeeting``. Pure and deterministic: no Django,
no database.

One machinery for every layout, its knobs set by a layout profile (``profiles.py``, chosen by
signals in the text or named by the caller):

- ``header.py``: the meeting's header in any order and form (title lines, labelled fields,
  bare council and date lines, absences, table of contents);
- ``points.py``: where points start, in every printed form, as one increasing sequence;
- ``body.py``: each point's title, case reference (``cases.py``: every case system), sections,
  own decision, earlier treatments, bilag and absences (``absences.py``);
- ``vocab.py``: the words and limits; ``dates.py``: dates and times; ``lines.py``: markup.

Every line of the source lands in some field: the point's title, a section (heading or
text), an attachment, an absence or a prior decision; page furniture and the header are the
exceptions (see the coverage test). Lines the parser does not understand are kept in an
"andet" section and, when they look like headings, reported as ``unknown_heading``.

The only exception raised is :class:`ImporterError` (no header, no points, an impossible
date, a repeated point number).
"""

from __future__ import annotations

import re

from ..errors import ImporterError
from ..types import ParsedAbsence, ParsedMeeting, ParseWarning
from .body import Context, classify_outcome, parse_item
from .header import parse_header
from .lines import Line, clean_line, fold, prepare
from .points import PUNKT_RE as ITEM_RE
from .points import find_points, is_structure
from .profiles import PROFILES, Profile, detect_profile, get_profile
from .vocab import (
    BILAG_HEADINGS,
    GROUP_HEADING_RE,
    MAX_HEADER_LINES,
    SECTION_HEADINGS,
)
from .vocab import CASE_FORMS as _CASE_FORMS

CASE_NUMBER_RE = re.compile(rf"^{_CASE_FORMS[0][1].pattern}$")  # a KLE journal number

__all__ = [
    "BILAG_HEADINGS",
    "CASE_NUMBER_RE",
    "ITEM_RE",
    "PROFILES",
    "SECTION_HEADINGS",
    "classify_outcome",
    "clean_line",
    "detect_profile",
    "is_structural_line",
    "parse_referat",
]


def is_structural_line(text: str) -> bool:
    """A line that is a point heading, a case reference, a known heading or label: a PDF
    line that reaches the margin is never continued by it (``extract.pdf_layout_text``)."""
    return bool(ITEM_RE.match(text)) or is_structure(text)


PACKED_SHARE = 0.5  # text lines directly after another text line: paragraphs are packed
PACKED_MIN_LINE_CHARS = 25  # lines shorter than this do not count (labels, list items)


def parse_referat(
    text: str,
    source_name: str = "",
    *,
    municipality: str | None = None,
    profile: str | Profile | None = None,
) -> ParsedMeeting:
    """Parse the text of one meeting's minutes (or agenda). Raises only ImporterError.

    ``municipality`` (as printed, e.g. "Aarhus Kommune") overrides what the document says;
    ``profile`` names a layout profile instead of detecting it.
    """
    lines = prepare(text)
    measured = _measure_packed(lines, 0)
    if isinstance(profile, Profile):
        chosen = profile
    elif profile:
        chosen = get_profile(profile)
    else:
        chosen = detect_profile(text, measured)[0]
    warnings: list[ParseWarning] = []
    starts, toc_indices, duplicates = find_points(lines, chosen)
    header_end = starts[0].first if starts else min(len(lines), MAX_HEADER_LINES)
    if header_end > MAX_HEADER_LINES:
        warnings.append(
            ParseWarning(
                "long_header",
                f"Der er over {MAX_HEADER_LINES} linjer før første punkt; kun de første er læst "
                "som mødets hoved. Tjek om et punkt mangler sin overskrift.",
                line=lines[MAX_HEADER_LINES].no,
            )
        )
        header_end = MAX_HEADER_LINES  # a long preamble: the rest is no header
    header = parse_header(lines[:header_end], set(toc_indices), warnings)
    if header.date is None:
        if not header.council:
            raise ImporterError(
                "No meeting header found (no council and no date such as 'REFERAT <udvalg> "
                "d. DD-MM-YYYY' or 'Mødedato …'): this does not look like minutes or an "
                "agenda. Check that the file is the meeting's document, not a bilag.",
                code="no_header",
            )
        raise ImporterError(
            "No meeting date in the header; write it as 'REFERAT <udvalg> d. DD-MM-YYYY' or "
            "add a 'Mødedato' line.",
            code="bad_date",
        )
    if not starts:
        raise ImporterError(
            "No points found ('Punkt N: titel', 'N. titel' …): the document seems to be empty "
            "or in an unknown layout. Check the file, or convert it to text and look at it.",
            code="no_items",
        )
    if duplicates:
        first, second, number = duplicates[0]
        raise ImporterError(
            f"Punkt {number} appears twice (lines {lines[first].no} and {lines[second].no}); "
            "correct the numbering in the file and import it again.",
            code="duplicate_item",
        )
    packed = chosen.packed if chosen.packed is not None else measured
    ctx = Context(council=header.council, date=header.date, packed=packed, warnings=warnings)
    meeting = ParsedMeeting(
        source=source_name,
        council=header.council,
        date=header.date,
        start_time=header.start_time,
        location=header.location,
        toc=header.toc,
        municipality=(municipality or header.municipality or "").strip(),
        profile=chosen.name,
    )
    ranged = [(name, kind, rng) for name, kind, rng in header.absences if rng]
    meeting.absences = [ParsedAbsence(n, k) for n, k, rng in header.absences if not rng]
    for n, start in enumerate(starts):
        after = max([start.index, *[t for t in start.title_lines if t > start.index]])
        end = starts[n + 1].first if n + 1 < len(starts) else len(lines)
        case_above = lines[start.case_line] if start.case_line is not None else None
        group = GROUP_HEADING_RE.match(start.group) if start.group else None
        item, item_ranged = parse_item(
            start.number,
            start.title,
            lines[start.index],
            lines[after + 1 : end],
            ctx,
            case_above=case_above,
            closed_group=bool(group and group["closed"]),
        )
        item.group = start.group
        extra = [*start.title_lines, *start.group_lines]
        if start.case_line is not None:
            extra.append(start.case_line)
        item.header_lines = sorted(lines[j].no for j in extra)
        ranged.extend(item_ranged)
        meeting.items.append(item)
    if not meeting.council:
        if ctx.own_councils:  # "<Udvalg>, <dato>, pkt. N" above this meeting's decisions
            meeting.council = max(set(ctx.own_councils), key=ctx.own_councils.count)
        else:
            warnings.append(
                ParseWarning(
                    "no_council",
                    "Mødets hoved nævner intet udvalg; angiv udvalget ('Udvalg: <navn>').",
                    line=lines[0].no if lines else None,
                )
            )
    _distribute_absences(meeting, ranged)
    meeting.kind = header.kind or (
        "referat" if any(i.decision for i in meeting.items) else "dagsorden"
    )
    _check_toc(meeting, header.toc_lines, warnings)
    meeting.warnings = warnings
    return meeting


def _measure_packed(lines: list[Line], start: int) -> bool:
    """Paragraphs printed on consecutive lines (no blank line between most of them)."""
    packed = spaced = 0
    previous = ""
    for line in lines[start:]:
        text = line.text
        if len(text) >= PACKED_MIN_LINE_CHARS and previous:
            if len(previous) >= PACKED_MIN_LINE_CHARS:
                packed += 1
        elif len(text) >= PACKED_MIN_LINE_CHARS and not previous:
            spaced += 1
        previous = text
    total = packed + spaced
    return bool(total) and packed / total >= PACKED_SHARE


def _distribute_absences(meeting: ParsedMeeting, ranged) -> None:
    """Absences printed for a range of points ("sag 129-138") go to those points; the whole
    meeting's absences (no range) to every point as well."""
    for item in meeting.items:
        names = {a.name for a in item.absences}
        for name, kind, (first, last) in ranged:
            if first <= item.number <= last and name not in names:
                item.absences.append(ParsedAbsence(name, kind))
                names.add(name)
        for absence in meeting.absences:
            if absence.name not in names:
                item.absences.append(ParsedAbsence(absence.name, absence.kind))
                names.add(absence.name)


def _check_toc(meeting: ParsedMeeting, toc_lines: list[int], warnings: list[ParseWarning]) -> None:
    toc = meeting.toc
    if not toc:
        return
    for index, item in enumerate(meeting.items):
        if index >= len(toc):
            break
        printed, body = fold(toc[index]), fold(item.title)
        if printed == body or (len(printed) >= 10 and body.startswith(printed)):
            continue
        warnings.append(
            ParseWarning(
                "toc_mismatch",
                f"Indholdsfortegnelsen siger '{toc[index]}', men punktet hedder "
                f"'{item.title}'; punktets titel er brugt.",
                item_number=item.number,
                line=toc_lines[index] if index < len(toc_lines) else None,
            )
        )
    if len(toc) != len(meeting.items):
        warnings.append(
            ParseWarning(
                "toc_mismatch",
                f"Indholdsfortegnelsen har {len(toc)} punkter, referatet har "
                f"{len(meeting.items)}; tjek om et punkt mangler.",
                line=toc_lines[0] if toc_lines else None,
            )
        )
