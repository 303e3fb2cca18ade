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


# --- Public-site builders (issue 4) -------------------------------------------------------


def section(
    item_obj: AgendaItem,
    kind: str = Section.Kind.SAGSFREMSTILLING,
    text: str = "Tekst.",
    heading: str = "",
    **kwargs,
) -> Section:
    order = kwargs.pop("order", None) or item_obj.sections.count() + 1
    return Section.objects.create(
        agenda_item=item_obj, kind=kind, heading=heading, text=text, order=order, **kwargs
    )


def attachment(item_obj: AgendaItem, title: str = "Bilag", **kwargs):
    from councils.models import Attachment

    order = kwargs.pop("order", None) or item_obj.attachments.count() + 1
    return Attachment.objects.create(agenda_item=item_obj, title=title, order=order, **kwargs)


def prior_decision(
    item_obj: AgendaItem,
    council_name: str = "Økonomiudvalget",
    date: datetime.date | None = None,
    item_number: int | None = 7,
    text: str = "Indstilles godkendt.",
    **kwargs,
):
    from councils.models import PriorDecision

    order = kwargs.pop("order", None) or item_obj.prior_decisions.count() + 1
    return PriorDecision.objects.create(
        agenda_item=item_obj,
        council_name=council_name,
        date=date or datetime.date(2021, 11, 1),
        item_number=item_number,
        text=text,
        order=order,
        **kwargs,
    )


def absence(
    meeting_obj: Meeting,
    name: str = "Anna Andersen",
    item_obj: AgendaItem | None = None,
    kind: str = "fravaerende",
    order: int = 0,
):
    from councils.models import Absence

    return Absence.objects.create(
        meeting=meeting_obj, agenda_item=item_obj, name=name, kind=kind, order=order
    )


def source_document(
    content: bytes = b"Referat", name: str = "referat.txt", fmt: str = "txt", with_file: bool = True
):
    import hashlib

    from django.core.files.base import ContentFile

    from councils.models import SourceDocument

    digest = hashlib.sha256(content + str(next(_counter)).encode()).hexdigest()
    doc = SourceDocument(original_name=name, format=fmt, size=len(content), sha256=digest)
    if with_file:
        doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def full_meeting(
    council_obj: Council | None = None, points: int = 20, case_obj: Case | None = None, **kwargs
) -> Meeting:
    """A published meeting with ``points`` points, each with sections, bilag, a decision of
    another committee and an absence (for query-budget and rendering tests)."""
    meeting_obj = meeting(council_obj, **kwargs)
    absence(meeting_obj, name="Mødefraværende Medlem")
    for n in range(1, points + 1):
        obj = item(
            meeting_obj,
            title=f"Punkt om emne {n}",
            decision=f"Beslutning nummer {n} godkendt.",
            case=case_obj,
            sections=[
                ("resume", "Resume", f"Resume af punkt {n}."),
                ("sagsfremstilling", "Sagsfremstilling", "Indledning.\n- første\n- anden"),
                ("indstilling", "Indstilling", "1. at sagen godkendes\n2. at den sendes videre"),
            ],
        )
        attachment(obj, title=f"Bilag til punkt {n}")
        prior_decision(obj, text=f"Anbefalet i andet udvalg {n}.")
        absence(meeting_obj, name=f"Punktfraværende {n}", item_obj=obj)
    return meeting_obj


def public_demo() -> dict:
    """A small, realistic-looking archive for browser tests and screenshots (invented text)."""
    from councils.models import Council

    byraad = council("Byrådet", kind=Council.Kind.BYRAAD)
    udvalg = council("Social- og Sundhedsudvalget", kind=Council.Kind.UDVALG)
    council("Miljø- og Teknikudvalget", kind=Council.Kind.UDVALG)
    gammelt = council("Handicaprådet 2014-2017", kind=Council.Kind.RAAD, is_active=False)
    item(meeting(gammelt, start=datetime.datetime(2016, 9, 5, 14, 0, tzinfo=CPH)))
    sag = case("27.15.00-A08-1-21")
    first = meeting(
        udvalg,
        start=datetime.datetime(2021, 11, 2, 15, 0, tzinfo=CPH),
        location="Rådhuset, mødelokale 2",
    )
    item(first, title="Godkendelse af dagsorden", decision="Godkendt.")
    earlier = item(
        first,
        title="Plan for bedre sundhed 2022-2025",
        decision="Anbefales over for byrådet.",
        case=sag,
        decision_outcome="tiltraadt",
        sections=[
            ("resume", "Resume", "Forvaltningen fremlægger et udkast til plan for sundhed."),
            ("indstilling", "Indstilling", "1. at udvalget anbefaler planen over for byrådet"),
        ],
    )
    absence(first, name="Mette Madsen")
    doc = source_document(b"%PDF-1.4 demo", name="referat-byraadet.pdf", fmt="pdf")
    main = meeting(
        byraad,
        start=datetime.datetime(2021, 12, 6, 16, 30, tzinfo=CPH),
        location="Byrådssalen, Rådhuset",
        printed_council_name="Byrådet 2018 - 2021",
        source_document=doc,
    )
    absence(main, name="Hanne Hansen", kind="afbud")
    item(main, title="Godkendelse af dagsorden", decision="Godkendt.")
    plan = item(
        main,
        title="Plan for bedre sundhed 2022-2025",
        decision="Godkendt med den tilføjelse, at planen evalueres i 2023.",
        case=sag,
        sections=[
            (
                "resume",
                "Resume",
                "Planen beskriver, hvordan kommunen vil styrke borgernes sundhed de næste fire år.",
            ),
            (
                "sagsfremstilling",
                "Sagsfremstilling",
                "Planen bygger på tre principper:\n- lighed i sundhed\n- tidlig indsats\n"
                "  - særligt for børn og unge\n- samarbejde på tværs\n"
                "Tabel 1: Økonomi (mio. kr.)\nOmråde\t2022\t2023\nForebyggelse\t2,0\t2,5\n"
                "Rehabilitering\t1,5\t1,5\nPlanen har været i høring hos rådene.",
            ),
            (
                "indstilling",
                "Indstilling",
                "Direktøren indstiller,\n1. at planen godkendes\n2. at planen evalueres i 2023",
            ),
            ("oekonomi", "Økonomiske konsekvenser", "Planen finansieres inden for budgettet."),
        ],
    )
    attachment(plan, title="Plan for bedre sundhed 2022-2025")
    attachment(plan, title="Høringssvar fra Ældrerådet")
    prior_decision(
        plan,
        council_name="Social- og Sundhedsudvalget",
        date=datetime.date(2021, 11, 2),
        item_number=2,
        text="Anbefales over for byrådet.",
        matched_item=earlier,
    )
    prior_decision(
        plan,
        council_name="Økonomiudvalget",
        date=datetime.date(2021, 11, 29),
        item_number=11,
        text="Indstilles godkendt.",
    )
    absence(main, name="Peter Jensen", item_obj=plan)
    item(
        main,
        title="Orientering om regnskab",
        decision="Taget til efterretning.",
        decision_outcome="efterretning",
    )
    closed = item(
        main,
        title="Køb af ejendom",
        decision="Godkendt.",
        is_closed=True,
        case=case("82.02.00-G01-2-21"),
    )
    return {
        "byraad": byraad,
        "udvalg": udvalg,
        "case": sag,
        "meeting": main,
        "first": first,
        "earlier": earlier,
        "plan": plan,
        "closed": closed,
    }


# --- search (appended by the search branch) -------------------------------------------------


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
