"""The parser: gold files, nothing dropped, structure kept, outcomes, warnings, fuzzing."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.importer.errors import ImporterError
from councils.importer.parse import classify_outcome, clean_line, parse_referat
from tests.importer.conftest import gold_differences, load_gold, seed_names, uncovered_lines

HEADER = """REFERAT Teknisk Udvalg d. 03-05-2024

Mødedato Fredag d. 3. maj 2024 kl. 09:30

Mødested Byrådssalen, Rådhuset

"""


def referat(body: str, header: str = HEADER) -> str:
    return header + body


@pytest.mark.parametrize("seed", seed_names(), indirect=True)
def test_seed_parses_to_its_gold_file(seed, gold_dir):
    gold = load_gold(gold_dir, seed.name)
    parsed = parse_referat(seed.read_text(encoding="utf-8"), seed.name)
    assert gold_differences(parsed.to_json(), gold) == []


@pytest.mark.parametrize("seed", seed_names(), indirect=True)
def test_nothing_is_silently_dropped(seed):
    """Rebuild every printed line of every point from the parse result."""
    text = seed.read_text(encoding="utf-8")
    missing = uncovered_lines(text, parse_referat(text, seed.name))
    assert missing == [], "\n".join(missing[:20])


@pytest.mark.parametrize("seed", seed_names(), indirect=True)
def test_seed_structure_is_kept_for_display(seed):
    """Page-break splits re-joined; nested bullets, TAB tables and section order kept."""
    text = seed.read_text(encoding="utf-8")
    parsed = parse_referat(text)
    section_lines = [
        line for item in parsed.items for s in item.sections for line in s.text.split("\n")
    ]
    joined = "\n".join(section_lines)
    raw = [clean_line(line)[0] for line in text.splitlines()]
    for index in range(len(raw) - 2):
        before, gap, after = raw[index], raw[index + 1], raw[index + 2]
        if (
            before
            and not gap
            and after[:1].islower()
            and before[-1] not in '.!?:;"”)'
            and not after.startswith("at ")
            and "\t" not in before
            and not before.startswith("Punkt ")
            and before in joined  # section text (not a bilag title or an absence)
        ):
            # A paragraph cut in two by a page break is one paragraph again.
            assert f"{before} {after}" in joined, (before, after)
    for line in raw:
        if line.startswith(" ") and line.lstrip().startswith("- "):
            assert f"\n  {line.lstrip()}" in "\n" + joined  # nested bullet keeps its indent
        if "\t" in line and not re.search(r"\t\d+$", line) and "....." not in line:
            assert line in section_lines  # table rows keep their TAB-separated cells
    for item in parsed.items:
        kinds = [s.kind for s in item.sections]
        assert kinds.count("beslutning") <= 1
        printed = [s.heading for s in item.sections if s.heading]
        positions = [text.find(h, text.find(f"Punkt {item.number}:")) for h in printed]
        assert positions == sorted(positions), f"Punkt {item.number}: sections out of order"


def test_markdown_layout_and_closed_point():
    text = """# **REFERAT Miljø- og Klimaudvalget d. 14-11-2023**

**Mødedato** Tirsdag d. 14. november 2023 kl. 17:00

**Mødested** Rådhuset,\x20\x20
lokale 2

## **Indholdsfortegnelse**

Ny cykelsti langs åen.....\t2
Lukket punkt: Køb af grund.....\t3

# Punkt 4: Ny cykelsti langs åen

05.01.10-P20-3-23

## Resume

Stien **skal** binde *to bydele* sammen.

### Indstilling:

- at projektet godkendes

## Beslutning

Godkendt.

Fraværende: Mette Holm og Ib Lund

## Punkt 5: Lukket punkt: Køb af grund

### Beslutning

Tiltrådt.
"""
    parsed = parse_referat(text, "x.md")
    assert parsed.council == "Miljø- og Klimaudvalget"
    assert parsed.date == datetime.date(2023, 11, 14)
    assert parsed.start_time == datetime.time(17, 0)
    assert parsed.location == "Rådhuset, lokale 2"
    first, closed = parsed.items
    assert first.sections[0].text == "Stien skal binde to bydele sammen."
    assert first.sections[1].heading == "Indstilling:"
    assert first.decision == "Godkendt."
    assert first.decision_outcome == "godkendt"
    assert [a.name for a in first.absences] == ["Mette Holm", "Ib Lund"]
    assert closed.is_closed and closed.title == "Lukket punkt: Køb af grund"
    assert closed.case_number is None and closed.decision_outcome == "tiltraadt"
    assert not [w for w in parsed.warnings if w.code == "no_case_number"]


def test_warnings_carry_codes_item_numbers_and_lines():
    body = """Indholdsfortegnelse

Budgetopfølgning.....\t3

Punkt 7: Budgetopfølgning pr. 30. april

Resume

Kort tekst.

ØVRIGE BEMÆRKNINGER

Mere tekst.

Beslutning

Udvalget var tilfredse.
"""
    parsed = parse_referat(referat(body))
    codes = {(w.code, w.item_number) for w in parsed.warnings}
    assert ("no_case_number", 7) in codes
    assert ("unknown_heading", 7) in codes
    assert ("outcome_other", 7) in codes
    toc = [w for w in parsed.warnings if w.code == "toc_mismatch"]
    assert toc == [] or all(w.item_number == 7 for w in toc)
    unknown = next(w for w in parsed.warnings if w.code == "unknown_heading")
    assert referat(body).splitlines()[unknown.line - 1] == "ØVRIGE BEMÆRKNINGER"


def test_toc_mismatch_body_wins():
    body = """Indholdsfortegnelse

Renovering af svømmehal.....\t3

Punkt 2: Renovering af idrætshal

88.22.00-G01-4-24

Beslutning

Godkendt
"""
    parsed = parse_referat(referat(body))
    assert parsed.items[0].title == "Renovering af idrætshal"
    warning = next(w for w in parsed.warnings if w.code == "toc_mismatch")
    assert warning.item_number == 2 and warning.line == 9


def test_prior_decisions_before_and_after_own_decision():
    body = """Punkt 3: Ny skolestruktur

17.01.00-A00-2-24

Børne- og Skoleudvalget, 2. april 2024, pkt. 12:

Anbefales.

Afbud: Kim Berg

Beslutning

Tiltrådt.

Beslutning fra Økonomiudvalget, 9. april 2024, pkt. 4:

Indstilles godkendt.

Fraværende:

Lone Dahl, Per Ravn
"""
    item = parse_referat(referat(body)).items[0]
    assert item.decision == "Tiltrådt."
    assert [(p.council, p.date, p.item_number, p.text) for p in item.prior_decisions] == [
        ("Børne- og Skoleudvalget", datetime.date(2024, 4, 2), 12, "Anbefales.\nAfbud: Kim Berg"),
        ("Økonomiudvalget", datetime.date(2024, 4, 9), 4, "Indstilles godkendt."),
    ]
    assert [a.name for a in item.absences] == ["Lone Dahl", "Per Ravn"]


@pytest.mark.parametrize(
    ("decision", "outcome"),
    [
        (None, ""),
        ("Godkendt.", "godkendt"),
        ("1. Indstillingen blev vedtaget", "godkendt"),
        ("Tiltrådt.", "tiltraadt"),
        ("Anbefales over for byrådet", "tiltraadt"),
        ("Orienteringen blev taget til efterretning.", "efterretning"),
        ("Drøftet.", "droeftet"),
        ("Sagen blev udsat til næste møde.", "udsat"),
        ("Forslaget blev forkastet med 3 stemmer mod 6.", "forkastet"),
        ("Ikke godkendt.", "forkastet"),
        ("Rådet holdt en pause.", "andet"),
        ("Indstillingen tiltrådt.\nÆndringsforslaget blev forkastet.", "tiltraadt"),
        ("Udsatterådet var enige.", "andet"),
    ],
)
def test_decision_outcome(decision, outcome):
    assert classify_outcome(decision) == outcome


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "no_header"),
        ("Dagsorden for mødet\n\nPunkt 1: Noget\n", "no_header"),
        ("REFERAT Byrådet d. 01-02-2024\n\nMødedato Torsdag d. 1. februar 2024\n", "no_items"),
        ("REFERAT Byrådet d. 31-02-2024\n\nPunkt 1: Noget\n", "bad_date"),
        ("REFERAT Byrådet d. 01-02-2024\n\nPunkt 1: A\n\nPunkt 1: B\n", "duplicate_item"),
    ],
)
def test_unusable_text_raises_importer_error(text, code):
    with pytest.raises(ImporterError) as info:
        parse_referat(text)
    assert info.value.code == code
    assert info.value.message and "\n" not in info.value.message


def test_parse_is_deterministic(seed_files):
    text = seed_files[0].read_text(encoding="utf-8")
    assert parse_referat(text).to_json() == parse_referat(text).to_json()


referat_like = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "REFERAT Byrådet d. 01-02-2024",
                "REFERAT  d. 99-99-2024",
                "Mødedato Torsdag d. 1. februar 2024 kl. 25:99",
                "Mødested",
                "Indholdsfortegnelse",
                "Punkt 1: Titel",
                "Punkt 99999999: x",
                "# Punkt 2:",
                "27.15.00-A08-1-21",
                "Beslutning",
                "BESLUTNING",
                "Bilag",
                "Fraværende:",
                "Afbud: ",
                "Socialudvalget, 30. februar 2015, pkt. 3:",
                "Beslutning fra X, 1. maj 2020, pkt. 0:",
                "Forvaltningen indstiller",
                "-",
                "\t\t",
                "| a | b |",
                "|---|---|",
                "**",
                "*",
                "Lukket punkt",
                "",
                "Referat af møde i Teknisk Udvalg",
                "Dagsorden 3. maj 2024 kl. 16.00",
                "Mødedato:\tonsdag den 1. oktober 2025 kl. 15.45",
                "Udvalg:\tØkonomiudvalget",
                "1. Godkendelse af dagsorden",
                "2",
                "Sag nr. 3",
                "Pkt. 4",
                "EMN-2025-000001",
                "Sagsnr.: 330-2018-3619 Dok.nr.: 1 Åbent",
                "Sagsforløb",
                "Udvalg: Magistraten",
                "Dato: 31-02-2024",
                "Punktnummer: 7",
                "Beslutninger",
                "Beslutning i Byrådet den 1. februar 2024:",
                "Byrådet, 01-02-2024, pkt. 1",
                "Økonomiudvalgets beslutning den 2. februar 2024",
                "Lukkede punkter",
                "Punkt Titel",
                "Anne Holm (A) deltog ikke i sagens behandling.",
                "Fraværende: Bo Berg (V), sag 1-3",
                "Fraværende med afbud:",
            ]
        ),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(referat_like)
def test_fuzz_parser_raises_only_importer_error(lines):
    try:
        parsed = parse_referat("\n".join(lines), "fuzz.txt")
    except ImporterError as exc:
        assert exc.message
        return
    data = parsed.to_json()
    assert data["items"]
    for item in parsed.items:
        assert item.decision_outcome in {
            "",
            "godkendt",
            "tiltraadt",
            "efterretning",
            "droeftet",
            "udsat",
            "forkastet",
            "andet",
        }


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_fuzz_parser_on_arbitrary_text(text):
    try:
        parse_referat(text)
    except ImporterError:
        pass
