"""The draft as the public will see it, one page of points at a time, with every warning
linked to the point it concerns.

render     the draft as the objects the public meeting templates render (``DraftPoint``)
warnings   the draft's warnings, recomputed from the draft as it is now
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator

from ..diff import diff_meetings
from ..serialize import meeting_as_dict
from .render import draft_points, unsaved_meeting
from .warnings import current_warnings, labelled

# Points per page of the preview and its fix form (6 fields each: a page stays far below
# DATA_UPLOAD_MAX_NUMBER_FIELDS however long the referat is). README, "Limits".
PREVIEW_POINTS_PER_PAGE = 50


def points_per_page() -> int:
    return int(getattr(settings, "REFERATER_PREVIEW_POINTS_PER_PAGE", PREVIEW_POINTS_PER_PAGE))


class PointsPaginator(Paginator):
    def page(self, number):
        page = super().page(number)
        page.first_number = page.object_list[0]["number"] if page.object_list else None
        page.last_number = page.object_list[-1]["number"] if page.object_list else None
        return page


def paginate(items: list[dict], number) -> object:
    """The page of points (``Page``; its object_list the draft's item dicts); a page number
    out of range or not a number is the nearest page."""
    return PointsPaginator(items, points_per_page(), allow_empty_first_page=True).get_page(number)


def build_preview(upload, page, *, forms_by_number=None, conflicts=(), existing=None) -> dict:
    """Template context for one page of the preview of an upload's draft."""
    if upload.parsed is None:
        return {"items": [], "warnings": [], "diff": None}
    parsed = upload.parsed
    index = {item["number"]: n for n, item in enumerate(parsed["items"])}
    on_page = {item["number"] for item in page.object_list}
    warnings = []
    for w in current_warnings(parsed, upload.warnings):
        w = labelled(w)
        number = w.get("item_number")
        if number in on_page:
            w["href"] = f"#punkt-{number}"
        elif number in index:
            w["href"] = f"?side={index[number] // points_per_page() + 1}#punkt-{number}"
        warnings.append(w)
    bilag = list(upload.bilag.all())
    conflicts_by_item: dict[int, list] = {}
    for c in conflicts:
        conflicts_by_item.setdefault(c.item_number, []).append(c)
    points = draft_points(page.object_list)
    by_point: dict[int, list] = {}
    for w in warnings:
        by_point.setdefault(w.get("item_number"), []).append(w)
    for point in points:
        number = point.number
        point.staff_warnings = by_point.get(number, [])
        point.staff_conflicts = conflicts_by_item.get(number, [])
        point.staff_bilag = [b for b in bilag if b.item_number == number]
        point.staff_form = (forms_by_number or {}).get(number)
    diff = None
    if existing is not None and upload.status == upload.Status.DRAFT:
        diff = diff_meetings(meeting_as_dict(existing), parsed)
    return {
        "meeting": unsaved_meeting(upload),
        "items": points,
        "page": page,
        "warnings": warnings,
        "unmatched_bilag": [b for b in bilag if b.item_number is None],
        "diff": diff,
        "existing_meeting": existing,
        "preview": True,
        "point_extra": "staff/includes/point_staff.html",
        "meeting_absences": [],
        "source_is_public": False,
    }
