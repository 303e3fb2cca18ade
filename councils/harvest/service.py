"""``harvest()``: one portal → archived meetings, incrementally. The command and the task call it.

1. the committee list (``/api/agenda/udvalgsliste``), filtered by council names and date;
2. each listed meeting whose release marker differs from the one harvested before (new or
   re-released) is fetched (``/api/agenda/dagsorden/{id}``); its JSON enters through the
   intake (``PORTAL`` purpose, format ``json``) and is kept as the meeting's SourceDocument, so
   the same JSON again is "unchanged" by its SHA-256 like any file;
3. its bilag PDFs (``/Vis/Pdf/bilag/{id}``) through the intake (``BILAG``), a bilag already
   fetched (same portal id, file still stored) is not fetched again;
4. the meeting is loaded by the importer (``import_accepted`` with the portal reader): a
   referat replaces the agenda of the same meeting, and a re-released meeting is updated, in
   place (``importer/load.py``: ids, bilag files and history survive); then the files are put
   on the bilag that lack them and a ``HarvestedMeeting`` records the marker — all in one
   transaction per meeting.

A meeting that fails (HTTP, broken JSON, a refused bilag, data the importer refuses) is
reported by its portal id and skipped; nothing of it is written and the next run tries again.
A run over an unchanged portal fetches the list and writes nothing.

Not imported: supplementary agendas (``Tillægsdagsorden``: the referat carries their points),
"Lukket referat" entries (closed points only) and an agenda whose referat the list (or an
earlier run) already has: the referat wins.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from councils.files import BILAG, PORTAL, AcceptedFile, accept
from councils.files.formats import FORMATS, sniff
from councils.importer import ImporterError
from councils.importer.extract import text_of
from councils.importer.load import canonical_council_name
from councils.importer.service import (
    default_municipality,
    import_accepted,
    municipality_slug,
)
from councils.models import (
    Attachment,
    HarvestedMeeting,
    Meeting,
    Municipality,
    SourceDocument,
    attachment_upload_to,
    normalize_council_name,
)
from councils.signals import meetings_imported

from . import mapping
from .client import PortalClient, PortalError, normalize_base_url

log = logging.getLogger(__name__)

KIND_ORDER = {"dagsorden": 0, "referat": 1}  # an agenda is loaded before its referat


@dataclass
class MeetingFailure:
    meeting: str  # the portal's id
    message: str

    def to_json(self) -> dict:
        return {"meeting": self.meeting, "message": self.message}


@dataclass
class HarvestReport:
    base_url: str
    committees: int = 0
    listed: int = 0  # meetings in the list after the filters
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    requests: int = 0
    seconds: float = 0.0
    errors: list[MeetingFailure] = field(default_factory=list)
    fatal: str = ""  # the list itself could not be read: nothing was harvested

    @property
    def status(self) -> str:  # HarvestRun.Status value
        if self.fatal:
            return "failed"
        return "partial" if self.failed else "ok"

    def summary(self) -> str:
        return (
            f"{self.committees} committees, {self.listed} meetings: {self.new} new, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.failed} failed, "
            f"{self.skipped} skipped; {self.requests} requests in {self.seconds:.1f} s"
        )


class MeetingFailed(Exception):
    pass


def resolve_municipality(value=None) -> Municipality:
    """A Municipality, a name (created when new) or None (the default setting)."""
    if isinstance(value, Municipality):
        return value
    if not value:
        return default_municipality()
    municipality, _created = Municipality.objects.get_or_create(
        slug=municipality_slug(value), defaults={"name": value.strip()}
    )
    return municipality


def _council_key(name: str) -> set[str]:
    return {normalize_council_name(name), normalize_council_name(canonical_council_name(name))}


def harvest(
    base_url: str,
    *,
    municipality=None,
    since=None,
    councils: list[str] | None = None,
    client: PortalClient | None = None,
    progress: Callable[[str], None] | None = None,
) -> HarvestReport:
    """Harvest one portal (see the module's docstring). Never raises for a portal's failure:
    the report says what happened (``fatal`` when the committee list could not be read)."""
    started = time.monotonic()
    report = HarvestReport(base_url=base_url)
    say = progress or (lambda line: None)
    own_client = client is None
    try:
        client = client or PortalClient(base_url)
        report.base_url = client.base_url
        municipality = resolve_municipality(municipality)
        try:
            refs = _listed_meetings(client, report, since, councils)
        except (PortalError, mapping.PortalDataError) as exc:
            report.fatal = f"the committee list could not be read: {exc}"
            return report
        known = {
            rec.portal_id: rec for rec in HarvestedMeeting.objects.filter(base_url=client.base_url)
        }
        harvester = _Harvester(client, municipality, known)
        for ref in refs:
            outcome = None
            try:
                outcome = harvester.one(ref)
            except Exception as exc:  # noqa: BLE001 - one meeting never stops the others
                if not isinstance(exc, MeetingFailed):
                    log.exception("harvest of meeting %s from %s failed", ref.id, base_url)
                    exc = f"{type(exc).__name__}: {exc}"
                report.failed += 1
                report.errors.append(MeetingFailure(ref.id, str(exc)))
                say(f"meeting {ref.id} ({ref.committee_name} {ref.date}): {exc}")
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
    finally:
        if client is not None:
            report.requests = client.requests
            if own_client:
                client.close()
        report.seconds = time.monotonic() - started
    return report


def _listed_meetings(client, report: HarvestReport, since, councils) -> list[mapping.MeetingRef]:
    committees = mapping.committees(mapping.load_json(client.committee_list()))
    if councils:
        wanted = {key for name in councils for key in _council_key(name)}
        chosen = [c for c in committees if _council_key(c.name) & wanted]
        found = {key for c in chosen for key in _council_key(c.name)}
        missing = [name for name in councils if not _council_key(name) & found]
        if missing:
            names = ", ".join(sorted({c.name for c in committees}))
            raise mapping.PortalDataError(
                f"no committee named {', '.join(missing)} on the portal (it lists: {names})"
            )
        committees = chosen
    report.committees = len(committees)
    refs = []
    for committee in committees:
        for ref in committee.meetings:
            if since and (ref.date is None or ref.date < since):
                continue
            refs.append(ref)
    report.listed = len(refs)
    with_referat = {(r.committee_id, r.date) for r in refs if r.kind == "referat"}
    chosen_refs = []
    for ref in refs:
        if ref.supplementary or ref.closed:
            report.skipped += 1
        elif ref.kind == "dagsorden" and (ref.committee_id, ref.date) in with_referat:
            report.skipped += 1  # the referat of the same meeting is listed: it wins
        else:
            chosen_refs.append(ref)
    chosen_refs.sort(key=lambda r: (r.start is None, r.start, KIND_ORDER[r.kind], r.id))
    return chosen_refs


@dataclass
class _Fetched:
    bilag: mapping.BilagRef
    accepted: AcceptedFile | None  # None: the stored file is reused
    record: dict  # what HarvestedMeeting.bilag keeps of it
    text: str


class _Harvester:
    def __init__(self, client: PortalClient, municipality: Municipality, known: dict):
        self.client = client
        self.municipality = municipality
        self.known = known
        # (committee id, date) of the referater harvested: their agendas are not loaded again.
        self.referater = {
            (rec.committee_id, rec.start.astimezone(mapping.TIME_ZONE).date())
            for rec in known.values()
            if rec.kind == "referat"
        }

    def one(self, ref: mapping.MeetingRef) -> str:
        """ "new", "updated", "unchanged" or "skipped"; MeetingFailed says why not."""
        record = self.known.get(ref.id)
        if record is not None and record.marker == ref.marker:
            return "unchanged"  # not re-released: not even fetched
        if ref.kind == "dagsorden" and self._referat_harvested(ref):
            return "skipped"
        name = f"{ref.id}.json"
        try:
            accepted = accept(self.client.meeting(ref.id), name, PORTAL)
        except PortalError as exc:
            raise MeetingFailed(str(exc)) from exc
        except ImporterError as exc:  # FileRefused: broken JSON
            raise MeetingFailed(exc.cli) from exc
        try:
            portal = mapping.parse_meeting(
                mapping.load_json(accepted.data),
                ref=ref,
                source_name=name,
                municipality=self.municipality.name,
            )
        except mapping.PortalDataError as exc:
            raise MeetingFailed(str(exc)) from exc
        unchanged = self._is_archived(accepted.sha256)
        files = [] if unchanged else [self._bilag(b, record) for b in portal.bilag]
        stored: list[str] = []
        try:
            with transaction.atomic():
                result = import_accepted(
                    accepted, read=lambda _a: portal.parsed, municipality=self.municipality
                )
                if result.outcome != "unchanged" and files:
                    stored = self._attach(result.meeting, files)
                self.known[ref.id] = self._remember(ref, record, result, files)
                if ref.kind == "referat":
                    self.referater.add((ref.committee_id, ref.date))
        except ImporterError as exc:
            self._discard(stored)
            raise MeetingFailed(exc.cli) from exc
        except Exception:
            self._discard(stored)
            raise
        return {"imported": "new", "updated": "updated"}.get(result.outcome, "unchanged")

    # --- what is archived already ------------------------------------------------------------
    def _referat_harvested(self, ref: mapping.MeetingRef) -> bool:
        return (ref.committee_id, ref.date) in self.referater

    @staticmethod
    def _is_archived(sha256: str) -> bool:
        """import_accepted will say "unchanged": the file is known and has its meeting."""
        source = SourceDocument.objects.filter(sha256=sha256).first()
        if source is None:
            return False
        if source.meetings.exists():
            return True
        return bool(
            source.superseded_by_id
            and Meeting.objects.filter(source_document=source.superseded_by_id).exists()
        )

    # --- bilag --------------------------------------------------------------------------------
    def _bilag(self, bilag: mapping.BilagRef, record: HarvestedMeeting | None) -> _Fetched:
        seen = (record.bilag if record else {}).get(bilag.id)
        if seen and default_storage.exists(seen.get("file", "")):
            with default_storage.open(seen["file"], "rb") as handle:
                data = handle.read()
            accepted = self._accept_bilag(data, seen.get("name") or bilag.title, bilag)
            if accepted.sha256 == seen.get("sha256"):
                return _Fetched(bilag, None, seen, _text(accepted))
        try:
            data = self.client.bilag(bilag.id)
        except PortalError as exc:
            raise MeetingFailed(f"bilag {bilag.id} ('{bilag.title}'): {exc}") from exc
        accepted = self._accept_bilag(data, bilag.title, bilag)
        return _Fetched(
            bilag,
            accepted,
            {"sha256": accepted.sha256, "name": accepted.name, "file": ""},
            _text(accepted),
        )

    @staticmethod
    def _accept_bilag(data: bytes, title: str, bilag: mapping.BilagRef) -> AcceptedFile:
        ext = {"pdf": ".pdf", "zip": ".docx"}.get(sniff(data), ".txt")
        known = tuple(e for f in FORMATS.values() for e in f.extensions)
        name = title if title.casefold().endswith(known) else f"{title}{ext}"
        try:
            return accept(data, name, BILAG)
        except ImporterError as exc:
            raise MeetingFailed(f"bilag {bilag.id} ('{bilag.title}'): {exc.cli}") from exc

    def _attach(self, meeting: Meeting, files: list[_Fetched]) -> list[str]:
        """Put the files on the meeting's bilag (by point number and order); returns the names
        of files stored now (deleted again if the transaction fails)."""
        attachments = {
            (a.agenda_item.number, a.order): a
            for a in Attachment.objects.filter(agenda_item__meeting=meeting).select_related(
                "agenda_item"
            )
        }
        stored = []
        for fetched in files:
            attachment = attachments.get((fetched.bilag.item_number, fetched.bilag.order))
            if attachment is None:
                continue
            record = fetched.record
            if fetched.accepted is not None:
                accepted = fetched.accepted
                attachment.sha256 = accepted.sha256
                path = attachment_upload_to(attachment, accepted.storage_name)
                if default_storage.exists(path):  # the same bytes (the path is their hash)
                    record["file"] = path
                else:
                    record["file"] = default_storage.save(path, ContentFile(accepted.data))
                    stored.append(record["file"])
                record.update(
                    content_type=accepted.content_type, size=accepted.size, name=accepted.name
                )
            if (attachment.file.name, attachment.sha256) == (record["file"], record["sha256"]):
                continue  # a corrected meeting is updated in place: the bilag has its file
            Attachment.objects.filter(pk=attachment.pk).update(
                file=record["file"],
                original_name=record.get("name", "")[:255],
                content_type=record.get("content_type", "")[:100],
                size=record.get("size"),
                sha256=record["sha256"],
                extracted_text=fetched.text,
            )
        # The index reads bilag titles and text: index the meeting's points again.
        meetings_imported.send(sender=Meeting, meetings=[meeting])
        return stored

    @staticmethod
    def _discard(names: list[str]) -> None:
        for name in names:
            default_storage.delete(name)

    def _remember(self, ref, record, result, files) -> HarvestedMeeting:
        bilag = {f.bilag.id: f.record for f in files} or (record.bilag if record else {})
        rec, _created = HarvestedMeeting.objects.update_or_create(
            base_url=self.client.base_url,
            portal_id=ref.id[:64],
            defaults={
                "committee_id": ref.committee_id[:64],
                "committee_name": ref.committee_name[:300],
                "kind": ref.kind,
                "start": ref.start or result.meeting.start,
                "marker": ref.marker,
                "source_document": result.source,
                "bilag": bilag,
            },
        )
        return rec


def _text(accepted: AcceptedFile) -> str:
    """The bilag's text for search; a bilag whose text cannot be read is kept without it."""
    try:
        return text_of(accepted)
    except ImporterError:
        return ""
    except Exception:  # noqa: BLE001 - a broken bilag must not stop the meeting
        log.exception("text extraction failed for bilag %s", accepted.name)
        return ""


__all__ = ["HarvestReport", "MeetingFailure", "harvest", "normalize_base_url"]
