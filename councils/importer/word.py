"""DOCX → text, streamed: paragraphs and tables of the body in document order.

The XML is read incrementally through ``councils.files.archive.xml_events`` (counted bytes, no
DTD, no entity expansion) and every element is dropped once handled, so memory stays bounded
by one paragraph, and time is linear in the part (python-docx took minutes for 20,000
paragraphs: each paragraph's style was looked up through the whole package).

The text is what python-docx's ``Paragraph.text`` gives (runs directly in the paragraph or in
its hyperlinks; ``w:tab``/``w:ptab`` → TAB, ``w:br``/``w:cr`` → newline, ``w:noBreakHyphen`` →
"-"), with the project's conventions on top: list paragraphs get "- " or "1. ", headings "#",
table rows are their cells joined by TABs (a horizontally merged cell once, a vertically merged
cell repeats the text of its first row), and a table ends with a blank line. Text in nested
tables, text boxes and content controls is not read (as before).
"""

from __future__ import annotations

import posixpath
import zipfile

from councils.files.archive import open_zip, xml_events
from councils.files.limits import MAX_TEXT_CHARS
from councils.files.text import too_many_characters

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"
STYLES = "/styles"
DEFAULT_DOCUMENT = "word/document.xml"

# python-docx's names for the built-in styles stored in lower case ("heading 1").
UI_STYLE_NAMES = {
    "caption": "Caption",
    "footer": "Footer",
    "header": "Header",
    **{f"heading {n}": f"Heading {n}" for n in range(1, 10)},
}

P, R, HYPERLINK, TBL, TR, TC = (W + t for t in ("p", "r", "hyperlink", "tbl", "tr", "tc"))
BODY, PPR, TCPR, TRPR = (W + t for t in ("body", "pPr", "tcPr", "trPr"))
RUN_TEXT = {W + "t", W + "tab", W + "ptab", W + "br", W + "cr", W + "noBreakHyphen"}
# The elements the reader handles (and drops); everything else goes with its ancestor.
BODY_TAGS = sorted(
    RUN_TEXT
    | {P, R, HYPERLINK, TBL, TR, TC}
    | {W + t for t in ("pStyle", "numPr", "vMerge", "gridSpan", "gridBefore")}
)


def docx_text(data: bytes, name: str = "") -> str:
    """The text of a DOCX the intake accepted. Raises FileRefused only."""
    archive = open_zip(data, name)
    with archive:
        document = _main_part(archive, name)
        styles = _paragraph_styles(archive, name, _styles_part(archive, name, document))
        events = xml_events(archive, document, name, tags=BODY_TAGS)
        return _BodyReader(styles, name).read(events)


def _rels(archive: zipfile.ZipFile, part: str, name: str) -> dict[str, str]:
    """Relationship type suffix → target part name, of ``part``'s relationships."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    found: dict[str, str] = {}
    for element in xml_events(archive, rels, name):
        if element.tag == REL + "Relationship" and element.get("TargetMode") != "External":
            kind = (element.get("Type") or "").rsplit("/", 1)[-1]
            target = element.get("Target") or ""
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(
                folder, target
            )
            found.setdefault("/" + kind, posixpath.normpath(target))
        element.clear()
    return found


def _main_part(archive: zipfile.ZipFile, name: str) -> str:
    target = _rels(archive, "", name).get(OFFICE_DOCUMENT, DEFAULT_DOCUMENT)
    return target if target in archive.namelist() else DEFAULT_DOCUMENT


def _styles_part(archive: zipfile.ZipFile, name: str, document: str) -> str:
    folder = posixpath.dirname(document)
    return _rels(archive, document, name).get(STYLES, posixpath.join(folder, "styles.xml"))


def _paragraph_styles(archive: zipfile.ZipFile, name: str, part: str) -> dict[str | None, str]:
    """Paragraph style id → UI name; the key None holds the default paragraph style's name."""
    styles: dict[str | None, str] = {}
    default = ""
    for element in xml_events(archive, part, name):
        if element.tag == W + "style" and element.get(W + "type") == "paragraph":
            name_element = element.find(W + "name")
            raw = name_element.get(W + "val") if name_element is not None else None
            ui = UI_STYLE_NAMES.get(raw, raw) if raw is not None else ""
            styles[element.get(W + "styleId")] = ui
            if element.get(W + "default") in ("1", "true", "on"):
                default = ui  # the last default wins (the standard; python-docx too)
            element.clear()
    styles[None] = default
    return styles


class _BodyReader:
    def __init__(self, styles: dict[str | None, str], name: str):
        self.styles = styles
        self.name = name
        self.lines: list[str] = []
        self.chars = 0
        self.numbering: dict[str, int] = {}
        # The paragraph being read (a body paragraph or a paragraph of a body table's cell).
        self.parts: list[str] = []
        self.style_id: str | None = None
        self.numbered = False
        # The body table being read.
        self.cell_paragraphs: list[str] = []
        self.cell_merge: str | None = None  # vMerge of the cell: "restart", "continue", None
        self.cell_span = 1
        self.row: list[tuple[int, int, str]] = []  # (grid offset, span, text)
        self.grid_before = 0
        self.previous_row: dict[int, str] = {}  # grid offset -> text, for vertical merges
        self.rows: list[str] = []

    def read(self, events) -> str:
        for element in events:
            self.handle(element)
        return "\n".join(self.lines) + "\n"

    def handle(self, element) -> None:
        tag = element.tag
        parent = element.getparent()
        if tag in RUN_TEXT:
            if parent is not None and parent.tag == R and self._in_paragraph(parent.getparent()):
                self.parts.append(_run_text(tag, element))
        elif tag == W + "pStyle":
            if _is_ppr_of_paragraph(parent) and self._read_paragraph(parent.getparent()):
                self.style_id = element.get(W + "val")
        elif tag == W + "numPr":
            if _is_ppr_of_paragraph(parent) and self._read_paragraph(parent.getparent()):
                self.numbered = True
        elif tag == W + "vMerge":
            if parent is not None and parent.tag == TCPR and _is_body_cell(parent.getparent()):
                self.cell_merge = element.get(W + "val") or "continue"
        elif tag == W + "gridSpan":
            if parent is not None and parent.tag == TCPR and _is_body_cell(parent.getparent()):
                self.cell_span = _int(element.get(W + "val"), 1)
        elif tag == W + "gridBefore":
            if parent is not None and parent.tag == TRPR and _is_body_row(parent.getparent()):
                self.grid_before = _int(element.get(W + "val"), 0)
        elif tag == P:
            self._end_paragraph(element)
        elif tag == TC:
            if _is_body_cell(element):
                self._end_cell()
        elif tag == TR:
            if _is_body_row(element):
                self._end_row()
        elif tag == TBL:
            if parent is not None and parent.tag == BODY:
                self._end_table()
        # Handled: drop it (its text is in self.parts/lines), so memory stays bounded.
        element.clear()
        if parent is not None:
            parent.remove(element)

    # --- paragraphs ------------------------------------------------------------------------
    def _read_paragraph(self, paragraph) -> bool:
        if paragraph is None or paragraph.tag != P:
            return False
        parent = paragraph.getparent()
        return parent is not None and (parent.tag == BODY or _is_body_cell(parent))

    def _in_paragraph(self, element) -> bool:
        """A run's parent: the paragraph itself, or a hyperlink directly in it."""
        if element is None:
            return False
        if element.tag == HYPERLINK:
            element = element.getparent()
        return self._read_paragraph(element)

    def _end_paragraph(self, paragraph) -> None:
        if not self._read_paragraph(paragraph):
            return
        text = "".join(self.parts)
        self._spend(len(text))
        if paragraph.getparent().tag == BODY:
            style = self.styles.get(self.style_id) if self.style_id is not None else None
            if style is None:  # no style, or not a paragraph style: the default one
                style = self.styles[None]
            self.lines.extend(paragraph_lines(text, style or "", self.numbered, self.numbering))
        else:
            self.cell_paragraphs.append(text)
        self.parts, self.style_id, self.numbered = [], None, False

    # --- tables ----------------------------------------------------------------------------
    def _end_cell(self) -> None:
        offset = self.grid_before + sum(span for _o, span, _t in self.row)
        if self.cell_merge == "continue":
            text = self.previous_row.get(offset, "")
        else:
            text = " ".join(p.strip() for p in self.cell_paragraphs).strip()
        self.row.append((offset, self.cell_span, text))
        self.cell_paragraphs, self.cell_merge, self.cell_span = [], None, 1

    def _end_row(self) -> None:
        self.rows.append("\t".join(text for _o, _s, text in self.row))
        self.previous_row = {offset: text for offset, _s, text in self.row}
        self.row, self.grid_before = [], 0

    def _end_table(self) -> None:
        self.lines.extend(self.rows)
        self.lines.append("")
        self.rows, self.previous_row = [], {}

    def _spend(self, chars: int) -> None:
        self.chars += chars
        if self.chars > MAX_TEXT_CHARS:
            raise too_many_characters(self.name)


def _run_text(tag: str, element) -> str:
    if tag == W + "t":
        return element.text or ""
    if tag in (W + "tab", W + "ptab"):
        return "\t"
    if tag == W + "cr":
        return "\n"
    if tag == W + "noBreakHyphen":
        return "-"
    return "\n" if element.get(W + "type", "textWrapping") == "textWrapping" else ""  # w:br


def _is_ppr_of_paragraph(element) -> bool:
    return element is not None and element.tag == PPR


def _is_body_row(row) -> bool:
    if row is None or row.tag != TR:
        return False
    table = row.getparent()
    return table is not None and table.tag == TBL and table.getparent() is not None and (
        table.getparent().tag == BODY
    )


def _is_body_cell(cell) -> bool:
    return cell is not None and cell.tag == TC and _is_body_row(cell.getparent())


def _int(value: str | None, default: int) -> int:
    try:
        return max(0, int(value)) if value is not None else default
    except ValueError:
        return default


def paragraph_lines(text: str, style: str, has_numbering: bool, numbering: dict[str, int]):
    """A body paragraph's lines: list items get "- " or "1. ", headings "#" marks."""
    prefix = ""
    if "Bullet" in style or (has_numbering and "Number" not in style):
        prefix = "- "
    elif "Number" in style:
        numbering[style] = numbering.get(style, 0) + 1
        prefix = f"{numbering[style]}. "
    else:
        numbering.clear()
    if style.startswith("Heading") or style == "Title":
        level = style.rsplit(" ", 1)[-1]
        prefix = "#" * (int(level) if level.isdigit() else 1) + " "
    return [prefix + part if part.strip() else part for part in text.split("\n")]
