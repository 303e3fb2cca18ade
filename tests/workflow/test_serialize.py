import datetime

import pytest

from councils.importer.types import (
    ParsedAbsence,
    ParsedItem,
    ParsedMeeting,
    ParsedPriorDecision,
    ParsedSection,
    ParseWarning,
)
from councils.staff.serialize import (
    meeting_as_dict,
    parsed_from_dict,
    parsed_to_dict,
    warnings_to_list,
)
from tests import factories as f


def sample() -> ParsedMeeting:
    return ParsedMeeting(
        source="referat.pdf",
        council="Socialudvalget",
        date=datetime.date(2015, 3, 25),
        start_time=datetime.time(15, 0),
        location="Laksetorvet",
        items=[
            ParsedItem(
                number=46,
                title="Godkendelse af dagsorden",
                case_number="00.22.02-P35-8-14",
                decision="Godkendt.",
                decision_outcome="godkendt",
                is_closed=True,
                attachments=["Bilag 1"],
                absences=[ParsedAbsence("Jens Jensen", "afbud")],
                prior_decisions=[
                    ParsedPriorDecision(
                        "Økonomiudvalget",
                        datetime.date(2015, 3, 1),
                        3,
                        "Ok.",
                        "Økonomiudvalget, 1. marts 2015, pkt. 3:",
                    )
                ],
                sections=[ParsedSection("resume", "Resume", "Linje 1\n- punkt")],
            )
        ],
        warnings=[ParseWarning("no_case_number", "Tjek", 46, 12)],
    )


def test_round_trip_keeps_every_field():
    parsed = sample()
    data = parsed_to_dict(parsed)
    back = parsed_from_dict(data, warnings_to_list(parsed.warnings))
    assert back == parsed


@pytest.mark.django_db
def test_stored_meeting_has_the_draft_shape(socialudvalget):
    meeting = f.meeting(socialudvalget)
    f.item(meeting, number=7, case=f.case(), sections=[("resume", "Resume", "Tekst")])
    data = meeting_as_dict(meeting)
    assert set(data) == set(parsed_to_dict(sample()))
    assert set(data["items"][0]) == set(parsed_to_dict(sample())["items"][0])
    assert data["items"][0]["case_number"] == "27.15.00-A08-1-21"
