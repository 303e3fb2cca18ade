"""A small corpus built with the factories, indexed through the signals (both databases)."""

from __future__ import annotations

import datetime

import pytest

from councils.models import AgendaItem, Meeting, Section
from tests import factories as f

CPH = f.CPH


def hit_titles(results, n=100):
    return [h.item.title for h in results[0:n]]


@pytest.fixture
def corpus(db):
    social = f.council("Socialudvalget")
    udsat = f.council("Udsatterådet", kind="raad")
    m2015 = f.meeting(social, datetime.datetime(2015, 3, 25, 15, 0, tzinfo=CPH))
    m2022 = f.meeting(udsat, datetime.datetime(2022, 4, 6, 16, 30, tzinfo=CPH))
    m2023 = f.meeting(udsat, datetime.datetime(2023, 2, 8, 16, 30, tzinfo=CPH))
    draft = f.meeting(social, datetime.datetime(2024, 1, 10, 15, 0, tzinfo=CPH),
                      status=Meeting.Status.DRAFT)
    items = {
        "strategi": f.searchable_item(
            "Orientering om hjemløsestrategien",
            meeting_obj=m2015,
            resume="Kommunen har fået puljemidler til to projekter.",
            sagsfremstilling="Projektet skal nedbringe antallet af unge uden bolig.",
            decision="Orienteringen taget til efterretning.",
            decision_outcome=AgendaItem.Outcome.EFTERRETNING,
            case_number="27.15.00-A08-1-14",
        ),
        "act": f.searchable_item(
            "ACT-projektets resultater og fremtid",
            meeting_obj=m2022,
            resume="Et team med fokus på borgere i langvarig hjemløshed.",
            indstilling="at orienteringen tages til efterretning",
            case_number="27.15.00-A08-1-21",
        ),
        "psyk": f.searchable_item(
            "Psykiatriens Hus - proces",
            meeting_obj=m2015,
            resume="Etablering af Psykiatriens Hus på Hadsundsvejens skole.",
            case_number="27.00.00-A00-1-15",
        ),
        "psyk_udsat": f.searchable_item(
            "Fagplan for psykiatri og udsatte",
            meeting_obj=m2022,
            resume="Planen for psykiatri- og udsatteområdet skal drøftes.",
            case_number="27.00.00-A00-15-21",
        ),
        "workshop": f.searchable_item(
            "Opsamling fra workshops om boligløsning",
            meeting_obj=m2023,
            sagsfremstilling="To workshops om hjemløshed og den rette bolig. <b>Fed</b> & ’citat’",
            decision="",
            decision_outcome=AgendaItem.Outcome.INGEN,
            case_number="27.15.00-A08-1-21",
        ),
        "aero": f.searchable_item(
            "Færgen til Ærø",
            meeting_obj=m2023,
            resume="ÆRØ og Århus: nye ruter. Båden sejler fra Aarhus.",
        ),
        "closed": f.searchable_item(
            "Lukket punkt: salg af grund til hjemløseherberg",
            meeting_obj=m2022,
            resume="Hemmelig pris for grunden ved Kragsvej.",
            is_closed=True,
        ),
        "draft": f.searchable_item(
            "Kladde om hjemløse og Kragsvej",
            meeting_obj=draft,
            resume="Udkast med hjemløse borgere ved Kragsvej.",
        ),
    }
    f.attachment(
        items["psyk"], "Skitse af Psykiatriens Hus", extracted_text="Plantegning med tagterrasse"
    )
    # A beslutning section besides the decision field must not be indexed twice or lost.
    Section.objects.create(agenda_item=items["workshop"], kind="beslutning", heading="Beslutning",
                           text="Drøftet med rådet.", order=9)
    return items
