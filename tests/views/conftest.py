"""Fixtures for the public pages: a small archive with every kind of content, including a
closed point and a draft meeting whose words must never reach a public response."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import translation

from councils.models import AgendaItem, Council, Meeting
from tests import factories as f

# Words that only occur in closed points and drafts: no public response may contain them.
SECRET_WORDS = [
    "Fortroligtitel",
    "Fortroligbeslutning",
    "Fortroligsagsfremstilling",
    "Fortroligbilag",
    "Fortroligtidligere",
    "Fortroligfravær",
    "Kladdetitel",
    "Kladdebeslutning",
    "Kladdeudvalgsnavn",
]
CLOSED_CASE = "00.01.00-A00-9-21"


class LanguageKeepingClient(Client):
    """A request activates its page's language in this thread (LocaleMiddleware) and leaves it
    active; restore Danish afterwards so that reverse() in the test keeps giving Danish URLs."""

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            translation.activate("da")


@pytest.fixture
def client():
    return LanguageKeepingClient()


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(db):
    """A byråd, an active udvalg, a historical råd; meetings with open and closed points."""
    byraad = f.council("Byrådet", kind=Council.Kind.BYRAAD)
    udvalg = f.council("Socialudvalget", kind=Council.Kind.UDVALG)
    gammel = f.council("Ældrerådet 2010-2013", kind=Council.Kind.RAAD, is_active=False)
    f.item(f.meeting(gammel, start=datetime.datetime(2012, 3, 1, 10, 0, tzinfo=f.CPH)))
    case = f.case("27.15.00-A08-1-21")
    start = datetime.datetime(2021, 11, 2, 15, 0, tzinfo=f.CPH)
    earlier = f.meeting(udvalg, start=start, location="Rådhuset, lokale 1")
    earlier_item = f.item(
        earlier, number=4, title="Plan for området", decision="Anbefales.", case=case
    )
    earlier_item.decision_outcome = AgendaItem.Outcome.TILTRAADT
    earlier_item.save()

    doc = f.source_document(b"%PDF-1.4 referat", name="referat.pdf", fmt="pdf")
    meeting = f.meeting(
        byraad,
        start=datetime.datetime(2021, 12, 6, 16, 30, tzinfo=f.CPH),
        location="Byrådssalen, Rådhuset",
        printed_council_name="Byrådet 2018 - 2021",
        source_document=doc,
    )
    f.absence(meeting, name="Hanne Hansen", kind="afbud")
    first = f.item(
        meeting,
        number=1,
        title="Godkendelse af dagsorden",
        decision="Godkendt.",
    )
    plan = f.item(
        meeting,
        number=2,
        title="Plan for området",
        decision="Godkendt med følgende bemærkning:\n- planen evalueres i 2023",
        case=case,
        sections=[
            ("resume", "RESUME", "Kort resumé af planen."),
            (
                "sagsfremstilling",
                "Sagsfremstilling",
                "Indledende afsnit.\n\nAndet afsnit.\n- punkt et\n  - underpunkt\n- punkt to\n"
                "Tabel 1: Udgifter\nOmråde\tBudget\tRegnskab\nDrift\t10,0\t9,5\nAnlæg\t2,0\t2,1",
            ),
            ("indstilling", "Indstilling", "1. at planen godkendes\n2. at den offentliggøres"),
            ("beslutning", "Beslutning", "Godkendt med følgende bemærkning:"),
        ],
    )
    f.attachment(plan, title="Planens tekst")
    f.attachment(plan, title="Høringssvar samlet")
    f.prior_decision(
        plan,
        council_name="Socialudvalget",
        date=datetime.date(2021, 11, 2),
        item_number=4,
        text="Anbefales.",
        matched_item=earlier_item,
    )
    f.prior_decision(
        plan,
        council_name="Økonomiudvalget",
        date=datetime.date(2021, 11, 23),
        item_number=9,
        text="Indstilles godkendt.",
    )
    f.absence(meeting, name="Peter Jensen", item_obj=plan)
    closed_case = f.case(CLOSED_CASE)
    closed = f.item(
        meeting,
        number=3,
        title="Fortroligtitel om ejendomskøb",
        decision="Fortroligbeslutning blev truffet.",
        case=closed_case,
        is_closed=True,
        sections=[("sagsfremstilling", "Sagsfremstilling", "Fortroligsagsfremstilling.")],
    )
    f.attachment(closed, title="Fortroligbilag")
    f.prior_decision(closed, council_name="Økonomiudvalget", text="Fortroligtidligere.")
    f.absence(meeting, name="Fortroligfravær Person", item_obj=closed)

    draft_council = f.council("Kladdeudvalgsnavn")
    draft = f.meeting(
        udvalg,
        start=datetime.datetime(2022, 1, 10, 15, 0, tzinfo=f.CPH),
        status=Meeting.Status.DRAFT,
        printed_council_name="Kladdeudvalgsnavn",
    )
    draft_item = f.item(
        draft, number=1, title="Kladdetitel", decision="Kladdebeslutning", case=case
    )
    f.meeting(draft_council, status=Meeting.Status.DRAFT)
    return {
        "byraad": byraad,
        "udvalg": udvalg,
        "gammel": gammel,
        "case": case,
        "meeting": meeting,
        "earlier": earlier,
        "earlier_item": earlier_item,
        "first": first,
        "plan": plan,
        "closed": closed,
        "draft": draft,
        "draft_item": draft_item,
    }
