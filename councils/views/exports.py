"""Exports: a search's results as CSV or JSON (streamed, at most ``settings.EXPORT_MAX_ROWS``
rows), and a meeting's points as JSON.

A search export runs exactly the search of the /soeg/ page with the same query string
(``run_query``): the same results in the same order. Rows are read in slices of
``EXPORT_CHUNK`` hits (a fixed number of queries per slice). A meeting's points come from
``AgendaItem.objects.public()``: a closed point is its number, "Lukket punkt" and
``"public": false``.
"""

from __future__ import annotations

import csv
import json

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .public import _link_prior_decisions, _meeting_or_404, _public_points
from .search import run_query

EXPORT_CHUNK = 500
CSV_COLUMNS = [
    "udvalg",
    "dato",
    "punkt",
    "titel",
    "udfald",
    "beslutning",
    "sag",
    "url",
]


def _bad_request(message: str):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _search_or_400(request):
    found = run_query(request.GET)
    if found.results is None:
        return None, _bad_request(
            found.error or _("Søgningen kan ikke bruges: ret den på søgesiden, og prøv igen.")
        )
    return found, None


def _hits(results, limit: int):
    """Up to ``limit`` hits, read in slices."""
    total = min(len(results), limit)
    for start in range(0, total, EXPORT_CHUNK):
        yield from results[start : min(start + EXPORT_CHUNK, total)]


def _row(request, hit) -> dict:
    item = hit.item
    meeting = item.meeting
    return {
        "udvalg": meeting.council.name,
        "dato": timezone.localdate(meeting.start).isoformat(),
        "punkt": item.number,
        "titel": item.title,
        "udfald": item.get_decision_outcome_display() if item.decision_outcome else "",
        "beslutning": item.decision,
        "sag": item.case.number if item.case_id else "",
        "url": request.build_absolute_uri(item.get_absolute_url()),
    }


class _Echo:
    def write(self, value):
        return value


def search_csv(request):
    found, error = _search_or_400(request)
    if error:
        return error
    writer = csv.DictWriter(_Echo(), fieldnames=CSV_COLUMNS)

    def rows():
        yield writer.writeheader()
        for hit in _hits(found.results, settings.EXPORT_MAX_ROWS):
            yield writer.writerow(_row(request, hit))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="soegning.csv"'
    return response


def search_json(request):
    found, error = _search_or_400(request)
    if error:
        return error
    results = found.results
    total = results.total
    exported = min(len(results), settings.EXPORT_MAX_ROWS)
    head = {
        "query": request.GET.urlencode(),
        "total": total,
        "estimated": results.estimated,
        "exported": exported,
        "truncated": exported < total,
        "limit": settings.EXPORT_MAX_ROWS,
    }

    def chunks():
        opening = json.dumps(head, ensure_ascii=False)[:-1]
        yield opening + ', "results": ['
        for n, hit in enumerate(_hits(results, settings.EXPORT_MAX_ROWS)):
            yield ("," if n else "") + json.dumps(_row(request, hit), ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="soegning.json"'
    return response


def meeting_points_json(request, council, date):
    meeting = _meeting_or_404(council, date)
    items = _link_prior_decisions(list(_public_points(meeting).order_by("position")))
    absolute = request.build_absolute_uri
    points = []
    for item in items:
        point = {
            "number": item.number,
            "title": item.title,
            "public": not item.is_redacted,
            "url": absolute(item.get_absolute_url()),
        }
        if not item.is_redacted:
            point.update(
                {
                    "decision": item.decision,
                    "outcome": item.decision_outcome,
                    "case": item.case.number if item.case_id else None,
                    "sections": [
                        {"kind": s.kind, "heading": s.heading, "text": s.text}
                        for s in item.sections.all()
                    ],
                    "attachments": [
                        {
                            "title": a.title,
                            "url": absolute(a.get_absolute_url())
                            if a.file
                            else None,
                        }
                        for a in item.attachments.all()
                    ],
                    "prior_decisions": [
                        {
                            "council": p.council_name,
                            "date": p.date.isoformat() if p.date else None,
                            "point": p.item_number,
                            "text": p.text,
                            "url": absolute(p.public_url) if p.public_url else None,
                        }
                        for p in item.prior_decisions.all()
                    ],
                }
            )
        points.append(point)
    data = {
        "council": meeting.council.name,
        "printed_council_name": meeting.printed_council_name,
        "kind": meeting.kind,
        "start": timezone.localtime(meeting.start).isoformat(),
        "location": meeting.location,
        "url": absolute(meeting.get_absolute_url()),
        "points": points,
    }
    return JsonResponse(
        data,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        content_type="application/json; charset=utf-8",
    )
