"""The portal's JSON → ParsedMeeting: field names, variants, sections, decisions (pure)."""

from __future__ import annotations

import datetime

import pytest

from councils.harvest import mapping
from councils.harvest.mapping import PortalDataError, committees, parse_meeting

ZERO = mapping.ZERO_GUID
BYRAAD = {"Id": "c-1", "Navn": "Byrådet"}


def meeting(points, **moede):
    moede.setdefault("Navn", "Referat")
    moede.setdefault("Dato", "2025-03-04T16:00:00+01:00")
    return {
        "Id": "m-1",
        "Udvalg": BYRAAD,
        "Moede": {"Id": ZERO, **moede},
        "Dagsordenpunkter": points,
    }


def point(n=1, title="Godkendelse af dagsorden", fields=(), **extra):
    return {"Punktnummer": n, "Navn": title, "Felter": list(fields), **extra}


def field(heading, html):
    return {"Navn": heading, "Html": html}


def test_the_committee_list_with_its_meetings():
    payload = {
        "Udvalg": {
            "Aktuelle politiske udvalg": [
                {
                    "Id": "c-1",
                    "Navn": "Byrådet",
                    "Moeder": [
                        {
                            "Id": "m-1",
                            "Navn": "Referat",
                            "Dato": "2025-03-04T16:00:00+01:00",
                            "ReleasedDate": "2025-03-06T09:12:00+01:00",
                        },
                        {
                            "Id": "m-2",
                            "Navn": "Dagsorden",
                            "MeetingBeginUtc": "2025-04-01T14:00:00Z",
                        },
                        {"Id": "m-3", "Navn": "Tillægsdagsorden", "Dato": "2025-04-01T16:00:00"},
                        {"Id": "m-4", "Navn": "Lukket referat", "Dato": "2025-04-01T16:00:00"},
                        {"Id": ZERO, "Navn": "Dagsorden"},  # nothing to fetch it by
                    ],
                }
            ],
            "Tidligere udvalg 2018-2021": [
                {"Id": "c-2", "Navn": "Socialudvalget", "Historisk": True}
            ],
        }
    }
    byraad, social = committees(payload)
    assert (byraad.name, byraad.group, social.historic) == (
        "Byrådet",
        "Aktuelle politiske udvalg",
        True,
    )
    referat, agenda, supplement, closed = byraad.meetings
    assert (referat.kind, referat.date, referat.committee_name) == (
        "referat",
        datetime.date(2025, 3, 4),
        "Byrådet",
    )
    assert referat.marker.startswith("2025-03-06T09:12:00+01:00|Referat|")
    assert agenda.kind == "dagsorden" and agenda.start.astimezone(mapping.TIME_ZONE).hour == 16
    assert supplement.supplementary and not supplement.closed
    assert closed.closed and closed.kind == "referat"


@pytest.mark.parametrize(
    "name,flags,kind",
    [
        ("Referat", {}, "referat"),
        ("Beslutningsprotokol", {}, "referat"),
        ("Referat 1. behandling budget", {}, "referat"),
        ("Dagsorden", {"finished": True}, "dagsorden"),  # the name says it
        ("", {"finished": True}, "referat"),  # Afsluttet: the meeting is over
        ("", {"minutes": True}, "referat"),  # IsMinuteOfMeeting
        ("", {}, "dagsorden"),
    ],
)
def test_agenda_or_minutes(name, flags, kind):
    assert mapping.meeting_kind(name, **flags) == kind


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2025-10-01T15:45:00+02:00", datetime.datetime(2025, 10, 1, 15, 45)),
        ("2025-10-01T13:45:00Z", datetime.datetime(2025, 10, 1, 15, 45)),  # UTC
        ("2025-10-01T15:45:00", datetime.datetime(2025, 10, 1, 15, 45)),  # naive: local
        ("/Date(1759326300000+0200)/", datetime.datetime(2025, 10, 1, 15, 45)),
    ],
)
def test_dates_in_every_form_are_danish_local_time(value, expected):
    local = mapping.parse_time(value).astimezone(mapping.TIME_ZONE).replace(tzinfo=None)
    assert local == expected


def test_bad_shapes_say_what_is_wrong():
    for payload, message in [
        ([], "not a JSON object"),
        ({"Udvalg": "x"}, "no 'Udvalg'"),
        ({"Udvalg": {"g": [{"Navn": "Byrådet"}]}}, "no Id or Navn"),
        (
            {"Udvalg": {"g": [{"Id": "c", "Navn": "B", "Moeder": [{"Id": "m", "Dato": "i går"}]}]}},
            "unreadable date",
        ),
    ]:
        with pytest.raises(PortalDataError, match=message):
            committees(payload)
    with pytest.raises(PortalDataError, match="names no committee"):
        parse_meeting({"Moede": {"Dato": "2025-01-01T10:00:00"}})
    with pytest.raises(PortalDataError, match="no date"):
        parse_meeting({"Udvalg": BYRAAD, "Moede": {"Id": ZERO}})
    with pytest.raises(PortalDataError, match="appears twice"):
        parse_meeting(meeting([point(1), point(1, "Igen")]))
    with pytest.raises(PortalDataError, match="not valid JSON"):
        mapping.load_json(b'{"Id": ')


def test_the_meeting_header():
    parsed = parse_meeting(
        meeting([point()], Sted="Byrådssalen"),
        source_name="m-1.json",
        municipality="Testby Kommune",
    ).parsed
    assert (parsed.council, parsed.date, parsed.start_time, parsed.location) == (
        "Byrådet",
        datetime.date(2025, 3, 4),
        datetime.time(16, 0),
        "Byrådssalen",
    )
    assert (parsed.kind, parsed.profile, parsed.municipality, parsed.source) == (
        "referat",
        "firstagenda_api",
        "Testby Kommune",
        "m-1.json",
    )


def test_danish_and_english_field_names_give_the_same_point():
    fields = [field("Sagsfremstilling", "<p>Tekst.</p>"), field("Beslutning", "<p>Godkendt.</p>")]
    danish = point(3, "Budget", fields, Sagsnummer="27.15.00-A08-1-21", IsOpen=True)
    english = {
        "Number": "3",
        "Caption": "Budget",
        "CaseNumber": "27.15.00-A08-1-21",
        "IsPublic": True,
        "Felter": fields,
    }
    a, b = (parse_meeting(meeting([p])).parsed.items[0] for p in (danish, english))
    assert a.to_json() == b.to_json()
    assert (a.number, a.title, a.case_number, a.case_system, a.decision) == (
        3,
        "Budget",
        "27.15.00-A08-1-21",
        "kle",
        "Godkendt.",
    )
    assert a.decision_outcome == "godkendt"


def test_html_fields_become_sections_and_the_decision():
    fields = [
        field("Resumé", "<p>Kort om sagen.</p>"),
        field(
            "Sagsfremstilling", "<p>Første afsnit.</p><ul><li>et</li><li>to</li></ul><p>Andet.</p>"
        ),
        field("Indstilling", "<p>Direktionen indstiller, at planen godkendes.</p>"),
        field(
            "Beslutning i Byrådet den 4. marts 2025",
            "<p>Godkendt. Anna Hansen (A) deltog ikke i behandlingen.</p>",
        ),
        field("Beslutning i Økonomiudvalget den 18. februar 2025", "<p>Anbefales.</p>"),
        field("Lovgrundlag", "<p>Kommunestyrelsesloven.</p>"),
        field("Særlige forhold", "<p>Noget nyt.</p>"),
        {"Navn": "Sagsfremstilling (PDF)", "DocumentId": "d-1"},  # a document, no text
        field("Bilag", "<p>Bilag 1</p>"),  # the bilag list: read from 'Bilag'
    ]
    pm = parse_meeting(meeting([point(2, "Plan", fields)]))
    item = pm.parsed.items[0]
    assert [(s.kind, s.heading) for s in item.sections] == [
        ("resume", "Resumé"),
        ("sagsfremstilling", "Sagsfremstilling"),
        ("indstilling", "Indstilling"),
        ("beslutning", "Beslutning i Byrådet den 4. marts 2025"),
        ("andet", "Lovgrundlag"),
        ("andet", "Særlige forhold"),
    ]
    assert item.sections[1].text == "Første afsnit.\n- et\n- to\nAndet."
    assert item.decision == "Godkendt. Anna Hansen (A) deltog ikke i behandlingen."
    assert [(a.name, a.kind) for a in item.absences] == [("Anna Hansen (A)", "fravaerende")]
    (prior,) = item.prior_decisions
    assert (prior.council, prior.date, prior.text) == (
        "Økonomiudvalget",
        datetime.date(2025, 2, 18),
        "Anbefales.",
    )
    codes = [w.code for w in pm.parsed.warnings]
    assert codes == ["unknown_heading"]  # "Særlige forhold"; Lovgrundlag is known


def test_one_field_with_html_headings_is_split_into_sections():
    html = (
        "<h3>Resume</h3><p>Kort.</p><h3>Sagsfremstilling</h3><p>Lang.</p>"
        "<h3>Beslutning</h3><p>Udsat.</p>"
    )
    item = parse_meeting(meeting([point(1, "X", [{"Html": html}])])).parsed.items[0]
    assert [(s.kind, s.text) for s in item.sections] == [
        ("resume", "Kort."),
        ("sagsfremstilling", "Lang."),
        ("beslutning", "Udsat."),
    ]
    assert item.decision_outcome == "udsat"


def test_an_agenda_has_no_decision():
    fields = [field("Indstilling", "<p>At sagen godkendes.</p>")]
    parsed = parse_meeting(meeting([point(1, "X", fields)], Navn="Dagsorden")).parsed
    assert parsed.kind == "dagsorden"
    assert parsed.items[0].decision is None and parsed.items[0].decision_outcome == ""


def test_closed_points_and_their_bilag():
    points = [
        point(
            1, "Lukket punkt: Køb af ejendom", IsOpen=False, Bilag=[{"Id": "b-9", "Navn": "Tilbud"}]
        ),
        point(2, "Salg af grund", Lukket=True),
        point(3, "Lukket: Personalesag"),
        {"Number": 4, "Caption": "", "IsPublic": False},
        point(5, "Åbent punkt", IsOpen=True),
    ]
    pm = parse_meeting(meeting(points))
    assert [i.is_closed for i in pm.parsed.items] == [True, True, True, True, False]
    assert pm.parsed.items[3].title == "Lukket punkt"
    assert pm.bilag == []  # a closed point's bilag are never fetched
    assert pm.parsed.items[0].attachments == ["Tilbud"]  # the title is kept (redacted publicly)


def test_bilag_in_their_order_without_zero_ids():
    bilag = [
        {"Id": "b-2", "Navn": "Andet bilag", "Order": 2},
        {"Id": "b-1", "Navn": "Første bilag", "Order": 1},
        {"Id": ZERO, "Navn": "Ingen fil", "Order": 3},
        {"Id": "b-4", "Caption": "Uden rækkefølge"},
    ]
    pm = parse_meeting(meeting([point(7, "X", Bilag=bilag)]))
    assert pm.parsed.items[0].attachments == [
        "Første bilag",
        "Andet bilag",
        "Ingen fil",
        "Uden rækkefølge",
    ]
    assert [(b.id, b.item_number, b.order) for b in pm.bilag] == [
        ("b-1", 7, 1),
        ("b-2", 7, 2),
        ("b-4", 7, 4),
    ]


def test_case_numbers_of_other_systems_are_kept_as_printed():
    items = parse_meeting(
        meeting(
            [
                point(1, "A", Sagsnummer="EMN-2025-003383"),
                point(2, "B", Sagsnummer="249050"),
                point(3, "C", Sagsnummer="19/01234"),
            ]
        )
    ).parsed.items
    assert [(i.case_number, i.case_system) for i in items] == [
        ("EMN-2025-003383", "getorganized"),
        ("249050", "plain"),
        ("19/01234", "year_serial"),
    ]


def test_a_point_without_a_number_takes_its_place_and_warns():
    pm = parse_meeting(meeting([point(1), {"Navn": "Eventuelt", "Punktnummer": "x"}]))
    assert [i.number for i in pm.parsed.items] == [1, 2]
    assert [w.code for w in pm.parsed.warnings] == ["no_item_number"]


def test_the_list_fills_in_what_the_meeting_leaves_out():
    ref = committees(
        {
            "Udvalg": {
                "g": [
                    {
                        "Id": "c-1",
                        "Navn": "Teknisk Udvalg",
                        "Moeder": [
                            {"Id": "m-1", "Navn": "Dagsorden", "Dato": "2025-05-05T15:00:00"}
                        ],
                    }
                ]
            }
        }
    )[0].meetings[0]
    parsed = parse_meeting({"Id": "m-1", "Dagsordenpunkter": [point()]}, ref=ref).parsed
    assert (parsed.council, parsed.kind, parsed.start_time) == (
        "Teknisk Udvalg",
        "dagsorden",
        datetime.time(15, 0),
    )
