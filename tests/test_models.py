import datetime

import pytest
from django.db import IntegrityError, transaction

from councils.models import Case, Council, CouncilAlias, Meeting, SourceDocument
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_duplicate_meeting_for_same_council_and_start_is_rejected():
    m = f.meeting()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(council=m.council, start=m.start, printed_council_name="X")
    # Another council may meet at the same time.
    f.meeting(council_obj=f.council("Andet udvalg"), start=m.start)


def test_duplicate_source_document_sha_is_rejected():
    sha = "a" * 64
    SourceDocument.objects.create(original_name="a.pdf", format="pdf", size=1, sha256=sha)
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceDocument.objects.create(original_name="b.pdf", format="pdf", size=2, sha256=sha)


def test_source_document_sha_must_be_hex():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceDocument.objects.create(original_name="a.txt", format="txt", size=1, sha256="nope")


def test_duplicate_point_number_in_a_meeting_is_rejected():
    m = f.meeting()
    f.item(m, number=46)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.item(m, number=46)


def test_case_stores_its_parsed_parts_and_is_unique_per_municipality():
    case = f.case("27.15.00-A08-1-21")
    assert (case.kle_subject, case.action_facet, case.serial, case.year) == (
        "27.15.00",
        "A08",
        1,
        2021,
    )
    assert f.case("27.15.00-A08-1-21").pk == case.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(municipality=case.municipality, number="27.15.00-A08-1-21")
    other = f.municipality("Aarhus Kommune", "aarhus")
    assert f.case("27.15.00-A08-1-21", other).pk != case.pk


def test_invalid_case_number_is_refused_on_save():
    from councils.journal import InvalidCaseNumber

    with pytest.raises(InvalidCaseNumber, match="incomplete KLE"):
        Case.objects.create(municipality=f.municipality(), number="27.15.00")


def test_case_timeline_is_oldest_first_across_meetings_and_councils_and_public_only():
    case = f.case("27.15.00-A08-1-21")
    social = f.council("Socialudvalget")
    udsatte = f.council("Udsatterådet", kind=Council.Kind.RAAD)
    t = datetime.datetime(2021, 3, 1, 15, tzinfo=f.CPH)
    late = f.item(f.meeting(social, t + datetime.timedelta(days=60)), title="Senest", case=case)
    early = f.item(f.meeting(udsatte, t), title="Først", case=case)
    middle_meeting = f.meeting(social, t + datetime.timedelta(days=30))
    middle_b = f.item(middle_meeting, number=7, title="Midt B", case=case)
    f.item(middle_meeting, number=8, title="Uden sag")
    draft = f.meeting(udsatte, t + datetime.timedelta(days=90), status=Meeting.Status.DRAFT)
    f.item(draft, title="Kladde", case=case)
    assert list(case.timeline()) == [early, middle_b, late]


def test_council_resolves_printed_names_through_aliases():
    social = f.council("Socialudvalget")
    CouncilAlias.objects.create(council=social, name="Socialudvalget 2015 - 2021")
    CouncilAlias.objects.create(
        council=social, name="Socialudvalget inkl. de ikke arbejdsmarkedsparete borgere"
    )
    muni = social.municipality
    assert Council.objects.resolve(muni, "Socialudvalget 2015 - 2021") == social
    assert Council.objects.resolve(muni, "  socialudvalget   2015 - 2021 ") == social
    assert (
        Council.objects.resolve(muni, "Socialudvalget inkl. de ikke arbejdsmarkedsparete borgere")
        == social
    )
    assert Council.objects.resolve(muni, "SOCIALUDVALGET") == social
    assert Council.objects.resolve(muni, "Udsatterådet") is None
    assert (
        Council.objects.resolve(f.municipality("Aarhus Kommune", "aarhus"), "Socialudvalget")
        is None
    )


def test_merge_moves_meetings_and_keeps_the_old_name_as_alias():
    target = f.council("Socialudvalget")
    old = f.council("Socialudvalget 2015 - 2021")
    CouncilAlias.objects.create(council=old, name="Socialudv.")
    m = f.meeting(old)
    old.merge_into(target)
    m.refresh_from_db()
    assert m.council == target
    assert not Council.objects.filter(pk=old.pk).exists()
    assert Council.objects.resolve(target.municipality, "Socialudvalget 2015 - 2021") == target
    assert Council.objects.resolve(target.municipality, "Socialudv.") == target


def test_merge_refuses_clashing_meetings_and_changes_nothing():
    target = f.council("Socialudvalget")
    old = f.council("Socialudvalget 2015 - 2021")
    start = datetime.datetime(2017, 1, 31, 15, tzinfo=f.CPH)
    f.meeting(target, start)
    m = f.meeting(old, start)
    with pytest.raises(ValueError, match="Both councils have a meeting"):
        old.merge_into(target)
    m.refresh_from_db()
    assert m.council == old


def test_public_items_exclude_drafts():
    published = f.item(f.meeting(status=Meeting.Status.PUBLISHED))
    f.item(f.meeting(status=Meeting.Status.DRAFT))
    from councils.models import AgendaItem

    assert list(AgendaItem.objects.public()) == [published]


def test_every_model_has_str_and_public_ones_have_urls():
    it = f.item(f.meeting(), number=46, title="Godkendelse af dagsorden", case=f.case())
    assert str(it) == "Punkt 46: Godkendelse af dagsorden"
    assert it.get_absolute_url().endswith("/punkt-46/")
    assert it.meeting.get_absolute_url() in it.get_absolute_url()
    assert it.case.get_absolute_url() == "/sager/27.15.00-A08-1-21/"
    assert it.meeting.council.get_absolute_url().startswith("/udvalg/")
    it.is_closed = True
    assert str(it) == "Punkt 46: Lukket punkt"


def test_merge_keeps_the_merged_councils_points_in_search():
    from councils.search import search

    target = f.council("Socialudvalget")
    old = f.council("Socialudvalget 2015 - 2021")
    f.item(f.meeting(old), title="Handleplan for hjemløshed")
    assert search("hjemløshed").total == 1
    old.merge_into(target)
    assert search("hjemløshed").total == 1


def test_long_council_name_gets_a_slug_within_the_field():
    c = f.council("Udvalget for " + "meget " * 28 + "lange navne")
    assert 100 < len(c.name) <= 200
    assert len(c.slug) <= 100
