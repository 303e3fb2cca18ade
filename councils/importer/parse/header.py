"""The meeting's header: what, which council, when, where, who was absent, the contents.

Read from the lines before the first point, in any order and form: a title line
("REFERAT <udvalg> d. DD-MM-YYYY", "Referat af møde i <udvalg>", "Referat - <udvalg> den 21.
januar 2019", "Referat til mødet i <udvalg> den 4. august 2020 kl. 16:00 i <sted>",
"<udvalg> - Referat", "Referat 1. oktober 2025 kl. 15.45"), labelled fields ("Mødedato",
"Dato:", "Mødetidspunkt:", "Tidspunkt", "Mødested", "Sted:", "Lokale:", "Udvalg:"), a bare
council line and a bare date line, absences, members and the table of contents.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..types import ParseWarning
from .absences import PointRange, parse_names, sentence_absences
from .dates import date_parts, find_date, find_time, strict_date
from .lines import Line, heading_key
from .vocab import (
    ABSENCE_LABEL_RE,
    ABSENCE_LABELS,
    COUNCIL_WORD_RE,
    GROUP_HEADING_RE,
    HEADER_LABELS,
    KIND_WORDS,
    MAX_COUNCIL_CHARS,
    MAX_LOCATION_CHARS,
    MAX_LOCATION_LINES,
    MUNICIPALITY_RE,
    PAGE_ARTEFACT_RE,
    SEPARATOR_RE,
    TOC_HEADINGS,
    WEEKDAYS,
)

# Labels printed without a colon before their value ("Mødedato Onsdag d. 3. maj 2024").
NO_COLON_LABELS = {"mødedato", "mødested", "mødetidspunkt", "tidspunkt", "starttidspunkt",
                   "dato", "sted", "mødelokale", "mødedag"}  # fmt: skip
_LABELS_BY_LENGTH = sorted(HEADER_LABELS, key=len, reverse=True)
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(re.escape(k) for k in _LABELS_BY_LENGTH) + r")\.?"
    r"(?:\s*:\s*|\t+\s*|\s+(?=\S)|\s*$)(?P<value>.*)$",
    re.IGNORECASE,
)
_KIND_RE = re.compile(
    r"(?<![\wæøå])(?P<kind>(?:åben\s+|lukket\s+)?(?:referat|beslutningsprotokol|dagsorden|"
    r"tillægsdagsorden))(?![\wæøå])",
    re.IGNORECASE,
)
_CONNECTOR_RE = re.compile(
    r"^(?:[-–:,]\s*)?(?:(?:af|fra|for|til|over)\s+)?(?:(?:det\s+)?(?:ekstraordinære?\s+)?"
    r"møde(?:t)?\s+(?:i|for)\s+|mødet(?:\s+|$)|møde(?:\s+|$))?",
    re.IGNORECASE,
)
_DATE_LEAD_RE = re.compile(
    r"(?:[\s,–-]+(?:den|d\.)?\s*|\s+)(?:(?:"
    + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + r")\.?,?\s+)?(?:(?:den|d\.)\s+)?$",
    re.IGNORECASE,
)
_TOC_LINE_RE = re.compile(r"^(?P<title>.*?)(?:\s*(?:\.{2,}|…+))?\s*(?:\t\s*|\s+)(?P<page>\d{1,4})$")
_TOC_DOTS_RE = re.compile(r"^(?P<title>.*?)\s*(?:\.{3,}|…+)\s*(?P<page>\d{1,4})?$")


@dataclass
class Header:
    kind: str = ""
    council: str = ""
    municipality: str = ""
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    location: str = ""
    absences: list[tuple[str, str, PointRange]] = field(default_factory=list)  # name, kind, range
    toc: list[str] = field(default_factory=list)
    toc_lines: list[int] = field(default_factory=list)
    toc_pages: bool = False  # the TOC prints page numbers (with dot leaders or a TAB)


@dataclass
class _Found:
    """Candidates with a rank (lower wins) so the order of the lines does not matter."""

    value: object = None
    rank: int = 99
    line: int | None = None

    def offer(self, value, rank: int, line: int | None) -> None:
        if value is not None and value != "" and rank < self.rank:
            self.value, self.rank, self.line = value, rank, line


def title_phrase(text: str) -> dict | None:
    """A title line's parts: kind, council, date (match), time, place; None when the line
    names no kind of document."""
    kind_match = _KIND_RE.search(text)
    if not kind_match or len(text) > MAX_COUNCIL_CHARS * 2 + 120:
        return None
    kind = KIND_WORDS.get(kind_match["kind"].split()[-1].casefold(), "referat")
    before = text[: kind_match.start()].strip(" -–:|,")
    after = text[kind_match.end() :]
    result: dict = {"kind": kind, "council": "", "date": None, "date_match": None,
                    "time": None, "place": ""}  # fmt: skip
    date, date_match = find_date(after)
    rest_start = 0
    if date_match:
        result["date"], result["date_match"] = date, date_match
        council_part = after[: date_match.start()]
        council_part = _DATE_LEAD_RE.sub("", council_part)
        rest_start = date_match.end()
    else:
        council_part = after
    council_part = _CONNECTOR_RE.sub("", council_part.strip()).strip(" -–:|,")
    if council_part.casefold().startswith(("kl.", "kl ")):
        council_part = ""
    time, time_match = find_time(after, rest_start if date_match else 0)
    result["time"] = time
    tail = after[time_match.end() :] if time_match else after[rest_start:] if date_match else ""
    place = re.match(r"^\s*(?:[,-]\s*)?(?:i|på)\s+(?P<place>\S.*)$", tail)
    if place and (date_match or time_match):
        result["place"] = place["place"].strip()
    if not council_part and before:
        council_part = before
        bdate, bmatch = find_date(before)
        if bmatch:  # "Byrådet 22.04.2024 Referat"
            council_part = before[: bmatch.start()].strip(" -–:|,")
            if result["date"] is None:
                result["date"], result["date_match"] = bdate, bmatch
    council_part = re.sub(r"\s+(?:kl\.?|klokken)\s*$", "", council_part).strip(" -–:|,")
    if len(council_part) <= MAX_COUNCIL_CHARS * 2 and not re.fullmatch(r"[\d\s.:-]*", council_part):
        result["council"] = council_part
    return result


def _label(text: str) -> tuple[str, str, str] | None:
    """(field, printed label, value) for a labelled header line."""
    if (
        ":" not in text
        and "\t" not in text
        and " " not in text
        and text.casefold() not in (HEADER_LABELS)
    ):
        return None
    match = _LABEL_RE.match(text)
    if not match:
        return None
    label = match["label"].casefold()
    value = match["value"].strip(" \t|")
    if (
        value
        and label not in NO_COLON_LABELS
        and ":" not in text[: match.end("label") + 2]
        and ("\t" not in text)
    ):
        return None  # "Lokale 2", "Start af projektet": text, not a field
    # "Mødested Byrådssalen" needs no colon, "Dato 3. maj" neither; "Udvalg for …" is a name.
    if ":" not in text[: match.end("label") + 2] and "\t" not in text:
        if HEADER_LABELS[label] in ("council", "members", "remarks", "kind") and value:
            return None
        if (
            HEADER_LABELS[label] == "time"
            and value
            and not value[:1].isdigit()
            and not (value.casefold().startswith("kl"))
        ):
            return None
    return HEADER_LABELS[label], match["label"], value


def parse_header(
    lines: list[Line],
    toc_indices: set[int],
    warnings: list[ParseWarning],
) -> Header:
    header = Header()
    council, date, when, place, kind = _Found(), _Found(), _Found(), _Found(), _Found()
    municipality = _Found()
    place_parts: list[str] = []
    pending: str | None = None  # a label printed alone; its value is on the next line
    mode: str | None = None  # "place", "toc", "absence", "members"
    absence_kind = "fravaerende"
    toc_pending: tuple[str, int] | None = None
    seen_text = False
    unknown: list[Line] = []  # lines understood only once the whole header is read
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            if mode == "place":
                mode = None
            continue
        if PAGE_ARTEFACT_RE.match(text) or SEPARATOR_RE.match(text):
            continue
        if index in toc_indices:
            toc_pending = _toc_add(header, toc_pending, text, line.no, complete=True)
            mode = "toc"
            continue
        key = heading_key(text)
        labelled = _label(text)
        m = MUNICIPALITY_RE.match(text) if not labelled else None
        if m and len(text) <= 120:
            municipality.offer(m["name"].strip(), 1 if text == m["name"] else 2, line.no)
            rest = text[m.end() :].strip(" ,.-–|")
            if not rest:
                continue
            text = rest
            key = heading_key(text)
            labelled = _label(text)
        if key in TOC_HEADINGS and (key not in ("dagsorden", "sager") or seen_text):
            mode = "toc"
            continue
        if GROUP_HEADING_RE.match(text) and mode == "toc":
            _toc_close(header, toc_pending)
            toc_pending = None
            continue
        if pending:
            field_name, pending = pending, None
            if _take_field(field_name, text, line, council, date, when, place, kind,
                           place_parts, warnings, rank=1):  # fmt: skip
                mode = "place" if field_name == "place" else None
                seen_text = True
                continue
        if labelled and not ABSENCE_LABEL_RE.match(text):
            field_name, _printed, value = labelled
            m = MUNICIPALITY_RE.match(value)
            if m:
                municipality.offer(m["name"].strip(), 3, line.no)
            seen_text = True
            _toc_close(header, toc_pending)
            toc_pending = None
            if field_name in ("members", "ignore"):
                mode = "members" if field_name == "members" and not value else None
                continue
            if field_name == "remarks":
                mode = None
                for name, rng in sentence_absences(value):
                    header.absences.append((name, "fravaerende", rng))
                continue
            if not value:
                pending = field_name
                mode = None
                continue
            _take_field(field_name, value, line, council, date, when, place, kind,
                        place_parts, warnings, rank=1)  # fmt: skip
            mode = "place" if field_name == "place" else None
            continue
        m = ABSENCE_LABEL_RE.match(text)
        if m:
            seen_text = True
            absence_kind = ABSENCE_LABELS.get(re.sub(r"\s+", " ", m["label"].casefold()),
                                              "fravaerende")  # fmt: skip
            mode = "absence"
            for name, rng in parse_names(m["names"]) or []:
                header.absences.append((name, absence_kind, rng))
            continue
        if mode == "place" and len(place_parts) < MAX_LOCATION_LINES and place.rank == 1:
            place_parts.append(text)
            continue
        if mode == "absence":
            names = parse_names(text.lstrip("-•· "))
            if names:
                header.absences.extend((n, absence_kind, rng) for n, rng in names)
                continue
            mode = None
        if mode == "members" and len(text) <= 200 and "\t" not in text:
            if not title_phrase(text) and find_date(text)[1] is None:
                continue
            mode = None
        if mode == "toc":
            toc_pending = _toc_add(header, toc_pending, text, line.no, complete=False)
            continue
        phrase = title_phrase(text)
        if phrase:
            seen_text = True
            kind.offer(phrase["kind"], 1, line.no)
            if phrase["council"]:
                council.offer(phrase["council"], 2, line.no)
            if phrase["date_match"] is not None:
                day, month, year = date_parts(phrase["date_match"])
                value = strict_date(day, month, year, where=f"Line {line.no}")
                date.offer(value, 1, line.no)
            if phrase["time"]:
                when.offer(phrase["time"], 3, line.no)
            if phrase["place"]:
                place.offer(phrase["place"], 3, line.no)
            continue
        value, match = find_date(text)
        if match is not None and len(text) <= 200:
            seen_text = True
            if value is not None:
                bare = match.start() == 0 and match.end() >= len(text.rstrip(" .")) - 1
                date.offer(value, 3 if bare else 4, line.no)
                lead = _DATE_LEAD_RE.sub("", text[: match.start()]).strip(" -–:|,")
                lead = _CONNECTOR_RE.sub("", lead).strip(" -–:|,")
                if lead and COUNCIL_WORD_RE.search(lead) and len(lead) <= MAX_COUNCIL_CHARS:
                    council.offer(lead, 3, line.no)  # "<udvalg> mandag den 25. september 2023"
            t, _tm = find_time(text, match.end())
            when.offer(t, 4, line.no)
            tail = re.match(r"^\s*(?:kl\.?\s*[\d.:]+\s*)?(?:[,-]\s*)?(?:i|på)\s+(?P<p>\S.*)$",
                            text[match.end() :])  # fmt: skip
            if tail:
                place.offer(tail["p"].strip(), 4, line.no)
            continue
        if (
            COUNCIL_WORD_RE.search(text)
            and len(text) <= 100
            and "\t" not in text
            and not any(ch.isdigit() for ch in text)
            and not text.endswith((".", ":"))
        ):
            seen_text = True
            council.offer(text, 3, line.no)
            continue
        absent = sentence_absences(text)
        if absent:  # "Anny Winther deltog ikke i behandlingen af pkt. 5"
            header.absences.extend((name, "fravaerende", rng) for name, rng in absent)
            continue
        unknown.append(line)
    for line in unknown:
        text = line.text
        if council.value and text.startswith(f"{council.value} - "):
            place.offer(text[len(str(council.value)) + 3 :].strip(), 5, line.no)  # "Udvalg - Sted"
            continue
        warnings.append(
            ParseWarning(
                "unknown_heading",
                f"Linjen '{text[:80]}' i mødets hoved blev ikke forstået og er ikke indlæst; "
                "tjek om den hører til et punkt.",
                line=line.no,
            )
        )
    _toc_close(header, toc_pending)
    header.kind = kind.value or ""
    header.council = str(council.value or "")
    header.municipality = str(municipality.value or "")
    header.date = date.value
    header.start_time = when.value
    if place.rank == 1 and place_parts:
        location = " ".join([str(place.value), *place_parts])
    else:
        location = str(place.value or "")
    location = re.sub(r"\s+", " ", location).strip()
    if len(location) > MAX_LOCATION_CHARS:
        warnings.append(
            ParseWarning(
                "location_too_long",
                f"Mødestedet er over {MAX_LOCATION_CHARS} tegn og er afkortet; tjek mødets hoved.",
                line=place.line,
            )
        )
        location = location[: MAX_LOCATION_CHARS - 1] + "…"
    header.location = location
    _check_dates(lines, header, date, warnings)
    return header


def _take_field(field_name, value, line, council, date, when, place, kind, place_parts,
                warnings, rank) -> bool:  # fmt: skip
    if field_name == "council":
        council.offer(value, rank, line.no)
        return True
    if field_name == "kind":
        phrase = title_phrase(value)
        if phrase:
            kind.offer(phrase["kind"], rank, line.no)
        return True
    if field_name == "place":
        place.offer(value, rank, line.no)
        return True
    if field_name in ("date", "time"):
        d, match = find_date(value)
        if match is not None:
            if d is None:
                day, month, year = date_parts(match)
                d = strict_date(day, month, year, where=f"Line {line.no}")
            date.offer(d, rank + 1, line.no)  # the title's date wins over a labelled one
        t, tmatch = find_time(value, match.end() if match else 0)
        if tmatch is not None and t is None:
            warnings.append(
                ParseWarning(
                    "bad_time",
                    f"Mødets starttidspunkt '{tmatch[0]}' er ikke et klokkeslæt.",
                    line=line.no,
                )
            )
        when.offer(t, rank if field_name == "time" else rank + 1, line.no)
        return match is not None or t is not None
    return False


def _check_dates(lines, header: Header, date: _Found, warnings: list[ParseWarning]) -> None:
    """A labelled date that differs from the title's date is reported (the title wins)."""
    if header.date is None:
        return
    for line in lines:
        labelled = _label(line.text) if line.text else None
        if not labelled or labelled[0] != "date" or line.no == date.line:
            continue
        printed, _m = find_date(labelled[2])
        if printed and printed != header.date:
            warnings.append(
                ParseWarning(
                    "date_mismatch",
                    f"Mødedato {printed:%d.%m.%Y} afviger fra overskriftens dato "
                    f"{header.date:%d.%m.%Y}; overskriften er brugt.",
                    line=line.no,
                )
            )


def _toc_add(header: Header, pending, text: str, line_no: int, *, complete: bool):
    """One line of the table of contents: an entry (title and page) or part of a wrapped
    one. A bare number after a space is a page only in a TOC that prints pages elsewhere
    with dot leaders or a TAB (so "Budget 2021" keeps its year)."""
    if complete:
        title, ended = text, True
    else:
        match = _TOC_LINE_RE.match(text)
        dots = _TOC_DOTS_RE.match(text)
        leader = "\t" in text or "..." in text or "…" in text
        if match and leader:
            title, ended = match["title"], True
        elif dots and dots["page"]:
            title, ended = dots["title"], True
        elif match and header.toc_pages and len(match["page"]) <= 3:
            title, ended = match["title"], True  # the PDF lost the TAB before the page
        else:
            title, ended = text, False
        if ended and (leader or (dots and dots["page"])):
            header.toc_pages = True
    title = re.sub(r"\s*(?:\.{2,}|…+)\s*(?:\t\s*)?\d{0,4}$", "", title).strip().rstrip(".").strip()
    title = re.sub(r"\t\s*\d{1,4}$", "", title).strip()
    if pending is None:
        pending = (title, line_no)
    else:  # an entry wrapped over several lines
        pending = (f"{pending[0]} {title}".strip(), pending[1])
    if ended:
        _toc_close(header, pending)
        return None
    return pending


def _toc_close(header: Header, pending) -> None:
    if pending is None:
        return
    title, line_no = pending
    from .points import DOT_RE, PUNKT_RE

    for pattern in (PUNKT_RE, DOT_RE):
        match = pattern.match(title)
        if match and match["title"]:
            title = match["title"].strip()
            break
    if title:
        header.toc.append(title)
        header.toc_lines.append(line_no)
