"""QuerySets of the archive models (their managers are ``<QuerySet>.as_manager()``), and THE
rule of what the public may see.

The public rule, stated here and nowhere else:

- a **meeting** is public when it is published;
- an **agenda point** is public when its meeting is. A *closed* point (lukket punkt) is public
  only redacted: number, position and meeting are kept, the title reads "Lukket punkt",
  decision, outcome and case are blank, and nothing hanging off it (sections, bilag, prior
  decisions, absences, corrections, history) is ever returned;
- **sections, bilag and prior decisions** are public when their point is open and public;
  **absences** when their meeting is public and they concern the whole meeting or an open
  point;
- a **case** is public when it has an open public point; a **council** when it has a public
  meeting;
- the **original file** of a meeting (SourceDocument) is public when the meetings it is the
  source of are public and have no closed point (the file prints closed points too).

Every output (pages, downloads, search indexing, feeds, an API) calls one method:
``Meeting.objects.public()``, ``AgendaItem.objects.public()`` (closed points come back
redacted; ``.open()`` drops them), ``Section/Attachment/PriorDecision/Absence/Case/
SourceDocument/Council.objects.public()``. Each is built from ``published_q()`` and
``open_point_q()``, which state the rule for a relation path.

Model classes are reached through ``self.model`` and the app registry: ``archive.py`` imports
this module, so it cannot import the models.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalize_council_name(name: str) -> str:
    """The key used to match printed council names and aliases: case and spacing folded."""
    return re.sub(r"\s+", " ", (name or "").strip()).casefold()


# --- THE public rule --------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    """``Meeting.Status``: only published meetings are public."""

    DRAFT = "draft", _("kladde")
    PUBLISHED = "published", _("offentliggjort")


# What a closed point shows instead of its title.
CLOSED_TITLE = _("Lukket punkt")


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def day_bounds(day) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of ``day`` and of the next day, in the current time zone."""
    zone = timezone.get_current_timezone()

    def midnight(d):
        return datetime.datetime.combine(d, datetime.time.min, tzinfo=zone)

    return midnight(day), midnight(day + datetime.timedelta(days=1))


def published_q(meeting: str = "") -> Q:
    """Rows whose meeting is public; ``meeting`` is the lookup path from the queried model to
    the Meeting ("" for Meeting itself, "meeting" for an agenda point …)."""
    return Q(**{_path(meeting, "status"): MeetingStatus.PUBLISHED})


def open_point_q(point: str = "") -> Q:
    """Rows whose agenda point the public may read in full: an open point of a public
    meeting. ``point`` is the lookup path to the AgendaItem ("" for AgendaItem itself)."""
    return published_q(_path(point, "meeting")) & Q(**{_path(point, "is_closed"): False})


def closed_point_q(point: str = "") -> Q:
    return Q(**{_path(point, "is_closed"): True})


def meeting_is_public(meeting) -> bool:
    """``published_q()`` for one meeting in memory (``Meeting.is_published``)."""
    return meeting.status == MeetingStatus.PUBLISHED


def point_is_open_and_public(item) -> bool:
    """``open_point_q()`` for one agenda point in memory, with its ``meeting`` loaded (the
    importer's fresh rows, indexed without reading them back)."""
    return meeting_is_public(item.meeting) and not item.is_closed


def _model(name: str):
    return apps.get_model("councils", name)


class HiddenContentError(TypeError):
    """A query on ``AgendaItem.objects.public()`` would read what a closed point hides."""


@cache
def hidden_names(model) -> frozenset[str]:
    """What a closed point hides: its title, decision, outcome and case, and every relation
    hanging off it (sections, bilag, prior decisions, absences, corrections, …)."""
    reverse = set()
    for rel in model._meta.related_objects:
        reverse |= {rel.get_accessor_name(), rel.name}
    return frozenset({*REDACTED_FIELDS, *reverse})


# Field → the value a closed point shows.
REDACTED_FIELDS = {
    "title": CLOSED_TITLE,
    "decision": "",
    "decision_outcome": "",
    "case": None,
}


def redact_closed_point(item, *, hidden_to_attrs=()) -> None:
    """Blank a closed point in memory so that only its number (and position, meeting) remain.

    Its relations are cached as empty (so ``item.sections.all()``, ``item.absences…`` and
    prefetches return nothing and never query), ``item.search_document`` raises DoesNotExist,
    ``item.history`` is empty, and ``save()`` refuses the instance (``is_redacted``).
    """
    for name, value in REDACTED_FIELDS.items():
        setattr(item, name, value)
    cache = item.__dict__.setdefault("_prefetched_objects_cache", {})
    for rel in item._meta.related_objects:
        if rel.one_to_one:
            rel.set_cached_value(item, None)
        else:
            cache[rel.cache_name] = rel.related_model._default_manager.none()
    for to_attr in hidden_to_attrs:
        setattr(item, to_attr, [])
    item.__dict__["history"] = type(item).history.none()
    item.is_redacted = True


class RedactingModelIterable(ModelIterable):
    """Yields agenda points with the closed ones redacted (before any prefetch runs, so the
    prefetches of a closed point's relations skip it)."""

    def __iter__(self):
        hidden = hidden_names(self.queryset.model)
        to_attrs = [
            lookup.to_attr
            for lookup in self.queryset._prefetch_related_lookups
            if isinstance(lookup, models.Prefetch)
            and lookup.to_attr
            and lookup.prefetch_through.split("__")[0] in hidden
        ]
        for item in super().__iter__():
            if item.is_closed:
                redact_closed_point(item, hidden_to_attrs=to_attrs)
            yield item


def _names(obj):
    """Field names and lookup paths an argument of filter/order_by/values/annotate uses."""
    if isinstance(obj, str):
        yield obj.lstrip("-")
    elif isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[0], str):
        yield obj[0]  # a Q child: (lookup, value)
        yield from _names(obj[1])
    elif isinstance(obj, Q):
        for child in obj.children:
            yield from _names(child)
    elif isinstance(obj, F):
        yield obj.name
    elif hasattr(obj, "get_source_expressions"):
        for source in obj.get_source_expressions():
            yield from _names(source)


# --- QuerySets ----------------------------------------------------------------------------------


class CouncilQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def active(self):
        return self.filter(is_active=True)

    def public(self):
        """Councils with at least one public meeting (an ``Exists``: no count of a council's
        meetings; ``with_meeting_counts()`` adds those)."""
        meetings = _model("Meeting").objects.public().filter(council=OuterRef("pk"))
        return self.filter(Exists(meetings))

    def with_meeting_counts(self):
        """Annotate ``meeting_count`` (public meetings) and ``last_meeting`` (start of the
        newest one): a pass over every meeting of each council, for the council lists (they
        are cached aggregates, ``pagecache``)."""
        public = published_q("meetings")
        return self.annotate(
            meeting_count=Count("meetings", filter=public),
            last_meeting=Max("meetings__start", filter=public),
        )

    def resolve(self, municipality, printed_name: str):
        """The council a printed name refers to (its name or one of its aliases), or None."""
        key = normalize_council_name(printed_name)
        if not key:
            return None
        return (
            self.filter(municipality=municipality)
            .filter(Q(name_key=key) | Q(aliases__name_key=key))
            .distinct()
            .first()
        )


class SourceDocumentQuerySet(models.QuerySet):
    def public(self):
        """Files the public may download: every meeting they are the source of is public and
        has no closed point, and there is at least one."""
        meetings = _model("Meeting").objects.filter(source_document=OuterRef("pk"))
        fit = meetings.public().exclude(meetings.model.objects.has_closed_point())
        unfit = meetings.filter(~published_q() | Q(meetings.model.objects.has_closed_point()))
        return self.filter(Exists(fit)).exclude(Exists(unfit))


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings the public may see (published)."""
        return self.filter(published_q())

    def published(self):
        """The same as ``public()``."""
        return self.public()

    def drafts(self):
        return self.filter(status=MeetingStatus.DRAFT)

    def for_council(self, council):
        return self.filter(council=council)

    def in_year(self, year: int):
        return self.filter(start__year=year)

    def on_day(self, day):
        """Meetings starting on this date (in the current time zone) — a range on ``start``,
        so the (council, start) index answers it (``start__date`` computes every row's date)."""
        first, after = day_bounds(day)
        return self.filter(start__gte=first, start__lt=after)

    def before_day(self, day):
        return self.filter(start__lt=day_bounds(day)[0])

    def after_day(self, day):
        return self.filter(start__gte=day_bounds(day)[1])

    def has_closed_point(self) -> Exists:
        """A condition on meetings (in this query or, as OuterRef, the enclosing one)."""
        items = _model("AgendaItem").objects.filter(closed_point_q(), meeting=OuterRef("pk"))
        return Exists(items)

    def without_closed_points(self):
        return self.exclude(self.has_closed_point())

    def with_point_counts(self):
        """Annotate ``point_count`` (every point, closed ones too: their numbers are public)
        and ``closed_count``."""
        # Correlated subqueries, not a join + GROUP BY: a page of 8 newest meetings counts the
        # points of those 8 (index on the point's meeting), never of every meeting.
        items = _model("AgendaItem").objects.filter(meeting=OuterRef("pk"))

        def count(rows):
            return Coalesce(
                Subquery(
                    rows.order_by().values("meeting").annotate(n=Count("pk")).values("n")[:1],
                    output_field=models.IntegerField(),
                ),
                0,
            )

        return self.annotate(
            point_count=count(items), closed_count=count(items.filter(closed_point_q()))
        )

    def with_public_source(self):
        """Annotate ``source_is_public``: the original file may be downloaded
        (``SourceDocument.objects.public()``)."""
        files = _model("SourceDocument").objects.public().filter(pk=OuterRef("source_document"))
        return self.annotate(source_is_public=Exists(files))


class CaseQuerySet(models.QuerySet):
    def by_number(self, number: str):
        return self.filter(number=(number or "").strip())

    def public(self):
        """Cases with at least one open public point."""
        items = _model("AgendaItem").objects.filter(open_point_q(), case=OuterRef("pk"))
        return self.filter(Exists(items))


class AgendaItemQuerySet(models.QuerySet):
    """Agenda points. ``public()`` is THE rule for points (see the module docstring)."""

    _redacting = False  # public(): closed points are redacted, hidden content refused
    _only_open = False  # open(): no closed point can be returned

    def _clone(self):
        clone = super()._clone()
        clone._redacting = self._redacting
        clone._only_open = self._only_open
        return clone

    def public(self):
        """Points of public meetings; closed points come back **redacted** (number, position
        and meeting kept, title "Lukket punkt", the rest blank, no relations). ``open()``
        drops them. Until then, queries that would read what a closed point hides (filter,
        order, values, annotate on title/decision/case/sections/…) raise HiddenContentError."""
        clone = self.filter(published_q("meeting"))
        if not clone._only_open:
            clone._redacting = True
            clone._iterable_class = RedactingModelIterable
        return clone

    def open(self):
        """Only open points (closed ones are left out); nothing needs redacting."""
        clone = self.filter(is_closed=False)
        clone._only_open = True
        if clone._redacting:
            clone._redacting = False
            clone._iterable_class = ModelIterable
        return clone

    # Reads that would see a closed point's hidden content are refused while redacting.
    def _refuse_hidden(self, what: str, args=(), kwargs=None) -> None:
        if not self._redacting:
            return
        hidden = hidden_names(self.model)
        used = [*(n for a in args for n in _names(a)), *(kwargs or {})]
        used += [n for v in (kwargs or {}).values() for n in _names(v)]
        for name in used:
            first = name.split("__")[0]
            try:
                first = self.model._meta.get_field(first).name  # "case_id" → "case"
            except FieldDoesNotExist:  # "pk" or an annotation
                pass
            if first in hidden:
                raise HiddenContentError(
                    f"AgendaItem.objects.public() includes closed points, whose {first!r} is "
                    f"not public: call .open() before {what}() on {name!r}, or leave it out."
                )

    def _filter_or_exclude(self, negate, args, kwargs):
        self._refuse_hidden("filter", args, kwargs)
        return super()._filter_or_exclude(negate, args, kwargs)

    def order_by(self, *field_names):
        self._refuse_hidden("order_by", field_names)
        return super().order_by(*field_names)

    def values(self, *fields, **expressions):
        self._refuse_hidden("values", fields or ["title"], expressions)
        return super().values(*fields, **expressions)

    def values_list(self, *fields, flat=False, named=False):
        self._refuse_hidden("values_list", fields or ["title"])
        return super().values_list(*fields, flat=flat, named=named)

    def annotate(self, *args, **kwargs):
        self._refuse_hidden("annotate", args, kwargs)
        return super().annotate(*args, **kwargs)

    def alias(self, *args, **kwargs):
        self._refuse_hidden("alias", args, kwargs)
        return super().alias(*args, **kwargs)

    def aggregate(self, *args, **kwargs):
        self._refuse_hidden("aggregate", args, kwargs)
        return super().aggregate(*args, **kwargs)

    def distinct(self, *field_names):
        self._refuse_hidden("distinct", field_names)
        return super().distinct(*field_names)

    # --- verbs -----------------------------------------------------------------------------

    def for_council(self, council):
        return self.filter(meeting__council=council)

    def in_timeline_order(self):
        return self.order_by("meeting__start", "position", "pk")

    def with_corrections(self):
        """Prefetch each item's public decision corrections (the "Rettet <dato>" notice)."""
        corrections = _model("DecisionCorrection").objects.public().order_by("pk")
        return self.prefetch_related(models.Prefetch("corrections", queryset=corrections))


class DecisionCorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections behind the public "Rettet" notice: not cleared by a restore to the
        published wording (the history keeps them all). Shown only on open points of public
        meetings (the notice is read through ``AgendaItem.objects.public()``)."""
        return self.filter(cleared_at__isnull=True)


class _OpenPointPartQuerySet(models.QuerySet):
    """Sections, bilag and prior decisions: public when their point is open and public."""

    def public(self):
        return self.filter(open_point_q("agenda_item"))


class SectionQuerySet(_OpenPointPartQuerySet):
    pass


class AttachmentQuerySet(_OpenPointPartQuerySet):
    pass


class PriorDecisionQuerySet(_OpenPointPartQuerySet):
    def public(self):
        """Public prior decisions, annotated with ``matched_item_is_public``: the point in the
        archive it refers to may be linked to (its meeting is public)."""
        return (
            super()
            .public()
            .annotate(
                matched_item_is_public=ExpressionWrapper(
                    published_q("matched_item__meeting"), output_field=models.BooleanField()
                )
            )
        )


class AbsenceQuerySet(models.QuerySet):
    def public(self):
        """Absences of public meetings, for the whole meeting or an open point."""
        return self.filter(
            published_q("meeting") & (Q(agenda_item__isnull=True) | open_point_q("agenda_item"))
        )


# --- People (councils/models/people.py): derived from the same rule ---------------------------


def _public_mention_q(model_name: str, person: OuterRef) -> Exists:
    return Exists(_model(model_name).objects.public().filter(person=person))


class PersonQuerySet(models.QuerySet):
    def public(self):
        """Persons the public may see: named by a public vote or participation (a public
        absence is one). A person named only in closed points or drafts is not public."""
        return self.filter(
            _public_mention_q("Participation", OuterRef("pk"))
            | _public_mention_q("Vote", OuterRef("pk"))
        )

    def with_public_party(self):
        """Annotate the party letter printed with the person's name in the newest public
        participation and the newest public vote that print one; ``Person.public_party``
        picks the newer of the two ("" when none prints one)."""
        from django.db.models import Subquery

        def newest(model_name: str, start: str):
            rows = (
                _model(model_name)
                .objects.public()
                .filter(person=OuterRef("pk"))
                .exclude(party="")
                .order_by(f"-{start}", "-pk")
            )
            return Subquery(rows.values("party")[:1]), Subquery(rows.values(start)[:1])

        p_party, p_start = newest("Participation", "meeting__start")
        v_party, v_start = newest("Vote", "ballot__agenda_item__meeting__start")
        return self.annotate(
            public_party_p=p_party,
            public_party_p_at=p_start,
            public_party_v=v_party,
            public_party_v_at=v_start,
        )


class BallotQuerySet(models.QuerySet):
    def public(self):
        """Ballots of open points of public meetings."""
        return self.filter(open_point_q("agenda_item"))


class VoteQuerySet(models.QuerySet):
    def public(self):
        """Votes in ballots of open points of public meetings."""
        return self.filter(open_point_q("ballot__agenda_item"))


class ParticipationQuerySet(models.QuerySet):
    def public(self):
        """Participation in public meetings, for the whole meeting or an open point (the rule
        of ``Absence.objects.public()``)."""
        return self.filter(
            published_q("meeting") & (Q(agenda_item__isnull=True) | open_point_q("agenda_item"))
        )

    def without_repeated_absences(self):
        """Leave out a point's absence when the person's absence from the whole meeting is
        there too (the importer gives every point the absences of the meeting's header)."""
        whole = self.model.objects.filter(
            person=OuterRef("person"), meeting=OuterRef("meeting"), agenda_item__isnull=True
        )
        return self.exclude(
            Q(absence__isnull=False, agenda_item__isnull=False) & Q(Exists(whole))
        )
