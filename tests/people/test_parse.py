"""The vote and participation parser (councils/people/parse.py): constructed decisions in our
own words (invented names), and the real decisions of the seeds and of ../shared/real, read at
test time (their text is never copied here)."""

from __future__ import annotations

import json

import pytest

from councils.people.names import name_key, slug_base, split_party
from councils.people.parse import (
    Choice,
    Kind,
    Result,
    parse_decision,
    parse_voters,
    split_sentences,
)
from tests.importer.fidelity import REAL_DIR


def votes_of(ballot) -> list[tuple[str, str]]:
    return [(v.choice, v.voter.label) for v in ballot.votes]


def one_ballot(text: str):
    parsed = parse_decision(text)
    assert len(parsed.ballots) == 1, parsed.ballots
    return parsed.ballots[0]


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed,name,party",
    [
        ("Anne Holm (A)", "Anne Holm", "A"),
        ("  Anne\u00a0 Holm  (Ø) ", "Anne Holm", "Ø"),
        ("Bo Berg (LA)", "Bo Berg", "LA"),
        ("Carl Dam (Velfærdslisten)", "Carl Dam", "Velfærdslisten"),
        ("Dorte Juhl (formand)", "Dorte Juhl (formand)", ""),  # not a party
        ("Eva Friis (6)", "Eva Friis (6)", ""),
        ("Fie\u00adlinn Krog", "Fielinn Krog", ""),  # soft hyphen
        ("Gitte Lund.", "Gitte Lund", ""),
    ],
)
def test_split_party_keeps_the_name_as_printed_and_the_party_separately(printed, name, party):
    assert split_party(printed) == (name, party)


def test_name_key_folds_case_and_spaces_but_never_spelling():
    assert name_key("Anne  Holm") == name_key("anne holm") == "anne holm"
    assert name_key("Anne Holm") != name_key("Anne Holm-Jensen")
    assert name_key("Anne Holm") != name_key("A. Holm")
    assert name_key("Søren Ærø") != name_key("Soren Aero")


def test_slug_base():
    assert slug_base("Anne-Marie Østergård") == "anne-marie-oestergaard"
    assert slug_base("Zoë Müller") == "zoe-muller"
    assert slug_base("!!!") == "person"


# --- sentences ----------------------------------------------------------------------------------


def test_sentences_split_at_full_stops_but_not_after_initials_or_abbreviations():
    text = "Godkendt. Kim E. Jensen (O) stemte imod, jf. pkt. 3 i bilaget. For stemte A og C. Imod"
    assert split_sentences(text) == [
        "Godkendt.",
        "Kim E. Jensen (O) stemte imod, jf. pkt. 3 i bilaget.",
        "For stemte A og C.",
        "Imod",
    ]
    assert split_sentences("Godkendt. A. Holm stemte imod.") == [
        "Godkendt.",
        "A. Holm stemte imod.",
    ]
    assert split_sentences("1. Godkendt.\n2. Drøftet.\n- Taget til efterretning") == [
        "Godkendt.",
        "Drøftet.",
        "Taget til efterretning",
    ]


# --- ballots: counts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,motion,result,counts",
    [
        ("Forslaget blev forkastet med 2 stemmer for og 5 stemmer imod.", "Forslaget",
         Result.REJECTED, (2, 5, None)),
        ("Indstillingen blev godkendt med 25 stemmer mod 6.", "Indstillingen",
         Result.ADOPTED, (25, 6, None)),
        ("Forslaget blev vedtaget med 16 mod 15 stemmer.", "Forslaget", Result.ADOPTED,
         (16, 15, None)),
        ("Ændringsforslaget blev forkastet med to stemmer for og fem stemmer imod.",
         "Ændringsforslaget", Result.REJECTED, (2, 5, None)),
        ("Godkendt med 5 stemmer for, 2 imod og 1 undlod at stemme.", "", Result.ADOPTED,
         (5, 2, 1)),
        ("Vedtaget med 7 stemmer for, 1 imod og 2 blanke.", "", Result.ADOPTED, (7, 1, 2)),
        ("Forslaget blev vedtaget med stemmerne 5-2.", "Forslaget", Result.ADOPTED, (5, 2, None)),
        ("Forslaget blev vedtaget med 9 stemmer for og 0 imod.", "Forslaget", Result.ADOPTED,
         (9, 0, None)),
        ("Forslaget faldt med 4 stemmer for og 4 imod.", "Forslaget", Result.REJECTED,
         (4, 4, None)),
    ],
)  # fmt: skip
def test_counts_and_result(text, motion, result, counts):
    ballot = one_ballot(text)
    assert (ballot.motion, ballot.result) == (motion, result)
    assert (ballot.votes_for, ballot.votes_against, ballot.votes_abstain) == counts
    assert ballot.text == text


def test_unanimous():
    ballot = one_ballot("Indstillingen blev enstemmigt anbefalet over for byrådet.")
    assert ballot.unanimous and ballot.result == Result.ADOPTED
    assert ballot.motion == "Indstillingen"
    assert one_ballot("Enstemmigt vedtaget.").motion == ""


def test_counts_then_names_of_one_ballot():
    ballot = one_ballot(
        "Ændringsforslaget blev forkastet med 2 stemmer for og 7 stemmer imod. "
        "For stemte Anne Holm (A) og Bo Berg (Ø)."
    )
    assert (ballot.votes_for, ballot.votes_against) == (2, 7)
    assert votes_of(ballot) == [("for", "Anne Holm (A)"), ("for", "Bo Berg (Ø)")]
    assert [v.voter.party for v in ballot.votes] == ["A", "Ø"]


def test_party_letters_in_parentheses_after_a_count():
    ballot = one_ballot("Forslag fra Ø om gratis busser blev forkastet med 3 stemmer for (Ø og F)"
                        " og 22 imod.")  # fmt: skip
    assert ballot.motion == "Forslag fra Ø om gratis busser"
    assert (ballot.votes_for, ballot.votes_against) == (3, 22)
    assert votes_of(ballot) == [("for", "Ø"), ("for", "F")]


def test_two_ballots_in_one_decision():
    parsed = parse_decision(
        "Forslag 1 blev forkastet med 2 stemmer for og 5 imod. "
        "Forslag 2 blev vedtaget med 5 stemmer for og 2 imod. For stemte A og V."
    )
    assert [(b.motion, b.result, b.votes_for) for b in parsed.ballots] == [
        ("Forslag 1", Result.REJECTED, 2),
        ("Forslag 2", Result.ADOPTED, 5),
    ]
    assert parsed.ballots[0].votes == []
    assert votes_of(parsed.ballots[1]) == [("for", "A"), ("for", "V")]


def test_a_sentence_between_ends_the_ballot():
    parsed = parse_decision(
        "Forslaget blev forkastet med 2 stemmer for og 5 imod.\n"
        "Der var enighed om at sende sagen videre.\n"
        "Lone Vang (F) stemte imod."
    )
    assert len(parsed.ballots) == 2
    assert parsed.ballots[1].votes_for is None


# --- ballots: labels ------------------------------------------------------------------------------


def test_for_stemte_with_a_colon_and_a_party_after_the_last_name():
    ballot = one_ballot("For stemte: Anne Holm, Bo Berg og Carl Dam (V)")
    # the party letter belongs to the name it is printed after
    assert votes_of(ballot) == [("for", "Anne Holm"), ("for", "Bo Berg"), ("for", "Carl Dam (V)")]


def test_a_group_with_its_letter():
    ballot = one_ballot("Imod stemte Enhedslisten (Ø).")
    (vote,) = ballot.votes
    assert (vote.choice, vote.voter.group, vote.voter.party, vote.voter.name) == (
        Choice.AGAINST, "Enhedslisten", "Ø", ""
    )  # fmt: skip
    assert not vote.voter.is_person


def test_header_and_labelled_lists_with_counts():
    ballot = one_ballot(
        "Der blev stemt om forslaget:\n"
        "For: 3 (Anne Holm (A), Bo Berg (A), Carl Dam (C))\n"
        "Imod: 2 (Dorte Juhl (Ø), Erik Friis (Frie Liberale))\n"
        "Liste Ø stemte imod, idet de ønsker sagen belyst."
    )
    assert ballot.motion == "forslaget"
    assert (ballot.votes_for, ballot.votes_against) == (3, 2)
    assert votes_of(ballot) == [
        ("for", "Anne Holm (A)"),
        ("for", "Bo Berg (A)"),
        ("for", "Carl Dam (C)"),
        ("imod", "Dorte Juhl (Ø)"),
        ("imod", "Erik Friis (Frie Liberale)"),
        ("imod", "Liste Ø"),
    ]
    assert ballot.text.count("\n") == 3  # every sentence of the ballot, as printed


def test_mixed_groups_and_persons_with_counts_per_choice():
    parsed = parse_decision(
        "For stemte 11 (Radikale Venstre, Konservative, Solbjerglisten, Anne Marie Holm, Bo Berg)\n"
        "Imod stemte 8 (Den Sociale Fællesliste, Carl Dam, Venstre)\n"
        "Undlod at stemme 5 (Dansk Folkeparti, Eva Friis)\n"
        "Godkendt.\n"
        "Peter Bak deltog ikke i behandlingen af sagen."
    )
    (ballot,) = parsed.ballots
    assert (ballot.votes_for, ballot.votes_against, ballot.votes_abstain) == (11, 8, 5)
    persons = [(v.choice, v.voter.name) for v in ballot.votes if v.voter.is_person]
    groups = [(v.choice, v.voter.group) for v in ballot.votes if not v.voter.is_person]
    assert persons == [("for", "Anne Marie Holm"), ("for", "Bo Berg"), ("imod", "Carl Dam"),
                       ("undlod", "Eva Friis")]  # fmt: skip
    assert groups == [
        ("for", "Radikale Venstre"),
        ("for", "Konservative"),
        ("for", "Solbjerglisten"),
        ("imod", "Den Sociale Fællesliste"),
        ("imod", "Venstre"),
        ("undlod", "Dansk Folkeparti"),
    ]
    assert [(p.kind, p.name) for p in parsed.participations] == [(Kind.NOT_PRESENT, "Peter Bak")]


def test_several_labels_in_one_sentence():
    ballot = one_ballot(
        "For stemte 13 (A, V, LA og F), imod stemte 7 (DF og Ø), hverken for eller imod stemte "
        "2 (Å)."
    )
    assert (ballot.votes_for, ballot.votes_against, ballot.votes_abstain) == (13, 7, 2)
    assert votes_of(ballot) == [("for", "A"), ("for", "V"), ("for", "LA"), ("for", "F"),
                                ("imod", "DF"), ("imod", "Ø"), ("undlod", "Å")]  # fmt: skip


def test_a_count_without_names_and_a_list_we_do_not_read():
    ballot = one_ballot("For stemte tre medlemmer – Jens Lund, K, Ole Krog, V. Imod stemte to.")
    assert (ballot.votes_for, ballot.votes_against) == (3, 2)
    assert ballot.votes == []  # "Navn, K" is not read: K would look like a voter


def test_the_motion_of_a_label():
    ballot = one_ballot("For ændringsforslaget stemte Anne Holm og Bo Berg.")
    assert ballot.motion == "ændringsforslaget"
    assert [v.voter.name for v in ballot.votes] == ["Anne Holm", "Bo Berg"]


# --- ballots: sentences and majorities ----------------------------------------------------------


def test_named_sentences_for_against_and_blank():
    ballot = one_ballot(
        "Anne Holm (A), Bo Berg (V) og Carl Dam stemte for. Dorte Juhl (Ø) stemte imod. "
        "Eva Friis (Å) stemte blankt. Finn Mose undlod at stemme."
    )
    assert votes_of(ballot) == [
        ("for", "Anne Holm (A)"),
        ("for", "Bo Berg (V)"),
        ("for", "Carl Dam"),
        ("imod", "Dorte Juhl (Ø)"),
        ("undlod", "Eva Friis (Å)"),
        ("undlod", "Finn Mose"),
    ]


def test_an_initial_in_a_name():
    ballot = one_ballot(
        "Godkendt. Kim E. Jensen (O) stemte imod. Jan E. Holm og Bo B. Berg stemte for."
    )
    assert votes_of(ballot) == [("imod", "Kim E. Jensen (O)"), ("for", "Jan E. Holm"),
                                ("for", "Bo B. Berg")]  # fmt: skip


def test_positions_instead_of_votes():
    ballot = one_ballot(
        "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med anbefalingen.\n"
        "Anne Holm, Bo Berg og Carl Dam kunne tiltræde indstillingen.\n"
        "Dorte Juhl tog forbehold vedrørende økonomien.\n"
        "Eva Friis kunne ikke tiltræde indstillingen."
    )
    assert ballot.motion == "indstillingen"
    assert votes_of(ballot) == [("for", "Anne Holm"), ("for", "Bo Berg"), ("for", "Carl Dam"),
                                ("forbehold", "Dorte Juhl"), ("imod", "Eva Friis")]  # fmt: skip
    reservation = ballot.votes[3]
    assert reservation.motion == "vedrørende økonomien"  # what the reservation concerns


def test_majority_with_party_letters_and_a_count():
    ballot = one_ballot(
        "Et flertal bestående af A, C, N og V (6) anbefaler indstillingen.\n"
        "O (1) kan ikke anbefale indstillingen, da arealet ligger i landzone."
    )
    assert (ballot.votes_for, ballot.votes_against) == (6, 1)
    assert votes_of(ballot) == [("for", "A"), ("for", "C"), ("for", "N"), ("for", "V"),
                                ("imod", "O")]  # fmt: skip


def test_passive_majority_and_a_letter_in_parentheses():
    ballot = one_ballot(
        "Anbefales af et flertal bestående af V, B og A.\n(O) stemte imod, da arealet er fredet."
    )
    assert votes_of(ballot) == [("for", "V"), ("for", "B"), ("for", "A"), ("imod", "O")]


def test_majority_and_minority_with_names():
    ballot = one_ballot(
        "Et flertal (Hanne Holm, Bjørn Fey og Karl Hansen) stemte for procedureforslaget. "
        "Et mindretal (Finn Rud) stemte imod. Karin Stor undlod at stemme."
    )
    assert ballot.motion == "procedureforslaget"
    assert votes_of(ballot) == [("for", "Hanne Holm"), ("for", "Bjørn Fey"),
                                ("for", "Karl Hansen"), ("imod", "Finn Rud"),
                                ("undlod", "Karin Stor")]  # fmt: skip


def test_groups_named_by_their_byraadsgruppe():
    ballot = one_ballot(
        "Socialdemokratiets og Venstres byrådsgrupper stemte for forslaget.\n"
        "Alternativets byrådsgruppe og Ida Holm kunne ikke tiltræde indstillingens punkt 2."
    )
    assert votes_of(ballot) == [("for", "Socialdemokratiet"), ("for", "Venstre"),
                                ("imod", "Alternativet"), ("imod", "Ida Holm")]  # fmt: skip
    assert ballot.votes[2].motion == "indstillingens punkt 2"


@pytest.mark.parametrize(
    "text",
    [
        "Udvalget anbefaler indstillingen.",
        "Forvaltningen anbefaler, at sagen udsættes.",
        "Godkendt.",
        "Anbefales.",
        "Der var enighed om at godkende indstillingen.",
        "Borgmesteren stemte for.",
        "Forslaget blev drøftet med 5 repræsentanter fra foreningen.",
        "Mødet blev afholdt den 5. marts med deltagelse af 12 borgere.",
        "Indstillingen blev godkendt. Sagen sendes i høring hos 3 råd.",
        "Anne Holm fremsatte ændringsforslag om, at sagen sendes i høring.",
        "Anne Holm og Bo Berg tilkendegav, at de finder forslaget for dyrt.",
        "Udvalget blev orienteret om stemmeprocenten ved valget.",
    ],
)
def test_sentences_that_are_no_votes(text):
    parsed = parse_decision(text)
    assert parsed.ballots == [] and parsed.participations == [], text


# --- participation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Henrik Lund deltog ikke i sagens behandling.", [(Kind.NOT_PRESENT, "Henrik Lund", "")]),
        ("Anne Holm (A) og Bo Berg (V) deltog ikke i behandlingen af punktet.",
         [(Kind.NOT_PRESENT, "Anne Holm", "A"), (Kind.NOT_PRESENT, "Bo Berg", "V")]),
        ("Lone Vang var forhindret i at deltage i udvalgets behandling af sagen.",
         [(Kind.NOT_PRESENT, "Lone Vang", "")]),
        ("Ib Mose var ikke til stede under punktet.", [(Kind.NOT_PRESENT, "Ib Mose", "")]),
        ("Jens Hansen (A) erklærede sig inhabil og forlod mødet under behandlingen af punktet.",
         [(Kind.INHABIL, "Jens Hansen", "A")]),
        ("Lars Ravn var inhabil. Punktet blev behandlet uden ham.",
         [(Kind.INHABIL, "Lars Ravn", "")]),
        ("Sagen blev udsat. Mikkel Dahl forlod mødet kl. 18.40.", [(Kind.LEFT, "Mikkel Dahl", "")]),
        ("Taget til efterretning. Karen Bro var fraværende.", [(Kind.ABSENT, "Karen Bro", "")]),
        ("Mette Lund havde meldt afbud, og Peter Storm deltog i stedet.",
         [(Kind.AFBUD, "Mette Lund", ""), (Kind.PRESENT, "Peter Storm", "")]),
        ("Rasmus Eg udeblev uden afbud.", [(Kind.ABSENT, "Rasmus Eg", "")]),
        ("Sofie Krag (F) mødte som stedfortræder.", [(Kind.PRESENT, "Sofie Krag", "F")]),
        ("Ulla Dam deltog under punktet.", [(Kind.PRESENT, "Ulla Dam", "")]),
    ],
)  # fmt: skip
def test_participation_sentences(text, expected):
    parsed = parse_decision(text)
    assert [(p.kind, p.name, p.party) for p in parsed.participations] == expected
    assert all(p.sentence in text for p in parsed.participations)
    assert parsed.ballots == []


def test_a_title_before_a_name_becomes_the_role():
    text = "Rådmand Nicolaj Bang (C) deltog ikke i punktets behandling."
    (p,) = parse_decision(text).participations
    assert (p.name, p.party, p.role) == ("Nicolaj Bang", "C", "Rådmand")


def test_appositions_are_roles_even_with_og_inside():
    (a, b, c) = parse_decision(
        "Hanne Krog, leder af Center for Børn og Unge samt Familier, Ole Fisk, konsulent, "
        "og Pia Lind, chef for Drift og Anlæg, deltog under punktet."
    ).participations
    assert [(p.kind, p.name) for p in (a, b, c)] == [
        (Kind.PRESENT, "Hanne Krog"), (Kind.PRESENT, "Ole Fisk"), (Kind.PRESENT, "Pia Lind")
    ]  # fmt: skip
    assert a.role == "leder af Center for Børn og Unge samt Familier"
    assert (b.role, c.role) == ("konsulent", "chef for Drift og Anlæg")


@pytest.mark.parametrize(
    "text",
    [
        "Forvaltningen deltog under punktet.",
        "Formanden deltog ikke.",
        "Der deltog 8 frivillige i projektet.",
        "Medlemmer fra andre råd deltog i workshoppen.",
        "Sekretæren for rådet deltog i netværksmødet.",
        "Udvalget var ikke til stede ved besigtigelsen.",
    ],
)
def test_sentences_that_name_no_person(text):
    assert parse_decision(text).participations == []


def test_voters_list_rejects_sentences():
    assert parse_voters("Anne Holm og udvalgets øvrige medlemmer") is None
    assert parse_voters("1 RV (ved en fejl)") is None
    assert parse_voters("") is None
    listed = parse_voters("A, C, N og V (6)")
    assert listed.count == 6 and [v.party for v in listed.voters] == ["A", "C", "N", "V"]


def test_persons_listed_once_in_order():
    parsed = parse_decision("Anne Holm stemte for. Bo Berg stemte imod.\nAnne Holm forlod mødet.")
    assert parsed.persons == [("Anne Holm", ""), ("Bo Berg", "")]


def test_long_and_hostile_input_is_bounded(bounded):
    hostile = ("For stemte " + "Anne Holm, " * 5_000 + "\n") * 4 + "(" * 10_000 + "stemte imod"
    with bounded(seconds=5, megabytes=64):
        parsed = parse_decision(hostile)
    assert all(len(b.votes) <= 200 for b in parsed.ballots)


# --- the seeds and the real minutes -------------------------------------------------------------


def _gold_points(gold_dir):
    for path in sorted(gold_dir.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            yield path.name, item


def _real_points():
    if not REAL_DIR.is_dir():
        pytest.skip(f"real minutes with gold not found in {REAL_DIR} (../shared/real)")
    for path in sorted(REAL_DIR.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            yield path.name, item


def _names_printed(parsed, text: str) -> None:
    for ballot in parsed.ballots:
        assert ballot.text and all(line in text for line in ballot.text.split("\n"))
        for vote in ballot.votes:
            assert (vote.voter.name or vote.voter.group or vote.voter.party) in text or (
                vote.voter.group + "s" in text
            ), vote
    for p in parsed.participations:
        assert p.name in text and p.sentence in text and (not p.role or p.role in text)
        assert 2 <= len(p.name.split()) <= 6


def test_seed_decisions(gold_dir):
    """Only what is printed: every row's name and sentence stands in the decision. Seed 004
    prints the one vote of the seeds (forkastet med 2 for og 5 imod, the two for-voters named)
    and four staff who took part with their roles."""
    ballots, participations = [], []
    for source, item in _gold_points(gold_dir):
        text = item["decision"] or ""
        parsed = parse_decision(text)
        _names_printed(parsed, text)
        ballots += [(source, item["number"], b) for b in parsed.ballots]
        participations += [(source, item["number"], p) for p in parsed.participations]
    assert len(ballots) == 1
    source, _number, ballot = ballots[0]
    assert source.startswith("004")
    assert (ballot.result, ballot.votes_for, ballot.votes_against) == (Result.REJECTED, 2, 5)
    assert [v.choice for v in ballot.votes] == [Choice.FOR] * ballot.votes_for
    assert all(v.voter.is_person for v in ballot.votes)
    took_part = [p for s, _n, p in participations if s.startswith("004")]
    assert len(took_part) == 4 and {p.kind for p in took_part} == {Kind.PRESENT}
    assert all(p.role and p.role[0].islower() for p in took_part)
    assert len(participations) == 4


def test_seed_prior_decisions_name_who_did_not_take_part(gold_dir):
    """Decisions of other committees are not linked (another meeting), but the parser reads
    them as well: a "deltog ikke" sentence there gives that person."""
    found = []
    for _source, item in _gold_points(gold_dir):
        for prior in item["prior_decisions"]:
            parsed = parse_decision(prior["text"])
            _names_printed(parsed, prior["text"])
            found += [p for p in parsed.participations if p.kind == Kind.NOT_PRESENT]
    assert len(found) == 1


def test_real_decisions_positions_and_absent_members():
    """The Aarhus minutes print positions ("kunne (ikke) tiltræde", "tog forbehold") and
    "var forhindret i at deltage"; every person the parser says did not take part is in the
    gold's absent list of that point, and every absent person whose name the decision prints
    is found."""
    kinds = {Kind.NOT_PRESENT, Kind.ABSENT, Kind.AFBUD, Kind.INHABIL, Kind.LEFT}
    choices, ballots = [], 0
    for _source, item in _real_points():
        text = item["decision"] or ""
        parsed = parse_decision(text)
        _names_printed(parsed, text)
        gold_absent = {split_party(a)[0] for a in item["absent"]}
        absent = {p.name for p in parsed.participations if p.kind in kinds}
        assert absent <= gold_absent
        assert {a for a in gold_absent if a in text} <= absent
        ballots += len(parsed.ballots)
        for ballot in parsed.ballots:
            choices += [(v.choice, v.voter.is_person) for v in ballot.votes]
    assert ballots == 4
    assert sorted(choices) == sorted(
        [(Choice.FOR, True)] * 4
        + [(Choice.RESERVATION, True), (Choice.AGAINST, True)]
        + [(Choice.AGAINST, False)] * 4 + [(Choice.AGAINST, True)]  # positions of groups
        + [(Choice.AGAINST, False)]
        + [(Choice.AGAINST, False)] * 2
    )


def test_passive_recommendation_by_named_members():
    ballot = one_ballot("Indstilles tiltrådt af Anne Holm, Bo Berg og Carl Dam.")
    assert votes_of(ballot) == [("for", "Anne Holm"), ("for", "Bo Berg"), ("for", "Carl Dam")]
