"""Printed lines: Markdown markup and control characters removed, structure kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ImporterError
from .vocab import PAGE_ARTEFACT_RE, SEPARATOR_RE

# Control and invisible format characters (TAB is kept: it separates table cells).
CONTROL_CHARS_RE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff\ufff9-\ufffb]"
)
MD_HEADING_RE = re.compile(r"^#{1,6}(?:\s+|$)")
MD_STRONG_RE = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
MD_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
MD_BULLET_RE = re.compile(r"^(?P<indent>\s*)[*+]\s+")
MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
MD_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
SPACE_RUN_RE = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}")


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number in the extracted text
    text: str  # markup removed, stripped (table rows keep their inner TABs)
    md_heading: bool = False  # printed with a Markdown "#" heading marker


# Characters after which a line needs more than stripping (markup, controls, odd spaces).
_SPECIAL_RE = re.compile(
    "[#>|*_\\\t+\x00-\x08\x0a-\x1f\x7f-\x9f\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff"
    "\ufff9-\ufffb]"
)


def clean_line(raw: str) -> tuple[str, bool]:
    """One printed line with Markdown markup removed; returns (text, was_markdown_heading)."""
    if not _SPECIAL_RE.search(raw) and not (raw[:1] == " " and raw.lstrip(" ")[:2] == "- "):
        return raw.strip(), False  # the common case: plain text
    line = raw.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    if CONTROL_CHARS_RE.search(line):
        line = CONTROL_CHARS_RE.sub("", line)
    stripped = line.strip(" \r\n\x0b\x0c").lstrip("\t")  # trailing TABs: empty table cells
    md_heading = stripped.startswith("#") and bool(MD_HEADING_RE.match(stripped))
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
    bullet = MD_BULLET_RE.match(line) if ("*" in line or "+" in line) else None
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


def prepare(text: str) -> list[Line]:
    if not isinstance(text, str):
        raise ImporterError("The importer needs text; got nothing readable.", code="empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    lines = []
    for no, raw in enumerate(text.split("\n"), start=1):
        cleaned, md_heading = clean_line(raw)
        lines.append(Line(no=no, text=cleaned, md_heading=md_heading))
    return lines


def fold(text: str) -> str:
    return " ".join(text.split()).rstrip(".").rstrip().casefold()


def heading_key(text: str) -> str:
    """A line as a heading: spaces folded, casefolded, a trailing colon removed."""
    return " ".join(text.split()).rstrip(":").rstrip().casefold()


def looks_like_heading(line: Line) -> bool:
    """Printed as a heading: a Markdown heading or a short line in capitals."""
    text = line.text
    if line.md_heading:
        return True
    return (
        text.isupper()
        and len(text) <= 200
        and "\t" not in text
        and not text.startswith("- ")
        and sum(c.isalpha() for c in text) >= 4
    )


MAX_FURNITURE_CHARS = 60  # page furniture lines are short


def is_furniture(text: str) -> bool:
    """Page furniture kept by no field: page numbers, separators, column heads, UI leftovers."""
    return len(text) <= MAX_FURNITURE_CHARS and bool(
        SEPARATOR_RE.match(text) or PAGE_ARTEFACT_RE.match(text)
    )
