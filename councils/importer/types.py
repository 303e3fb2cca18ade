"""Plain data the parser produces: no Django, no database. Deterministic and JSON-able.

``ParsedMeeting.to_json()`` is the ``import_referater --dry-run --json`` schema.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class ParseWarning:
    """Something the importer was unsure about; shown to secretaries next to the place."""

    code: str  # e.g. "toc_mismatch", "no_case_number", "unknown_heading", "outcome_other"
    message: str  # Danish, one sentence, says what to check
    item_number: int | None = None
    line: int | None = None  # 1-based line in the extracted text

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "item_number": self.item_number,
            "line": self.line,
        }


@dataclass
class ParsedSection:
    kind: str  # councils.models.Section.Kind value
    heading: str  # as printed (markup removed)
    text: str  # printed lines, stripped, joined with "\n"

    def to_json(self) -> dict:
        return {"kind": self.kind, "heading": self.heading, "text": self.text}


@dataclass
class ParsedPriorDecision:
    council: str
    date: datetime.date | None
    item_number: int | None
    text: str
    heading: str = ""  # the printed line that introduced it

    def to_json(self) -> dict:
        return {
            "council": self.council,
            "date": self.date.isoformat() if self.date else None,
            "item_number": self.item_number,
            "text": self.text,
        }


@dataclass
class ParsedAbsence:
    name: str
    kind: str = "fravaerende"  # or "afbud"


@dataclass
class ParsedItem:
    number: int
    title: str
    case_number: str | None = None  # as printed: KLE, GetOrganized, Acadre, plain …
    decision: str | None = None  # this meeting's own Beslutning only
    decision_outcome: str = ""  # councils.models.AgendaItem.Outcome value
    is_closed: bool = False
    attachments: list[str] = field(default_factory=list)
    absences: list[ParsedAbsence] = field(default_factory=list)
    prior_decisions: list[ParsedPriorDecision] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    line: int | None = None  # 1-based line of the "Punkt N:" heading
    # The case system the reference looks like ("kle", "getorganized", "acadre", "edoc",
    # "year_serial", "plain", "other"); "" when there is none. KLE parts only for "kle".
    case_system: str = ""
    # The group heading the point is printed under ("Lukkede punkter", "DIVERSE SAGER").
    group: str = ""
    # 1-based lines the heading took besides ``line``: title above/below, a repeat of the
    # heading, a case reference or a group heading printed above it.
    header_lines: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "case_number": self.case_number,
            "decision": self.decision,
            "attachments": list(self.attachments),
            "absent": [a.name for a in self.absences],
            "prior_decisions": [p.to_json() for p in self.prior_decisions],
            "sections": [s.to_json() for s in self.sections],
        }


@dataclass
class ParsedMeeting:
    source: str  # file name
    council: str  # as printed in the header
    date: datetime.date
    start_time: datetime.time | None
    location: str
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # Members absent from the whole meeting (printed before the first point), rarely present.
    absences: list[ParsedAbsence] = field(default_factory=list)
    # Titles as printed in the table of contents ("Indholdsfortegnelse"), page numbers removed.
    toc: list[str] = field(default_factory=list)
    # The municipality as printed ("Aarhus Kommune") when the document says it, else "".
    municipality: str = ""
    # "referat" (minutes) or "dagsorden" (agenda).
    kind: str = "referat"
    # The layout profile the parser used (``councils.importer.parse.profiles``).
    profile: str = ""

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "council": self.council,
            "date": self.date.isoformat(),
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "location": self.location,
            "items": [i.to_json() for i in self.items],
        }
