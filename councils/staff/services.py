"""The workflow's steps. Each one either completes or leaves the public site as it was.

receive_upload   store the file (under a generated name), parse it into a draft or keep the error
update_draft     the secretary's fixes to the draft (titles, journal numbers, decisions, closed)
publish          one transaction: the importer updates the meeting in place (keeping the
                 editor values the secretary picked, recording decision corrections), then
                 the uploaded bilag are attached; on failure the error is kept
discard          the draft is set aside (file and parse result stay for the record)
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..files import BILAG, REFERAT, AcceptedFile, FileRefused, accept, check_size, display_name
from ..files import storage_name as generated_name
from ..importer import ImporterError, parse_referat
from ..importer.extract import text_of
from ..importer.load import (
    existing_meeting,
    load_meeting,
    meeting_start,
    resolve_council,
    start_of,
)
from ..journal import InvalidCaseNumber, parse_case_number
from ..models import (
    AgendaItem,
    Attachment,
    Council,
    Meeting,
    SourceDocument,
    Upload,
    UploadedBilag,
)
from ..signals import send_meetings_published
from . import bilag as bilag_files
from .diff import Conflict, find_conflicts
from .serialize import parsed_from_dict, parsed_to_dict, warnings_to_list

log = logging.getLogger(__name__)

UNEXPECTED_ERROR = gettext_lazy(
    "Der opstod en uventet fejl. Filen er gemt; prøv igen, og kontakt en administrator, "
    "hvis fejlen gentager sig (oplys uploadens nummer %(pk)s)."
)
# Warnings a secretary's fix makes obsolete: code -> predicate on the fixed item.
RESOLVED_BY_FIX = {
    "no_case_number": lambda item: bool(item.get("case_number")),
    "outcome_other": lambda item: item.get("decision_outcome") != AgendaItem.Outcome.ANDET,
}


class PublishError(Exception):
    def __init__(self, message: str, code: str = "publish_failed"):
        super().__init__(message)
        self.message = message
        self.code = code


def _read(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    return uploaded_file.read()


def draft_meeting(upload: Upload, *, lock: bool = False) -> Meeting | None:
    """The archived meeting the draft corrects: the one the importer will update."""
    day = datetime.date.fromisoformat(upload.parsed["date"])
    start_time = upload.parsed.get("start_time")
    start = start_of(day, datetime.time.fromisoformat(start_time) if start_time else None)
    return existing_meeting(upload.council, start, lock=lock)


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
    upload.meeting = existing_meeting(council, meeting_start(parsed))
    upload.status = Upload.Status.DRAFT
    upload.save()


def _printed_council(municipality, printed: str) -> Council | None:
    """The council a printed name means, also without qualifiers ("… inkl. …", "2015-2021")."""
    council = Council.objects.resolve(municipality, printed)
    if council is None:
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
    """Apply the secretary's fixes to the draft and drop the warnings they resolve.

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
    by_number = {i["number"]: i for i in parsed["items"]}
    upload.warnings = [
        w
        for w in upload.warnings
        if not (
            w.get("code") in RESOLVED_BY_FIX
            and w.get("item_number") in by_number
            and RESOLVED_BY_FIX[w["code"]](by_number[w["item_number"]])
        )
    ]
    upload.parsed = parsed
    upload.meeting = draft_meeting(upload)
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
    return find_conflicts(draft_meeting(upload), upload.parsed)


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
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != Upload.Status.DRAFT:
        raise PublishError(
            _("Denne upload er ikke en kladde (længere) og kan ikke offentliggøres."), "not_draft"
        )
    council = upload.council
    conflicts = find_conflicts(draft_meeting(upload, lock=True), upload.parsed)
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
