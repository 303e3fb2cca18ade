"""OParl 1.1 endpoints: single objects and paginated external lists.

Lists (``data``, ``pagination``, ``links``) are ordered by id (stable between requests),
``settings.OPARL_PAGE_SIZE`` objects a page; ``?elementsPerPage=`` asks for another size up
to ``settings.OPARL_MAX_PAGE_SIZE``, ``?page=`` picks the page. Every list takes
``created_since``, ``created_until``, ``modified_since`` and ``modified_until`` (ISO 8601
date-times; a time without offset is Copenhagen time), and every link of a page carries them.
Every response is UTF-8 JSON with ``Access-Control-Allow-Origin: *``; errors are JSON too.
A page runs a fixed number of queries whatever its size.
"""

from __future__ import annotations

import datetime
import json
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import (
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import (
    AgendaItem,
    Attachment,
    Case,
    Council,
    Meeting,
    Municipality,
    SourceDocument,
)
from .serializers import Serializer

DATE_FILTERS = {
    "created_since": ("oparl_created", "gte"),
    "created_until": ("oparl_created", "lte"),
    "modified_since": ("oparl_modified", "gte"),
    "modified_until": ("oparl_modified", "lte"),
}


class BadRequest(Exception):
    pass


def json_response(data, code: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response.status_code = code
    response["Access-Control-Allow-Origin"] = "*"
    return response


def oparl_view(view):
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return json_response(view(request, Serializer(request), *args, **kwargs))
        except Http404 as exc:
            return json_response({"error": str(exc) or _("Objektet findes ikke.")}, 404)
        except BadRequest as exc:
            return json_response({"error": str(exc)}, 400)

    return wrapper


def _one(queryset, what: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(_("%(what)s findes ikke (eller er ikke offentlig).") % {"what": what})
    return obj


# --- timestamps (see serializers.py for what they mean) ----------------------------------------


def _first_and_last(meetings):
    """Subqueries: the earliest ``created_at`` and latest ``updated_at`` of ``meetings``."""
    return {
        "oparl_created": Subquery(meetings.order_by("created_at").values("created_at")[:1]),
        "oparl_modified": Subquery(meetings.order_by("-updated_at").values("updated_at")[:1]),
    }


def _own_times(created: str, modified: str):
    return {"oparl_created": F(created), "oparl_modified": F(modified)}


def _public_bodies():
    has_meeting = Meeting.objects.public().filter(council__municipality=OuterRef("pk"))
    return Municipality.objects.filter(Exists(has_meeting)).annotate(
        **_first_and_last(Meeting.objects.public().filter(council__municipality=OuterRef("pk")))
    )


def _body_or_404(pk: int) -> Municipality:
    return _one(_public_bodies().filter(pk=pk), _("Kommunen"))


def _councils():
    return Council.objects.public().annotate(
        **_first_and_last(Meeting.objects.public().filter(council=OuterRef("pk")))
    )


def _meetings():
    return Meeting.objects.public().annotate(**_own_times("created_at", "updated_at"))


def _points():
    return AgendaItem.objects.public().annotate(
        **_own_times("meeting__created_at", "meeting__updated_at")
    )


def _cases():
    treatments = AgendaItem.objects.public().open().filter(case=OuterRef("pk"))
    return Case.objects.public().annotate(
        oparl_created=Subquery(
            treatments.order_by("meeting__created_at").values("meeting__created_at")[:1]
        ),
        oparl_modified=Subquery(
            treatments.order_by("-meeting__updated_at").values("meeting__updated_at")[:1]
        ),
    )


def _public_files():
    return Attachment.objects.public().exclude(file="")


def _sources():
    return (
        SourceDocument.objects.public()
        .exclude(file="")
        .annotate(
            oparl_created=F("uploaded_at"),
            oparl_modified=Coalesce("imported_at", "uploaded_at"),
        )
    )


def _bilag():
    return _public_files().annotate(
        **_own_times("agenda_item__meeting__created_at", "agenda_item__meeting__updated_at")
    )


# --- what a page of each list needs -----------------------------------------------------------


def _files_prefetch():
    files = _public_files().order_by("order")
    return Prefetch("attachments", queryset=files, to_attr="public_files")


def _with_points(meetings: list[Meeting]) -> list[Meeting]:
    """Fetch the meetings' points (closed ones redacted) and their public bilag files."""
    points = AgendaItem.objects.public().order_by("position").prefetch_related(_files_prefetch())
    prefetch_related_objects(meetings, Prefetch("items", queryset=points, to_attr="points"))
    return meetings


def _meeting_rows(queryset):
    return queryset.select_related("council", "source_document").with_public_source()


def _point_rows(queryset):
    return queryset.select_related("meeting__council").prefetch_related(_files_prefetch())


def _paper_rows(queryset):
    treatments = (
        AgendaItem.objects.public().open().select_related("meeting__council").in_timeline_order()
    )
    return queryset.prefetch_related(Prefetch("items", queryset=treatments, to_attr="treatments"))


def _source_rows(queryset):
    meetings = Meeting.objects.public().select_related("council").order_by("start", "pk")
    return queryset.prefetch_related(
        Prefetch("meetings", queryset=meetings, to_attr="public_meetings")
    )


# --- lists ------------------------------------------------------------------------------------


def _parse_time(name: str, raw: str) -> datetime.datetime:
    value = raw.strip().replace(" ", "+")  # an unencoded "+01:00" arrives as " 01:00"
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            _(
                "%(name)s=%(value)s er ikke et tidspunkt. Brug ISO 8601, fx "
                "2024-01-31T23:59:59+01:00."
            )
            % {"name": name, "value": raw}
        ) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _positive(name: str, raw: str | None, default: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise BadRequest(_("%(name)s skal være et helt tal over 0.") % {"name": name})
    return value


class Chain:
    """Several ordered querysets as one list (for Paginator: count and slices)."""

    def __init__(self, *querysets):
        self.querysets = querysets

    def count(self) -> int:
        if not hasattr(self, "_counts"):
            self._counts = [qs.count() for qs in self.querysets]
        return sum(self._counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice):
        self.count()
        start, stop = key.start or 0, key.stop
        rows, offset = [], 0
        for qs, n in zip(self.querysets, self._counts, strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                rows.extend(qs[lo:hi])
            offset += n
        return rows


def paginated(request, rows, render, *, filterable: bool = True) -> dict:
    """One page of an external list. ``rows``: a queryset annotated with ``oparl_created`` /
    ``oparl_modified`` (or a Chain of them, or a list); ``render(list) -> [objects]``."""
    params = request.GET
    filters = {}
    for name, (field, lookup) in DATE_FILTERS.items():
        if params.get(name):
            filters[name] = params[name]
            when = _parse_time(name, params[name])
            if filterable:
                rows = _filtered(rows, {f"{field}__{lookup}": when})
    size = min(
        _positive("elementsPerPage", params.get("elementsPerPage"), settings.OPARL_PAGE_SIZE),
        settings.OPARL_MAX_PAGE_SIZE,
    )
    number = _positive("page", params.get("page"), 1)
    paginator = Paginator(rows, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404(
            _("Listen har kun %(pages)d sider.") % {"pages": paginator.num_pages}
        ) from None

    base = request.build_absolute_uri(request.path)
    kept = dict(filters)
    if params.get("elementsPerPage"):
        kept["elementsPerPage"] = size

    def link(n: int) -> str:
        query = {**kept, **({"page": n} if n > 1 else {})}
        return f"{base}?{urlencode(query)}" if query else base

    links = {"first": link(1), "self": link(page.number), "last": link(paginator.num_pages)}
    if page.has_previous():
        links["prev"] = link(page.previous_page_number())
    if page.has_next():
        links["next"] = link(page.next_page_number())
    return {
        "data": render(list(page.object_list)),
        "pagination": {
            "totalElements": paginator.count,
            "elementsPerPage": size,
            "currentPage": page.number,
            "totalPages": paginator.num_pages,
        },
        "links": links,
    }


def _filtered(rows, lookup: dict):
    if isinstance(rows, Chain):
        return Chain(*(qs.filter(**lookup) for qs in rows.querysets))
    if isinstance(rows, list):
        return rows
    return rows.filter(**lookup)


# --- System and Body ---------------------------------------------------------------------------


@oparl_view
def system(request, s: Serializer):
    meetings = Meeting.objects.public()
    times = meetings.aggregate(created=Min("created_at"), modified=Max("updated_at"))
    now = timezone.now()
    return s.system(times["created"] or now, times["modified"] or now)


@oparl_view
def body_list(request, s: Serializer):
    rows = _public_bodies().order_by("pk")
    return paginated(request, rows, lambda rows: [s.body(b) for b in rows])


@oparl_view
def body(request, s: Serializer, pk: int):
    return s.body(_body_or_404(pk))


@oparl_view
def body_organizations(request, s: Serializer, pk: int):
    body = _body_or_404(pk)
    rows = _councils().filter(municipality=body).order_by("pk")
    return paginated(request, rows, lambda rows: [s.organization(c) for c in rows])


@oparl_view
def body_persons(request, s: Serializer, pk: int):
    _body_or_404(pk)  # no people are stored (yet): an empty, valid list
    return paginated(request, [], lambda rows: [], filterable=False)


def _meeting_page(request, s: Serializer, rows):
    def render(meetings):
        return [s.meeting(m, m.points) for m in _with_points(meetings)]

    return paginated(request, _meeting_rows(rows).order_by("pk"), render)


@oparl_view
def body_meetings(request, s: Serializer, pk: int):
    body = _body_or_404(pk)
    return _meeting_page(request, s, _meetings().filter(council__municipality=body))


@oparl_view
def body_agendaitems(request, s: Serializer, pk: int):
    body = _body_or_404(pk)
    rows = _point_rows(_points().filter(meeting__council__municipality=body)).order_by(
        "meeting_id", "number"
    )
    return paginated(request, rows, lambda rows: [s.agenda_item(i) for i in rows])


@oparl_view
def body_consultations(request, s: Serializer, pk: int):
    body = _body_or_404(pk)
    rows = (
        _points()
        .open()
        .filter(meeting__council__municipality=body, case__isnull=False)
        .select_related("meeting__council")
        .order_by("meeting_id", "number")
    )
    return paginated(request, rows, lambda rows: [s.consultation(i) for i in rows])


@oparl_view
def body_papers(request, s: Serializer, pk: int):
    body = _body_or_404(pk)
    rows = _paper_rows(_cases().filter(municipality=body)).order_by("pk")
    return paginated(request, rows, lambda rows: [s.paper(c, c.treatments) for c in rows])


@oparl_view
def body_files(request, s: Serializer, pk: int):
    """Original referat files first (by id), then bilag files (by meeting, point, order)."""
    body = _body_or_404(pk)
    in_body = Meeting.objects.filter(source_document=OuterRef("pk"), council__municipality=body)
    sources = _source_rows(_sources().filter(Exists(in_body))).order_by("pk")
    bilag = (
        _bilag()
        .filter(agenda_item__meeting__council__municipality=body)
        .select_related("agenda_item__meeting__council")
        .order_by("agenda_item__meeting_id", "agenda_item__number", "order")
    )

    def render(rows):
        return [
            s.source_file(f, f.public_meetings)
            if isinstance(f, SourceDocument)
            else s.bilag_file(f)
            for f in rows
        ]

    return paginated(request, Chain(sources, bilag), render)


# --- Organization, Meeting, AgendaItem, Consultation, Paper, File, Location ---------------------


@oparl_view
def organization(request, s: Serializer, pk: int):
    return s.organization(_one(_councils().filter(pk=pk), _("Udvalget")))


@oparl_view
def organization_meetings(request, s: Serializer, pk: int):
    council = _one(Council.objects.public().filter(pk=pk), _("Udvalget"))
    return _meeting_page(request, s, _meetings().filter(council=council))


@oparl_view
def meeting(request, s: Serializer, pk: int):
    found = _one(_meeting_rows(_meetings()).filter(pk=pk), _("Mødet"))
    return s.meeting(found, _with_points([found])[0].points)


@oparl_view
def agenda_item(request, s: Serializer, meeting: int, number: int):
    rows = _point_rows(_points().filter(meeting_id=meeting, number=number))
    return s.agenda_item(_one(rows, _("Punktet")))


@oparl_view
def consultation(request, s: Serializer, meeting: int, number: int):
    rows = (
        _points()
        .open()
        .filter(meeting_id=meeting, number=number, case__isnull=False)
        .select_related("meeting__council")
    )
    return s.consultation(_one(rows, _("Behandlingen")))


@oparl_view
def paper(request, s: Serializer, pk: int):
    case = _one(_paper_rows(_cases().filter(pk=pk)), _("Sagen"))
    return s.paper(case, case.treatments)


@oparl_view
def source_file(request, s: Serializer, pk: int):
    found = _one(_source_rows(_sources().filter(pk=pk)), _("Filen"))
    return s.source_file(found, found.public_meetings)


@oparl_view
def bilag_file(request, s: Serializer, meeting: int, number: int, order: int):
    rows = _bilag().filter(
        agenda_item__meeting_id=meeting, agenda_item__number=number, number=order
    ).select_related("agenda_item__meeting__council")
    return s.bilag_file(_one(rows, _("Filen")))


@oparl_view
def location(request, s: Serializer, pk: int):
    found = _one(_meetings().exclude(location="").filter(pk=pk), _("Mødestedet"))
    return s.location(found)
