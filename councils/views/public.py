"""Public pages. Every query goes through the public querysets (published meetings only).

Each view runs a fixed number of SQL queries whatever the size of the data (see
``tests/views/test_public.py`` for the budgets). Closed points ("lukket punkt") are redacted in
memory before any template sees them, and their sections, bilag, decisions of other
committees and absences are never fetched.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db.models import Count, Max, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ..filters import CouncilMeetingFilter
from ..models import Absence, AgendaItem, Attachment, Case, Council, Meeting, PriorDecision, Section

# Headings of the council list, one per Council.Kind, in this order.
KIND_HEADINGS = {
    Council.Kind.BYRAAD: _("Byråd"),
    Council.Kind.UDVALG: _("Udvalg"),
    Council.Kind.RAAD: _("Råd"),
    Council.Kind.ANDET: _("Andre"),
}

# Named limits.
HOME_LATEST_MEETINGS = 8
COUNCIL_RECENT_DECISIONS = 5


def _first_or_404(queryset, what: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(what)
    return obj


def _redact(items):
    """Closed points keep only their number: blank everything else in memory."""
    for item in items:
        if item.is_closed:
            item.title = ""
            item.decision = ""
            item.decision_outcome = ""
            item.case = None
            item.case_id = None
    return items


def _public_meetings():
    return Meeting.objects.published().select_related("council", "source_document")


def _with_point_counts(meetings):
    return meetings.annotate(
        point_count=Count("items", distinct=True),
        closed_count=Count("items", filter=Q(items__is_closed=True), distinct=True),
    )


def _meeting_or_404(council_slug: str, date: datetime.date) -> Meeting:
    meetings = _public_meetings().filter(council__slug=council_slug, start__date=date)
    return _first_or_404(meetings.order_by("start"), "Intet offentliggjort møde på den dato.")


def _point_details(items):
    """Prefetch what an open point shows; nothing of a closed point is fetched."""
    open_only = Q(agenda_item__is_closed=False)
    return items.with_corrections().select_related("case").prefetch_related(
        Prefetch("sections", queryset=Section.objects.filter(open_only).order_by("order")),
        Prefetch("attachments", queryset=Attachment.objects.filter(open_only).order_by("order")),
        Prefetch(
            "prior_decisions",
            queryset=PriorDecision.objects.filter(open_only)
            .select_related("matched_item__meeting__council")
            .order_by("order"),
        ),
    )


def _link_prior_decisions(items):
    """A decision of another committee links to that point only when its meeting is public."""
    for item in items:
        for prior in item.prior_decisions.all():
            target = prior.matched_item
            prior.public_url = (
                target.get_absolute_url() if target and target.meeting.is_published else ""
            )
    return items


def _absences_by_item(meeting: Meeting):
    """One query: the meeting's absences, split into whole-meeting and per-point lists."""
    whole, per_item = [], {}
    absences = Absence.objects.filter(meeting=meeting).filter(
        Q(agenda_item__isnull=True) | Q(agenda_item__is_closed=False)
    )
    for absence in absences.order_by("order", "pk"):
        if absence.agenda_item_id is None:
            whole.append(absence)
        else:
            per_item.setdefault(absence.agenda_item_id, []).append(absence)
    return whole, per_item


def home(request):
    latest = _with_point_counts(_public_meetings()).order_by("-start")[:HOME_LATEST_MEETINGS]
    councils = (
        Council.objects.active()
        .annotate(
            meeting_count=Count("meetings", filter=Q(meetings__status=Meeting.Status.PUBLISHED))
        )
        .filter(meeting_count__gt=0)
        .order_by("name")
    )
    counts = {
        "meetings": Meeting.objects.published().count(),
        "points": AgendaItem.objects.public().count(),
        "cases": Case.objects.filter(
            items__meeting__status=Meeting.Status.PUBLISHED, items__is_closed=False
        )
        .distinct()
        .count(),
    }
    context = {"latest": latest, "councils": councils, "counts": counts}
    return render(request, "councils/home.html", context)


def council_list(request):
    published = Q(meetings__status=Meeting.Status.PUBLISHED)
    councils = (
        Council.objects.annotate(
            meeting_count=Count("meetings", filter=published),
            last_meeting=Max("meetings__start", filter=published),
        )
        .filter(meeting_count__gt=0)
        .order_by("name")
    )
    groups = []
    for kind, label in KIND_HEADINGS.items():
        members = [c for c in councils if c.kind == kind]
        active = [c for c in members if c.is_active]
        historical = [c for c in members if not c.is_active]
        if members:
            groups.append(
                {"kind": kind, "label": label, "active": active, "historical": historical}
            )
    return render(request, "councils/council_list.html", {"groups": groups})


def council_detail(request, council):
    council = _first_or_404(
        Council.objects.filter(slug=council, meetings__status=Meeting.Status.PUBLISHED)
        .select_related("municipality")
        .distinct()
        .order_by("pk"),
        "Ukendt udvalg, eller udvalget har ingen offentliggjorte møder.",
    )
    published = Meeting.objects.published().for_council(council)
    years = [d.year for d in published.datetimes("start", "year", order="DESC")]
    meetings = _with_point_counts(published.select_related("council"))
    filterset = CouncilMeetingFilter(request.GET or None, queryset=meetings, years=years)
    recent = (
        AgendaItem.objects.public()
        .open()
        .for_council(council)
        .exclude(decision="")
        .select_related("meeting__council")
        .order_by("-meeting__start", "-position")[:COUNCIL_RECENT_DECISIONS]
    )
    context = {
        "council": council,
        "filterset": filterset,
        "meetings": filterset.qs.order_by("-start"),
        "years": years,
        "selected_year": filterset.form.cleaned_data.get("aar") if filterset.is_valid() else None,
        "recent": recent,
        "canonical_path": council.get_absolute_url(),
    }
    return render(request, "councils/council_detail.html", context)


def meeting_detail(request, council, date):
    meeting = _meeting_or_404(council, date)
    items = _link_prior_decisions(_redact(list(_point_details(meeting.items.order_by("position")))))
    whole, per_item = _absences_by_item(meeting)
    for item in items:
        item.absence_list = per_item.get(item.pk, [])
    context = {
        "meeting": meeting,
        "items": items,
        # The original file holds everything printed, closed points too: offered only when
        # the meeting has no closed point.
        "source_is_public": bool(meeting.source_document_id)
        and not any(item.is_closed for item in items),
        "meeting_absences": whole,
        "canonical_path": meeting.get_absolute_url(),
    }
    return render(request, "councils/meeting_detail.html", context)


def item_detail(request, council, date, number):
    meeting = _meeting_or_404(council, date)
    item = _first_or_404(
        _point_details(meeting.items.filter(number=number)), "Punktet findes ikke på mødet."
    )
    _link_prior_decisions(_redact([item]))
    item.absence_list = []
    if not item.is_closed:
        item.absence_list = list(item.absences.order_by("order", "pk"))
    appearances = []
    if item.case_id:
        appearances = list(item.case.timeline().open().select_related("meeting__council"))
    context = {
        "meeting": meeting,
        "item": item,
        "appearances": appearances,
        "canonical_path": item.get_absolute_url(),
    }
    return render(request, "councils/item_detail.html", context)


def case_detail(request, number):
    if number != number.upper():
        # Journal numbers are printed with a capital facet letter (A08); fix a typed "a08".
        return redirect("councils:case", number=number.upper(), permanent=True)
    case = _first_or_404(Case.objects.by_number(number).order_by("pk"), "Ukendt journalnummer.")
    items = list(case.timeline().open().select_related("meeting__council"))
    if not items:
        raise Http404("Sagen har ingen offentlige punkter.")
    councils = sorted({item.meeting.council.name for item in items})
    context = {
        "case": case,
        "items": items,
        "councils": councils,
        "first": items[0],
        "last": items[-1],
        "canonical_path": case.get_absolute_url(),
    }
    return render(request, "councils/case_detail.html", context)


def source_download(request, council, date):
    """The original referat file of a published meeting without closed points."""
    meeting = _meeting_or_404(council, date)
    source = meeting.source_document
    if source is None or not source.file or meeting.items.filter(is_closed=True).exists():
        raise Http404(_("Det oprindelige referat kan ikke hentes for dette møde."))
    return _file_response(source.file, source.original_name)


def attachment_download(request, pk):
    """A bilag file of an open point of a published meeting."""
    attachment = _first_or_404(
        Attachment.objects.filter(
            pk=pk, agenda_item__in=AgendaItem.objects.public().open()
        ).exclude(file=""),
        "Bilaget findes ikke.",
    )
    return _file_response(attachment.file, attachment.original_name or attachment.title)


def _file_response(field_file, name: str):
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Filen mangler på serveren.")) from exc
    safe_name = Path(name.replace("\\", "/")).name or "fil"
    return FileResponse(handle, as_attachment=True, filename=safe_name)
