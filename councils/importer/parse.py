"""Text of a referat → ``ParsedMeeting``. Pure and deterministic: no Django, no database.

The layout (see the seed referater): a header (``REFERAT <council> d. DD-MM-YYYY``,
``Mødedato``, ``Mødested``), a table of contents (``Indholdsfortegnelse``), then points
(``Punkt N: title``; Markdown ``# Punkt N:``), each with its journal number on its own line and
sections in varying order and spelling. Markdown markup (``#``, ``**``, ``*x*``) is removed.

Every line of the source lands in some field: the item's title, a section (heading or text), an
attachment, an absence or a prior decision. Lines the parser does not understand are kept in
an "andet" section and, when they look like headings, reported as ``unknown_heading``.

The only exception raised is :class:`ImporterError` (no ``REFERAT`` header, no points, an
impossible date, a repeated point number).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .errors import ImporterError
from .types import (
    ParsedAbsence,
    ParsedItem,
    ParsedMeeting,
    ParsedPriorDecision,
    ParsedSection,
    ParseWarning,
)

# Named limits.
MAX_ITEM_NUMBER_DIGITS = 6  # "Punkt 123456:" at most; the database column is a 32-bit integer
MAX_HEADING_CHARS = 200  # longer lines are text, never headings
MAX_ATTACHMENT_TITLE_CHARS = 300  # a longer line after "Bilag" is text, not a title
MAX_COUNCIL_CHARS = 200  # a longer "REFERAT …" line is not a header
MAX_LOCATION_CHARS = 500  # Meeting.location
MAX_LOCATION_LINES = 3  # "Mødested" may continue on the next lines
TITLE_WRAP_LOOKAHEAD = 3  # lines after "Punkt N:" that may continue a wrapped title

MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
for _name, _num in list(MONTHS.items()):
    MONTHS.setdefault(_name[:3], _num)
MONTHS["sept"] = 9

# --- line patterns (applied to lines with markup removed) -------------------------------------
REFERAT_RE = re.compile(
    r"^REFERAT\s+(?P<council>.+?)\s+d\.\s*(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})$"
)
REFERAT_NODATE_RE = re.compile(r"^REFERAT\s+(?P<council>\S.*)$")
MOEDEDATO_RE = re.compile(
    r"^Mødedato:?\s+(?:[A-Za-zÆØÅæøå]+\s+)?(?:d\.|den)?\s*(?P<d>\d{1,2})\.?\s*"
    r"(?P<month>[A-Za-zÆØÅæøå]+)\.?\s+(?P<y>\d{4})"
    r"(?:\s*,?\s*(?:kl\.?|klokken)\s*(?P<H>\d{1,2})[:.](?P<M>\d{2}))?",
    re.IGNORECASE,
)
MOEDESTED_RE = re.compile(r"^Mødested:?(?:\s+(?P<place>.*))?$", re.IGNORECASE)
TOC_HEADING_RE = re.compile(r"^Indholdsfortegnelse:?$", re.IGNORECASE)
TOC_ENTRY_RE = re.compile(r"^(?P<title>.*?)(?:\s*\.{2,})?\s*\t\s*(?P<page>\d{1,4})$")
TOC_DOTS_RE = re.compile(r"^(?P<title>.*?)\s*\.{3,}\s*(?P<page>\d{1,4})$")
TOC_SPACE_RE = re.compile(r"^(?P<title>.*\S)\s+(?P<page>\d{1,3})$")  # PDF: the TAB was lost
ITEM_RE = re.compile(
    rf"^Punkt\s+(?P<n>\d{{1,{MAX_ITEM_NUMBER_DIGITS}}})\s*[:.]\s*(?P<title>.*)$", re.IGNORECASE
)
CASE_NUMBER_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}$")
CASE_NUMBER_LOOSE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}-\S{1,20}$")
PRIOR_RE = re.compile(
    r"^(?:Beslutning\s+(?:fra|i)\s+)?(?P<council>[A-ZÆØÅ][^:\n]{1,150}?),?\s+"
    r"(?:(?:den|d\.)\s+)?(?P<d>\d{1,2})\.\s*(?P<month>[A-Za-zæøåÆØÅ]+)\.?\s+(?P<y>\d{4})"
    r"\s*,\s*(?:pkt|punkt)\.?\s*(?P<n>\d{1,6})\s*:?$"
)
INDSTILLER_RE = re.compile(
    r"^(?:Forvaltningen|Direktionen|Borgmesteren|Administrationen|Sekretariatet|"
    r"[A-ZÆØÅ][\wæøå-]+(?:forvaltning|udvalg)(?:en|et)?)\s+indstiller\b"
)
ABSENCE_RE = re.compile(r"^(?P<label>Fraværende|Afbud|Fravær)\s*:\s*(?P<names>.*)$", re.IGNORECASE)
AT_LINE_RE = re.compile(r"^(?:\d{1,2}[.)]\s+)?at\b", re.IGNORECASE)
LIST_LINE_RE = re.compile(r"^(?:-|\d{1,3}[.)]|[a-z][.)])\s")
SEPARATOR_RE = re.compile(r"^(?:-|[-_=*]{3,}|[–—])$")
PAGE_ARTEFACT_RE = re.compile(r"^(?:Side\s+\d+\s+af\s+\d+|Side\s+\d+|-\s*\d+\s*-)$", re.IGNORECASE)

# Control and invisible format characters (TAB is kept: it separates table cells).
CONTROL_CHARS_RE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff\ufff9-\ufffb]"
)

# --- Markdown markup --------------------------------------------------------------------------
MD_HEADING_RE = re.compile(r"^#{1,6}(?:\s+|$)")
MD_STRONG_RE = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
MD_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
MD_BULLET_RE = re.compile(r"^(?P<indent>\s*)[*+]\s+")
MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
MD_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")

# Section headings (casefolded, trailing colon removed) → Section.Kind.
SECTION_HEADINGS = {
    "resume": "resume",
    "resumé": "resume",
    "indstilling": "indstilling",
    "forslag til beslutning": "indstilling",
    "beslutning": "beslutning",
    "sagsfremstilling": "sagsfremstilling",
    "sagsbeskrivelse": "sagsfremstilling",
    "økonomi": "oekonomi",
    "økonomiske konsekvenser": "oekonomi",
    "videre proces": "videre_proces",
}
BILAG_HEADINGS = {"bilag", "bilagsliste"}
ABSENCE_KINDS = {"fraværende": "fravaerende", "fravær": "fravaerende", "afbud": "afbud"}
NAME_PARTICLES = {"de", "la", "le", "von", "van", "der", "den", "af", "da", "di", "du", "el"}

# Decision outcome, most specific first: (Outcome value, pattern on casefolded text).
OUTCOME_RULES = [
    ("udsat", re.compile(r"\budsat\b|\budsættes\b|\budskyde[st]\b|\budskudt\b")),
    (
        "forkastet",
        re.compile(r"forkast|ikke\s+(?:godkend|tiltr|vedtag)|\bafvist|\bafslået|nedstemt"),
    ),
    ("efterretning", re.compile(r"efterretning")),
    ("tiltraadt", re.compile(r"tiltr[åa]d|tilr[åa]d|\banbefale[rs]?\b|\banbefalet")),
    ("godkendt", re.compile(r"godkend|vedtag|bevilge[st]|\bbevilget")),
    ("droeftet", re.compile(r"drøft")),
]


@dataclass
class _Line:
    no: int  # 1-based line number in the extracted text
    text: str  # markup removed, stripped (table rows keep their inner TABs)
    md_heading: bool = False  # printed with a Markdown "#" heading marker


def clean_line(raw: str) -> tuple[str, bool]:
    """One printed line with Markdown markup removed; returns (text, was_markdown_heading)."""
    line = raw.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    if CONTROL_CHARS_RE.search(line):
        line = CONTROL_CHARS_RE.sub("", line)
    stripped = line.strip(" \r\n\x0b\x0c").lstrip("\t")  # trailing TABs: empty table cells
    md_heading = bool(MD_HEADING_RE.match(stripped))
    if md_heading:
        stripped = MD_HEADING_RE.sub("", stripped).rstrip("#").strip()
    if stripped.startswith(">"):
        stripped = stripped.lstrip("> ").strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if MD_TABLE_RULE_RE.match(stripped):
            return "", False
        stripped = "\t".join(cell.strip() for cell in stripped.strip("|").split("|"))
    if "*" in stripped or "_" in stripped:
        stripped = MD_STRONG_RE.sub("", stripped)
        stripped = MD_EMPHASIS_RE.sub(r"\1", stripped)
    bullet = MD_BULLET_RE.match(line)
    if bullet and not md_heading:
        stripped = "- " + stripped[1:].lstrip()
    if "\\" in stripped:
        stripped = MD_ESCAPE_RE.sub(r"\1", stripped)
    if "\t" in stripped:
        # A table row: keep empty trailing cells, drop spaces around cells.
        stripped = "\t".join(cell.strip() for cell in stripped.split("\t")).strip(" ")
        if not stripped.strip("\t"):
            stripped = ""
    else:
        stripped = stripped.strip()
    # Keep nested-bullet indentation (" - x") so lists stay recognisable.
    indent = len(line) - len(line.lstrip(" "))
    if indent and stripped.startswith("- ") and not md_heading:
        stripped = " " * min(8, 2 * ((indent + 1) // 2)) + stripped
    return stripped, md_heading


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip().casefold()


def _heading_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def _date(day: str, month: str, year: str, *, where: str) -> datetime.date:
    try:
        month_no = int(month) if month.isdigit() else MONTHS[month.casefold().rstrip(".")]
        return datetime.date(int(year), month_no, int(day))
    except (KeyError, ValueError) as exc:
        raise ImporterError(
            f"{where}: '{day}. {month} {year}' is not a valid date; correct the date in the "
            "file and import it again.",
            code="bad_date",
        ) from exc


def _soft_date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return _date(day, month, year, where="")
    except ImporterError:
        return None


def classify_outcome(decision: str | None) -> str:
    """The AgendaItem.Outcome value for a decision text ("" when there is no decision).

    The first line decides when it says something recognisable (e.g. "Indstilles tiltrådt."
    followed by a rejected amendment is ``tiltraadt``); otherwise the whole text is searched.
    """
    if not decision or not decision.strip():
        return ""
    lines = [ln for ln in decision.splitlines() if ln.strip()]
    first = re.sub(r"^(?:\d{1,2}[.)]|-)\s*", "", lines[0]).casefold()
    # Votes on amendments ("Ændringsforslaget blev forkastet …") are not the decision.
    rest = "\n".join(ln for ln in lines if "ændringsforslag" not in ln.casefold()).casefold()
    for candidate in (first, rest):
        for value, pattern in OUTCOME_RULES:
            if pattern.search(candidate):
                return value
    return "andet"


def _split_names(text: str) -> list[str] | None:
    """Names in "A, B og C" or None when the text does not look like a list of names."""
    text = text.strip().rstrip(".").strip()
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith(":"):
        return None
    parts = [p.strip() for p in re.split(r",|\s+og\s+|\s+samt\s+|;", text) if p.strip()]
    names = []
    for part in parts:
        words = [w for w in re.sub(r"\([^)]*\)", "", part).split() if w]
        if not words or len(words) > 6:
            return None
        for word in words:
            if word.casefold() in NAME_PARTICLES:
                continue
            if not (word[0].isupper() and word[0].isalpha()):
                return None
        names.append(part)
    return names or None


def _looks_like_heading(line: _Line) -> bool:
    text = line.text
    if line.md_heading:
        return True
    return (
        text.isupper()  # every cased letter is a capital
        and len(text) <= MAX_HEADING_CHARS
        and "\t" not in text
        and not text.startswith("- ")
        and sum(c.isalpha() for c in text) >= 4
    )


# --- text assembly ----------------------------------------------------------------------------
@dataclass
class _TextLines:
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, blank line before)

    def add(self, text: str, gap: bool) -> None:
        self.lines.append((text, gap))

    def build(self, *, keep_indent: bool = True) -> str:
        out: list[str] = []
        for text, gap in self.lines:
            if not keep_indent:
                text = text.strip(" ")
            if out and gap and _continues(out[-1], text):
                out[-1] = f"{out[-1]} {text.lstrip()}"
            else:
                out.append(text)
        return "\n".join(out)


def _continues(previous: str, nxt: str) -> bool:
    """A paragraph cut in two by a page break: no closing punctuation, continues in lowercase."""
    if "\t" in previous or "\t" in nxt or not previous or not nxt:
        return False
    stripped = nxt.lstrip()
    if previous.rstrip()[-1] in '.!?:;"”»)' or LIST_LINE_RE.match(stripped):
        return False
    if AT_LINE_RE.match(stripped):
        return False
    return stripped[0].isalpha() and stripped[0].islower()


@dataclass
class _SectionBuilder:
    kind: str
    heading: str
    text: _TextLines = field(default_factory=_TextLines)


@dataclass
class _PriorBuilder:
    council: str
    date: datetime.date | None
    item_number: int | None
    heading: str
    text: _TextLines = field(default_factory=_TextLines)


# --- the parser -------------------------------------------------------------------------------
def _prepare(text: str) -> list[_Line]:
    if not isinstance(text, str):
        raise ImporterError("The importer needs text; got nothing readable.", code="empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    lines = []
    for no, raw in enumerate(text.split("\n"), start=1):
        cleaned, md_heading = clean_line(raw)
        lines.append(_Line(no=no, text=cleaned, md_heading=md_heading))
    return lines


def _is_item_line(line: _Line) -> re.Match | None:
    match = ITEM_RE.match(line.text)
    if not match:
        return None
    if TOC_ENTRY_RE.match(line.text) or TOC_DOTS_RE.match(line.text):
        return None  # a table-of-contents entry that spells out "Punkt N:"
    return match


def parse_referat(text: str, source_name: str = "") -> ParsedMeeting:
    """Parse the text of one referat. Raises only :class:`ImporterError`."""
    lines = _prepare(text)
    warnings: list[ParseWarning] = []

    header_index = None
    for index, line in enumerate(lines):
        if (
            line.text.startswith("REFERAT")
            and REFERAT_NODATE_RE.match(line.text)
            and len(line.text) <= MAX_COUNCIL_CHARS + 30
        ):
            header_index = index
            break
        if _is_item_line(line):
            break
    if header_index is None:
        raise ImporterError(
            "No 'REFERAT <udvalg> d. DD-MM-YYYY' header found: this does not look like a "
            "referat. Check that the file is the minutes (not an agenda or a bilag).",
            code="no_header",
        )

    item_starts = [i for i, line in enumerate(lines) if i > header_index and _is_item_line(line)]
    if not item_starts:
        raise ImporterError(
            "No points found ('Punkt N: title' lines): the referat seems to be empty or in an "
            "unknown layout. Check the file, or convert it to text and look at it.",
            code="no_items",
        )

    meeting = _parse_header(lines[header_index : item_starts[0]], source_name, warnings)
    for line in lines[:header_index]:
        if line.text and not SEPARATOR_RE.match(line.text):
            warnings.append(
                ParseWarning(
                    "text_before_header",
                    f"Tekst før overskriften 'REFERAT' blev ikke indlæst: '{line.text[:80]}'.",
                    line=line.no,
                )
            )

    seen_numbers: dict[int, int] = {}
    bounds = [*item_starts, len(lines)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        item = _parse_item(lines[start], lines[start + 1 : end], warnings)
        if item.number in seen_numbers:
            raise ImporterError(
                f"Punkt {item.number} appears twice (lines {seen_numbers[item.number]} and "
                f"{item.line}); correct the numbering in the file and import it again.",
                code="duplicate_item",
            )
        seen_numbers[item.number] = item.line
        meeting.items.append(item)

    _check_toc(meeting, warnings)
    meeting.warnings = warnings
    return meeting


def _parse_header(lines: list[_Line], source_name: str, warnings: list[ParseWarning]):
    first = lines[0]
    match = REFERAT_RE.match(first.text)
    date = None
    if match:
        council = match["council"].strip()
        date = _date(match["d"], match["m"], match["y"], where=f"Line {first.no}")
    else:
        council = REFERAT_NODATE_RE.match(first.text)["council"].strip()
    start_time = None
    location_parts: list[str] = []
    toc: list[str] = []
    toc_lines: list[int] = []
    absences: list[ParsedAbsence] = []
    mode = None  # "place", "toc", "absence"
    toc_pending: tuple[str, int] | None = None
    absence_kind = "fravaerende"
    for line in lines[1:]:
        text = line.text
        if not text:
            if mode == "place":
                mode = None
            continue
        if PAGE_ARTEFACT_RE.match(text) or SEPARATOR_RE.match(text):
            continue
        m = MOEDEDATO_RE.match(text)
        if m:
            mode = None
            printed = _soft_date(m["d"], m["month"], m["y"])
            if date is None:
                date = _date(m["d"], m["month"], m["y"], where=f"Line {line.no}")
            elif printed and printed != date:
                warnings.append(
                    ParseWarning(
                        "date_mismatch",
                        f"Mødedato {printed:%d.%m.%Y} afviger fra overskriftens dato "
                        f"{date:%d.%m.%Y}; overskriften er brugt.",
                        line=line.no,
                    )
                )
            if m["H"] is not None:
                try:
                    start_time = datetime.time(int(m["H"]), int(m["M"]))
                except ValueError:
                    warnings.append(
                        ParseWarning(
                            "bad_time",
                            f"Mødets starttidspunkt '{m['H']}:{m['M']}' er ikke et klokkeslæt.",
                            line=line.no,
                        )
                    )
            continue
        m = MOEDESTED_RE.match(text)
        if m:
            mode = "place"
            if m["place"]:
                location_parts.append(m["place"].strip())
            continue
        if TOC_HEADING_RE.match(text):
            mode = "toc"
            continue
        m = ABSENCE_RE.match(text)
        if m:
            mode = "absence"
            absence_kind = ABSENCE_KINDS.get(m["label"].casefold(), "fravaerende")
            for name in _split_names(m["names"]) or []:
                absences.append(ParsedAbsence(name, absence_kind))
            continue
        if mode == "place" and len(location_parts) < MAX_LOCATION_LINES:
            location_parts.append(text)
            continue
        if mode == "toc":
            m = TOC_ENTRY_RE.match(text) or TOC_DOTS_RE.match(text) or TOC_SPACE_RE.match(text)
            title = (m["title"] if m else text).strip().rstrip(".").strip()
            if toc_pending is None:
                toc_pending = (title, line.no)
            else:  # an entry wrapped over several lines
                toc_pending = (f"{toc_pending[0]} {title}".strip(), toc_pending[1])
            if m:
                _add_toc_entry(toc, toc_lines, toc_pending)
                toc_pending = None
            continue
        if mode == "absence":
            names = _split_names(text)
            if names:
                absences.extend(ParsedAbsence(n, absence_kind) for n in names)
                continue
        warnings.append(
            ParseWarning(
                "unknown_heading",
                f"Linjen '{text[:80]}' i mødets hoved blev ikke forstået og er ikke indlæst; "
                "tjek om den hører til et punkt.",
                line=line.no,
            )
        )
    if toc_pending is not None:
        _add_toc_entry(toc, toc_lines, toc_pending)
    if date is None:
        raise ImporterError(
            f"Line {first.no}: no meeting date in the header; write it as "
            "'REFERAT <udvalg> d. DD-MM-YYYY' or add a 'Mødedato' line.",
            code="bad_date",
        )
    location = re.sub(r"\s+", " ", " ".join(location_parts)).strip()
    if len(location) > MAX_LOCATION_CHARS:
        warnings.append(
            ParseWarning(
                "location_too_long",
                f"Mødestedet er over {MAX_LOCATION_CHARS} tegn og er afkortet; tjek mødets hoved.",
                line=first.no,
            )
        )
        location = location[: MAX_LOCATION_CHARS - 1] + "…"
    meeting = ParsedMeeting(
        source=source_name,
        council=council,
        date=date,
        start_time=start_time,
        location=location,
        absences=absences,
        toc=toc,
    )
    meeting._toc_lines = toc_lines  # type: ignore[attr-defined]  # for warnings only
    return meeting


def _add_toc_entry(toc: list[str], toc_lines: list[int], entry: tuple[str, int]) -> None:
    title, line_no = entry
    item_match = ITEM_RE.match(title)
    if item_match:
        title = item_match["title"].strip()
    toc.append(title)
    toc_lines.append(line_no)


def _check_toc(meeting: ParsedMeeting, warnings: list[ParseWarning]) -> None:
    toc = meeting.toc
    if not toc:
        return
    toc_lines = getattr(meeting, "_toc_lines", [None] * len(toc))
    for index, item in enumerate(meeting.items):
        if index >= len(toc):
            break
        printed, body = _fold(toc[index]), _fold(item.title)
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
    del meeting._toc_lines  # type: ignore[attr-defined]


def _parse_item(head: _Line, body: list[_Line], warnings: list[ParseWarning]) -> ParsedItem:
    match = ITEM_RE.match(head.text)
    number = int(match["n"])
    title = match["title"].strip()
    item = ParsedItem(number=number, title=title, line=head.no)

    content = [ln for ln in body if ln.text and not PAGE_ARTEFACT_RE.match(ln.text)]
    index_of_case = None
    for offset, line in enumerate(content[: TITLE_WRAP_LOOKAHEAD + 1]):
        if CASE_NUMBER_RE.match(line.text) or CASE_NUMBER_LOOSE_RE.match(line.text):
            index_of_case = offset
            break
        if _classify(line, item)[0] != "text" or SEPARATOR_RE.match(line.text):
            break
    consumed: set[int] = set()
    if index_of_case is not None:
        for line in content[:index_of_case]:  # a title wrapped over several lines
            item.title = f"{item.title} {line.text}".strip()
            consumed.add(line.no)
        item.case_number = content[index_of_case].text
        consumed.add(content[index_of_case].no)
        if not CASE_NUMBER_RE.match(item.case_number):
            warnings.append(
                ParseWarning(
                    "bad_case_number",
                    f"Journalnummeret '{item.case_number}' har ikke formen 27.15.00-A08-1-21; "
                    "punktet er indlæst uden sag.",
                    item_number=number,
                    line=content[index_of_case].no,
                )
            )
    item.is_closed = item.title.casefold().startswith("lukket punkt")
    if item.case_number is None and not item.is_closed:
        warnings.append(
            ParseWarning(
                "no_case_number",
                f"Punkt {number} har intet journalnummer på linjen efter titlen; tjek punktet.",
                item_number=number,
                line=head.no,
            )
        )

    _Body(item, warnings).run([ln for ln in body if ln.no not in consumed])
    item.decision_outcome = classify_outcome(item.decision)
    if item.decision_outcome == "andet":
        warnings.append(
            ParseWarning(
                "outcome_other",
                f"Beslutningen i punkt {number} kunne ikke klassificeres (godkendt, tiltrådt, "
                "taget til efterretning, drøftet, udsat, forkastet); tjek udfaldet.",
                item_number=number,
                line=head.no,
            )
        )
    return item


def _classify(line: _Line, item: ParsedItem) -> tuple[str, object]:
    """What a line is: ("prior", match) / ("section", kind) / ("bilag", rest) /
    ("absence", (kind, names text)) / ("text", None)."""
    text = line.text
    if len(text) > MAX_HEADING_CHARS or "\t" in text:
        return "text", None
    m = PRIOR_RE.match(text) if ("pkt" in text or "punkt" in text) else None
    if m and (m["d"] and _soft_date(m["d"], m["month"], m["y"])):
        return "prior", m
    key = _heading_key(text)
    if key in SECTION_HEADINGS:
        return "section", SECTION_HEADINGS[key]
    if key in BILAG_HEADINGS:
        return "bilag", ""
    m = ABSENCE_RE.match(text)
    if m:
        return "absence", (ABSENCE_KINDS.get(m["label"].casefold(), "fravaerende"), m["names"])
    if key in ABSENCE_KINDS:
        return "absence", (ABSENCE_KINDS[key], "")
    return "text", None


class _Body:
    """The state machine that walks one point's lines."""

    def __init__(self, item: ParsedItem, warnings: list[ParseWarning]):
        self.item = item
        self.warnings = warnings
        self.sections: list[_SectionBuilder] = []
        self.priors: list[_PriorBuilder] = []
        self.state: str | None = None  # None, "section", "bilag", "absence", "prior"
        self.absence_kind = "fravaerende"
        self.gap = False
        self.title_key = _fold(item.title)

    def run(self, lines: list[_Line]) -> None:
        for line in lines:
            text = line.text
            if not text or SEPARATOR_RE.match(text) or PAGE_ARTEFACT_RE.match(text):
                self.gap = True
                continue
            self.handle(line)
            self.gap = False
        self.finish()

    # -- dispatch
    def handle(self, line: _Line) -> None:
        kind, info = _classify(line, self.item)
        text = line.text
        if kind == "prior":
            self.priors.append(
                _PriorBuilder(
                    council=info["council"].strip().rstrip(","),
                    date=_soft_date(info["d"], info["month"], info["y"]),
                    item_number=int(info["n"]),
                    heading=text,
                )
            )
            self.state = "prior"
            return
        if kind == "section":
            self.sections.append(_SectionBuilder(kind=info, heading=text))
            self.state = "section"
            return
        if kind == "bilag":
            self.state = "bilag"
            return
        if kind == "absence":
            absence_kind, names_text = info
            if self.state == "prior" and names_text.strip():
                self.priors[-1].text.add(text, self.gap)  # the other committee's absence
                return
            self.absence_kind = absence_kind
            self.state = "absence"
            if names_text.strip():
                self.add_names(line, names_text)
            return
        # Plain text: where it goes depends on the state.
        if self.is_title_repeat(line):
            self.state = None
            return
        if self.state == "bilag":
            if len(text) <= MAX_ATTACHMENT_TITLE_CHARS and "\t" not in text:
                self.item.attachments.append(text.strip())
                return
            self.state = None  # a paragraph, not a bilag title: keep it as text below
        if self.state == "absence":
            if self.add_names(line, text, strict=True):
                return
            self.state = None
        if self.state == "prior":
            self.priors[-1].text.add(text, self.gap)
            return
        current = self.sections[-1] if self.state == "section" and self.sections else None
        if INDSTILLER_RE.match(text) and (
            current is None or current.kind in ("resume", "andet") and not current.heading
        ):
            current = _SectionBuilder(kind="indstilling", heading="")
            self.sections.append(current)
            self.state = "section"
        if current is None:
            current = _SectionBuilder(kind="andet", heading="")
            self.sections.append(current)
            self.state = "section"
        if _looks_like_heading(line):
            self.warnings.append(
                ParseWarning(
                    "unknown_heading",
                    f"Overskriften '{text[:80]}' er ukendt; den er gemt som tekst i afsnittet "
                    f"'{current.heading or current.kind}'.",
                    item_number=self.item.number,
                    line=line.no,
                )
            )
        current.text.add(text, self.gap)

    def is_title_repeat(self, line: _Line) -> bool:
        if abs(len(line.text) - len(self.title_key)) > 8 or _fold(line.text) != self.title_key:
            return False
        # Right after the journal number or the bilag list, or printed in capitals.
        if self.state in (None, "bilag"):
            return True
        return line.text.isupper()

    def add_names(self, line: _Line, text: str, strict: bool = False) -> bool:
        names = _split_names(text)
        if not names:
            if strict:
                return False
            self.warnings.append(
                ParseWarning(
                    "absence_unclear",
                    f"Fraværslinjen '{line.text[:80]}' kunne ikke deles i navne; "
                    "den er gemt som ét navn.",
                    item_number=self.item.number,
                    line=line.no,
                )
            )
            names = [text.strip()]
        self.item.absences.extend(ParsedAbsence(n, self.absence_kind) for n in names)
        return True

    def finish(self) -> None:
        item = self.item
        decisions = []
        for builder in self.sections:
            keep_indent = builder.kind != "beslutning"
            text = builder.text.build(keep_indent=keep_indent)
            item.sections.append(ParsedSection(builder.kind, builder.heading, text))
            if builder.kind == "beslutning" and text:
                decisions.append(text)
        item.decision = "\n".join(decisions) if decisions else None
        for prior in self.priors:
            item.prior_decisions.append(
                ParsedPriorDecision(
                    council=prior.council,
                    date=prior.date,
                    item_number=prior.item_number,
                    text=prior.text.build(keep_indent=False),
                    heading=prior.heading,
                )
            )
