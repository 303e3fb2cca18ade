"""Public rows → OParl 1.1 objects (plain dicts, empty optional fields left out).

| OParl | here | id (a stable URL) |
| --- | --- | --- |
| System | the site | ``/oparl/v1.1/`` |
| Body | Municipality | ``body/<id>/`` |
| Organization | Council | ``organization/<id>/`` |
| Meeting | Meeting | ``meeting/<id>/`` |
| AgendaItem | AgendaItem | ``agendaItem/<meeting id>-<number>/`` |
| Paper | Case | ``paper/<id>/`` |
| Consultation | an open point with a case | ``consultation/<meeting id>-<number>/`` |
| File | SourceDocument with a file | ``file/kilde-<id>/`` |
| File | Attachment (bilag) with a file | ``file/bilag-<meeting id>-<number>-<order>/`` |
| Location | a meeting's place | ``location/<meeting id>/`` |
| Person | (no people are stored yet: the list is empty) | |

Points and bilag are identified by meeting, number (and order), not by row id: a corrected
referat rewrites a meeting's points (new rows) but keeps the meeting, its numbers and so the
ids and the pages' URLs.

``created``/``modified`` (required by the spec on every object). Only Meeting and
SourceDocument have timestamps; the others are **derived**, nothing is invented:

- Meeting: ``created_at``/``updated_at`` (``updated_at`` also moves when anything on the
  meeting's page changes: ``councils.feeds.freshness``);
- AgendaItem, Consultation, Location, a bilag File: those of their meeting;
- a source File: ``uploaded_at`` / ``imported_at`` (or ``uploaded_at``);
- Paper: the earliest ``created`` and latest ``modified`` of the meetings that treated it
  (open public points only);
- Organization, Body, System: the same over their public meetings.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = "https://schema.oparl.org/1.1/"

# Required list-valued fields kept even when empty.
KEEP_EMPTY = {"legislativeTerm"}


def timestamp(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def compact(data: dict) -> dict:
    """Leave out empty optional fields (None, "", [])."""
    return {
        k: v for k, v in data.items() if k in KEEP_EMPTY or not (v is None or v == "" or v == [])
    }


class Serializer:
    """Builds objects for one request (absolute URLs from its host)."""

    def __init__(self, request):
        self.request = request
        self.root = request.build_absolute_uri("/").rstrip("/")

    def url(self, name: str, *args) -> str:
        return self.root + reverse(f"oparl:{name}", args=args)

    def web(self, path: str) -> str:
        return self.root + path

    def _object(self, kind: str, id_: str, created, modified, **fields) -> dict:
        return compact(
            {
                "id": id_,
                "type": SCHEMA + kind,
                **fields,
                "created": timestamp(created),
                "modified": timestamp(modified),
            }
        )

    # --- ids -----------------------------------------------------------------------------

    def agenda_item_id(self, item) -> str:
        return self.url("agendaitem", item.meeting_id, item.number)

    def consultation_id(self, item) -> str:
        return self.url("consultation", item.meeting_id, item.number)

    # --- objects -----------------------------------------------------------------------

    def system(self, created, modified) -> dict:
        return self._object(
            "System",
            self.url("system"),
            created,
            modified,
            oparlVersion=OPARL_VERSION,
            body=self.url("body_list"),
            name=settings.SITE_NAME,
            contactEmail=settings.SITE_OWNER_EMAIL,
            contactName=settings.SITE_OWNER_NAME,
            website=self.web("/"),
            web=self.web("/"),
        )

    def body(self, municipality) -> dict:
        pk = municipality.pk
        return self._object(
            "Body",
            self.url("body", pk),
            municipality.oparl_created,
            municipality.oparl_modified,
            system=self.url("system"),
            name=municipality.name,
            shortName=municipality.slug,
            classification="Kommune",
            organization=self.url("body_organizations", pk),
            person=self.url("body_persons", pk),
            meeting=self.url("body_meetings", pk),
            paper=self.url("body_papers", pk),
            agendaItem=self.url("body_agendaitems", pk),
            consultation=self.url("body_consultations", pk),
            file=self.url("body_files", pk),
            legislativeTerm=[],
            web=self.web(reverse("councils:council_list")),
        )

    def organization(self, council) -> dict:
        return self._object(
            "Organization",
            self.url("organization", council.pk),
            council.oparl_created,
            council.oparl_modified,
            body=self.url("body", council.municipality_id),
            name=council.name,
            meeting=self.url("organization_meetings", council.pk),
            organizationType="Gremium",
            classification=council.get_kind_display(),
            web=self.web(council.get_absolute_url()),
        )

    def location(self, meeting) -> dict | None:
        if not meeting.location:
            return None
        return self._object(
            "Location",
            self.url("location", meeting.pk),
            meeting.created_at,
            meeting.updated_at,
            description=meeting.location,
            meetings=[self.url("meeting", meeting.pk)],
        )

    def meeting(self, meeting, items) -> dict:
        """``items``: the meeting's points from ``AgendaItem.objects.public()`` (closed ones
        redacted), with ``public_files`` (their bilag with files)."""
        protocol = self.source_file(meeting.source_document, [meeting]) if (
            meeting.source_is_public and meeting.source_document
        ) else None
        is_agenda = meeting.kind == meeting.Kind.DAGSORDEN
        date = formats.date_format(timezone.localtime(meeting.start), "DATE_FORMAT")
        return self._object(
            "Meeting",
            self.url("meeting", meeting.pk),
            meeting.created_at,
            meeting.updated_at,
            name=f"{meeting.council.name} {date}",
            meetingState="indkaldt" if is_agenda else "afholdt",
            start=timestamp(meeting.start),
            location=self.location(meeting),
            organization=[self.url("organization", meeting.council_id)],
            invitation=protocol if is_agenda else None,
            resultsProtocol=None if is_agenda else protocol,
            agendaItem=[self.agenda_item(item, meeting) for item in items],
            web=self.web(meeting.get_absolute_url()),
        )

    def agenda_item(self, item, meeting=None) -> dict:
        meeting = meeting or item.meeting
        common = {
            "meeting": self.url("meeting", meeting.pk),
            "number": str(item.number),
            "order": item.position,
        }
        web = self.web(item.get_absolute_url())
        if item.is_redacted:  # a closed point: public false, no content
            return self._object(
                "AgendaItem",
                self.agenda_item_id(item),
                meeting.created_at,
                meeting.updated_at,
                **common,
                public=False,
                web=web,
            )
        return self._object(
            "AgendaItem",
            self.agenda_item_id(item),
            meeting.created_at,
            meeting.updated_at,
            **common,
            name=item.title,
            public=True,
            consultation=self.consultation_id(item) if item.case_id else None,
            result=item.get_decision_outcome_display() if item.decision_outcome else None,
            resolutionText=item.decision,
            auxiliaryFile=[self.bilag_file(a, item, meeting) for a in item.public_files],
            web=web,
        )

    def consultation(self, item, with_paper: bool = True) -> dict:
        meeting = item.meeting
        return self._object(
            "Consultation",
            self.consultation_id(item),
            meeting.created_at,
            meeting.updated_at,
            paper=self.url("paper", item.case_id) if with_paper else None,
            agendaItem=self.agenda_item_id(item),
            meeting=self.url("meeting", meeting.pk),
            organization=[self.url("organization", meeting.council_id)],
            web=self.web(item.get_absolute_url()),
        )

    def paper(self, case, treatments) -> dict:
        """``treatments``: the case's open public points, oldest first."""
        first = treatments[0] if treatments else None
        last = treatments[-1] if treatments else None
        return self._object(
            "Paper",
            self.url("paper", case.pk),
            case.oparl_created,
            case.oparl_modified,
            body=self.url("body", case.municipality_id),
            name=last.title if last else None,
            reference=case.number,
            date=timezone.localdate(first.meeting.start).isoformat() if first else None,
            consultation=[self.consultation(item) for item in treatments],
            web=self.web(case.get_absolute_url()),
        )

    def source_file(self, source, meetings) -> dict:
        """An original referat file; ``meetings``: its public meetings (with council)."""
        name = Path(source.original_name.replace("\\", "/")).name or "referat"
        download = None
        if meetings:
            m = meetings[0]
            download = self.web(
                reverse(
                    "councils:source",
                    kwargs={"council": m.council.slug, "date": timezone.localdate(m.start)},
                )
            )
        return self._object(
            "File",
            self.url("file_source", source.pk),
            source.uploaded_at,
            source.imported_at or source.uploaded_at,
            name=name,
            fileName=name,
            mimeType=mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=source.size,
            accessUrl=download,
            downloadUrl=download,
            meeting=[self.url("meeting", m.pk) for m in meetings],
        )

    def bilag_file(self, attachment, item=None, meeting=None) -> dict:
        item = item or attachment.agenda_item
        meeting = meeting or item.meeting
        download = self.web(
            reverse(
                "councils:attachment",
                kwargs={
                    "council": meeting.council.slug,
                    "date": timezone.localdate(meeting.start),
                    "number": item.number,
                    "nr": attachment.number,
                },
            )
        )
        return self._object(
            "File",
            self.url("file_bilag", meeting.pk, item.number, attachment.number),
            meeting.created_at,
            meeting.updated_at,
            name=attachment.title,
            fileName=Path((attachment.original_name or "").replace("\\", "/")).name or None,
            mimeType=attachment.content_type or None,
            size=attachment.size,
            accessUrl=download,
            downloadUrl=download,
            agendaItem=[self.agenda_item_id(item)],
        )
