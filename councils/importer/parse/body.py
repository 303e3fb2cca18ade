"""One point: its title, case reference, sections, decision, earlier treatments, bilag and
absences, from the lines between its heading and the next point's."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..types import (
    ParsedAbsence,
    ParsedItem,
    ParsedPriorDecision,
    ParsedSection,
    ParseWarning,
)
from .absences import PointRange, parse_names, sentence_absences
from .cases import case_reference
from .dates import find_date
from .lines import MAX_FURNITURE_CHARS, Line, fold, heading_key, is_furniture, looks_like_heading
from .vocab import (
    ABSENCE_LABEL_RE,
    ABSENCE_LABELS,
    BILAG_HEADINGS,
    CASE_LOOKAHEAD,
    CLOSED_TITLE_RE,
    COUNCIL_WORD_RE,
    HISTORY_HEADINGS,
    HISTORY_LABELS,
    MAX_ATTACHMENT_TITLE_CHARS,
    MAX_HEADING_CHARS,
    NOT_ATTACHMENTS,
    OTHER_HEADINGS,
    OUTCOME_RULES,
    SECTION_HEADINGS,
    SEPARATOR_RE,
    STATUS_LINE_RE,
    TITLE_WRAP_LOOKAHEAD,
)

INDSTILLER_RE = re.compile(
    r"^(?:Forvaltningen|Direktionen|Borgmesteren|Administrationen|Sekretariatet|Direktøren|"
    r"Kommunaldirektøren|Formanden|[A-ZÆØÅ][\wæøå-]+(?:forvaltning|udvalg|afdeling|center)"
    r"(?:en|et)?)\s+(?:\S+\s+){0,4}?indstiller\b"
)
AT_LINE_RE = re.compile(r"^(?:\d{1,2}[.)]\s+)?at\b", re.IGNORECASE)
LIST_LINE_RE = re.compile(r"^(?:-|\d{1,3}[.)]|[a-z][.)])\s")
SUFFIX_RE = re.compile(
    r"^\s*[,;]?\s*(?:(?:pkt|punkt|sag|dagsordenspunkt)\.?\s*(?:nr\.?\s*)?(?P<n>\d{1,6}))?"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)
_LEAD = r"(?:Beslutning(?:er)?|Afgørelse|Beslutningsprotokol)"
_DATE_TAIL = (
    r"\s*(?:,\s*(?:den|d\.)?|\s+(?:den|d\.))?\s*(?:(?:\w+dag)\s*,?\s*)?(?:(?:den|d\.)\s*)?$"
)
PREFIX_LEAD_COUNCIL_RE = re.compile(
    rf"^{_LEAD}\s+(?:i|fra|på|af)\s+(?P<c>[^:]+?){_DATE_TAIL}", re.IGNORECASE
)
PREFIX_LEAD_RE = re.compile(rf"^{_LEAD}{_DATE_TAIL}", re.IGNORECASE)
PREFIX_GENITIVE_RE = re.compile(
    rf"^(?P<c>[A-ZÆØÅ][^:]{{1,120}}?)s\s+(?:beslutning|afgørelse)(?:\s+(?:i|på)\s+mødet)?"
    rf"{_DATE_TAIL}",
    re.IGNORECASE,
)
PREFIX_COUNCIL_RE = re.compile(
    r"^(?P<c>[A-ZÆØÅ][^:\n]{1,150}?)\s*(?:,\s*(?:den|d\.)?|\s+(?:den|d\.))\s*(?:\w+dag\s*,?\s*)?"
    r"(?:(?:den|d\.)\s*)?$"
)
NODATE_LEAD_COUNCIL_RE = re.compile(
    rf"^{_LEAD}\s+(?:i|fra)\s+(?P<c>[A-ZÆØÅ][^:]{{2,100}}?)\s*:?$", re.IGNORECASE
)
NODATE_GENITIVE_RE = re.compile(
    r"^(?P<c>[A-ZÆØÅ][^:]{2,100}?)s\s+(?:beslutning|afgørelse)\s*:?$", re.IGNORECASE
)
NODATE_LEAD_RE = re.compile(rf"^{_LEAD}\s+(?:den|d\.)\s*:?$", re.IGNORECASE)
HEADING_WITH_TEXT_RE = re.compile(r"^(?P<head>[A-Za-zÆØÅæøå ]{3,40}):\s+(?P<rest>\S.*)$")
_DIGIT_RE = re.compile(r"[0-9]")
# Words every decision heading with a date has ("Beslutning …", "…, pkt. N", "Afgørelse").
_DECISION_HINT_RE = re.compile(r"eslutning|fgørelse|pkt|unkt|rotokol", re.IGNORECASE)
MAX_KEY_CHARS = 64  # no known heading is longer; longer lines skip the heading lookups
GENERIC_BODIES = {"udvalget", "byrådet", "rådet", "kommunalbestyrelsen", "magistraten",
                  "bestyrelsen", "nævnet", "regionsrådet", "borgerrepræsentationen"}  # fmt: skip


@dataclass
class Context:
    """What a point's parse needs to know about its meeting and layout."""

    council: str
    date: datetime.date | None
    packed: bool
    warnings: list[ParseWarning]
    # Councils named by this meeting's own decision headings ("<Udvalg>, <dato>, pkt. N"):
    # the council when the header names none.
    own_councils: list[str] = field(default_factory=list)


@dataclass
class DecisionHeading:
    council: str
    date: datetime.date | None
    number: int | None
    own: bool


def _norm_council(name: str) -> set[str]:
    words = re.findall(r"[\wæøå]+", name.casefold())
    out = set()
    for word in words:
        for suffix in ("ets", "ens", "et", "en", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out - {"og", "for", "i", "af", "de", "inkl", "the", "kommune"}


def same_council(printed: str, meeting_council: str) -> bool:
    """The council a heading names is the meeting's own ("Byrådet" for "Aarhus Byråd")."""
    if not printed or not meeting_council:
        return True  # nothing to tell them apart by: the date decides
    a, b = _norm_council(printed), _norm_council(meeting_council)
    if not a or not b:
        return False
    if a <= b or b <= a:
        return True
    if printed.casefold().strip() in GENERIC_BODIES:
        return bool(a & b) or any(w in " ".join(b) for w in a)
    return False


def decision_heading(text: str, ctx: Context) -> DecisionHeading | None:
    """A heading that introduces a decision, this meeting's own or an earlier one:
    "Beslutning i <udvalg> den <dato>", "<Udvalg>, <dato>, pkt. N", "<Udvalgets> beslutning
    den <dato>", "Beslutning den <dato>", "Beslutning fra <udvalg>, <dato>, punkt N"."""
    if len(text) > MAX_HEADING_CHARS or "\t" in text or not text[:1].isupper():
        return None
    date, match = find_date(text)
    if match is not None:
        suffix = SUFFIX_RE.match(text[match.end() :])
        if not suffix:
            return None
        number = int(suffix["n"]) if suffix["n"] else None
        prefix = text[: match.start()]
        council = None
        lead = False
        m = PREFIX_LEAD_COUNCIL_RE.match(prefix)
        if m:
            council, lead = m["c"].strip(" ,"), True
        elif PREFIX_LEAD_RE.match(prefix):
            council, lead = "", True
        else:
            m = PREFIX_GENITIVE_RE.match(prefix)
            if m:
                council, lead = m["c"].strip(" ,"), True
            else:
                m = PREFIX_COUNCIL_RE.match(prefix)
                if m and (
                    number is not None
                    or (text.rstrip().endswith(":") and COUNCIL_WORD_RE.search(m["c"]))
                ):
                    council = m["c"].strip(" ,")
        if council is None:
            return None
        if date is None and not lead:
            return None  # "Udvalget, 30. februar 2015, pkt. 3": no date, no heading
        own = (date is None or ctx.date is None or date == ctx.date) and same_council(
            council, ctx.council
        )
        if council and not lead and number is None and not own:
            pass
        return DecisionHeading(council, date, number, own)
    for pattern in (NODATE_LEAD_COUNCIL_RE, NODATE_GENITIVE_RE):
        m = pattern.match(text)
        if m:
            council = m["c"].strip(" ,")
            if heading_key(text) in SECTION_HEADINGS:
                return None  # "Udvalgets beslutning": a plain decision heading
            return DecisionHeading(council, None, None, same_council(council, ctx.council))
    if NODATE_LEAD_RE.match(text):
        return DecisionHeading("", None, None, True)
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


# --- text assembly ----------------------------------------------------------------------------
@dataclass
class TextLines:
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
class SectionBuilder:
    kind: str
    heading: str
    text: TextLines = field(default_factory=TextLines)

    @property
    def empty(self) -> bool:
        return not self.text.lines


@dataclass
class PriorBuilder:
    council: str
    date: datetime.date | None
    item_number: int | None
    heading: str
    text: TextLines = field(default_factory=TextLines)
    labels: int = 0  # "Udvalg:/Dato:/Punktnummer:" lines seen (Sagsforløb blocks)


# --- one point ---------------------------------------------------------------------------------
def _classify(line: Line, ctx: Context) -> tuple[str, object]:
    """What a line is: ("decision", DecisionHeading) / ("section", (kind, rest)) /
    ("history", None) / ("bilag", None) / ("absence", (kind, names)) / ("text", None)."""
    text = line.text
    if len(text) > MAX_HEADING_CHARS or "\t" in text:
        return "text", None
    first = text[0]
    if first.isupper() and (
        text.endswith(":") or _DECISION_HINT_RE.search(text) and _DIGIT_RE.search(text)
    ):
        heading = decision_heading(text, ctx)
        if heading is not None:
            return "decision", heading
    key = heading_key(text) if len(text) <= MAX_KEY_CHARS else ""
    if key in SECTION_HEADINGS:
        return "section", (SECTION_HEADINGS[key], "")
    if key in HISTORY_HEADINGS:
        return "history", None
    if key in BILAG_HEADINGS:
        return "bilag", None
    if key in OTHER_HEADINGS:
        return "section", ("andet", "")
    if first.isupper() and ":" in text:
        m = ABSENCE_LABEL_RE.match(text)
        if m:
            label = re.sub(r"\s+", " ", m["label"].casefold())
            return "absence", (ABSENCE_LABELS.get(label, "fravaerende"), m["names"])
        m = HEADING_WITH_TEXT_RE.match(text)
        if m and heading_key(m["head"]) in SECTION_HEADINGS:
            return "section", (SECTION_HEADINGS[heading_key(m["head"])], m["rest"])
    elif key in ABSENCE_LABELS:
        return "absence", (ABSENCE_LABELS[key], "")
    return "text", None


class Body:
    """The state machine that walks one point's lines."""

    def __init__(self, item: ParsedItem, ctx: Context):
        self.item = item
        self.ctx = ctx
        self.warnings = ctx.warnings
        self.sections: list[SectionBuilder] = []
        self.priors: list[PriorBuilder] = []
        self.state: str | None = None  # None, "section", "bilag", "absence", "prior", "history"
        self.resume: SectionBuilder | None = None  # the section an absence list interrupted
        self.absence_kind = "fravaerende"
        self.strict_names = False
        self.gap = False
        self.title_key = fold(item.title)
        self.ranged_absences: list[tuple[str, str, PointRange]] = []
        self.next_text = ""
        self.last_text = ""
        self.bilag_heading = ""

    def run(self, lines: list[Line]) -> None:
        for index, line in enumerate(lines):
            text = line.text
            if not text or (len(text) <= MAX_FURNITURE_CHARS and is_furniture(text)):
                self.gap = True
                continue
            if self.gap and self.ctx.packed and not _continues(self.last_text, text):
                self.end_field()  # (a sentence cut by a page break goes on in its field)
            self.next_text = lines[index + 1].text if index + 1 < len(lines) else ""
            self.handle(line)
            self.gap = False
            self.last_text = text
        self.finish()

    def bilag_entry(self, line: Line) -> bool:
        """In a bilag list, a heading word ("Indstilling") is a bilag's title when it is the
        list's first entry or the next entry follows it without a blank line."""
        if self.state != "bilag" or len(line.text) > MAX_ATTACHMENT_TITLE_CHARS:
            return False
        return not self.item.attachments or bool(self.next_text)

    def end_field(self) -> None:
        """Packed layouts: a blank line ends the decision (the text after it is another,
        untitled field)."""
        if self.state == "section" and self.sections:
            current = self.sections[-1]
            if current.kind == "beslutning" and not current.empty:
                self.state = None

    def current_section(self) -> SectionBuilder | None:
        return self.sections[-1] if self.state == "section" and self.sections else None

    # -- dispatch
    def handle(self, line: Line) -> None:
        kind, info = _classify(line, self.ctx)
        if kind == "section" and not info[1] and self.bilag_entry(line):
            kind = "text"
        text = line.text
        if kind == "decision":
            if info.own and info.council:
                self.ctx.own_councils.append(info.council)
            if info.own:
                self.sections.append(SectionBuilder(kind="beslutning", heading=text))
                self.state = "section"
            else:
                self.priors.append(PriorBuilder(info.council, info.date, info.number, text))
                self.state = "prior"
            return
        if kind == "section":
            section_kind, rest = info
            heading = text[: len(text) - len(rest)].strip() if rest else text
            self.sections.append(SectionBuilder(kind=section_kind, heading=heading))
            if rest:
                self.sections[-1].text.add(rest, False)
            self.state = "section"
            return
        if kind == "history":
            self.sections.append(SectionBuilder(kind="andet", heading=text))
            self.state = "history"
            return
        if kind == "bilag":
            self.state = "bilag"
            self.bilag_heading = text
            return
        if kind == "absence":
            absence_kind, names_text = info
            if self.state in ("prior", "history") and names_text.strip():
                self.add_to_prior(text)  # the other committee's absence
                return
            if self.state == "section":
                self.resume = self.current_section()
            elif self.state != "absence":
                self.resume = None
            self.absence_kind = absence_kind
            self.state = "absence"
            self.strict_names = True
            if names_text.strip():
                self.add_names(line, names_text, strict=False)
            return
        # Plain text: where it goes depends on the state.
        if self.is_title_repeat(line):
            self.state = None if self.state not in ("section",) else self.state
            return
        if self.state == "bilag":
            title = re.sub(r"^[-•·▪]\s+", "", text.strip())
            if title.casefold().rstrip(".") in NOT_ATTACHMENTS:
                self.sections.append(SectionBuilder(kind="andet", heading=self.bilag_heading))
                self.sections[-1].text.add(text, False)
                self.state = None
                return
            if len(text) <= MAX_ATTACHMENT_TITLE_CHARS and "\t" not in text:
                self.item.attachments.append(title)
                return
            self.state = None  # a paragraph, not a bilag title: keep it as text below
        if self.state == "absence":
            if self.add_names(line, text.lstrip("-•· "), strict=True):
                return
            # Not names: the text goes on in the section the absence list interrupted.
            self.state = "section" if self.resume is not None else None
        if self.state == "history":
            if self.history_line(text):
                return
        if self.state == "prior":
            self.priors[-1].text.add(text, self.gap)
            return
        current = self.current_section()
        if (
            "indstiller" in text
            and INDSTILLER_RE.match(text)
            and (current is None or current.kind in ("resume", "andet") and not current.heading)
        ):
            current = SectionBuilder(kind="indstilling", heading="")
            self.sections.append(current)
            self.state = "section"
        if current is None:
            current = SectionBuilder(kind="andet", heading="")
            self.sections.append(current)
            self.state = "section"
        if looks_like_heading(line):
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

    def add_to_prior(self, text: str) -> None:
        if self.state == "prior" and self.priors:
            self.priors[-1].text.add(text, self.gap)
        elif self.priors:
            self.priors[-1].text.add(text, self.gap)
        else:
            self.sections[-1].text.add(text, self.gap)

    def history_line(self, text: str) -> bool:
        """A line of a "Sagsforløb" block: "Udvalg: X", "Dato: …", "Punktnummer: N", text."""
        m = re.match(r"^\s*(?P<label>[A-Za-zæøåÆØÅ ]{2,20}?)\s*:\s*(?P<value>.*)$", text)
        label = HISTORY_LABELS.get(m["label"].strip().casefold()) if m else None
        if label:
            value = m["value"].strip()
            current = self.priors[-1] if self.priors and self.priors[-1].labels else None
            if (
                label == "council"
                or current is None
                or (label == "date" and current.date is not None)
            ):
                current = PriorBuilder("", None, None, "")
                current.labels = 0
                self.priors.append(current)
            current.labels += 1
            current.heading = f"{current.heading}\n{text}".strip()
            if label == "council":
                current.council = value
            elif label == "date":
                current.date = find_date(value)[0]
            elif label == "number":
                digits = re.match(r"\d{1,6}", value)
                current.item_number = int(digits[0]) if digits else None
            return True
        if self.priors and self.priors[-1].labels:
            self.priors[-1].text.add(text, self.gap)
            return True
        self.sections[-1].text.add(text, self.gap)  # the Sagsforløb section's own text
        return True

    def is_title_repeat(self, line: Line) -> bool:
        if abs(len(line.text) - len(self.title_key)) > 8 or fold(line.text) != self.title_key:
            return False
        # Right after the heading/case number or the bilag list, or printed in capitals.
        if self.state in (None, "bilag"):
            return True
        return line.text.isupper()

    def add_names(self, line: Line, text: str, strict: bool = False) -> bool:
        names = parse_names(text)
        if names and strict:
            names = [n for n in names if len(n[0].split()) >= 2 or "(" in n[0]] or None
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
            names = [(text.strip(), None)]
        for name, point_range in names:
            if point_range:
                self.ranged_absences.append((name, self.absence_kind, point_range))
            else:
                self.item.absences.append(ParsedAbsence(name, self.absence_kind))
        return True

    def finish(self) -> None:
        item = self.item
        decisions = []
        seen = set()
        for builder in self.sections:
            if id(builder) in seen:
                continue
            seen.add(id(builder))
            if builder.kind == "andet" and not builder.heading and builder.empty:
                continue
            keep_indent = builder.kind != "beslutning"
            text = builder.text.build(keep_indent=keep_indent)
            item.sections.append(ParsedSection(builder.kind, builder.heading, text))
        if item.is_closed and not any(s.kind == "beslutning" for s in item.sections):
            # A closed point prints only its decision, often without a heading.
            for section in item.sections:
                if section.kind == "andet" and not section.heading and section.text:
                    section.kind = "beslutning"
                    break
        for section in item.sections:
            if section.kind == "beslutning" and section.text:
                decisions.append(section.text)
        item.decision = "\n".join(decisions) if decisions else None
        if item.decision:
            known = {a.name for a in item.absences}
            for name, point_range in sentence_absences(item.decision):
                if point_range and not (point_range[0] <= item.number <= point_range[1]):
                    self.ranged_absences.append((name, "fravaerende", point_range))
                elif name not in known:
                    item.absences.append(ParsedAbsence(name, "fravaerende"))
                    known.add(name)
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


def parse_item(
    number: int,
    title: str,
    heading_line: Line,
    body: list[Line],
    ctx: Context,
    *,
    case_above: Line | None = None,
    closed_group: bool = False,
) -> tuple[ParsedItem, list[tuple[str, str, PointRange]]]:
    """One point from its heading and body lines; also the absences it names for other
    points (ranges)."""
    item = ParsedItem(number=number, title=title.strip(), line=heading_line.no)
    content = [ln for ln in body if ln.text and not is_furniture(ln.text)]
    consumed: set[int] = set()
    ref = None
    if case_above is not None:
        ref = case_reference(case_above.text)
    if ref is None:
        for offset, line in enumerate(content[:CASE_LOOKAHEAD]):
            found = case_reference(line.text)
            if found:
                ref = found
                if offset <= TITLE_WRAP_LOOKAHEAD and all(
                    _classify(ln, ctx)[0] == "text"
                    and not SEPARATOR_RE.match(ln.text)
                    and not STATUS_LINE_RE.match(ln.text)
                    and case_reference(ln.text) is None
                    for ln in content[:offset]
                ):
                    for ln in content[:offset]:  # a title wrapped over several lines
                        item.title = f"{item.title} {ln.text}".strip()
                        consumed.add(ln.no)
                consumed.add(line.no)
                if found.rest:
                    rest_status = STATUS_LINE_RE.match(found.rest.split("  ")[-1].strip())
                    if rest_status and "lukket" in rest_status["status"].casefold():
                        item.is_closed = True
                    if re.sub(r"(?i)\b(?:åbent?\s*(?:punkt|sag)?|lukket\s*(?:punkt|sag)?)\b", "",
                              found.rest).strip(" .,;"):  # fmt: skip
                        consumed.discard(line.no)  # more than the number: keep the line as text
                break
            kind = _classify(line, ctx)[0]
            if kind != "text" or SEPARATOR_RE.match(line.text):
                break
    if ref is not None:
        item.case_number = ref.number
        item.case_system = ref.system
        if not ref.strict:
            ctx.warnings.append(
                ParseWarning(
                    "bad_case_number",
                    f"Journalnummeret '{ref.number}' har ikke formen 27.15.00-A08-1-21; "
                    "punktet er indlæst uden KLE-sag.",
                    item_number=number,
                    line=heading_line.no,
                )
            )
    item.is_closed = item.is_closed or closed_group or bool(CLOSED_TITLE_RE.search(item.title))
    for line in content[:4]:
        status = STATUS_LINE_RE.match(line.text)
        if status and "lukket" in status["status"].casefold():
            item.is_closed = True
    if item.case_number is None and not item.is_closed:
        ctx.warnings.append(
            ParseWarning(
                "no_case_number",
                f"Punkt {number} har intet sagsnummer under titlen; tjek punktet.",
                item_number=number,
                line=heading_line.no,
            )
        )
    walker = Body(item, ctx)
    walker.run([ln for ln in body if ln.no not in consumed])
    item.decision_outcome = classify_outcome(item.decision)
    if item.decision_outcome == "andet":
        ctx.warnings.append(
            ParseWarning(
                "outcome_other",
                f"Beslutningen i punkt {number} kunne ikke klassificeres (godkendt, tiltrådt, "
                "taget til efterretning, drøftet, udsat, forkastet); tjek udfaldet.",
                item_number=number,
                line=heading_line.no,
            )
        )
    return item, walker.ranged_absences
