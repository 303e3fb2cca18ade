"""A draft as JSON: the full ParsedMeeting (every field, unlike the dry-run schema) and back.

``meeting_as_dict`` renders a published Meeting in the same shape, so a diff compares like
with like.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..importer.types import (
    ParsedAbsence,
    ParsedItem,
    ParsedMeeting,
    ParsedPriorDecision,
    ParsedSection,
    ParseWarning,
)


def parsed_to_dict(parsed: ParsedMeeting) -> dict:
    return {
        "source": parsed.source,
        "council": parsed.council,
        "date": parsed.date.isoformat(),
        "start_time": parsed.start_time.strftime("%H:%M") if parsed.start_time else None,
        "location": parsed.location,
        "items": [_item_to_dict(i) for i in parsed.items],
    }


def _item_to_dict(item: ParsedItem) -> dict:
    return {
        "number": item.number,
        "title": item.title,
        "case_number": item.case_number,
        "decision": item.decision,
        "decision_outcome": item.decision_outcome or "",
        "is_closed": bool(item.is_closed),
        "attachments": list(item.attachments),
        "absences": [{"name": a.name, "kind": a.kind} for a in item.absences],
        "prior_decisions": [
            {
                "council": p.council,
                "date": p.date.isoformat() if p.date else None,
                "item_number": p.item_number,
                "text": p.text,
                "heading": p.heading,
            }
            for p in item.prior_decisions
        ],
        "sections": [{"kind": s.kind, "heading": s.heading, "text": s.text} for s in item.sections],
    }


def parsed_from_dict(data: dict, warnings: list[dict] | None = None) -> ParsedMeeting:
    start_time = data.get("start_time")
    return ParsedMeeting(
        source=data["source"],
        council=data["council"],
        date=datetime.date.fromisoformat(data["date"]),
        start_time=datetime.time.fromisoformat(start_time) if start_time else None,
        location=data.get("location", ""),
        items=[_item_from_dict(i) for i in data.get("items", [])],
        warnings=[ParseWarning(**w) for w in (warnings or [])],
    )


def _item_from_dict(data: dict) -> ParsedItem:
    return ParsedItem(
        number=data["number"],
        title=data["title"],
        case_number=data.get("case_number"),
        decision=data.get("decision"),
        decision_outcome=data.get("decision_outcome", ""),
        is_closed=bool(data.get("is_closed")),
        attachments=list(data.get("attachments", [])),
        absences=[ParsedAbsence(**a) for a in data.get("absences", [])],
        prior_decisions=[
            ParsedPriorDecision(
                council=p["council"],
                date=datetime.date.fromisoformat(p["date"]) if p.get("date") else None,
                item_number=p.get("item_number"),
                text=p.get("text", ""),
                heading=p.get("heading", ""),
            )
            for p in data.get("prior_decisions", [])
        ],
        sections=[ParsedSection(**s) for s in data.get("sections", [])],
    )


def warnings_to_list(warnings) -> list[dict]:
    return [w.to_json() for w in warnings]


def meeting_as_dict(meeting) -> dict:
    """A stored meeting in the draft's shape (for the diff against a new upload)."""
    local = timezone.localtime(meeting.start)
    items = (
        meeting.items.select_related("case")
        .prefetch_related("sections", "attachments", "absences", "prior_decisions")
        .order_by("position")
    )
    return {
        "source": meeting.source_document.original_name if meeting.source_document else "",
        "council": meeting.printed_council_name,
        "date": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "location": meeting.location,
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "case_number": item.case.number if item.case else None,
                "decision": item.decision or None,
                "decision_outcome": item.decision_outcome or "",
                "is_closed": item.is_closed,
                "attachments": [a.title for a in item.attachments.all()],
                "absences": [{"name": a.name, "kind": a.kind} for a in item.absences.all()],
                "prior_decisions": [
                    {
                        "council": p.council_name,
                        "date": p.date.isoformat() if p.date else None,
                        "item_number": p.item_number,
                        "text": p.text,
                        "heading": p.heading,
                    }
                    for p in item.prior_decisions.all()
                ],
                "sections": [
                    {"kind": s.kind, "heading": s.heading, "text": s.text}
                    for s in item.sections.all()
                ],
            }
            for item in items
        ],
    }
