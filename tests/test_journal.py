import pytest

from councils.journal import InvalidJournalNumber, is_journal_number, parse_journal_number


@pytest.mark.parametrize(
    ("number", "subject", "facet", "serial", "year"),
    [
        ("27.15.00-A08-1-21", "27.15.00", "A08", 1, 2021),
        ("00.22.02-P35-8-14", "00.22.02", "P35", 8, 2014),
        ("27.00.00-A00-15-21", "27.00.00", "A00", 15, 2021),
        ("  00.15.10-A21-1-13 ", "00.15.10", "A21", 1, 2013),
        ("82.02.00-G01-123-98", "82.02.00", "G01", 123, 1998),
    ],
)
def test_valid_numbers_parse_into_parts(number, subject, facet, serial, year):
    parts = parse_journal_number(number)
    assert (parts.subject, parts.facet, parts.serial, parts.year) == (subject, facet, serial, year)
    assert parts.number == number.strip()
    assert is_journal_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "27.15.00",
        "27.15.00-A08-1",
        "27.15-A08-1-21",
        "27.15.00-08-1-21",
        "27.15.00-A8-1-21",
        "27.15.00-A08-1-2021",
        "x27.15.00-A08-1-21",
        "27.15.00 A08 1 21",
        "Punkt 25",
    ],
)
def test_invalid_numbers_are_rejected_with_the_expected_form(number):
    with pytest.raises(InvalidJournalNumber, match="27.15.00-A08-1-21"):
        parse_journal_number(number)
    assert not is_journal_number(number)


def test_kle_link_points_to_the_subject():
    assert parse_journal_number("27.15.00-A08-1-21").kle_url.endswith("/27/15/00/")


# --- case numbers of other systems ------------------------------------------------------------

from councils.journal import InvalidCaseNumber, parse_case_number  # noqa: E402


@pytest.mark.parametrize(
    ("printed", "number", "scheme"),
    [
        ("27.15.00-A08-1-21", "27.15.00-A08-1-21", "kle"),
        (" EMN-2025-003383 ", "EMN-2025-003383", "getorganized"),
        ("sag-2021-01234", "SAG-2021-01234", "getorganized"),
        ("19/01234", "19/01234", "aarstal"),
        ("2019/012345-2", "2019/012345-2", "aarstal"),
        ("249050", "249050", "loebenummer"),
        ("A-2020-77.b", "A-2020-77.b", "andet"),
    ],
)
def test_case_numbers_of_every_system_are_kept_as_printed(printed, number, scheme):
    parsed = parse_case_number(printed)
    assert (parsed.number, parsed.scheme) == (number, scheme)
    assert (parsed.journal is not None) == (scheme == "kle")
    assert bool(parsed.kle_url) == (scheme == "kle")


@pytest.mark.parametrize(
    "printed",
    ["", "Punkt 25", "abc", "12", "x" * 41 + "1", "27 15 00", "27.15.00", "27.15.00-A8-1"],
)
def test_what_is_no_case_number_is_refused(printed):
    with pytest.raises(InvalidCaseNumber, match="EMN-2025-003383"):
        parse_case_number(printed)
