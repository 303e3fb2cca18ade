"""A draft (``Upload.parsed``) as the objects the public meeting page renders.

The preview includes the public page's own templates (``councils/includes/meeting_header.html``
and ``point.html``) with the same template tags, so what the secretary sees is what the public
will see. The draft is no set of rows yet: a point is a ``DraftPoint`` whose related rows are
unsaved model instances in ``Rows`` (a list with ``.all()``, as the templates ask a related
manager). What is made from rows only on publishing (votes and participation read from the
decisions, links to the point's own page and to the case) is left out.
"""

from __future__ import annotations

import datetime

from ...models import Absence, AgendaItem, Attachment, Case, Meeting, PriorDecision, Section


class Rows(list):
    """A list the templates can call ``.all`` on, like a related manager."""

    def all(self):
        return self


class DraftPoint:
    """One point of the draft with the attributes the public point templates read."""

    def __init__(self, data: dict):
        self.data = data
        self.number = data["number"]
        self.title = data.get("title") or ""
        self.is_closed = bool(data.get("is_closed"))
        self.decision = data.get("decision") or ""
        self.decision_outcome = data.get("decision_outcome") or ""
        number = data.get("case_number")
        self.case = Case(number=number) if number else None
        self.corrections = Rows()
        self.ballot_list, self.participation_list = [], []
        if self.is_closed:  # as ``.public()`` redacts a closed point: number only
            self.sections, self.attachments, self.prior_decisions = Rows(), Rows(), Rows()
            self.absence_list = []
            return
        self.sections = Rows(
            Section(kind=s["kind"], heading=s.get("heading") or "", text=s.get("text") or "")
            for s in data.get("sections", [])
        )
        self.attachments = Rows(
            Attachment(title=title, order=n, number=n)
            for n, title in enumerate(data.get("attachments", []), start=1)
        )
        priors = Rows()
        for p in data.get("prior_decisions", []):
            prior = PriorDecision(
                council_name=p.get("council") or "",
                date=datetime.date.fromisoformat(p["date"]) if p.get("date") else None,
                item_number=p.get("item_number"),
                text=p.get("text") or "",
                heading=p.get("heading") or "",
            )
            prior.public_url = None
            priors.append(prior)
        self.prior_decisions = priors
        self.absence_list = [
            Absence(name=a["name"], kind=a["kind"]) for a in data.get("absences", [])
        ]

    def get_decision_outcome_display(self):
        return AgendaItem.Outcome(self.decision_outcome).label if self.decision_outcome else ""


def draft_start(parsed: dict) -> datetime.datetime:
    """The meeting's start as the importer stores it (``importer.load.start_of``)."""
    from ...importer.load import start_of

    date = datetime.date.fromisoformat(parsed["date"])
    time = datetime.time.fromisoformat(parsed["start_time"]) if parsed.get("start_time") else None
    return start_of(date, time)


def unsaved_meeting(upload) -> Meeting:
    """The unsaved Meeting the draft becomes (for the header: council, start, place)."""
    parsed = upload.parsed
    return Meeting(
        council=upload.council,
        start=draft_start(parsed),
        location=parsed.get("location") or "",
        printed_council_name=parsed.get("council") or upload.council.name,
        kind=parsed.get("kind") or Meeting.Kind.REFERAT,
        status=Meeting.Status.DRAFT,
    )


def draft_points(items: list[dict]) -> list[DraftPoint]:
    return [DraftPoint(item) for item in items]
