"""``search()``: the one entry point pages use. Parse, filter, match, rank, count, facet."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q, Value
from django.db.models import FloatField as _FloatField
from django.utils.safestring import mark_safe

from .backend import get_backend
from .models import SearchDocument
from .query import ParsedQuery, parse_query
from .text import document_fields, marked_to_html

ORDERS = ("relevance", "date")


@dataclass
class Hit:
    item: object  # AgendaItem, with meeting__council and case selected
    score: float
    snippet: str  # safe HTML: escaped text, only our <mark> tags


@dataclass
class Facet:
    value: object  # a Council or a year
    count: int


def journal_q(fragment: str) -> Q:
    """Points whose case number is the fragment or starts with it (at a part boundary)."""
    return (
        Q(item__case__number=fragment)
        | Q(item__case__number__startswith=f"{fragment}-")
        | Q(item__case__number__startswith=f"{fragment}.")
    )


class SearchResults:
    """Lazy results: ``total``, ``facets`` and slices of ``Hit`` (so Paginator can page it).

    Counts and facets are computed on the same filtered, matched set, so the council facets
    always add up to ``total``.
    """

    def __init__(self, parsed: ParsedQuery | None, matching, score, order: str, backend):
        self.parsed = parsed
        self.matching = matching
        self.score = score
        self.order = order
        self.backend = backend

    @property
    def notices(self) -> list[str]:
        return self.parsed.notices if self.parsed else []

    @cached_property
    def total(self) -> int:
        return self.matching.count()

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    @cached_property
    def facets(self) -> dict[str, list[Facet]]:
        from ..models import Council

        by_council = list(
            self.matching.order_by().values("council").annotate(n=Count("pk")).order_by()
        )
        councils = Council.objects.in_bulk([row["council"] for row in by_council])
        council_facets = sorted(
            (Facet(councils[row["council"]], row["n"]) for row in by_council),
            key=lambda f: (-f.count, f.value.name),
        )
        by_year = self.matching.order_by().values("year").annotate(n=Count("pk")).order_by()
        year_facets = sorted(
            (Facet(row["year"], row["n"]) for row in by_year), key=lambda f: -f.value
        )
        return {"council": council_facets, "year": year_facets}

    def ordered(self):
        ranked = self.matching.annotate(score=self.score)
        if self.order == "date":
            return ranked.order_by("-start", "item_id")
        return ranked.order_by("-score", "-start", "item_id")

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        rows = list(self.ordered().values_list("item_id", "score")[key])
        return self._hits(rows)

    def _hits(self, rows) -> list[Hit]:
        from ..models import AgendaItem

        ids = [pk for pk, _ in rows]
        items = (
            AgendaItem.objects.public()
            .open()
            .filter(pk__in=ids)
            .select_related("meeting__council", "case")
            .prefetch_related("sections", "attachments", "prior_decisions")
            .in_bulk()
        )
        fields = {
            pk: document_fields(
                item, item.sections.all(), item.attachments.all(), item.prior_decisions.all()
            )
            for pk, item in items.items()
        }
        snippets = self.backend.snippets(self.parsed, fields)
        return [
            Hit(items[pk], score or 0.0, mark_safe(marked_to_html(snippets[pk])))  # noqa: S308
            for pk, score in rows
            if pk in items
        ]


def search(
    query: str | None,
    documents=None,
    *,
    matched_in: str = "",
    order: str = "relevance",
) -> SearchResults:
    """Search public agenda points.

    ``query`` uses the syntax of ``councils.search.query`` (raises ``QueryError`` with a
    friendly message when it can't be used; an empty query is allowed only together with
    ``documents`` already narrowed by filters, and then lists them newest first).
    ``documents``: a ``SearchDocument`` queryset already narrowed by filters (the
    ``SearchFilter`` FilterSet); default all public points. ``matched_in``: only points where
    the words occur in that part (``councils.search.text.MATCHED_IN_COLUMNS``).
    ``order``: "relevance" or "date".
    """
    backend = get_backend()
    matching = documents if documents is not None else SearchDocument.objects.all()
    parsed = parse_query(query) if (query or documents is None) else None
    score = Value(0.0, output_field=_FloatField())
    if parsed is not None:
        for fragment in parsed.journal:
            matching = matching.filter(journal_q(fragment))
        for fragment in parsed.excluded_journal:
            matching = matching.exclude(journal_q(fragment))
        if parsed.has_text:
            matching, score = backend.match(matching, parsed, matched_in)
    if parsed is None or not parsed.has_text:
        order = "date"
    return SearchResults(parsed, matching, score, order if order in ORDERS else "relevance",
                         backend)
