"""Public pages. Every query goes through the public querysets (published meetings only)."""

import datetime

from django.shortcuts import get_object_or_404, render

from ..models import AgendaItem, Case, Council, Meeting


def _meeting_or_404(council_slug: str, date: datetime.date) -> Meeting:
    meetings = Meeting.objects.published().filter(council__slug=council_slug, start__date=date)
    return get_object_or_404(meetings.select_related("council", "source_document"))


def home(request):
    latest = Meeting.objects.published().select_related("council")[:10]
    return render(request, "councils/home.html", {"latest": latest})


def council_list(request):
    councils = Council.objects.select_related("municipality")
    return render(request, "councils/council_list.html", {"councils": councils})


def council_detail(request, council):
    council = get_object_or_404(Council, slug=council)
    meetings = Meeting.objects.published().for_council(council)
    return render(
        request, "councils/council_detail.html", {"council": council, "meetings": meetings}
    )


def meeting_detail(request, council, date):
    meeting = _meeting_or_404(council, date)
    items = meeting.items.prefetch_related("sections", "attachments").select_related("case")
    return render(request, "councils/meeting_detail.html", {"meeting": meeting, "items": items})


def item_detail(request, council, date, number):
    meeting = _meeting_or_404(council, date)
    item = get_object_or_404(
        AgendaItem.objects.select_related("case"), meeting=meeting, number=number
    )
    return render(request, "councils/item_detail.html", {"meeting": meeting, "item": item})


def case_detail(request, number):
    case = get_object_or_404(Case.objects.by_number(number))
    items = case.timeline().select_related("meeting__council")
    return render(request, "councils/case_detail.html", {"case": case, "items": items})
