"""``import_file``: bytes of one file → archived meeting, idempotently (by SHA-256).
``import_files``: several at once (new meetings written together). ``import_paths``: files
and folders on disk, in batches, reporting each file to a callback (the command's work)."""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from councils.files import REFERAT, AcceptedFile, accept, check_size
from councils.models import Meeting, Municipality, SourceDocument

from ..staff.diff import find_conflicts
from ..staff.serialize import parsed_to_dict
from .errors import ImporterError
from .extract import extract_text, text_of
from .load import (
    IMPORTER_VERSION,
    CouncilNames,
    canonical_council_name,
    existing_meeting,
    load_meeting,
    load_meetings,
    meeting_start,
    resolve_council,
)
from .parse import parse_referat
from .report import FileReport, PathsReport
from .types import ParsedMeeting, ParseWarning

DEFAULT_MUNICIPALITY_NAME = "Randers Kommune"
IMPORT_BATCH_SIZE = 50  # new referater written per transaction by import_files
IMPORT_BATCH_MAX_BYTES = 20 * 1024 * 1024  # files read into memory per batch (import_paths)


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
    status: str | None = None,
    uploaded_by=None,
) -> ImportResult:
    """Import one referat file. Same bytes again → "unchanged" and nothing is written.

    Raises ImporterError (FileRefused for the file itself) and writes nothing when the file
    cannot be used.
    """
    return import_accepted(
        accept(data, filename, REFERAT),
        municipality=municipality,
        council=council,
        status=status,
        uploaded_by=uploaded_by,
    )


def read_referat(accepted: AcceptedFile) -> ParsedMeeting:
    """The default reader of ``import_accepted``: the file's text, parsed."""
    return parse_referat(text_of(accepted), accepted.name)


def editor_values(parsed: ParsedMeeting, municipality, council=None) -> list[tuple[int, str]]:
    """What an editor changed since the last import that this file would overwrite.

    The secretary decides such conflicts in the preview (``staff.publish``); an import
    without a person to ask (the command, the harvester) keeps the editor's value — a point
    an editor closed stays closed, a corrected decision stays corrected — and the next file
    meets the same conflict again.
    """
    council = council or resolve_council(municipality, parsed.council, create=False)
    meeting = existing_meeting(council, meeting_start(parsed)) if council else None
    if meeting is None:
        return []
    return [(c.item_number, c.field) for c in find_conflicts(meeting, parsed_to_dict(parsed))]


def import_accepted(
    accepted: AcceptedFile,
    *,
    read: Callable[[AcceptedFile], ParsedMeeting] = read_referat,
    municipality=None,
    council=None,
    status=None,
    uploaded_by=None,
) -> ImportResult:
    """Import a file the intake accepted; ``read`` turns it into a ParsedMeeting (the text
    parser by default; a portal harvester passes its own reader of the portal's data).

    The same bytes again → "unchanged" without reading the file; the file is kept as the
    meeting's SourceDocument, under a generated name.
    """
    if status is not None and status not in Meeting.Status.values:
        raise ImporterError(
            f"Unknown status '{status}'; use 'draft' or 'published'.", code="bad_status"
        )
    sha = accepted.sha256
    known = SourceDocument.objects.filter(sha256=sha).first()
    if known is not None:
        meeting = known.meetings.order_by("pk").first()
        if meeting is None and known.superseded_by_id:
            meeting = Meeting.objects.filter(source_document=known.superseded_by).first()
        if meeting is not None:
            return ImportResult("unchanged", meeting, known, None, [])
        # The file is known but its meeting was deleted: import it again from the kept source.
        parsed = read(accepted)
        with transaction.atomic():
            municipality = municipality or default_municipality()
            meeting = load_meeting(
                parsed,
                source=known,
                municipality=municipality,
                council=council,
                status=status,
                user=uploaded_by,
                keep=editor_values(parsed, municipality, council),
            )
        return ImportResult("imported", meeting, known, parsed, list(parsed.warnings))

    parsed = read(accepted)
    municipality = municipality or default_municipality()

    stored_name = None
    try:
        with transaction.atomic():
            source = _source_document(accepted, parsed, uploaded_by)
            stored_name = source.file.name
            source.save()
            meeting = load_meeting(
                parsed,
                source=source,
                municipality=municipality,
                council=council,
                status=status,
                keep=editor_values(parsed, municipality, council),
                user=uploaded_by,
            )
    except BaseException:
        if stored_name:
            source.file.storage.delete(stored_name)
        raise
    return ImportResult(meeting.import_outcome, meeting, source, parsed, list(parsed.warnings))


def _source_document(accepted: AcceptedFile, parsed: ParsedMeeting, uploaded_by):
    """An unsaved SourceDocument for the file, its bytes stored under a generated name."""
    source = SourceDocument(
        original_name=accepted.name,
        format=accepted.format,
        size=accepted.size,
        sha256=accepted.sha256,
        uploaded_by=uploaded_by,
        imported_at=timezone.now(),
        importer_version=IMPORTER_VERSION,
        parse_warnings=[w.to_json() for w in parsed.warnings],
    )
    source.file.save(accepted.storage_name, ContentFile(accepted.data), save=False)
    return source


def import_files(
    files: list[tuple[bytes, str]],
    *,
    municipality=None,
    status: str | None = None,
    uploaded_by=None,
    parsed_ahead=None,
) -> list[ImportResult | Exception]:
    """Import several files; one result (or the exception) per file, in the same order.

    ``parsed_ahead``: for each file, None or a future of its parse (``ParseAhead``): used
    instead of parsing the file here when it gives one.

    New meetings are written together (``load_meetings``: one transaction, one INSERT per
    table), which is what makes bulk imports fast. Files already in the archive, corrections
    of archived meetings and repeats within the batch go through ``import_file`` one by one,
    and so does the whole batch if writing it together fails — so a bad file never costs the
    good ones, and the result is the same as importing the files one at a time.
    """
    results: list[ImportResult | Exception | None] = [None] * len(files)
    accepted: dict[int, AcceptedFile] = {}
    for index, (data, name) in enumerate(files):
        try:
            accepted[index] = accept(data, name, REFERAT)
        except ImporterError as exc:
            results[index] = exc
    shas = [a.sha256 for a in accepted.values()]
    known = set(SourceDocument.objects.filter(sha256__in=shas).values_list("sha256", flat=True))
    batch = []  # (index, parsed)
    one_by_one: list[int] = []
    seen: set[str] = set()
    for index, file in accepted.items():
        if file.sha256 in known or file.sha256 in seen:
            one_by_one.append(index)
            continue
        try:
            parsed = _result(parsed_ahead[index] if parsed_ahead else None)
            parsed = parsed or parse_referat(text_of(file), file.name)
        except ImporterError as exc:
            results[index] = exc
            continue
        seen.add(file.sha256)
        batch.append((index, parsed))

    if batch:
        municipality = municipality or default_municipality()
        names = CouncilNames(municipality)
        slots = {}
        for index, parsed in batch:
            council = names.find(parsed.council)
            key = council.pk if council else canonical_council_name(parsed.council).casefold()
            slots[index] = (key, meeting_start(parsed))
        # A file for a council and day already in the archive is a correction (its start
        # time may differ): those go one by one through load_meeting.
        slots = {i: (key, start.date()) for i, (key, start) in slots.items()}
        archived = {
            (council_id, timezone.localtime(start).date())
            for council_id, start in Meeting.objects.filter(
                council__in=[k for k, _day in slots.values() if isinstance(k, int)],
                start__date__in=[day for _k, day in slots.values()],
            ).values_list("council_id", "start")
        }
        together, taken = [], set()
        for index, parsed in batch:
            if slots[index] in archived or slots[index] in taken:
                one_by_one.append(index)  # a correction, or two files for one meeting
            else:
                taken.add(slots[index])
                together.append((index, parsed))
        if together:
            _import_together(accepted, together, results, municipality, status, uploaded_by)
            one_by_one.extend(i for i, _p in together if results[i] is None)

    for index in sorted(one_by_one):
        try:
            results[index] = import_accepted(
                accepted[index],
                municipality=municipality,
                status=status,
                uploaded_by=uploaded_by,
            )
        except Exception as exc:  # noqa: BLE001 - reported per file by the caller
            results[index] = exc
    return results


def _import_together(accepted, together, results, municipality, status, uploaded_by):
    """Write ``together`` in one transaction; on any failure leave their results empty."""
    stored: list = []
    try:
        with transaction.atomic():
            sources = []
            for index, parsed in together:
                source = _source_document(accepted[index], parsed, uploaded_by)
                stored.append(source.file)
                sources.append(source)
            sources = SourceDocument.objects.bulk_create(sources)
            if not all(s.pk for s in sources):
                by_sha = {
                    s.sha256: s
                    for s in SourceDocument.objects.filter(sha256__in=[s.sha256 for s in sources])
                }
                sources = [by_sha[s.sha256] for s in sources]
            meetings = load_meetings(
                [(parsed, source) for (_i, parsed), source in zip(together, sources, strict=True)],
                municipality=municipality,
                status=status,
                user=uploaded_by,
            )
    except Exception:  # noqa: BLE001 - the files are retried one by one
        for file in stored:
            file.storage.delete(file.name)
        return
    for (index, parsed), meeting, source in zip(together, meetings, sources, strict=True):
        results[index] = ImportResult("imported", meeting, source, parsed, list(parsed.warnings))


# --- files and folders on disk --------------------------------------------------------------


def import_paths(
    paths,
    *,
    status: str | None = None,
    dry_run: bool = False,
    report: Callable[[FileReport, int, int], None] | None = None,
    municipality=None,
) -> PathsReport:
    """Import the files given and every non-hidden file below the folders given.

    Files are read and imported in batches (``import_files``: at most IMPORT_BATCH_SIZE files
    and about IMPORT_BATCH_MAX_BYTES); ``dry_run`` parses only and writes nothing. Each file's
    ``FileReport`` goes to ``report(file, done, total)`` when it is done; a file that fails
    never stops the others.
    """
    files = collect_files(paths)
    done: list[FileReport] = []

    def note(entry: FileReport) -> None:
        done.append(entry)
        if report is not None:
            report(entry, len(done), len(files))
        if entry.meeting is not None:  # the run's report keeps the meeting's name only
            done[-1] = replace(entry, meeting=str(entry.meeting))

    if dry_run:
        for path in files:
            try:
                parsed = parse_referat(extract_text(read_file(path), path.name), path.name)
            except ImporterError as exc:
                note(FileReport(path, "failed", exc.cli))
                continue
            note(FileReport(path, "parsed", parsed=parsed, warnings=list(parsed.warnings)))
        return PathsReport(done, len(files), dry_run=True)

    municipality = municipality or default_municipality(create=False)  # made by a good file
    batches = list(chunks(files))
    with ParseAhead(enabled=len(batches) > 1) as ahead:
        upcoming = _read_chunk(batches[0], ahead) if batches else None
        for number in range(len(batches)):
            readable, unreadable, parses = upcoming
            if number + 1 < len(batches):  # the next batch is parsed while this one is written
                upcoming = _read_chunk(batches[number + 1], ahead)
            for entry in unreadable:
                note(entry)
            outcomes = import_files(
                [(data, path.name) for path, data in readable],
                municipality=municipality,
                status=status,
                parsed_ahead=parses,
            )
            for (path, _data), outcome in zip(readable, outcomes, strict=True):
                note(_file_report(path, outcome))
                if municipality is None and getattr(outcome, "meeting", None) is not None:
                    municipality = outcome.meeting.council.municipality
    return PathsReport(done, len(files))


def _read_chunk(chunk: list[Path], ahead: ParseAhead):
    """The batch's files read: (path, bytes) pairs, the FileReports of files that cannot be
    read, and for each file read the future of its parse (None for a file the archive
    already has: it is not read again)."""
    readable: list[tuple[Path, bytes]] = []
    unreadable: list[FileReport] = []
    for path in chunk:
        try:
            readable.append((path, read_file(path)))
        except ImporterError as exc:
            unreadable.append(FileReport(path, "failed", exc.cli))
    parses = None
    if ahead.enabled and readable:
        shas = [hashlib.sha256(data).hexdigest() for _path, data in readable]
        known = set(
            SourceDocument.objects.filter(sha256__in=shas).values_list("sha256", flat=True)
        )
        parses = [
            None if sha in known else ahead.submit(data, path.name)
            for (path, data), sha in zip(readable, shas, strict=True)
        ]
    return readable, unreadable, parses


def _parse_file(data: bytes, name: str) -> ParsedMeeting | None:
    """A file's parse, in the ParseAhead process; None when it cannot be used (the importer
    then meets the same error itself)."""
    try:
        return parse_referat(text_of(accept(data, name, REFERAT)), name)
    except ImporterError:
        return None


def _result(future) -> ParsedMeeting | None:
    """The parse a ParseAhead future gives, or None (no future, the file was refused, or the
    process failed: the file is then parsed in this process)."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - e.g. BrokenProcessPool; parsing here gives the answer
        return None


class ParseAhead:
    """One process (forked: it has this one's code and settings; it never uses the database)
    that parses the next batch of files while this process writes the current one, so
    parsing costs no time of its own. Disabled (``submit`` gives None) where fork is
    unavailable, for a single batch, or when the process cannot be started."""

    def __init__(self, *, enabled: bool = True):
        self.enabled = enabled and "fork" in multiprocessing.get_all_start_methods()
        self.pool = None

    def __enter__(self) -> ParseAhead:
        if self.enabled:
            try:
                self.pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("fork")
                )
            except (OSError, ValueError):
                self.enabled = False
        return self

    def submit(self, data: bytes, name: str):
        if self.pool is None:
            return None
        try:
            return self.pool.submit(_parse_file, data, name)
        except (OSError, RuntimeError):  # BrokenProcessPool is a RuntimeError
            return None

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _file_report(path: Path, outcome: ImportResult | Exception) -> FileReport:
    if isinstance(outcome, ImporterError):
        return FileReport(path, "failed", outcome.cli)
    if isinstance(outcome, Exception):  # a bug or a database problem
        return FileReport(
            path,
            "failed",
            f"unexpected error ({type(outcome).__name__}: {outcome}); the file was not "
            "imported — please report this with the file attached.",
        )
    return FileReport(path, outcome.outcome, meeting=outcome.meeting, warnings=outcome.warnings)


def collect_files(paths) -> list[Path]:
    """Files given, plus every non-hidden file below the folders given (sorted, recursive)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


def chunks(files: list[Path]) -> Iterator[list[Path]]:
    """Batches of at most IMPORT_BATCH_SIZE files and about IMPORT_BATCH_MAX_BYTES."""
    chunk: list[Path] = []
    size = 0
    for path in files:
        try:
            length = path.stat().st_size
        except OSError:
            length = 0
        if chunk and (len(chunk) >= IMPORT_BATCH_SIZE or size + length > IMPORT_BATCH_MAX_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += length
    if chunk:
        yield chunk


def read_file(path: Path) -> bytes:
    """The file's bytes; its size is checked by the intake before it is read."""
    try:
        size = path.stat().st_size
        check_size(size, path.name)
        return path.read_bytes()
    except OSError as exc:
        raise ImporterError(
            f"cannot read the file ({exc.strerror}); check the path.", "io"
        ) from exc
