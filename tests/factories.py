"""Test data builders, in one place. Plain functions with sensible defaults."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from councils.models import (
    AgendaItem,
    Case,
    Council,
    Meeting,
    Municipality,
    Section,
)

CPH = ZoneInfo("Europe/Copenhagen")
_counter = itertools.count(1)


def municipality(name: str = "Randers Kommune", slug: str = "randers") -> Municipality:
    obj, _ = Municipality.objects.get_or_create(slug=slug, defaults={"name": name})
    return obj


def council(name: str | None = None, kind: str = Council.Kind.UDVALG, **kwargs) -> Council:
    name = name or f"Testudvalg {next(_counter)}"
    muni = kwargs.pop("municipality", None) or municipality()
    return Council.objects.create(municipality=muni, name=name, kind=kind, **kwargs)


def meeting(
    council_obj: Council | None = None,
    start: datetime.datetime | None = None,
    status: str = Meeting.Status.PUBLISHED,
    **kwargs,
) -> Meeting:
    council_obj = council_obj or council()
    start = start or datetime.datetime(2021, 12, 1, 16, 0, tzinfo=CPH) + datetime.timedelta(
        days=next(_counter)
    )
    kwargs.setdefault("printed_council_name", council_obj.name)
    kwargs.setdefault("location", "Mødelokale 1, Rådhuset")
    return Meeting.objects.create(council=council_obj, start=start, status=status, **kwargs)


def case(number: str = "27.15.00-A08-1-21", municipality_obj: Municipality | None = None) -> Case:
    return Case.get_or_create_for(municipality_obj or municipality(), number)


def item(
    meeting_obj: Meeting | None = None,
    number: int | None = None,
    title: str = "Godkendelse af dagsorden",
    decision: str = "Godkendt",
    sections: list[tuple[str, str, str]] | None = None,
    **kwargs,
) -> AgendaItem:
    meeting_obj = meeting_obj or meeting()
    position = meeting_obj.items.count() + 1
    number = number if number is not None else position
    kwargs.setdefault(
        "decision_outcome", AgendaItem.Outcome.GODKENDT if decision else AgendaItem.Outcome.INGEN
    )
    obj = AgendaItem.objects.create(
        meeting=meeting_obj,
        number=number,
        position=position,
        title=title,
        decision=decision,
        **kwargs,
    )
    for order, (kind, heading, text) in enumerate(sections or [], start=1):
        Section.objects.create(agenda_item=obj, kind=kind, heading=heading, text=text, order=order)
    return obj


# --- search (appended by the search branch) -------------------------------------------------


def attachment(item_obj: AgendaItem, title: str = "Bilag", extracted_text: str = "", **kwargs):
    from councils.models import Attachment

    order = item_obj.attachments.count() + 1
    return Attachment.objects.create(
        agenda_item=item_obj, title=title, order=order, extracted_text=extracted_text, **kwargs
    )


def searchable_item(
    title: str,
    *,
    meeting_obj: Meeting | None = None,
    resume: str = "",
    indstilling: str = "",
    sagsfremstilling: str = "",
    decision: str = "Godkendt",
    case_number: str | None = None,
    **kwargs,
) -> AgendaItem:
    """An agenda point with the usual sections (empty ones left out); indexed by signals."""
    sections = [
        (kind, heading, text)
        for kind, heading, text in (
            (Section.Kind.RESUME, "Resume", resume),
            (Section.Kind.INDSTILLING, "Indstilling", indstilling),
            (Section.Kind.SAGSFREMSTILLING, "Sagsfremstilling", sagsfremstilling),
        )
        if text
    ]
    if case_number:
        kwargs["case"] = case(case_number)
    return item(meeting_obj, title=title, decision=decision, sections=sections, **kwargs)
