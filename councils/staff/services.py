"""The workflow's steps. Each one either completes or leaves the public site as it was.

receive_upload   store the file (under a generated name), parse it into a draft or keep the error
update_draft     the secretary's fixes to the draft (titles, journal numbers, decisions, closed)
publish          one transaction: load the draft over the meeting, keep picked editor values,
                 record decision corrections, attach bilag; on failure the error is kept
discard          the draft is set aside (file and parse result stay for the record)
"""

from __future__ import annotations

import hashlib
import inspect
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..files import BILAG, REFERAT, AcceptedFile, FileRefused, accept, check_size, display_name
from ..files import storage_name as generated_name
from ..journal import InvalidCaseNumber, parse_case_number
from ..models import (
    Attachment,
    Council,
    DecisionCorrection,
    Meeting,
    Section,
    SourceDocument,
    Upload,
    UploadedBilag,
)
from ..signals import send_meetings_published
from . import bilag as bilag_files
from .diff import Conflict, find_conflicts
from .history import corrections_recorded_by_caller
from .preview.warnings import current_warnings
from .serialize import parsed_from_dict, parsed_to_dict, warnings_to_list

log = logging.getLogger(__name__)

UNEXPECTED_ERROR = gettext_lazy(
    "Der opstod en uventet fejl. Filen er gemt; prøv igen, og kontakt en administrator, "
    "hvis fejlen gentager sig (oplys uploadens nummer %(pk)s)."
)


class PublishError(Exception):
    def __init__(self, message: str, code: str = "publish_failed"):
        super().__init__(message)
        self.message = message
        self.code = code


def _read(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    return uploaded_file.read()


def existing_meeting(council: Council, date) -> Meeting | None:
    return Meeting.objects.filter(council=council, start__date=date).first()


def _stored_name(sha256: str, accepted: AcceptedFile | None) -> str:
    """A generated name for the stored bytes (a refused file keeps ".bin")."""
    return accepted.storage_name if accepted is not None else generated_name(sha256, ".bin")


def receive_upload(*, user, council: Council, uploaded_file, bilag=()) -> Upload:
    """Store the file and turn it into a draft; a file we cannot read is kept with its error.

    Raises FileRefused only for empty files and files over the size limit (they are not
    stored); every other refusal of the intake is kept on the upload as its error.
    """
    name = display_name(uploaded_file.name)
    check_size(uploaded_file.size, name)
    for extra in bilag:
        check_size(extra.size, extra.name)
    data = _read(uploaded_file)
    upload = Upload(
        council=council,
        uploaded_by=user if user and user.is_authenticated else None,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        status=Upload.Status.FAILED,
    )
    accepted = None
    try:
        accepted = accept(data, name, REFERAT)
        upload.format = accepted.format
    except FileRefused as exc:
        upload.format = ""
        upload.error, upload.error_code = exc.message, exc.code
    upload.file.save(_stored_name(upload.sha256, accepted), ContentFile(data), save=False)
    upload.save()
    if accepted is not None:
        _prepare_draft(upload, accepted)
    for extra in bilag:
        _receive_bilag(upload, extra)
    return upload


def _prepare_draft(upload: Upload, accepted: AcceptedFile) -> None:
    from ..importer import ImporterError, parse_referat
    from ..importer.extract import text_of

    try:
        text = text_of(accepted)
        parsed = parse_referat(text, upload.original_name)
    except ImporterError as exc:
        upload.error, upload.error_code = exc.message, getattr(exc, "code", "") or "import"
        upload.save(update_fields=["error", "error_code", "updated_at"])
        return
    except Exception:
        log.exception("parsing upload %s failed", upload.pk)
        upload.error, upload.error_code = str(UNEXPECTED_ERROR) % {"pk": upload.pk}, "unexpected"
        upload.save(update_fields=["error", "error_code", "updated_at"])
        return
    warnings = warnings_to_list(parsed.warnings)
    council = upload.council
    if _printed_council(council.municipality, parsed.council) != council:
        warnings.insert(
            0,
            {
                "code": "council_mismatch",
                "message": (
                    _(
                        "Referatet er skrevet for “%(printed)s”, men du har valgt %(council)s. "
                        "Kontrollér, at du har valgt det rigtige udvalg."
                    )
                    % {"printed": parsed.council, "council": council}
                ),
                "item_number": None,
                "line": None,
            },
        )
    upload.parsed = parsed_to_dict(parsed)
    upload.warnings = warnings
    upload.meeting = existing_meeting(council, parsed.date)
    upload.status = Upload.Status.DRAFT
    upload.save()


def _printed_council(municipality, printed: str) -> Council | None:
    """The council a printed name means, also without qualifiers ("… inkl. …", "2015-2021")."""
    council = Council.objects.resolve(municipality, printed)
    if council is None:
        try:
            from ..importer.load import resolve_council
        except ImportError:  # pragma: no cover - an importer without the helper
            return None
        council = resolve_council(municipality, printed, create=False)
    return council


def _receive_bilag(upload: Upload, uploaded_file) -> UploadedBilag:
    data = _read(uploaded_file)
    name = display_name(uploaded_file.name)
    item = UploadedBilag(
        upload=upload,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        format="",
    )
    accepted = None
    try:
        accepted = accept(data, name, BILAG)
    except FileRefused as exc:
        item.error = exc.message
    else:
        item.format, item.content_type = accepted.format, accepted.content_type
        item.extracted_text, item.error = bilag_files.extract(accepted)
        if upload.parsed:
            titles = [
                (i["number"], t) for i in upload.parsed["items"] for t in i.get("attachments", [])
            ]
            taken = set(
                upload.bilag.exclude(item_number=None).values_list(
                    "item_number", "attachment_title"
                )
            )
            match = bilag_files.best_match(name, titles, taken)
            if match:
                item.item_number, item.attachment_title = match
            elif not item.error:
                item.error = _(
                    "“%(name)s” passer ikke til nogen bilagstitel i referatet. Giv filen "
                    "samme navn som bilaget og upload den igen."
                ) % {"name": name}
    item.file.save(_stored_name(item.sha256, accepted), ContentFile(data), save=False)
    item.save()
    return item


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
