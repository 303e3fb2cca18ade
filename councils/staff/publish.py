"""Step 3 of the workflow: the draft becomes the public meeting, or is set aside.

publish    one transaction: the importer updates the meeting in place (keeping the editor
           values the secretary picked, recording decision corrections), then the uploaded
           bilag are attached; on failure nothing public changes, the draft stays a draft and
           the error is kept on the upload
discard    the draft is set aside (file and parse result stay for the record)
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..files import BILAG, accept
from ..files import storage_name as generated_name
from ..importer import ImporterError
from ..importer.load import load_meeting
from ..models import Attachment, Meeting, SourceDocument, Upload
from ..signals import send_meetings_published
from . import bilag as bilag_files
from .diff import find_conflicts
from .intake import UNEXPECTED_ERROR, corrected_meeting
from .serialize import parsed_from_dict

log = logging.getLogger(__name__)


class PublishError(Exception):
    """A step of the workflow that cannot be done, with a Danish message for the secretary."""

    def __init__(self, message: str, code: str = "publish_failed"):
        super().__init__(message)
        self.message = message
        self.code = code


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
        if isinstance(exc, ImporterError):
            message, code = exc.message, exc.code or "import"
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
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != Upload.Status.DRAFT:
        raise PublishError(
            _("Denne upload er ikke en kladde (længere) og kan ikke offentliggøres."), "not_draft"
        )
    council = upload.council
    conflicts = find_conflicts(corrected_meeting(upload, lock=True), upload.parsed)
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
    source = _source_document(upload, user)
    meeting = load_meeting(
        parsed_from_dict(upload.parsed, upload.warnings),
        source=source,
        municipality=council.municipality,
        council=council,
        status=Meeting.Status.PUBLISHED,
        user=user,
        keep=[(c.item_number, c.field) for c in conflicts if resolutions[c.key] == "editor"],
    )
    _attach_uploaded_bilag(upload, meeting)
    upload.status = Upload.Status.PUBLISHED
    upload.meeting = meeting
    upload.source_document = source
    upload.resolutions = resolutions
    upload.published_at = timezone.now()
    upload.published_by = user if user and user.is_authenticated else None
    upload.error, upload.error_code = "", ""
    upload.save()
    return meeting


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
