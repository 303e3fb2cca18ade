"""``import_file``: bytes of one file → archived meeting, idempotently (by SHA-256)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Meeting, Municipality, SourceDocument

from .errors import ImporterError
from .extract import extract_text, file_format
from .load import IMPORTER_VERSION, load_meeting
from .parse import parse_referat
from .types import ParsedMeeting, ParseWarning

DEFAULT_MUNICIPALITY_NAME = "Randers Kommune"


@dataclass
class ImportResult:
    outcome: str  # "imported", "updated" or "unchanged"
    meeting: Meeting | None
    source: SourceDocument
    parsed: ParsedMeeting | None  # None for "unchanged": the file was not read again
    warnings: list[ParseWarning] = field(default_factory=list)


def municipality_slug(name: str) -> str:
    """ "Randers Kommune" → "randers" (the word Kommune is left out of the slug)."""
    base = name.strip()
    if base.casefold().endswith(" kommune"):
        base = base[: -len(" kommune")]
    return slugify(base.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")) or "kommune"


def default_municipality(*, create: bool = True) -> Municipality | None:
    """The municipality of ``settings.REFERATER_DEFAULT_MUNICIPALITY`` (created if missing,
    unless ``create`` is False: then None)."""
    name = getattr(settings, "REFERATER_DEFAULT_MUNICIPALITY", DEFAULT_MUNICIPALITY_NAME)
    if not create:
        return Municipality.objects.filter(slug=municipality_slug(name)).first()
    municipality, _created = Municipality.objects.get_or_create(
        slug=municipality_slug(name), defaults={"name": name}
    )
    return municipality


def import_file(
    data: bytes,
    filename: str,
    *,
    municipality=None,
    council=None,
    status: str = "published",
    uploaded_by=None,
) -> ImportResult:
    """Import one referat file. Same bytes again → "unchanged" and nothing is written.

    Raises ImporterError (and writes nothing) when the file cannot be used.
    """
    if status not in Meeting.Status.values:
        raise ImporterError(
            f"Unknown status '{status}'; use 'draft' or 'published'.", code="bad_status"
        )
    sha = hashlib.sha256(data or b"").hexdigest()
    known = SourceDocument.objects.filter(sha256=sha).first()
    if known is not None:
        meeting = known.meetings.order_by("pk").first()
        if meeting is None and known.superseded_by_id:
            meeting = Meeting.objects.filter(source_document=known.superseded_by).first()
        return ImportResult("unchanged", meeting, known, None, [])

    fmt = file_format(filename)
    text = extract_text(data, filename)
    parsed = parse_referat(text, filename)
    municipality = municipality or default_municipality()

    stored_name = None
    try:
        with transaction.atomic():
            source = SourceDocument(
                original_name=filename[-255:],
                format=fmt,
                size=len(data),
                sha256=sha,
                uploaded_by=uploaded_by,
                imported_at=timezone.now(),
                importer_version=IMPORTER_VERSION,
                parse_warnings=[w.to_json() for w in parsed.warnings],
            )
            source.file.save(f"{sha}.{fmt}", ContentFile(data), save=False)
            stored_name = source.file.name
            source.save()
            meeting = load_meeting(
                parsed,
                source=source,
                municipality=municipality,
                council=council,
                status=status,
                user=uploaded_by,
            )
    except BaseException:
        if stored_name:
            source.file.storage.delete(stored_name)
        raise
    return ImportResult(meeting.import_outcome, meeting, source, parsed, list(parsed.warnings))
