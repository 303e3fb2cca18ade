"""What a corrected re-upload would change, and where it meets an editor's later change."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import AgendaItem, Section

FIELD_LABELS = {
    "title": _("titel"),
    "case_number": _("journalnummer"),
    "decision": _("beslutning"),
    "decision_outcome": _("udfald"),
    "is_closed": _("lukket punkt"),
    "sections": _("afsnit"),
    "attachments": _("bilag"),
    "absences": _("fravær"),
    "prior_decisions": _("beslutninger i andre udvalg"),
}
ITEM_FIELDS = tuple(FIELD_LABELS)
MEETING_FIELDS = {"location": _("mødested"), "start_time": _("mødestart"), "council": _("udvalg")}
# Fields of a point an editor may change in the admin that a re-upload would overwrite.
CONFLICT_FIELDS = ("title", "decision", "decision_outcome", "is_closed")


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object
    html: str = ""  # word-level diff for text fields

    @property
    def is_decision(self) -> bool:
        return self.field in ("decision", "decision_outcome")


@dataclass
class ItemChange:
    kind: str  # "added", "removed", "changed"
    number: int
    title: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def decision_changed(self) -> bool:
        return any(c.is_decision for c in self.changes)


@dataclass
class MeetingDiff:
    meeting_changes: list[FieldChange]
    items: list[ItemChange]

    @property
    def added(self):
        return [i for i in self.items if i.kind == "added"]

    @property
    def removed(self):
        return [i for i in self.items if i.kind == "removed"]

    @property
    def changed(self):
        return [i for i in self.items if i.kind == "changed"]

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.meeting_changes


@dataclass
class Conflict:
    item_number: int
    field: str
    label: str
    file_value: object
    editor_value: object
    imported_value: object
    edited_by: str = ""
    edited_at: object = None

    @property
    def key(self) -> str:
        return f"{self.item_number}:{self.field}"


def _norm(value):
    if isinstance(value, str) or value is None:
        return (value or "").strip()
    return value


def word_diff_html(old: str, new: str) -> str:
    """Old and new text as one HTML string with <del>/<ins> around the changed words."""
    a = re.split(r"(\s+)", old or "")
    b = re.split(r"(\s+)", new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _describe(name: str, value) -> object:
    if name == "sections":
        return "; ".join(s.get("heading") or s.get("kind", "") for s in value or [])
    if name == "attachments":
        return "; ".join(value or [])
    if name == "absences":
        return ", ".join(a["name"] for a in value or [])
    if name == "prior_decisions":
        return "; ".join(p.get("council", "") for p in value or [])
    if name == "decision_outcome":
        return str(AgendaItem.Outcome(value).label) if value in AgendaItem.Outcome.values else value
    return value


def _item_changes(old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for name in ITEM_FIELDS:
        a, b = old.get(name), new.get(name)
        if _norm(a) == _norm(b):
            continue
        html = ""
        if name in ("title", "decision"):
            html = word_diff_html(a or "", b or "")
        elif name == "sections":
            html = _sections_diff_html(a or [], b or [])
        changes.append(
            FieldChange(name, str(FIELD_LABELS[name]), _describe(name, a), _describe(name, b), html)
        )
    return changes


def _sections_diff_html(old: list[dict], new: list[dict]) -> str:
    parts = []
    for index in range(max(len(old), len(new))):
        a = old[index] if index < len(old) else None
        b = new[index] if index < len(new) else None
        if a == b:
            continue
        heading = escape((b or a).get("heading") or (b or a).get("kind", ""))
        body = word_diff_html((a or {}).get("text", ""), (b or {}).get("text", ""))
        parts.append(f"<p><strong>{heading}</strong>: {body}</p>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped above


def diff_meetings(base: dict, new: dict) -> MeetingDiff:
    meeting_changes = [
        FieldChange(name, str(label), base.get(name), new.get(name))
        for name, label in MEETING_FIELDS.items()
        if _norm(base.get(name)) != _norm(new.get(name))
    ]
    old_items = {i["number"]: i for i in base.get("items", [])}
    new_items = {i["number"]: i for i in new.get("items", [])}
    items = []
    for number in sorted(old_items.keys() | new_items.keys()):
        a, b = old_items.get(number), new_items.get(number)
        if a is None:
            items.append(ItemChange("added", number, b["title"]))
        elif b is None:
            items.append(ItemChange("removed", number, a["title"]))
        else:
            changes = _item_changes(a, b)
            if changes:
                items.append(ItemChange("changed", number, b["title"], changes))
    return MeetingDiff(meeting_changes, items)


def find_conflicts(meeting, new: dict) -> list[Conflict]:
    """Fields an editor changed after the last import that the new file would overwrite.

    The value as imported is the point's first stored version (written at import, see
    history._write_baseline). If a point's history starts with an edit, the imported
    value is unknown and every differing field of it counts as a conflict: never overwrite
    silently.
    """
    if meeting is None:
        return []
    new_items = {i["number"]: i for i in new.get("items", [])}
    items = list(meeting.items.all())
    first, last_edit = {}, {}
    history = AgendaItem.history.filter(id__in=[i.pk for i in items]).select_related("history_user")
    for record in history.order_by("history_date", "history_id"):
        first.setdefault(record.id, record)
        if record.history_type == "~":
            last_edit[record.id] = record
    conflicts = _section_conflicts(items, new_items)
    for item in items:
        new_item = new_items.get(item.number)
        base = first.get(item.pk)
        if new_item is None or base is None or item.pk not in last_edit:
            continue
        for name in CONFLICT_FIELDS:
            current, incoming = _norm(getattr(item, name)), _norm(new_item.get(name))
            if current == incoming:
                continue
            imported = getattr(base, name) if base.history_type == "+" else None
            if base.history_type == "+" and _norm(imported) == current:
                continue  # the editor did not touch this field
            edit = last_edit[item.pk]
            conflicts.append(
                Conflict(
                    item_number=item.number,
                    field=name,
                    label=str(FIELD_LABELS[name]),
                    file_value=_describe(name, new_item.get(name)),
                    editor_value=_describe(name, getattr(item, name)),
                    imported_value=_describe(name, imported),
                    edited_by=str(edit.history_user or ""),
                    edited_at=edit.history_date,
                )
            )
    return sorted(conflicts, key=lambda c: (c.item_number, c.field.startswith("section"), c.field))


def _section_conflicts(items, new_items: dict[int, dict]) -> list[Conflict]:
    """Section texts an editor changed that the new file (same point, same place) replaces."""
    by_pk = {i.pk: i for i in items}
    sections = list(Section.objects.filter(agenda_item__in=items))
    first, last_edit = {}, {}
    history = Section.history.filter(id__in=[s.pk for s in sections]).select_related("history_user")
    for record in history.order_by("history_date", "history_id"):
        first.setdefault(record.id, record)
        if record.history_type == "~":
            last_edit[record.id] = record
    conflicts = []
    for section in sections:
        if section.pk not in last_edit:
            continue
        number = by_pk[section.agenda_item_id].number
        new_sections = (new_items.get(number) or {}).get("sections") or []
        if not 0 < section.order <= len(new_sections):
            continue
        incoming = _norm(new_sections[section.order - 1].get("text"))
        current = _norm(section.text)
        base = first[section.pk]
        if current == incoming or (base.history_type == "+" and _norm(base.text) == current):
            continue
        edit = last_edit[section.pk]
        conflicts.append(
            Conflict(
                item_number=number,
                field=f"section:{section.order}",
                label=f"{FIELD_LABELS['sections']} “{section}”",
                file_value=incoming,
                editor_value=current,
                imported_value=base.text if base.history_type == "+" else None,
                edited_by=str(edit.history_user or ""),
                edited_at=edit.history_date,
            )
        )
    return conflicts
