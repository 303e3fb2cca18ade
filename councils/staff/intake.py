"""Step 1 of the workflow: a secretary's file becomes a draft, off the request.

receive_upload   (in the request) store the referat and its bilag files under generated names
                 (a file the intake refuses is kept with its error) and enqueue ``read_upload``;
                 the upload is "under behandling" until the task is done
read_upload      (the task ``tasks.read_upload``) read the referat and the bilag's text, each in
                 a child process within the reading limits (``sandbox``), and turn the upload
                 into a draft, or into "fejlet" with a Danish error saying what to do

Limits (README, "Limits of the secretary's workflow"): ``REFERATER_MAX_POINTS_PER_FILE`` points
per referat, ``MAX_TEXT_CHARS`` characters of text per file (``councils/files/limits.py``), and
the reading limits ``REFERATER_READ_TIMEOUT_SECONDS`` / ``REFERATER_READ_MEMORY_MB``.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..files import BILAG, REFERAT, AcceptedFile, FileRefused, accept, check_size, display_name
from ..files import storage_name as generated_name
from ..models import Council, Meeting, Upload, UploadedBilag
from . import bilag as bilag_files
from .preview.render import draft_start
from .preview.warnings import current_warnings
from .sandbox import LimitExceeded, memory_limit_mb, run_limited, timeout_seconds
from .serialize import parsed_to_dict, warnings_to_list

log = logging.getLogger(__name__)

# Points one uploaded referat may have (a council meeting has 5–80; the largest real ones a few
# hundred). Setting REFERATER_MAX_POINTS_PER_FILE.
MAX_POINTS_PER_FILE = 1000

UNEXPECTED_ERROR = gettext_lazy(
    "Der opstod en uventet fejl. Filen er gemt; prøv igen, og kontakt en administrator, "
    "hvis fejlen gentager sig (oplys uploadens nummer %(pk)s)."
)


def max_points_per_file() -> int:
    return int(getattr(settings, "REFERATER_MAX_POINTS_PER_FILE", MAX_POINTS_PER_FILE))


def corrected_meeting(upload: Upload, *, lock: bool = False) -> Meeting | None:
    """The archived meeting the draft corrects: the one publishing will update in place."""
    from ..importer.load import existing_meeting

    return existing_meeting(upload.council, draft_start(upload.parsed), lock=lock)


def _read(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    return uploaded_file.read()


def _stored_name(sha256: str, accepted: AcceptedFile | None) -> str:
    """A generated name for the stored bytes (a refused file keeps ".bin")."""
    return accepted.storage_name if accepted is not None else generated_name(sha256, ".bin")


def receive_upload(*, user, council: Council, uploaded_file, bilag=()) -> Upload:
    """Store the file (and its bilag) and enqueue the reading; returns the upload.

    Raises FileRefused only for empty files and files over the size limit (they are not
    stored); every other refusal of the intake is kept on the upload as its error. With the
    immediate task backend (tests, ``make run``) the upload is a draft (or failed) on return.
    """
    from .tasks import read_upload as read_upload_task

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
        status=Upload.Status.PROCESSING,
    )
    accepted = None
    try:
        accepted = accept(data, name, REFERAT)
        upload.format = accepted.format
    except FileRefused as exc:
        upload.format = ""
        upload.status = Upload.Status.FAILED
        upload.error, upload.error_code = exc.message, exc.code
    upload.file.save(_stored_name(upload.sha256, accepted), ContentFile(data), save=False)
    upload.save()
    for extra in bilag:
        _store_bilag(upload, extra)
    if accepted is not None:
        read_upload_task.enqueue(upload.pk)
        upload.refresh_from_db()
    return upload


def _store_bilag(upload: Upload, uploaded_file) -> UploadedBilag:
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
    item.file.save(_stored_name(item.sha256, accepted), ContentFile(data), save=False)
    item.save()
    return item


# --- the task's side -------------------------------------------------------------------------


# The parser's errors are one English line for the import command; a secretary reads these.
PARSE_ERRORS = {
    "no_header": gettext_lazy(
        "“%(name)s” har intet mødehoved (udvalg og dato, fx “REFERAT Socialudvalget d. "
        "25-03-2015” eller en linje “Mødedato …”), så det ligner ikke et referat eller en "
        "dagsorden. Kontrollér, at filen er mødets referat og ikke et bilag."
    ),
    "bad_date": gettext_lazy(
        "Mødedatoen i “%(name)s” mangler eller kan ikke læses. Skriv den som “REFERAT <udvalg> "
        "d. DD-MM-ÅÅÅÅ” eller i en linje “Mødedato …”, og upload filen igen."
    ),
    "no_items": gettext_lazy(
        "Der er ingen punkter i “%(name)s” (som “Punkt 1: titel” eller “1. titel”). "
        "Kontrollér, at filen er hele referatet."
    ),
    "duplicate_item": gettext_lazy(
        "Et punktnummer står to gange i “%(name)s”. Ret nummereringen i filen, og upload den "
        "igen."
    ),
    "empty": gettext_lazy("“%(name)s” indeholder ingen tekst, der kan læses."),
    "bad_html": gettext_lazy(
        "Websiden “%(name)s” kan ikke læses. Gem siden igen (Filer → Gem som, “Webside, kun "
        "HTML”), eller gem referatet som PDF."
    ),
    "too_large": gettext_lazy(
        "Websiden “%(name)s” er for stor til at være ét referat. Gem kun mødets side."
    ),
}
PARSE_ERROR_OTHER = gettext_lazy(
    "“%(name)s” kunne ikke læses som et referat. Kontrollér, at filen er mødets referat eller "
    "dagsorden og ikke et bilag, og upload den igen."
)


def _read_in_child(data: bytes, name: str) -> dict:
    """(In the child process.) The referat's draft, or its error (in Danish for the
    secretary; the importer's own line is logged): plain, picklable values."""
    from ..importer import ImporterError, parse_referat
    from ..importer.extract import text_of

    try:
        parsed = parse_referat(text_of(accept(data, name, REFERAT)), name)
    except FileRefused as exc:  # the intake's messages are for secretaries already
        return {"error": str(exc.message), "code": exc.code}
    except ImporterError as exc:
        code = exc.code or "import"
        log.info("upload %s not read: %s (%s)", name, exc.message, code)
        message = PARSE_ERRORS.get(code, PARSE_ERROR_OTHER) % {"name": name}
        return {"error": str(message), "code": code}
    return {"parsed": parsed_to_dict(parsed), "warnings": warnings_to_list(parsed.warnings)}


def _limit_message(exc: LimitExceeded, name: str) -> tuple[str, str]:
    if exc.code == "timeout":
        return (
            _(
                "Det tog mere end %(seconds)s sekunder at læse “%(name)s”, så læsningen blev "
                "stoppet. Filen er gemt. Gem referatet igen som PDF eller DOCX fra "
                "sagssystemet og upload det igen; hjælper det ikke, så kontakt en administrator."
            )
            % {"seconds": f"{timeout_seconds():g}", "name": name},
            "read_timeout",
        )
    if exc.code == "memory":
        return (
            _(
                "Det krævede mere end %(mb)s MB hukommelse at læse “%(name)s”, så læsningen "
                "blev stoppet. Filen er gemt. Kontrollér, at det er ét mødes referat, og upload "
                "det igen som PDF eller DOCX."
            )
            % {"mb": memory_limit_mb(), "name": name},
            "read_memory",
        )
    return "", "unexpected"


def read_upload(upload: Upload) -> Upload:
    """Read an upload that is "under behandling" into a draft, or fail it with its error."""
    try:
        _read_upload(upload)
    except Exception:
        log.exception("reading upload %s failed", upload.pk)
        _fail(upload, str(UNEXPECTED_ERROR) % {"pk": upload.pk}, "unexpected")
    return upload


def _fail(upload: Upload, message: str, code: str) -> None:
    upload.status = Upload.Status.FAILED
    upload.error, upload.error_code = message, code
    upload.save(update_fields=["status", "error", "error_code", "updated_at"])


def _read_upload(upload: Upload) -> None:
    with upload.file.open("rb") as fh:
        data = fh.read()
    try:
        result = run_limited(_read_in_child, data, upload.original_name)
    except LimitExceeded as exc:
        log.warning("reading upload %s stopped: %s", upload.pk, exc)
        message, code = _limit_message(exc, upload.original_name)
        _fail(upload, message or str(UNEXPECTED_ERROR) % {"pk": upload.pk}, code)
        return
    if "error" in result:
        _fail(upload, result["error"], result["code"])
        return
    parsed = result["parsed"]
    if len(parsed["items"]) > max_points_per_file():
        _fail(
            upload,
            _(
                "“%(name)s” har %(n)s punkter; der kan højst være %(limit)s punkter i ét "
                "referat. Kontrollér, at filen er ét mødes referat. Filen er gemt."
            )
            % {
                "name": upload.original_name,
                "n": len(parsed["items"]),
                "limit": max_points_per_file(),
            },
            "too_many_points",
        )
        return
    warnings = current_warnings(parsed, result["warnings"])
    council = upload.council
    if _printed_council(council.municipality, parsed["council"]) != council:
        warnings.insert(
            0,
            {
                "code": "council_mismatch",
                "message": (
                    _(
                        "Referatet er skrevet for “%(printed)s”, men du har valgt %(council)s. "
                        "Kontrollér, at du har valgt det rigtige udvalg."
                    )
                    % {"printed": parsed["council"], "council": council}
                ),
                "item_number": None,
                "line": None,
            },
        )
    upload.parsed = parsed
    upload.warnings = warnings
    upload.meeting = corrected_meeting(upload)
    upload.status = Upload.Status.DRAFT
    upload.error, upload.error_code = "", ""
    upload.save()
    for stored in upload.bilag.exclude(format=""):
        _read_bilag(upload, stored)


def _printed_council(municipality, printed: str) -> Council | None:
    """The council a printed name means, also without qualifiers ("… inkl. …", "2015-2021")."""
    from ..importer.load import resolve_council

    return Council.objects.resolve(municipality, printed) or resolve_council(
        municipality, printed, create=False
    )


def _read_bilag(upload: Upload, stored: UploadedBilag) -> None:
    """A bilag file's text (in a child process) and the bilag title its name matches."""
    with stored.file.open("rb") as fh:
        data = fh.read()
    try:
        accepted = accept(data, stored.original_name, BILAG)
    except FileRefused as exc:  # accepted when stored; kept with the reason all the same
        stored.error = exc.message
        stored.save(update_fields=["error"])
        return
    stored.extracted_text, stored.error = bilag_files.extract(accepted)
    titles = [(i["number"], t) for i in upload.parsed["items"] for t in i.get("attachments", [])]
    taken = set(
        upload.bilag.exclude(item_number=None)
        .exclude(pk=stored.pk)
        .values_list("item_number", "attachment_title")
    )
    match = bilag_files.best_match(stored.original_name, titles, taken)
    if match:
        stored.item_number, stored.attachment_title = match
    elif not stored.error:
        stored.error = _(
            "“%(name)s” passer ikke til nogen bilagstitel i referatet. Giv filen "
            "samme navn som bilaget og upload den igen."
        ) % {"name": stored.original_name}
    stored.save()
