"""Layouts of Danish minutes other than the seeds, constructed in the project's own words.

Each text imitates the *form* of a layout family seen in public minutes (see
docs/layouts.md for the facts and sources): header, point headings, case numbers,
decision headings, earlier treatments, absences, closed points. Names, places and texts are
invented.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.importer.errors import ImporterError
from councils.importer.parse import parse_referat
from tests.importer.conftest import uncovered_lines


def _item(parsed, number):
    return next(i for i in parsed.items if i.number == number)


def _absent(item):
    return [a.name for a in item.absences]


# --- municipal CMS page: title above "Sag nr. N", meeting absences with point ranges -------
CMS_SAG_NR = """Kommunalbestyrelsen

12-03-2024

Medlemmer

Formand Anne Dahl (A)
Bo Berg (C)
Carl Holm (A)
Dorte Lund (F)

Fraværende

Carl Holm (A), sag 41-42

Sager 41 - 43

Fold alle ud

Spørgetid
Sag nr. 41

Beslutningskompetence: KB

Sagens kerne

Beslutning

Taget til efterretning.

Lokalplan 12 for området ved åen - endelig vedtagelse
Sag nr. 42

Beslutningskompetence: KB

Sagens kerne

Planen har været i høring i fire uger, og der kom to svar.

Indstilling

Teknisk Forvaltning indstiller,

at planen vedtages.

Teknik- og Miljøudvalget, 27. februar 2024, pkt. 17:

Anbefales.

Økonomiudvalget, 5. marts 2024, pkt. 30:

Indstilles godkendt.

Beslutning

Godkendt.

Sagsfremstilling

Området ligger nord for åen og skal bruges til boliger.

Salg af areal ved havnen
Sag nr. 43

Lukket punkt

Beslutning

Godkendt.
"""


def test_cms_page_with_title_above_sag_nr_and_ranges():
    parsed = parse_referat(CMS_SAG_NR, "kb.html")
    assert (parsed.council, parsed.date) == ("Kommunalbestyrelsen", datetime.date(2024, 3, 12))
    assert [(i.number, i.title) for i in parsed.items] == [
        (41, "Spørgetid"),
        (42, "Lokalplan 12 for området ved åen - endelig vedtagelse"),
        (43, "Salg af areal ved havnen"),
    ]
    plan = _item(parsed, 42)
    assert plan.decision == "Godkendt."
    assert [(p.council, p.date, p.item_number, p.text) for p in plan.prior_decisions] == [
        ("Teknik- og Miljøudvalget", datetime.date(2024, 2, 27), 17, "Anbefales."),
        ("Økonomiudvalget", datetime.date(2024, 3, 5), 30, "Indstilles godkendt."),
    ]
    assert _absent(_item(parsed, 41)) == ["Carl Holm (A)"]
    assert _absent(plan) == ["Carl Holm (A)"]
    assert _absent(_item(parsed, 43)) == []  # the range ends at 42
    assert _item(parsed, 43).is_closed and _item(parsed, 43).decision == "Godkendt."


# --- municipal CMS page: "Pkt. N" with the title below, own decision "<udvalg>, <dato>, pkt" -
CMS_PKT = """Referat

Dato: Onsdag, April 3, 2019 - 18:00
Sted: Mødelokale 4B

- Pkt. 12 Godkendelse af dagsorden

Pkt. 12

Godkendelse af dagsorden

Sagsnr. 249050 Kultur- og Fritidsudvalget Åbent punkt

Kultur- og Fritidsudvalget, 03-04-2019, pkt. 12

Dagsordenen blev godkendt.

Fraværende: Ella Sand (V) - Finn Krog (V) mødte som stedfortræder.

- Pkt. 13 Tilskud til foreninger 2019

Pkt. 13

Tilskud til foreninger 2019

Sagsnr. 251177 Kultur- og Fritidsudvalget Åbent punkt

Resume

Puljen har fået elleve ansøgninger.

Indstilling

Forvaltningen indstiller, at tilskuddene fordeles som foreslået.

Kultur- og Fritidsudvalget, 12-03-2019, pkt. 7

Sagen blev udsat.

Kultur- og Fritidsudvalget, 03-04-2019, pkt. 13

Godkendt.
"""


def test_cms_page_with_pkt_headings_and_dated_own_decisions():
    parsed = parse_referat(CMS_PKT, "kfu.html")
    assert parsed.council == "Kultur- og Fritidsudvalget"  # from its own decision headings
    assert parsed.date == datetime.date(2019, 4, 3)  # English month name
    assert parsed.start_time == datetime.time(18, 0)
    assert parsed.location == "Mødelokale 4B"
    assert [(i.number, i.title, i.case_number) for i in parsed.items] == [
        (12, "Godkendelse af dagsorden", "249050"),
        (13, "Tilskud til foreninger 2019", "251177"),
    ]
    first, second = parsed.items
    assert first.decision == "Dagsordenen blev godkendt."
    assert _absent(first) == ["Ella Sand (V)"]
    assert second.decision == "Godkendt."
    assert [(p.date, p.item_number, p.text) for p in second.prior_decisions] == [
        (datetime.date(2019, 3, 12), 7, "Sagen blev udsat.")
    ]


# --- Acadre-style: "N. titel (B)" twice, "Sagsnr.: kommune-år-løbenr", dated own decision -
ACADRE = """Økonomiudvalget – Referat – 7. oktober 2019

1. Godkendelse af dagsorden (B)

1. Godkendelse af dagsorden (B)

Sagsnr.: 330-2019-1204 Dok.nr.: 330-2019-88102 Åbent
Kompetence: Økonomiudvalget
Beslutningstema
Godkendelse af dagsorden.
Indstilling
Borgmesteren indstiller,
1. at dagsordenen godkendes
Beslutning i Økonomiudvalget den 7. oktober 2019:
Fraværende:
Godkendt.

2. Salg af byggegrunde (B)

2. Salg af byggegrunde (B)

Sagsnr.: 330-2019-977 Dok.nr.: 330-2019-88133 Åbent
Kompetence: Byrådet
Beslutningstema
Salg af tre grunde i det nye kvarter.
Indstilling
Direktøren indstiller,
1. at grundene sælges
Beslutning i Økonomiudvalget den 16. september 2019:
Udsat.
Beslutning i Økonomiudvalget den 7. oktober 2019:
Fraværende: Gitte Hald
Anbefales.
Hans Vig deltog ikke i sagens behandling.
"""


def test_acadre_layout():
    parsed = parse_referat(ACADRE, "oek.pdf")
    assert (parsed.council, parsed.date) == ("Økonomiudvalget", datetime.date(2019, 10, 7))
    assert [(i.number, i.title, i.case_number, i.case_system) for i in parsed.items] == [
        (1, "Godkendelse af dagsorden (B)", "330-2019-1204", "acadre"),
        (2, "Salg af byggegrunde (B)", "330-2019-977", "acadre"),
    ]
    first, second = parsed.items
    assert first.decision == "Godkendt."
    assert second.decision == "Anbefales.\nHans Vig deltog ikke i sagens behandling."
    assert _absent(second) == ["Gitte Hald", "Hans Vig"]
    assert [(p.council, p.date, p.text) for p in second.prior_decisions] == [
        ("Økonomiudvalget", datetime.date(2019, 9, 16), "Udsat.")
    ]


# --- EG/Prism-style: labels on their own line, "N. titel" list, dated own decision ----------
LABELS_ALONE = """UDVALG

Udvalget for Klima og Miljø

MØDE

Referat

STED

Rådhuset, mødelokale 3

STARTTIDSPUNKT

04-06-2020 09:00:00

SLUTTIDSPUNKT

04-06-2020 11:00:00

PUNKTER

49. Godkendelse af dagsorden til mødet den 4. juni 2020
50. Orientering om affaldsordningen, juni 2020
51. Budget 2021

49. Godkendelse af dagsorden til mødet den 4. juni 2020

Godkendelse af dagsorden til mødet den 4. juni 2020
Sagsgang og sagstype

Udvalget for Klima og Miljø

Beslutningssag

Indstilling

Administrationen indstiller, at:

1. dagsorden for mødet bliver godkendt
Beslutning i Udvalget for Klima og Miljø den 04-06-2020

Godkendt

50. Orientering om affaldsordningen, juni 2020

Sagsgang og sagstype

Orienteringssag

Beslutning i Udvalget for Klima og Miljø den 04-06-2020

Taget til efterretning

51. Budget 2021

Beskrivelse af sagen

Rammen er 2021

Beslutning i Udvalget for Klima og Miljø den 04-06-2020

Drøftet
"""


def test_labels_on_their_own_lines_and_a_toc_whose_titles_end_in_numbers():
    parsed = parse_referat(LABELS_ALONE, "klima.html")
    assert parsed.council == "Udvalget for Klima og Miljø"
    assert parsed.date == datetime.date(2020, 6, 4)
    assert parsed.start_time == datetime.time(9, 0)
    assert parsed.location == "Rådhuset, mødelokale 3"
    assert [(i.number, i.title) for i in parsed.items] == [
        (49, "Godkendelse af dagsorden til mødet den 4. juni 2020"),
        (50, "Orientering om affaldsordningen, juni 2020"),
        (51, "Budget 2021"),
    ]
    assert [i.decision for i in parsed.items] == ["Godkendt", "Taget til efterretning", "Drøftet"]
    assert parsed.toc == [i.title for i in parsed.items]


# --- SBSYS: the KLE journal number printed above "N. titel", groups of open/closed points ---
SBSYS = """Referat til mødet i Udvalget for Kultur og Fritid den 2. marts 2021 kl. 15:30 i Lokale 1

Åbne dagsordenspunkter

85.02.02-G01-1-17

33. Godkendelse af dagsorden

Forventet sagsgang

KF

Beslutning

Godkendt.

04.04.00-P20-6-17

34. Anlægsprojekt ved idrætscentret

Forventet sagsgang

KF, ØK, BY

Anledning

Centret har søgt om et lån til en ny tilbygning.

Indstilling

Direktøren for Kultur og Fritid indstiller til Byrådet:

1. At der tages stilling til ansøgningen.

Beslutning

Anbefales.

Lukkede dagsordenspunkter

18.15.00-G01-2-19

35. Salg af grund

Beslutning

Godkendt.
"""


def test_sbsys_case_number_above_the_heading_and_closed_group():
    parsed = parse_referat(SBSYS, "kf.pdf")
    assert parsed.profile == "sbsys"
    assert parsed.council == "Udvalget for Kultur og Fritid"
    assert (parsed.date, parsed.start_time) == (datetime.date(2021, 3, 2), datetime.time(15, 30))
    assert parsed.location == "Lokale 1"
    assert [(i.number, i.case_number, i.is_closed) for i in parsed.items] == [
        (33, "85.02.02-G01-1-17", False),
        (34, "04.04.00-P20-6-17", False),
        (35, "18.15.00-G01-2-19", True),
    ]
    assert [i.decision for i in parsed.items] == ["Godkendt.", "Anbefales.", "Godkendt."]
    assert _item(parsed, 35).group == "Lukkede dagsordenspunkter"


# --- eDoc-style: the point's heading repeated inside the decision, genitive decision heading -
EDOC = """Referat - Økonomiudvalget den 21. januar 2019

Mødetidspunkt: kl. 15.30
Mødested: Rådhuset, Udvalgsværelse 1

Fraværende med afbud:
Ida Krogh (B)

1. Godkendelse af dagsorden

Sagsfremstilling

Dagsordenen fremlægges til godkendelse.

Beslutning

Dagsordenspunkt 1: Godkendelse af dagsorden

Økonomiudvalgets beslutning i mødet den 21. januar 2019

Dagsordenen blev godkendt.

2. Ny parkeringsstrategi

Sagsfremstilling

Strategien skal gælde fra 2020.

Beslutning

Dagsordenspunkt 2: Ny parkeringsstrategi

Økonomiudvalgets beslutning i mødet den 21. januar 2019

Anbefalet.

Jens Ravn (V) deltog ikke under behandlingen af dette punkt.
"""


def test_edoc_repeated_heading_in_decision_and_meeting_absences():
    parsed = parse_referat(EDOC, "oeu.html")
    assert parsed.council == "Økonomiudvalget"
    assert (parsed.date, parsed.start_time) == (datetime.date(2019, 1, 21), datetime.time(15, 30))
    assert parsed.location == "Rådhuset, Udvalgsværelse 1"
    assert [(i.number, i.title) for i in parsed.items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Ny parkeringsstrategi"),
    ]
    first, second = parsed.items
    assert first.decision.endswith("Dagsordenen blev godkendt.")
    assert "Anbefalet." in second.decision
    assert _absent(first) == ["Ida Krogh (B)"]  # the meeting's absence, on every point
    assert _absent(second) == ["Jens Ravn (V)", "Ida Krogh (B)"]


# --- NemAgenda: a "Punkt Titel" column head, "N Titel" without a dot, groups ----------------
NEMAGENDA = """Byrådet

Mødedato: 14-04-2014 kl. 17:00

Møde lokation

Det gamle Rådhus

DIVERSE SAGER
Punkt Titel
16 Udpegning til hverv 2014 - 2017
Resume

Byrådet skal udpege medlemmer til en række råd.

Beslutning

Godkendt.

Bilag Funktioner
Ingen bilag

LUKKEDE SAGER
Punkt Titel
17 Køb af ejendom
Beslutning

Tiltrådt.
"""


def test_nemagenda_layout():
    parsed = parse_referat(NEMAGENDA, "br.html")
    assert parsed.profile == "nemagenda"
    assert (parsed.council, parsed.date) == ("Byrådet", datetime.date(2014, 4, 14))
    assert parsed.location == "Det gamle Rådhus"
    assert [(i.number, i.title, i.is_closed) for i in parsed.items] == [
        (16, "Udpegning til hverv 2014 - 2017", False),
        (17, "Køb af ejendom", True),
    ]
    assert [i.decision for i in parsed.items] == ["Godkendt.", "Tiltrådt."]
    assert _item(parsed, 16).attachments == []


# --- CMS page with "Dato:/Lokale:/Tidspunkt:" and "N. titel", "Til toppen" links -----------
CMS_DOT = """Byrådet - Referat

Dato: 29. januar 2020
Lokale: Byrådssalen, Rådhuset
Tidspunkt: Kl. 19:00

Indholdsfortegnelse

1. Fraværende
2. Bemærkninger til dagsordenen
3. Lån til fjernvarme 2020

1. Fraværende

Resume

Sagsforløb: BY

Sagsfremstilling

Der er afbud fra Karl Bro og Lis Mø.

Beslutning

Karl Bro og Lis Mø.

Til toppen

2. Bemærkninger til dagsordenen

Resume

Sagsforløb: BY

Beslutning

Ingen.

Karl Bro og Lis Mø var fraværende.

Til toppen

3. Lån til fjernvarme 2020

Resume

Sagsforløb: ØK/BY

Værket søger om en garanti.

Beslutning

Godkendt.

Til toppen
"""


def test_cms_page_with_dot_headings():
    parsed = parse_referat(CMS_DOT, "by.html")
    assert (parsed.council, parsed.date) == ("Byrådet", datetime.date(2020, 1, 29))
    assert (parsed.start_time, parsed.location) == (datetime.time(19, 0), "Byrådssalen, Rådhuset")
    assert [(i.number, i.title) for i in parsed.items] == [
        (1, "Fraværende"),
        (2, "Bemærkninger til dagsordenen"),
        (3, "Lån til fjernvarme 2020"),
    ]
    assert _absent(_item(parsed, 2)) == ["Karl Bro", "Lis Mø"]
    assert _item(parsed, 2).decision == "Ingen.\nKarl Bro og Lis Mø var fraværende."
    assert _item(parsed, 3).decision == "Godkendt."
    assert all("Til toppen" not in s.text for i in parsed.items for s in i.sections)


# --- header forms -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "council", "date", "time", "place"),
    [
        ("REFERAT Teknisk Udvalg d. 03-12-2025", "Teknisk Udvalg", "2025-12-03", None, ""),
        ("Referat af møde i Plan- og Boligudvalget\n\nMødedato: 31.05.2022\nTidspunkt: 16:00",
         "Plan- og Boligudvalget", "2022-05-31", "16:00", ""),
        ("Referat - Ældrerådet den 21. januar 2019", "Ældrerådet", "2019-01-21", None, ""),
        ("Referat til mødet i Handicaprådet den 4. august 2020 kl. 16:00 i Kantinen",
         "Handicaprådet", "2020-08-04", "16:00", "Kantinen"),
        ("Social- og Sundhedsudvalget\n\nTorsdag den 5. marts 2015\n\nSted: Rådhuset",
         "Social- og Sundhedsudvalget", "2015-03-05", None, "Rådhuset"),
        ("Referat fra møde i Skoleudvalget\nOnsdag den 6. maj 2015 kl. 15.45 i Lokale B",
         "Skoleudvalget", "2015-05-06", "15:45", "Lokale B"),
        ("Referat\nByrådet mandag den 25. september 2023 kl. 17.00",
         "Byrådet", "2023-09-25", "17:00", ""),
        ("Dagsorden\n\nUdvalg:\tMiljøudvalget\nMødedato:\tonsdag den 1. oktober 2025 kl. 15.45"
         "\nMødested:\tUdvalgsværelse 2", "Miljøudvalget", "2025-10-01", "15:45",
         "Udvalgsværelse 2"),
        ("Egebjerg Kommune\nKommunalbestyrelsen\nReferat\nDato: Onsdag den 15-maj-2002\n"
         "Starttidspunkt for møde: Kl 18.00", "Kommunalbestyrelsen", "2002-05-15", "18:00", ""),
    ],
)  # fmt: skip
def test_header_forms(header, council, date, time, place):
    text = f"{header}\n\n1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n"
    parsed = parse_referat(text)
    assert parsed.council == council
    assert parsed.date.isoformat() == date
    assert (parsed.start_time.strftime("%H:%M") if parsed.start_time else None) == time
    assert parsed.location == place
    assert parsed.items[0].decision == "Godkendt."


def test_kind_and_municipality():
    agenda = parse_referat(
        "Aarhus Kommune\n\nDagsorden 8. oktober 2025 kl. 16.00\n\nUdvalg:\tAarhus Byråd\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\nEMN-2023-009832\n"
    )
    assert (agenda.kind, agenda.municipality) == ("dagsorden", "Aarhus Kommune")
    assert agenda.items[0].case_number == "EMN-2023-009832"
    assert agenda.items[0].case_system == "getorganized"
    assert agenda.items[0].decision is None
    given = parse_referat(
        "REFERAT Byrådet d. 01-02-2024\n\nPunkt 1: A\n\nBeslutning\n\nGodkendt.\n",
        municipality="Randers Kommune",
    )
    assert (given.kind, given.municipality) == ("referat", "Randers Kommune")


@pytest.mark.parametrize(
    ("line", "number", "system"),
    [
        ("27.15.00-A08-1-21", "27.15.00-A08-1-21", "kle"),
        ("EMN-2025-003383", "EMN-2025-003383", "getorganized"),
        ("SAG-2024-00017", "SAG-2024-00017", "getorganized"),
        ("Sagsnr. 249050", "249050", "plain"),
        ("Sagsnr.: 330-2018-3619 Dok.nr.: 330-2018-500301 Åbent", "330-2018-3619", "acadre"),
        ("Sag 306-2009-600", "306-2009-600", "acadre"),
        ("Sagsid.: 17/3668", "17/3668", "year_serial"),
        ("J.nr.: 2020-0070135", "2020-0070135", "edoc"),
    ],
)
def test_case_references_of_every_system(line, number, system):
    parsed = parse_referat(f"REFERAT Byrådet d. 01-02-2024\n\nPunkt 1: Titel\n\n{line}\n")
    item = parsed.items[0]
    assert (item.case_number, item.case_system) == (number, system)


def test_sag_nr_of_a_point_is_no_case_number():
    parsed = parse_referat(
        "Byrådet\n\n01-02-2024\n\nFørste sag\nSag nr. 7\n\nBeslutning\n\nGodkendt.\n\n"
        "Anden sag\nSag nr. 8\n\nBeslutning\n\nUdsat.\n"
    )
    assert [(i.number, i.title, i.case_number) for i in parsed.items] == [
        (7, "Første sag", None),
        (8, "Anden sag", None),
    ]


def test_numbered_lists_inside_points_are_not_points():
    text = """REFERAT Byrådet d. 01-02-2024

1. Godkendelse af dagsorden

Beslutning

Godkendt.

2. Budget 2025

Indstilling

Forvaltningen indstiller,

1. At rammen godkendes.
2. At puljen fordeles.
3. At sagen sendes videre.

Beslutning

1. Godkendt
2. Godkendt
3. Udsat

3. Eventuelt

Beslutning

Intet.
"""
    parsed = parse_referat(text)
    assert [(i.number, i.title) for i in parsed.items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Budget 2025"),
        (3, "Eventuelt"),
    ]
    assert _item(parsed, 2).decision == "1. Godkendt\n2. Godkendt\n3. Udsat"


def test_closed_points_in_every_form():
    text = """REFERAT Byrådet d. 01-02-2024

Punkt 1: Lukket punkt: Køb af grund

Beslutning

Godkendt.

Punkt 2: Lukket: Salg af bygning

Tiltrådt.

Punkt 3: Personalesag (Lukket)

Beslutning

Taget til efterretning.
"""
    parsed = parse_referat(text)
    assert [i.is_closed for i in parsed.items] == [True, True, True]
    assert [i.decision for i in parsed.items] == [
        "Godkendt.",
        "Tiltrådt.",
        "Taget til efterretning.",
    ]
    assert not [w for w in parsed.warnings if w.code == "no_case_number"]


def test_meeting_without_date_is_an_error():
    with pytest.raises(ImporterError) as info:
        parse_referat("Referat af møde i Byrådet\n\n1. Noget\n\nBeslutning\n\nGodkendt.\n")
    assert info.value.code == "bad_date"


LAYOUTS = {
    "cms_sag_nr": CMS_SAG_NR,
    "cms_pkt": CMS_PKT,
    "acadre": ACADRE,
    "labels_alone": LABELS_ALONE,
    "sbsys": SBSYS,
    "edoc": EDOC,
    "nemagenda": NEMAGENDA,
    "cms_dot": CMS_DOT,
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_no_line_of_any_layout_is_lost(name):
    text = LAYOUTS[name]
    missing = uncovered_lines(text, parse_referat(text, name))
    assert missing == [], "\n".join(missing[:20])


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layouts_parse_deterministically(name):
    text = LAYOUTS[name]
    assert parse_referat(text).to_json() == parse_referat(text).to_json()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(LAYOUTS)),
    drop=st.sets(st.integers(min_value=0, max_value=120), max_size=15),
    swap=st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)), max_size=3),
)
def test_fuzz_damaged_layouts_raise_only_importer_errors(name, drop, swap):
    lines = [ln for n, ln in enumerate(LAYOUTS[name].splitlines()) if n not in drop]
    for a, b in swap:
        if a < len(lines) and b < len(lines):
            lines[a], lines[b] = lines[b], lines[a]
    try:
        parsed = parse_referat("\n".join(lines), name)
    except ImporterError as exc:
        assert exc.message and exc.code
        return
    numbers = [item.number for item in parsed.items]
    assert numbers == sorted(set(numbers))  # points in increasing order, none twice
    assert parsed.kind in {"referat", "dagsorden"} and parsed.profile


def test_packed_decision_ends_at_a_blank_line_but_not_at_a_page_break_mid_sentence():
    text = """REFERAT Byrådet d. 27-08-2025

Punkt 1: Ny skolestruktur

EMN-2025-000111

Beslutninger

Byrådet godkendte indstillingen med den ændring, at skolen i

nord bevares til og med skoleåret 2027.
Anne Holm (A) deltog ikke i sagens behandling.

Sagen handler om skolernes fremtid i de fire distrikter i kommunen.
Resume

Forvaltningen har undersøgt tre modeller for en ny struktur af skolerne.
"""
    item = parse_referat(text, profile="firstagenda_pdf").items[0]
    assert item.decision == (
        "Byrådet godkendte indstillingen med den ændring, at skolen i nord bevares til og med "
        "skoleåret 2027.\nAnne Holm (A) deltog ikke i sagens behandling."
    )
    assert _absent(item) == ["Anne Holm (A)"]
    teaser = item.sections[1]
    assert (teaser.kind, teaser.heading) == ("andet", "")
    assert teaser.text.startswith("Sagen handler om skolernes fremtid")


PORTAL_AGENDA = """<html><head><title>Miljøudvalget</title><script>var x = 1;</script></head>
<body><nav><a href="/">Forside</a></nav>
<h1>Dagsorden 5. november 2025 kl. 17.00</h1>
<h2><span>Miljøudvalget</span><span> - </span><span>Mødesal 2</span></h2>
<table><tr><td>Udvalg:</td><td>Miljøudvalget</td></tr>
<tr><td>Mødedato:</td><td>onsdag den 5. november 2025 kl. 17.00</td></tr>
<tr><td>Mødested:</td><td>Mødesal 2</td></tr></table>
<table><thead><tr><th>Punkt</th><th>Titel</th><th></th></tr></thead><tbody>
<tr><td><span class="label">1</span></td><td><button><h2>Godkendelse af dagsorden</h2></button>
<div><span class="sagsnummer">SAG-2025-000041</span><div><h3></h3><div><span><div>.</div></span>
</div></div></div></td><td><ul class="dropdown-menu"><li><a href="#">Hent som PDF</a></li></ul>
</td></tr>
<tr><td><span class="label">2</span></td><td><button><h2>Ny affaldsordning 2026</h2></button>
<div><span class="sagsnummer">SAG-2025-000388</span><div><h3></h3><div>
<span><div>Udvalget skal tage stilling til en ny ordning.</div></span>
<h3>Resume</h3><span><div>Ordningen samler tre typer affald.</div>
<div>Den koster 12 mio. kr.</div></span>
<h3>Sagsforløb</h3><span><div>Udvalg: Økonomiudvalget</div><div>Dato: 14-10-2025</div>
<div>Punktnummer: 6</div><div>Anbefales.</div></span></div></div>
<h3>Bilag</h3><ul class="list-unstyled">
<li><span role="button">PDF</span><a href="/b/1">Notat om ordningen</a>
</li><li><span role="button">PDF</span><a href="/b/2">Bilag 2: Økonomi</a></li></ul></div></td>
<td><span class="badge">2</span></td></tr>
<tr><td><span class="label">3</span></td><td><button><h2>Lukket punkt: Køb af grund</h2></button>
</td><td></td></tr>
</tbody></table></body></html>"""


def test_portal_agenda_page_through_html_text():
    from councils.importer.html import html_text

    text = html_text(PORTAL_AGENDA.encode("utf-8"))
    parsed = parse_referat(text, "miljo.html")
    assert parsed.profile == "firstagenda_web"
    assert (parsed.kind, parsed.council) == ("dagsorden", "Miljøudvalget")
    assert (parsed.date, parsed.start_time) == (datetime.date(2025, 11, 5), datetime.time(17, 0))
    assert parsed.location == "Mødesal 2"
    assert [(i.number, i.title, i.case_number, i.is_closed) for i in parsed.items] == [
        (1, "Godkendelse af dagsorden", "SAG-2025-000041", False),
        (2, "Ny affaldsordning 2026", "SAG-2025-000388", False),
        (3, "Lukket punkt: Køb af grund", None, True),
    ]
    second = _item(parsed, 2)
    assert second.decision is None
    assert second.attachments == ["Notat om ordningen", "Bilag 2: Økonomi"]
    assert [(p.council, p.date, p.item_number, p.text) for p in second.prior_decisions] == [
        ("Økonomiudvalget", datetime.date(2025, 10, 14), 6, "Anbefales.")
    ]
    assert uncovered_lines(text, parsed) == []


CMS_PARAGRAPHS = """<html><body><div class="cookie-banner"><p>Vi bruger cookies.</p></div>
<h1>Referat - Skoleudvalget den 9. september 2024</h1>
<p>Mødetidspunkt: kl. 16.00</p><p>Mødested: Rådhuset</p>
<h2>1. Ny skoledistriktsgrænse</h2>
<h3>Sagsfremstilling</h3><p>Forvaltningen foreslår en ny grænse mellem to distrikter.</p>
<h3>Beslutning</h3><p>Godkendt med 5 stemmer mod 2.</p><p>Ole Bak (V) og Pia Ry (O) stemte imod.</p>
<p>Tina Lund (A) deltog ikke i sagens behandling.</p>
<a href="#top">Til toppen</a>
<h2>2. Eventuelt</h2><h3>Beslutning</h3><p>Intet.</p>
</body></html>"""


def test_cms_page_with_paragraphs_keeps_a_decision_of_several_paragraphs():
    from councils.importer.html import html_text

    text = html_text(CMS_PARAGRAPHS.encode("utf-8"))
    assert "cookies" not in text
    parsed = parse_referat(text, "skole.html")
    assert (parsed.council, parsed.date) == ("Skoleudvalget", datetime.date(2024, 9, 9))
    assert (parsed.start_time, parsed.location) == (datetime.time(16, 0), "Rådhuset")
    first, second = parsed.items
    assert first.decision == (
        "Godkendt med 5 stemmer mod 2.\nOle Bak (V) og Pia Ry (O) stemte imod.\n"
        "Tina Lund (A) deltog ikke i sagens behandling."
    )
    assert _absent(first) == ["Tina Lund (A)"]
    assert second.decision == "Intet."
    assert uncovered_lines(text, parsed) == []
