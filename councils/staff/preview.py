"""The draft as the public will see it, with every warning next to the place it concerns."""

from __future__ import annotations

import datetime
import re

from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from ..importer.load import existing_meeting
from ..models import AgendaItem, Section
from .diff import diff_meetings
from .serialize import meeting_as_dict

WARNING_LABELS = {
    "toc_mismatch": "Indholdsfortegnelsen passer ikke",
    "no_case_number": "Punkt uden journalnummer",
    "unknown_heading": "Ukendt overskrift",
    "outcome_other": "Beslutningens udfald er “andet”",
    "council_mismatch": "Udvalgets navn passer ikke",
}
_BULLET = re.compile(r"^(\s*)- (.*)$")
_NUMBERED = re.compile(r"^(\d+)\. (.*)$")


def section_html(text: str) -> str:
    """Render Section.text by the house convention: paragraph, bullet, numbered, table row."""
    blocks: list[tuple[str, list]] = []
    for line in (text or "").split("\n"):
        if not line.strip():
            continue
        if "\t" in line:
            kind, value = "table", line.split("\t")
        elif m := _BULLET.match(line):
            kind, value = "ul", (len(m.group(1)) > 0, m.group(2))
        elif m := _NUMBERED.match(line):
            kind, value = "ol", m.group(2)
        else:
            kind, value = "p", line
        if blocks and blocks[-1][0] == kind and kind != "p":
            blocks[-1][1].append(value)
        else:
            blocks.append((kind, [value]))
    html = []
    for kind, values in blocks:
        if kind == "p":
            html.append(f"<p>{escape(values[0])}</p>")
        elif kind == "ul":
            html.append(
                "<ul>"
                + "".join(
                    f"<li{' class=nested' if nested else ''}>{escape(v)}</li>"
                    for nested, v in values
                )
                + "</ul>"
            )
        elif kind == "ol":
            html.append("<ol>" + "".join(f"<li>{escape(v)}</li>" for v in values) + "</ol>")
        else:
            head, *rows = values
            html.append(
                "<table><thead><tr>"
                + format_html_join("", "<th>{}</th>", ((c,) for c in head))
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + format_html_join("", "<td>{}</td>", ((c,) for c in row)) + "</tr>"
                    for row in rows
                )
                + "</tbody></table>"
            )
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped above


def _warning(w: dict) -> dict:
    return {**w, "label": WARNING_LABELS.get(w.get("code"), w.get("code", ""))}


def build_preview(upload, forms_by_number=None, conflicts=()) -> dict:
    """Template context for the preview of an upload's draft."""
    if upload.parsed is None:
        return {"items": [], "general_warnings": [], "diff": None}
    parsed = upload.parsed
    numbers = {i["number"] for i in parsed["items"]}
    general = [_warning(w) for w in upload.warnings if w.get("item_number") not in numbers]
    bilag = list(upload.bilag.all())
    conflicts_by_item: dict[int, list] = {}
    for c in conflicts:
        conflicts_by_item.setdefault(c.item_number, []).append(c)
    items = []
    for item in parsed["items"]:
        number = item["number"]
        items.append(
            {
                **item,
                "outcome_label": AgendaItem.Outcome(item.get("decision_outcome") or "").label,
                "sections": [
                    {
                        **s,
                        "label": s.get("heading") or Section.Kind(s["kind"]).label,
                        "html": section_html(s.get("text", "")),
                    }
                    for s in item.get("sections", [])
                ],
                "warnings": [
                    _warning(w) for w in upload.warnings if w.get("item_number") == number
                ],
                "bilag_files": [b for b in bilag if b.item_number == number],
                "form": (forms_by_number or {}).get(number),
                "conflicts": conflicts_by_item.get(number, []),
            }
        )
    start = datetime.date.fromisoformat(parsed["date"])
    meeting = existing_meeting(upload.council, start)
    diff = None
    if meeting is not None and upload.status == upload.Status.DRAFT:
        diff = diff_meetings(meeting_as_dict(meeting), parsed)
    return {
        "meeting_date": start,
        "items": items,
        "general_warnings": general,
        "unmatched_bilag": [b for b in bilag if b.item_number is None],
        "diff": diff,
        "existing_meeting": meeting,
    }
