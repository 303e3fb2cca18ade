"""Public pages. Every query goes through the public querysets (``councils.models.querysets``
states what the public may see; nothing here restates it).

Each view runs a fixed number of SQL queries whatever the size of the data (see
``tests/views/test_public.py`` for the budgets). Closed points ("lukket punkt") come back
from ``AgendaItem.objects.public()`` already redacted, and their sections, bilag, decisions
of other committees and absences are never fetched.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import pagecache
from ..feeds import links as follow_links
from ..filters import CouncilMeetingFilter
from ..models import (
    Absence,
    AgendaItem,
    Attachment,
    Case,
    Council,
    Meeting,
    PriorDecision,
    Section,
    SourceDocument,
)
from ..people.names import sort_key as danish_order
from .people import attach_people

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
HOME_UPCOMING_MEETINGS = 6  # "Kommende møder" on the home page …
COUNCIL_UPCOMING_MEETINGS = 4  # … and on a council's page
CASE_PAGE_SIZE = 50  # treatments per page of a case page (?side=N)
SIDEBAR_TREATMENTS = 5  # "Sagens forløb" on a point page: this many before and after it


def _first_or_404(queryset, what: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(what)
    return obj


def _public_meetings():
    return Meeting.objects.public().select_related("council", "source_document")


def _meeting_or_404(council_slug: str, date: datetime.date) -> Meeting:
    meetings = (
        _public_meetings()
        .with_public_source()
        .filter(council__slug=council_slug)
        .on_day(date)
    )
    return _first_or_404(meetings.order_by("start"), "Intet offentliggjort møde på den dato.")


def _public_points(meeting: Meeting):
    """The meeting's points (closed ones redacted) with what an open point shows; nothing of
    a closed point is fetched (its relations come back empty from the public queryset)."""
    return (
        meeting.items.public()  # through the meeting: item.meeting is this instance
        .with_corrections()
        .select_related("case")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("order")),
            Prefetch(
                "prior_decisions",
                queryset=PriorDecision.objects.public()
                .select_related("matched_item__meeting__council")
                .order_by("order"),
            ),
        )
    )


def _link_prior_decisions(items):
    """A decision of another committee links to that point only when it is public."""
    for item in items:
        for prior in item.prior_decisions.all():
            target = prior.matched_item
            prior.public_url = target.get_absolute_url() if prior.matched_item_is_public else ""
    return items


def _absences_by_item(meeting: Meeting):
    """One query: the meeting's public absences, split into whole-meeting and per-point."""
    whole, per_item = [], {}
    for absence in Absence.objects.public().filter(meeting=meeting).order_by("order", "pk"):
        if absence.agenda_item_id is None:
            whole.append(absence)
        else:
            per_item.setdefault(absence.agenda_item_id, []).append(absence)
    return whole, per_item


def _neighbour_points(meeting: Meeting, item) -> dict:
    """The points before and after this one on the meeting (closed ones too, redacted: their
    numbers are public). Two small queries on the position; nothing else of them is read."""
    points = meeting.items.public()  # through the meeting: point.meeting is this instance
    return {
        "previous_point": points.filter(position__lt=item.position).order_by("-position").first(),
        "next_point": points.filter(position__gt=item.position).order_by("position").first(),
    }


def _neighbour_meetings(meeting: Meeting) -> dict:
    """The council's public meetings on the dates before and after this one (a meeting's URL
    is its date, so another meeting the same day is not a neighbour). Two small queries."""
    day = timezone.localdate(meeting.start)
    # Only their date and council are shown (no source document: its row is large).
    meetings = Meeting.objects.public().for_council(meeting.council_id).select_related("council")
    return {
        "previous_meeting": meetings.before_day(day).order_by("-start").first(),
        "next_meeting": meetings.after_day(day).order_by("start").first(),
    }


def _upcoming_q() -> Q:
    """Agendas of meetings from today on ("Kommende møder"); the rest is "Seneste møder"."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(kind=Meeting.Kind.DAGSORDEN, start__gte=today)


def _archive_counts() -> dict:
    """The home page's numbers, computed once per change of the archive (cached under the
    archive's version, ``pagecache``): counting 1M points is not a per-request cost."""
    return {
        "meetings": Meeting.objects.public().count(),
        "points": AgendaItem.objects.public().count(),
        "cases": Case.objects.public().count(),
    }


def _public_councils() -> list:
    """Every council with a public meeting and its ``meeting_count`` (cached like the counts)."""
    return list(Council.objects.public().with_meeting_counts().order_by("name"))


def home(request):
    meetings = _public_meetings().with_point_counts()
    latest = meetings.exclude(_upcoming_q()).order_by("-start")[:HOME_LATEST_MEETINGS]
    upcoming = meetings.filter(_upcoming_q()).order_by("start")[:HOME_UPCOMING_MEETINGS]
    councils = [
        c for c in pagecache.cached_aggregate("councils", _public_councils) if c.is_active
    ]
    counts = pagecache.cached_aggregate("counts", _archive_counts)
    context = {"latest": latest, "upcoming": upcoming, "councils": councils, "counts": counts}
    return render(request, "councils/home.html", context)


def council_list(request):
    councils = pagecache.cached_aggregate("councils", _public_councils)
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


def _council_years(council) -> list[tuple[int, int]]:
    """(year, public meetings that year), newest first; cached under the council's version."""

    def compute():
        rows = (
            Meeting.objects.public()
            .for_council(council)
            .order_by()
            .annotate(year=ExtractYear("start"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        return [(row["year"], row["n"]) for row in rows]

    return pagecache.cached_aggregate(f"council-years:{council.pk}", compute, council=council)


def council_detail(request, council):
    """One year of a council's meetings at a time (``?aar=``, default the newest year with
    meetings); the years are the navigation, each with its number of meetings."""
    council = _first_or_404(
        Council.objects.public().filter(slug=council).select_related("municipality"),
        "Ukendt udvalg, eller udvalget har ingen offentliggjorte møder.",
    )
    public = Meeting.objects.public().for_council(council)
    year_counts = _council_years(council)
    years = [year for year, _n in year_counts]
    meetings = public.select_related("council").with_point_counts()
    filterset = CouncilMeetingFilter(request.GET or None, queryset=meetings, years=years)
    selected = filterset.form.cleaned_data.get("aar") if filterset.is_valid() else None
    year = int(selected) if selected else (years[0] if years else None)
    shown = meetings.in_year(year).order_by("-start") if year else meetings.none()
    recent = (
        AgendaItem.objects.public()
        .open()
        .for_council(council)
        .exclude(decision="")
        .select_related("meeting__council")
        .order_by("-meeting__start", "-position")[:COUNCIL_RECENT_DECISIONS]
    )
    upcoming = (
        public.select_related("council")
        .with_point_counts()
        .filter(_upcoming_q())
        .order_by("start")[:COUNCIL_UPCOMING_MEETINGS]
    )
    context = {
        "council": council,
        "upcoming": upcoming,
        "filterset": filterset,
        "meetings": list(shown),
        "years": years,
        "year_counts": year_counts,
        "year": year,
        "selected_year": selected,
        "recent": recent,
        "canonical_path": council.get_absolute_url(),
        "follow": follow_links.for_council(council),
    }
    return render(request, "councils/council_detail.html", context)


def meeting_detail(request, council, date):
    meeting = _meeting_or_404(council, date)
    items = _link_prior_decisions(list(_public_points(meeting).order_by("position")))
    whole, per_item = _absences_by_item(meeting)
    for item in items:
        item.absence_list = per_item.get(item.pk, [])
    attach_people(items)  # votes and participation read from the decisions (views/people.py)
    context = {
        "meeting": meeting,
        "items": items,
        **_neighbour_meetings(meeting),
        "source_is_public": meeting.source_is_public,
        "meeting_absences": whole,
        "canonical_path": meeting.get_absolute_url(),
    }
    return render(request, "councils/meeting_detail.html", context)


def case_outline(case) -> dict:
    """What the case page and a point's "Sagens forløb" need of the whole case: the public
    treatments' ids in timeline order, the first and last meeting, the councils (in Danish
    alphabetical order, the same on every database) and the title (``case_title``). One
    query, once per version of the archive (``pagecache``, like the home page's counts): a
    case with thousands of treatments is not read on every request."""

    def compute():
        rows = list(
            case.timeline().values_list(
                "pk", "meeting__start", "position", "title", "meeting__council__name"
            )
        )
        title, more_titles = case_title(rows)
        return {
            "ids": [row[0] for row in rows],
            "first": rows[0][1] if rows else None,
            "last": rows[-1][1] if rows else None,
            "councils": sorted({row[4] for row in rows}, key=danish_order),
            "title": title,
            "more_titles": more_titles,
        }

    return pagecache.cached_aggregate(f"case:{case.pk}", compute)


def _treatments(case, ids) -> list:
    """The case's public treatments with these ids, in timeline order (one query)."""
    return list(case.timeline().select_related("meeting__council").filter(pk__in=ids))


def _nearest_treatments(item) -> tuple[list, int, str]:
    """The case's public treatments nearest this point (``SIDEBAR_TREATMENTS`` before and
    after it, in timeline order), how many there are in all, and the case page's page that
    lists this point ("vis alle"): one query for the shown treatments, the rest from the
    case's cached outline, however long the case is."""
    ids = case_outline(item.case)["ids"]
    try:
        earlier = ids.index(item.pk)
    except ValueError:  # the outline predates this point: its version moves with the change
        earlier, ids = 0, [item.pk]
    shown = ids[max(0, earlier - SIDEBAR_TREATMENTS) : earlier + SIDEBAR_TREATMENTS + 1]
    by_pk = {t.pk: t for t in _treatments(item.case, [pk for pk in shown if pk != item.pk])}
    by_pk[item.pk] = item
    page = earlier // CASE_PAGE_SIZE + 1
    url = item.case.get_absolute_url() + (f"?side={page}" if page > 1 else "")
    treatments = [by_pk[pk] for pk in shown if pk in by_pk]
    return treatments, len(ids), f"{url}#punkt-{item.pk}"


def item_detail(request, council, date, number):
    meeting = _meeting_or_404(council, date)
    item = _first_or_404(
        _public_points(meeting).filter(number=number), "Punktet findes ikke på mødet."
    )
    _link_prior_decisions([item])
    item.absence_list = list(item.absences.order_by("order", "pk"))  # none for a closed point
    attach_people([item])  # votes and participation read from the decision (views/people.py)
    appearances, appearance_count, case_page_url = [], 0, ""
    if item.case_id:
        appearances, appearance_count, case_page_url = _nearest_treatments(item)
    context = {
        "meeting": meeting,
        "item": item,
        "appearances": appearances,
        "appearance_count": appearance_count,
        "case_page_url": case_page_url,
        **_neighbour_points(meeting, item),
        "canonical_path": item.get_absolute_url(),
    }
    return render(request, "councils/item_detail.html", context)


def case_title(rows) -> tuple[str, bool]:
    """The most frequent title of the case's public treatments (a tie: the title treated
    first, then the lowest position) and whether other titles occur too (then the page says
    "m.fl."). ``rows``: (pk, meeting start, position, title, …) in timeline order."""
    seen: dict[str, list] = {}
    for _pk, start, position, title, *_rest in rows:
        entry = seen.setdefault(title, [0, start, position])
        entry[0] += 1
        entry[2] = min(entry[2], position)
    if not seen:
        return "", False
    best = min(seen, key=lambda t: (-seen[t][0], seen[t][1], seen[t][2], t))
    return best, len(seen) > 1


def case_detail(request, number):
    cases = Case.objects.public().order_by("pk")
    case = cases.by_number(number).first()
    if case is None:
        # Typed in other letter case ("27.15.00-a08-1-21", "emn-2025-…"): the printed number.
        case = _first_or_404(
            cases.filter(number__iexact=number.strip()),
            "Ukendt sagsnummer, eller sagen har ingen offentlige punkter.",
        )
        return redirect(case, permanent=True)
    outline = case_outline(case)
    page = Paginator(outline["ids"], CASE_PAGE_SIZE).get_page(request.GET.get("side"))
    page.object_list = _treatments(case, page.object_list)
    context = {
        "case": case,
        "items": page.object_list,
        "page": page,
        "total": page.paginator.count,
        "councils": outline["councils"],
        "first_start": outline["first"],
        "last_start": outline["last"],
        "title": outline["title"],
        "more_titles": outline["more_titles"],
        "canonical_path": case.get_absolute_url(),
        "follow": follow_links.for_case(case),
    }
    return render(request, "councils/case_detail.html", context)


def source_download(request, council, date):
    """The original referat file of a published meeting without closed points."""
    meeting = _meeting_or_404(council, date)
    source = _first_or_404(
        SourceDocument.objects.public().filter(meetings=meeting).exclude(file=""),
        _("Det oprindelige referat kan ikke hentes for dette møde."),
    )
    return _file_response(source.file, source.original_name)


def _public_files():
    """Bilag the public may download: a file on an open point of a public meeting."""
    return Attachment.objects.public().exclude(file="")


def attachment_download(request, council, date, number, nr):
    """A bilag file by its address: point ``number`` of the meeting, its bilag ``nr``."""
    meeting = _meeting_or_404(council, date)
    attachment = _first_or_404(
        _public_files().filter(agenda_item__meeting=meeting, agenda_item__number=number, number=nr),
        _("Bilaget findes ikke."),
    )
    return _file_response(attachment.file, attachment.original_name or attachment.title)


def attachment_moved(request, pk):
    """The old address ``/bilag/<id>/``: 301 to the bilag's address while it is public."""
    attachment = _first_or_404(
        _public_files().filter(pk=pk).select_related("agenda_item__meeting__council"),
        _("Bilaget findes ikke."),
    )
    return redirect(attachment.get_absolute_url(), permanent=True)


def _file_response(field_file, name: str):
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Filen mangler på serveren.")) from exc
    safe_name = Path(name.replace("\\", "/")).name or "fil"
    return FileResponse(handle, as_attachment=True, filename=safe_name)
