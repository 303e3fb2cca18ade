"""The workflow's steps. Each one either completes or leaves the public site as it was.

receive_upload   (intake.py) store the file, read it into a draft in a task, or keep the error
update_draft     the secretary's fixes to the draft (titles, journal numbers, decisions, closed)
publish          one transaction: load the draft over the meeting, keep picked editor values,
                 record decision corrections, attach bilag; on failure the error is kept
discard          the draft is set aside (file and parse result stay for the record)
"""

from __future__ import annotations

import inspect
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..files import BILAG, accept
from ..files import storage_name as generated_name
from ..journal import InvalidCaseNumber, parse_case_number
from ..models import (
    Attachment,
    DecisionCorrection,
    Meeting,
    Section,
    SourceDocument,
    Upload,
)
from ..signals import send_meetings_published
from . import bilag as bilag_files
from .diff import Conflict, find_conflicts
from .history import corrections_recorded_by_caller
from .intake import UNEXPECTED_ERROR, existing_meeting, receive_upload  # noqa: F401
from .preview.warnings import current_warnings
from .serialize import parsed_from_dict

log = logging.getLogger(__name__)


class PublishError(Exception):
    def __init__(self, message: str, code: str = "publish_failed"):
        super().__init__(message)
        self.message = message
        self.code = code


def update_draft(upload: Upload, *, meeting: dict, items: dict[int, dict]) -> Upload:
    """Apply the secretary's fixes to the draft; its warnings are worked out again from it.

    ``meeting`` holds date, start_time and location; ``items`` maps point numbers to fields.
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
    upload.meeting = existing_meeting(upload.council, _draft_date(upload))
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
    return find_conflicts(existing_meeting(upload.council, _draft_date(upload)), upload.parsed)


def _draft_date(upload: Upload):
    import datetime

    return datetime.date.fromisoformat(upload.parsed["date"])


def _source_document(upload: Upload, user) -> SourceDocument:
    source = SourceDocument.objects.filter(sha256=upload.sha256).first()
    if source is not None:
        return source
    source = SourceDocument(
        original_name=upload.original_name,
        format=upload.format,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=upload.uploaded_by or user,
        parse_warnings=upload.warnings,
    )
    with upload.file.open("rb") as fh:
        data = fh.read()
    name = generated_name(upload.sha256, f".{upload.format}")
    source.file.save(name, ContentFile(data), save=False)
    source.save()
    return source


def publish(upload: Upload, *, user, resolutions: dict[str, str] | None = None) -> Meeting:
    """Publish the draft in one transaction. On failure nothing public changes, the draft
    stays a draft, and the error is stored on the upload (raised as PublishError)."""
    resolutions = dict(resolutions or {})
    try:
        with transaction.atomic():
            meeting = _publish(upload, user, resolutions)
            send_meetings_published([meeting])
    except PublishError as exc:
        _keep_error(upload, exc.message, exc.code)
        raise
    except Exception as exc:
        from ..importer import ImporterError

        if isinstance(exc, ImporterError):
            message, code = exc.message, getattr(exc, "code", "") or "import"
        else:
            log.exception("publishing upload %s failed", upload.pk)
            message, code = str(UNEXPECTED_ERROR) % {"pk": upload.pk}, "unexpected"
        _keep_error(upload, message, code)
        raise PublishError(message, code) from exc
    upload.refresh_from_db()
    return meeting


def _keep_error(upload: Upload, message: str, code: str) -> None:
    Upload.objects.filter(pk=upload.pk).update(
        error=message, error_code=code, updated_at=timezone.now()
    )
    upload.error, upload.error_code = message, code


def _publish(upload: Upload, user, resolutions: dict[str, str]) -> Meeting:
    from ..importer import load_meeting

    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != Upload.Status.DRAFT:
        raise PublishError(
            _("Denne upload er ikke en kladde (længere) og kan ikke offentliggøres."), "not_draft"
        )
    council = upload.council
    old_meeting = existing_meeting(council, _draft_date(upload))
    conflicts = find_conflicts(old_meeting, upload.parsed)
    undecided = [c for c in conflicts if resolutions.get(c.key) not in ("file", "editor")]
    if undecided:
        raise PublishError(
            _(
                "Vælg for hvert felt i konflikt, om filens eller redaktørens udgave skal gælde "
                "(%(n)d mangler)."
            )
            % {"n": len(undecided)},
            "conflicts_undecided",
        )
    was_public = old_meeting is not None and old_meeting.is_published
    old_items = {}
    if old_meeting is not None:
        for item in old_meeting.items.prefetch_related("corrections"):
            old_items[item.number] = (item, list(item.corrections.all()))
    old_files = _bilag_files_of(old_meeting)
    source = _source_document(upload, user)
    parsed = parsed_from_dict(upload.parsed, upload.warnings)
    with corrections_recorded_by_caller():
        extra = {"user": user} if "user" in inspect.signature(load_meeting).parameters else {}
        meeting = load_meeting(
            parsed,
            source=source,
            municipality=council.municipality,
            council=council,
            status=Meeting.Status.PUBLISHED,
            **extra,
        )
        if meeting.published_at is None or meeting.status != Meeting.Status.PUBLISHED:
            meeting.status = Meeting.Status.PUBLISHED
            meeting.published_at = meeting.published_at or timezone.now()
            meeting.save()
        new_items = {i.number: i for i in meeting.items.all()}
        for conflict in conflicts:
            if resolutions[conflict.key] == "editor" and conflict.item_number in new_items:
                _keep_editor_value(conflict, new_items, old_items, user)
    _carry_corrections(new_items, old_items, was_public, user)
    _attach_uploaded_bilag(upload, meeting)
    _carry_bilag_files(old_files, meeting, user)
    upload.status = Upload.Status.PUBLISHED
    upload.meeting = meeting
    upload.source_document = source
    upload.resolutions = resolutions
    upload.published_at = timezone.now()
    upload.published_by = user if user and user.is_authenticated else None
    upload.error, upload.error_code = "", ""
    upload.save()
    return meeting


KEPT_REASON = "Redaktørens rettelse bevaret ved ny upload"
BILAG_FILE_FIELDS = ("file", "original_name", "content_type", "size", "sha256", "extracted_text")


def _keep_editor_value(conflict: Conflict, new_items, old_items, user) -> None:
    item = new_items[conflict.item_number]
    if conflict.field.startswith("section:"):
        order = int(conflict.field.split(":", 1)[1])
        section = Section.objects.filter(agenda_item=item, order=order).first()
        if section is not None:
            section.text = conflict.editor_value
            section._history_user = user
            section._change_reason = KEPT_REASON
            section.save()
        return
    old_item = old_items[conflict.item_number][0]
    setattr(item, conflict.field, getattr(old_item, conflict.field))
    item._history_user = user
    item._change_reason = KEPT_REASON
    item.save()


def _bilag_files_of(meeting: Meeting | None) -> dict[tuple[int, str], dict]:
    """Files already on the meeting's bilag (uploaded earlier), by (point number, title)."""
    if meeting is None:
        return {}
    found = {}
    for a in (
        Attachment.objects.filter(agenda_item__meeting=meeting)
        .exclude(file="")
        .values("agenda_item__number", "title", *BILAG_FILE_FIELDS)
    ):
        found[(a["agenda_item__number"], a["title"])] = {f: a[f] for f in BILAG_FILE_FIELDS}
    return found


def _carry_bilag_files(old_files: dict, meeting: Meeting, user) -> None:
    """A re-upload keeps bilag files uploaded earlier (the same title on the same point)."""
    if not old_files:
        return
    for attachment in Attachment.objects.filter(
        agenda_item__meeting=meeting, file=""
    ).select_related("agenda_item"):
        kept = old_files.get((attachment.agenda_item.number, attachment.title))
        if kept is None:
            continue
        for name, value in kept.items():
            setattr(attachment, name, value)
        attachment._history_user = user
        attachment._change_reason = "Bilagsfil bevaret ved ny upload"
        attachment.save()


def _carry_corrections(new_items, old_items, was_public: bool, user) -> None:
    """Keep the record of earlier corrections and note decisions this upload changed."""
    for number, item in new_items.items():
        if number not in old_items:
            continue
        old_item, corrections = old_items[number]
        if old_item.pk != item.pk:
            for c in corrections:
                DecisionCorrection.objects.create(
                    agenda_item=item,
                    previous_decision=c.previous_decision,
                    previous_outcome=c.previous_outcome,
                    new_decision=c.new_decision,
                    new_outcome=c.new_outcome,
                    corrected_at=c.corrected_at,
                    corrected_by=c.corrected_by,
                    reason=c.reason,
                )
        if was_public and (old_item.decision or "").strip() != (item.decision or "").strip():
            DecisionCorrection.objects.create(
                agenda_item=item,
                previous_decision=old_item.decision or "",
                previous_outcome=old_item.decision_outcome or "",
                new_decision=item.decision or "",
                new_outcome=item.decision_outcome or "",
                corrected_by=user if user and user.is_authenticated else None,
                reason="Ny udgave af referatet uploadet",
            )


def _attach_uploaded_bilag(upload: Upload, meeting: Meeting) -> None:
    matched = upload.bilag.exclude(item_number=None).exclude(format="")
    if not matched.exists():
        return
    attachments = {
        (a.agenda_item.number, a.title): a
        for a in Attachment.objects.filter(agenda_item__meeting=meeting).select_related(
            "agenda_item"
        )
    }
    for stored in matched:
        attachment = attachments.get((stored.item_number, stored.attachment_title))
        if attachment is None:
            continue
        with stored.file.open("rb") as fh:
            accepted = accept(fh.read(), stored.original_name, BILAG)
        bilag_files.store_on_attachment(attachment, accepted, stored.extracted_text)


def discard(upload: Upload) -> Upload:
    if upload.status != Upload.Status.DRAFT:
        raise PublishError(_("Kun kladder kan kasseres."), "not_draft")
    upload.status = Upload.Status.DISCARDED
    upload.save(update_fields=["status", "updated_at"])
    return upload
