"""THE public rule (councils/models/querysets.py): what each public() returns, and how closed
points come back redacted for instances, prefetches and values."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Prefetch, Q
from django.utils import translation

from councils.models import (
    Absence,
    AgendaItem,
    Attachment,
    Case,
    Council,
    DecisionCorrection,
    Meeting,
    PriorDecision,
    Section,
    SourceDocument,
)
from councils.models.querysets import HiddenContentError
from tests import factories as f

pytestmark = pytest.mark.django_db

SECRET = "Fortroligt"


@pytest.fixture
def archive():
    """A published meeting with an open and a closed point (both with everything hanging off
    them), and a draft meeting."""
    council = f.council("Byrådet")
    meeting = f.meeting(council)
    case = f.case("27.15.00-A08-1-21")
    secret_case = f.case("00.01.00-A00-9-21")
    open_item = f.item(meeting, number=1, title="Åbent punkt", decision="Godkendt.", case=case)
    closed = f.item(
        meeting,
        number=2,
        title=f"{SECRET} titel",
        decision=f"{SECRET} beslutning",
        case=secret_case,
        is_closed=True,
        sections=[("sagsfremstilling", "Sagsfremstilling", f"{SECRET} tekst")],
    )
    AgendaItem.objects.filter(pk=closed.pk).update(decision_outcome="godkendt")
    for item in (open_item, closed):
        f.section(item, text=f"Afsnit {item.number}")
        f.attachment(item, title=f"Bilag {item.number}")
        f.prior_decision(item, text=f"Tidligere {item.number}")
        f.absence(meeting, name=f"Fraværende {item.number}", item_obj=item)
        DecisionCorrection.objects.create(agenda_item=item, previous_decision="x")
    f.absence(meeting, name="Hele mødet")
    draft = f.meeting(council, status=Meeting.Status.DRAFT)
    draft_item = f.item(draft, number=1, title="Kladde", case=f.case("01.02.03-B04-5-22"))
    f.section(draft_item, text="Kladdeafsnit")
    f.attachment(draft_item, title="Kladdebilag")
    f.absence(draft, name="Kladdefravær")
    return {
        "council": council,
        "meeting": meeting,
        "open": open_item,
        "closed": closed,
        "case": case,
        "secret_case": secret_case,
        "draft": draft,
        "draft_item": draft_item,
    }


def closed_of(queryset):
    return next(i for i in queryset if i.number == 2)


# --- instances -----------------------------------------------------------------------------------


def test_public_points_are_those_of_published_meetings(archive):
    points = list(AgendaItem.objects.public().order_by("number"))
    assert [p.pk for p in points] == [archive["open"].pk, archive["closed"].pk]
    assert [p.pk for p in AgendaItem.objects.public().open()] == [archive["open"].pk]


def test_closed_point_comes_back_redacted(archive):
    item = closed_of(AgendaItem.objects.public().select_related("case", "meeting"))
    assert (item.pk, item.number, item.position, item.meeting) == (
        archive["closed"].pk,
        2,
        archive["closed"].position,
        archive["meeting"],
    )
    assert item.is_closed and item.is_redacted
    assert str(item.title) == "Lukket punkt"
    assert (item.decision, item.decision_outcome, item.case, item.case_id) == ("", "", None, None)
    open_item = next(i for i in AgendaItem.objects.public() if i.number == 1)
    assert not open_item.is_redacted and open_item.title == "Åbent punkt"
    assert open_item.case_id == archive["case"].pk


def test_redacted_title_is_translated():
    with translation.override("en"):
        item = AgendaItem(number=3, is_closed=True)
        from councils.models.querysets import redact_closed_point

        redact_closed_point(item)
        assert str(item.title) == "Closed item"
    with translation.override("da"):
        assert str(item.title) == "Lukket punkt"


def test_a_closed_points_relations_are_empty_without_queries(archive, django_assert_num_queries):
    item = closed_of(AgendaItem.objects.public())
    with django_assert_num_queries(0):
        assert list(item.sections.all()) == []
        assert list(item.attachments.order_by("order")) == []
        assert list(item.prior_decisions.all()) == []
        assert list(item.absences.filter(kind="afbud")) == []
        assert list(item.corrections.all()) == []
        assert item.sections.count() == 0
        assert list(item.history.all()) == []
    with pytest.raises(AgendaItem.search_document.RelatedObjectDoesNotExist):
        item.search_document  # noqa: B018


def test_prefetches_skip_closed_points(archive, django_assert_num_queries):
    queryset = AgendaItem.objects.public().prefetch_related(
        "sections",
        "attachments",
        "absences",
        "corrections",
        Prefetch("prior_decisions", queryset=PriorDecision.objects.all(), to_attr="priors"),
        Prefetch("sections", queryset=Section.objects.all(), to_attr="section_list"),
    )
    with django_assert_num_queries(7) as captured:
        items = {i.number: i for i in queryset}
    closed_id = str(archive["closed"].pk)
    for query in captured.captured_queries[1:]:
        # Only the open point's id is asked for: nothing of the closed one is even fetched.
        assert f"IN ({archive['open'].pk})" in query["sql"], query["sql"]
        assert f"({closed_id})" not in query["sql"]
    closed, open_item = items[2], items[1]
    assert closed.priors == [] and closed.section_list == []
    assert list(closed.sections.all()) == [] and list(closed.absences.all()) == []
    assert [s.text for s in open_item.section_list] == ["Afsnit 1"]
    assert [p.text for p in open_item.priors] == ["Tidligere 1"]


def test_points_prefetched_from_meetings_are_redacted(archive):
    meeting = Meeting.objects.public().prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.public().prefetch_related("sections"))
    ).get()
    closed = next(i for i in meeting.items.all() if i.number == 2)
    assert str(closed.title) == "Lukket punkt" and list(closed.sections.all()) == []


def test_a_redacted_point_cannot_be_saved(archive):
    item = closed_of(AgendaItem.objects.public())
    with pytest.raises(ValueError, match="redacted"):
        item.save()
    stored = AgendaItem.objects.get(pk=item.pk)
    assert stored.title == f"{SECRET} titel"


# --- values, filters, ordering -------------------------------------------------------------------


def test_values_of_what_a_closed_point_shows_are_allowed(archive):
    rows = AgendaItem.objects.public().order_by("number").values("pk", "number", "meeting_id")
    assert [r["number"] for r in rows] == [1, 2]
    numbers = AgendaItem.objects.public().values_list("meeting__council__name", "is_closed")
    assert sorted(numbers) == [("Byrådet", False), ("Byrådet", True)]
    assert AgendaItem.objects.public().count() == 2


@pytest.mark.parametrize(
    "query",
    [
        lambda qs: qs.values(),
        lambda qs: qs.values("number", "title"),
        lambda qs: qs.values_list("decision", flat=True),
        lambda qs: qs.values_list("case_id"),
        lambda qs: qs.values_list("sections__text"),
        lambda qs: qs.values(n=F("decision_outcome")),
        lambda qs: qs.filter(title__icontains=SECRET),
        lambda qs: qs.filter(Q(number=2) | Q(decision__icontains=SECRET)),
        lambda qs: qs.exclude(case__number="00.01.00-A00-9-21"),
        lambda qs: qs.filter(sections__text__icontains=SECRET),
        lambda qs: qs.filter(attachments__title="Bilag 2"),
        lambda qs: qs.order_by("-title"),
        lambda qs: qs.annotate(n=Count("sections")),
        lambda qs: qs.aggregate(n=Count("prior_decisions")),
        lambda qs: qs.get(decision=f"{SECRET} beslutning"),
    ],
)
def test_reading_hidden_content_of_closed_points_is_refused(archive, query):
    with pytest.raises(HiddenContentError, match=r"call \.open\(\)"):
        query(AgendaItem.objects.public())


def test_after_open_everything_may_be_read(archive):
    points = AgendaItem.objects.public().open()
    assert list(points.values_list("title", flat=True)) == ["Åbent punkt"]
    assert list(points.filter(sections__text="Afsnit 1").values_list("pk", flat=True)) == [
        archive["open"].pk
    ]
    assert not points.filter(title__icontains=SECRET).exists()
    # open() before public() too
    assert list(AgendaItem.objects.open().public().values_list("decision", flat=True)) == [
        "Godkendt."
    ]


# --- the other models' public() ------------------------------------------------------------------


def test_meetings_and_councils(archive):
    assert list(Meeting.objects.public()) == [archive["meeting"]]
    assert list(Meeting.objects.published()) == [archive["meeting"]]
    assert archive["meeting"].is_published and not archive["draft"].is_published
    f.meeting(f.council("Kun kladder"), status=Meeting.Status.DRAFT)
    councils = list(Council.objects.public().with_meeting_counts())
    assert councils == [archive["council"]] and councils[0].meeting_count == 1
    assert list(Council.objects.public()) == [archive["council"]]
    counted = Meeting.objects.public().with_point_counts().get()
    assert (counted.point_count, counted.closed_count) == (2, 1)


def test_parts_of_points(archive):
    assert list(Section.objects.public().values_list("text", flat=True)) == ["Afsnit 1"]
    assert list(Attachment.objects.public().values_list("title", flat=True)) == ["Bilag 1"]
    assert list(PriorDecision.objects.public().values_list("text", flat=True)) == ["Tidligere 1"]
    assert sorted(Absence.objects.public().values_list("name", flat=True)) == [
        "Fraværende 1",
        "Hele mødet",
    ]


def test_prior_decisions_know_whether_their_target_is_public(archive):
    target_public = f.prior_decision(archive["open"], matched_item=archive["closed"])
    target_draft = f.prior_decision(archive["open"], matched_item=archive["draft_item"])
    flags = dict(PriorDecision.objects.public().values_list("pk", "matched_item_is_public"))
    assert flags[target_public.pk] is True
    assert not flags[target_draft.pk]


def test_cases(archive):
    assert list(Case.objects.public()) == [archive["case"]]  # not the closed or draft point's
    assert list(archive["case"].timeline()) == [archive["open"]]
    assert list(archive["secret_case"].timeline()) == []


def test_source_documents():
    f.meeting()  # meeting ids differ from file ids: a condition on the wrong id shows
    f.meeting()
    public_doc, closed_doc, draft_doc, orphan = (f.source_document() for _ in range(4))
    f.item(f.meeting(source_document=public_doc))
    f.item(f.meeting(source_document=closed_doc), is_closed=True)
    f.item(f.meeting(source_document=draft_doc, status=Meeting.Status.DRAFT))
    assert list(SourceDocument.objects.public()) == [public_doc]
    meetings = Meeting.objects.with_public_source().exclude(source_document=None)
    flags = dict(meetings.values_list("source_document", "source_is_public"))
    assert flags == {public_doc.pk: True, closed_doc.pk: False, draft_doc.pk: False}
    # A file that is also the source of a draft is not public.
    f.meeting(source_document=public_doc, status=Meeting.Status.DRAFT)
    assert not SourceDocument.objects.public().exists()


@pytest.mark.django_db
def test_meetings_on_a_day_are_a_range_in_local_time():
    """on_day/before_day/after_day: the day in Copenhagen time (the URL's date), also on the
    day the clocks change, and as a range on ``start`` (no date computed per row)."""
    import datetime

    council = f.council("Byrådet")
    at = lambda *a: datetime.datetime(*a, tzinfo=f.CPH)  # noqa: E731
    late = f.meeting(council, start=at(2021, 3, 27, 23, 45))  # 22:45 UTC on the 27th
    early = f.meeting(council, start=at(2021, 3, 28, 0, 15))  # 23:15 UTC on the 27th
    evening = f.meeting(council, start=at(2021, 3, 28, 23, 30))  # summer time: 21:30 UTC
    nextday = f.meeting(council, start=at(2021, 3, 29, 0, 0))
    day = datetime.date(2021, 3, 28)
    meetings = Meeting.objects.order_by("start")
    assert list(meetings.on_day(day)) == [early, evening]
    assert list(meetings.before_day(day)) == [late]
    assert list(meetings.after_day(day)) == [nextday]
    assert "::date" not in str(meetings.on_day(day).query).lower()
    assert list(meetings.on_day(day)) == list(meetings.filter(start__date=day))
