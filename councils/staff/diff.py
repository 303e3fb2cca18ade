"""What a corrected re-upload would change, and where it meets an editor's later change."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..importer.load import is_import_version, pair_sections
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


def _imported_and_edited(model, ids) -> tuple[dict, dict]:
    """Per row: its last version written by an import (the value as imported) and the last
    edit after it. A corrected file updates rows in place, so the import is the latest
    ``is_import_version`` record, not the first one."""
    imported, edited = {}, {}
    history = model.history.filter(id__in=ids).select_related("history_user")
    for record in history.order_by("history_date", "history_id"):
        if is_import_version(record):
            imported[record.id] = record
            edited.pop(record.id, None)
        elif record.history_type == "~":
            edited[record.id] = record
    return imported, edited


def find_conflicts(meeting, new: dict) -> list[Conflict]:
    """Fields an editor changed after the last import that the new file would overwrite.

    The value as imported is the point's last version written by an import (or the state
    written before the first edit, see history._write_baseline). If a point's history starts
    with an edit, the imported value is unknown and every differing field of it counts as a
    conflict: never overwrite silently.
    """
    if meeting is None:
        return []
    new_items = {i["number"]: i for i in new.get("items", [])}
    items = list(meeting.items.all())
    imported, last_edit = _imported_and_edited(AgendaItem, [i.pk for i in items])
    conflicts = _section_conflicts(items, new_items)
    for item in items:
        new_item = new_items.get(item.number)
        if new_item is None or item.pk not in last_edit:
            continue
        base = imported.get(item.pk)
        for name in CONFLICT_FIELDS:
            current, incoming = _norm(getattr(item, name)), _norm(new_item.get(name))
            if current == incoming:
                continue
            was = getattr(base, name) if base is not None else None
            if base is not None and _norm(was) == current:
                continue  # the editor did not touch this field
            edit = last_edit[item.pk]
            conflicts.append(
                Conflict(
                    item_number=item.number,
                    field=name,
                    label=str(FIELD_LABELS[name]),
                    file_value=_describe(name, new_item.get(name)),
                    editor_value=_describe(name, getattr(item, name)),
                    imported_value=_describe(name, was),
                    edited_by=str(edit.history_user or ""),
                    edited_at=edit.history_date,
                )
            )
    return sorted(conflicts, key=lambda c: (c.item_number, c.field.startswith("section"), c.field))


def _section_conflicts(items, new_items: dict[int, dict]) -> list[Conflict]:
    """Section texts an editor changed that the new file replaces (the section it updates is
    found as the importer finds it: ``importer.load.pair_sections``)."""
    by_pk = {i.pk: i for i in items}
    sections = list(Section.objects.filter(agenda_item__in=items))
    imported, last_edit = _imported_and_edited(Section, [s.pk for s in sections])
    by_item: dict[int, list[Section]] = {}
    for section in sections:
        by_item.setdefault(section.agenda_item_id, []).append(section)
    conflicts = []
    for item_pk, own in by_item.items():
        if not any(s.pk in last_edit for s in own):
            continue
        number = by_pk[item_pk].number
        new_sections = (new_items.get(number) or {}).get("sections") or []
        pairs = pair_sections(own, [s.get("kind", "") for s in new_sections])
        for index, section in sorted(pairs.items()):
            if section.pk not in last_edit:
                continue
            incoming = _norm(new_sections[index].get("text"))
            current = _norm(section.text)
            base = imported.get(section.pk)
            if current == incoming or (base is not None and _norm(base.text) == current):
                continue
            edit = last_edit[section.pk]
            conflicts.append(
                Conflict(
                    item_number=number,
                    field=f"section:{section.order}",
                    label=f"{FIELD_LABELS['sections']} “{section}”",
                    file_value=incoming,
                    editor_value=current,
                    imported_value=base.text if base is not None else None,
                    edited_by=str(edit.history_user or ""),
                    edited_at=edit.history_date,
                )
            )
    return conflicts
