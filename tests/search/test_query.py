"""The query parser: syntax, journal numbers, stop words and friendly errors (no database)."""

import pytest

from councils.search.query import MAX_QUERY_LENGTH, QueryError, parse_query


def words(atoms):
    return [a.words for a in atoms]


def test_plain_words_must_all_match():
    parsed = parse_query("Hjemløse borgere")
    assert [words(g) for g in parsed.groups] == [[("hjemløse",)], [("borgere",)]]
    assert not parsed.excluded and not parsed.journal


def test_phrase_exclusion_and_or():
    parsed = parse_query('"Psykiatriens Hus" -udsatte bolig OR hjemløshed')
    assert [words(g) for g in parsed.groups] == [
        [("psykiatriens", "hus")],
        [("bolig",), ("hjemløshed",)],
    ]
    assert parsed.groups[0][0].phrase
    assert words(parsed.excluded) == [("udsatte",)]


def test_lower_case_or_is_an_ordinary_word():
    parsed = parse_query("bolig or hjemløshed")
    assert len(parsed.groups) == 3


def test_hyphenated_word_becomes_a_phrase():
    parsed = parse_query("ACT-projektet")
    atom = parsed.groups[0][0]
    assert atom.words == ("act", "projektet") and atom.phrase


@pytest.mark.parametrize(
    "query, fragment",
    [
        ("27.15.00-A08-1-21", "27.15.00-A08-1-21"),
        ("27.15.00-a08-1-21", "27.15.00-A08-1-21"),
        ("27.15.00", "27.15.00"),
        ("27.15.00-A08", "27.15.00-A08"),
        ("(27.15.00-A08-1-21),", "27.15.00-A08-1-21"),
    ],
)
def test_journal_numbers_and_fragments_are_recognised_before_full_text(query, fragment):
    parsed = parse_query(query)
    assert parsed.journal == [fragment]
    assert not parsed.groups


@pytest.mark.parametrize("query", ["27.15", "12.50", "14.00"])
def test_two_part_numbers_are_words_not_journal_fragments(query):
    # Amounts and times ("12.50 kr", "kl. 14.00") look like NN.NN; a journal fragment needs
    # at least the whole KLE subject (27.15.00).
    assert parse_query(query).journal == []


def test_journal_number_with_words_and_exclusion():
    parsed = parse_query("udsatteråd 27.15.00 -00.22.02")
    assert parsed.journal == ["27.15.00"] and parsed.excluded_journal == ["00.22.02"]
    assert words(parsed.groups[0]) == [("udsatteråd",)]


def test_stop_words_are_dropped_with_a_notice():
    parsed = parse_query("hjemløse og udsatte")
    assert [words(g) for g in parsed.groups] == [[("hjemløse",)], [("udsatte",)]]
    assert any("og" in n for n in parsed.notices)


def test_phrase_loses_leading_and_trailing_stop_words_only():
    atom = parse_query('"og plan for psykiatri og"').groups[0][0]
    assert atom.words == ("plan", "for", "psykiatri")


def test_unbalanced_quote_is_closed_with_a_notice():
    parsed = parse_query('"Psykiatriens Hus')
    assert parsed.groups[0][0].words == ("psykiatriens", "hus")
    assert parsed.notices


def test_prefix_only_for_long_stems_outside_phrases():
    parsed = parse_query('hjemløse hus "hjemløse borgere"')
    hjemløse, hus, phrase = (g[0] for g in parsed.groups)
    assert hjemløse.prefix and hjemløse.stems == ("hjemløs",)
    assert not hus.prefix
    assert not phrase.prefix


@pytest.mark.parametrize(
    "query, code",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("og i at", "stop_words"),
        ("-", "no_words"),
        ("- - -", "no_words"),
        ("-udsatte", "only_exclusions"),
        ('""', "no_words"),
        ("!!! ???", "no_words"),
        ("x" * (MAX_QUERY_LENGTH + 1), "too_long"),
    ],
)
def test_unusable_queries_raise_a_friendly_error(query, code):
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert exc.value.code == code
    assert exc.value.message  # a Danish sentence saying what to do


def test_query_of_exactly_the_limit_is_accepted():
    parse_query("a" * MAX_QUERY_LENGTH)
