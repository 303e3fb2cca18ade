"""Step 2 of the workflow: the secretary's fixes to the draft (``Upload.parsed``).

update_draft      apply the fixes of one page of the preview (meeting date, time and place;
                  each point's title, journal number, decision, outcome, closed); the warnings
                  are worked out again from the fixed draft (``preview.warnings``)
conflicts_for     fields an editor changed on the published meeting since the last upload,
                  which the secretary decides before publishing
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...journal import InvalidCaseNumber, parse_case_number
from ...models import Upload
from ..diff import Conflict, find_conflicts
from ..intake import corrected_meeting
from ..publish import PublishError
from .warnings import current_warnings


def update_draft(upload: Upload, *, meeting: dict, items: dict[int, dict]) -> Upload:
    """Apply the secretary's fixes to the draft; its warnings are worked out again from it.

    ``meeting`` holds date, start_time and location; ``items`` maps point numbers to fields
    (the points of one page: the others stay as they are).
    """
    if upload.status != Upload.Status.DRAFT:
        raise PublishError(_("Kun kladder kan rettes."), "not_draft")
    parsed = upload.parsed
    parsed["location"] = meeting.get("location") or ""
    if meeting.get("date"):
        parsed["date"] = meeting["date"].isoformat()
    start_time = meeting.get("start_time")
    parsed["start_time"] = start_time.strftime("%H:%M") if start_time else None
    for item in parsed["items"]:
        item.update(items.get(item["number"], {}))
    upload.warnings = current_warnings(parsed, upload.warnings)
    upload.parsed = parsed
    upload.meeting = corrected_meeting(upload)
    upload.save(update_fields=["parsed", "warnings", "meeting", "updated_at"])
    return upload


def validate_case_number(value: str) -> str:
    try:
        return parse_case_number(value).number
    except InvalidCaseNumber as exc:
        raise ValueError(str(exc)) from exc


def conflicts_for(upload: Upload) -> list[Conflict]:
    if upload.parsed is None:
        return []
    return find_conflicts(corrected_meeting(upload), upload.parsed)
