"""Public pages of the people in the minutes: the person list, a person's page, and the votes
and participation shown on a point. Every query goes through the public querysets
(``Person/Ballot/Vote/Participation.objects.public()``): a person named only in closed points
or drafts does not exist here, and neither do their rows.

Each page runs a fixed number of queries whatever the size of the data
(``tests/views/test_people.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ..models import Ballot, Participation, Person, PersonAlias, Vote
from ..people.parse import parse_decision

# Named limits (documented in the README, "People").
PERSON_LIST_PAGE_SIZE = 100  # persons per page of /personer/
PERSON_ROWS_PAGE_SIZE = 50  # participation rows, and votes, per page of a person's page

# The rows of a ballot's table, in this order.
CHOICE_ORDER = [Vote.Choice.FOR, Vote.Choice.IMOD, Vote.Choice.UNDLOD, Vote.Choice.FORBEHOLD]
CHOICE_LABELS = {
    Vote.Choice.FOR: _("For"),
    Vote.Choice.IMOD: _("Imod"),
    Vote.Choice.UNDLOD: _("Undlod at stemme"),
    Vote.Choice.FORBEHOLD: _("Tog forbehold"),
}


@dataclass
class ChoiceRow:
    choice: str
    label: str
    count: int | None
    votes: list = field(default_factory=list)


def ballot_rows(ballot: Ballot) -> list[ChoiceRow]:
    """One row per choice the ballot prints a count or a voter for."""
    counts = {
        Vote.Choice.FOR: ballot.votes_for,
        Vote.Choice.IMOD: ballot.votes_against,
        Vote.Choice.UNDLOD: ballot.votes_abstain,
    }
    rows = []
    for choice in CHOICE_ORDER:
        votes = [v for v in ballot.votes.all() if v.choice == choice]
        if votes or counts.get(choice) is not None:
            rows.append(ChoiceRow(choice, CHOICE_LABELS[choice], counts.get(choice), votes))
    return rows


def attach_people(items) -> None:
    """Set ``item.ballot_list`` (each ballot with ``.rows``) and ``item.participation_list``
    on these points: at most three queries for all of them (ballots, their votes, the
    participation sentences), none when no decision prints a vote or participation. Closed
    points get nothing: their rows are not public."""
    for item in items:
        item.ballot_list, item.participation_list = [], []
    # The rows are rebuilt from the decision text on every save: a decision that prints no
    # vote or participation sentence has none, and needs no query (closed points print none:
    # their decision is blank when redacted).
    parsed = {item.pk: parse_decision(item.decision) for item in items if item.decision}
    with_ballots = {pk: by for pk, by in parsed.items() if by.ballots}
    with_sentences = {pk: by for pk, by in parsed.items() if by.participations}
    by_pk = {item.pk: item for item in items}
    votes = Vote.objects.public().select_related("person").order_by("order", "pk")
    ballots = (
        Ballot.objects.public()
        .filter(agenda_item_id__in=list(with_ballots))
        .prefetch_related(Prefetch("votes", queryset=votes))
        .order_by("agenda_item_id", "order")
    )
    for ballot in ballots if with_ballots else ():
        ballot.rows = ballot_rows(ballot)
        by_pk[ballot.agenda_item_id].ballot_list.append(ballot)
    # Sentence rows only: the point shows its absences already.
    participations = (
        Participation.objects.public()
        .filter(agenda_item_id__in=list(with_sentences), absence__isnull=True)
        .select_related("person")
        .order_by("agenda_item_id", "order", "pk")
    )
    for row in participations if with_sentences else ():
        by_pk[row.agenda_item_id].participation_list.append(row)


def person_list(request):
    persons = Person.objects.public().with_public_party().order_by("sort_key", "pk")
    page = Paginator(persons, PERSON_LIST_PAGE_SIZE).get_page(request.GET.get("side"))
    groups: list[dict] = []
    for person in page:
        initial = person.name[:1].upper()
        if not groups or groups[-1]["initial"] != initial:
            groups.append({"initial": initial, "persons": []})
        groups[-1]["persons"].append(person)
    context = {"page": page, "groups": groups, "canonical_path": request.path}
    return render(request, "councils/person_list.html", context)


def person_detail(request, slug):
    person = Person.objects.public().with_public_party().filter(slug=slug).first()
    if person is None:
        # A merged person's old address leads to the person it was merged into.
        alias = PersonAlias.objects.filter(slug=slug).exclude(slug="").first()
        if alias is not None:
            target = Person.objects.public().filter(pk=alias.person_id).first()
            if target is not None:
                return redirect(target, permanent=True)
        raise Http404(_("Personen findes ikke, eller ingen offentlige referater nævner den."))
    participations = (
        Participation.objects.public()
        .filter(person=person)
        .without_repeated_absences()
        .select_related("meeting__council", "agenda_item__meeting__council")
        .order_by("-meeting__start", "agenda_item__position", "order", "pk")
    )
    votes = (
        Vote.objects.public()
        .filter(person=person)
        .select_related("ballot__agenda_item__meeting__council")
        .order_by("-ballot__agenda_item__meeting__start", "ballot__agenda_item__position",
                  "ballot__order", "order")
    )  # fmt: skip
    participation_page = Paginator(participations, PERSON_ROWS_PAGE_SIZE).get_page(
        request.GET.get("deltagelse")
    )
    vote_page = Paginator(votes, PERSON_ROWS_PAGE_SIZE).get_page(request.GET.get("stemmer"))
    context = {
        "person": person,
        "participation_page": participation_page,
        "vote_page": vote_page,
        "canonical_path": person.get_absolute_url(),
    }
    return render(request, "councils/person_detail.html", context)
