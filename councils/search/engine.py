"""``search()``: the one entry point pages use. Parse, filter, match, rank, count, facet."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models import FloatField as _FloatField
from django.utils.safestring import mark_safe

from ..models import AgendaItem, Case, Council, SearchDocument
from .backend import get_backend
from .query import ParsedQuery, parse_query
from .text import marked_to_html

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
    """Points whose case number is the fragment or starts with it (at a part boundary).

    The (few) cases are looked up first, so the index is then probed by case id.
    """
    cases = Case.objects.filter(
        Q(number=fragment)
        | Q(number__startswith=f"{fragment}-")
        | Q(number__startswith=f"{fragment}.")
    )
    case_ids = list(cases.values_list("pk", flat=True))
    if not case_ids:
        # "IN ()" makes Django raise EmptyResultSet when the SQL is compiled (for EXPLAIN,
        # sampling, cache keys); a condition no row meets keeps the query compilable.
        return Q(pk__isnull=True)
    return Q(item__case_id__in=case_ids)


# Very common words (above EXACT_COUNT_LIMIT matches by the planner's estimate) would make
# every request count, facet and rank hundreds of thousands of points. For them:
EXACT_COUNT_LIMIT = 5_000  # up to this many (estimated) matches: exact counts and facets
SAMPLE_ROWS = 2_000  # above it: counts and facets estimated from a repeatable table sample
# Ranking reads every matching point's vector; with more than RANK_WINDOW matches, relevance
# ranks the newest RANK_WINDOW of them (and pages stop there; date order pages through all).
RANK_WINDOW = 1_000
# Counts, facets, the rank window and the ranking of a query (with its filters) are cached
# this long, so paging and facet clicks don't recount or rerank. Any index change bumps the
# generation in the key.
CACHE_SECONDS = 120
GENERATION_KEY = "search:index-generation"


def index_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def bump_index_generation() -> None:
    """Called whenever the index changes: cached counts and facets are no longer used.

    Bumped now and again when the transaction commits: with a cache outside the database
    (Redis), another worker may recount between the two from rows not yet committed and
    cache that under the new generation; the second bump retires it.
    """
    _bump()
    transaction.on_commit(_bump)


class SearchResults:
    """Lazy results: ``total``, ``facets`` and slices of ``Hit`` (so Paginator can page it).

    Counts and facets are computed on the same filtered, matched set, so the council facets
    always add up to ``total``. When ``estimated`` is true (very common words on
    PostgreSQL), both are estimates from a sample and only the first RANK_WINDOW hits can
    be paged through.
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

    def _cache_key(self, *what) -> str:
        try:
            sql, params = self.matching.query.sql_with_params()
        except EmptyResultSet:  # e.g. a journal number no case has: nothing can match
            sql, params = "empty", ()
        digest = hashlib.sha256(repr((sql, params, what)).encode()).hexdigest()
        return f"search:{index_generation()}:{digest}"

    @cached_property
    def _counts(self) -> tuple[int, dict, dict, bool]:
        key = self._cache_key("counts", EXACT_COUNT_LIMIT, SAMPLE_ROWS, RANK_WINDOW)
        counts = cache.get(key)
        if counts is None:
            counts = self._count()
            cache.set(key, counts, CACHE_SECONDS)
        return counts

    def _count(self) -> tuple:
        """(total, {council id: n}, {year: n}, estimated, newest ids or None)."""
        pairs = self.matching.order_by().values_list("council", "year")
        estimate = self.backend.estimate_count(pairs)
        if estimate is not None and estimate > EXACT_COUNT_LIMIT:
            sampled = self.backend.sample_pairs(pairs, SAMPLE_ROWS)
            if sampled is not None:
                scale, counts = sampled
                total = round(sum(counts.values()) * scale)
                if total > EXACT_COUNT_LIMIT:
                    return (total, *_scaled_facets(counts, scale, total), True, None)
        # One pass over the matches gives the counts, both facets and the newest window.
        rows = list(
            self.matching.order_by().values_list("item_id", "start", "council", "year")
        )
        counts: dict[tuple[int, int], int] = {}
        for _pk, _start, council, year in rows:
            counts[(council, year)] = counts.get((council, year), 0) + 1
        by_council, by_year = _facet_totals(counts)
        newest = None
        if len(rows) > RANK_WINDOW:
            rows.sort(key=lambda r: (-r[1].timestamp(), r[0]))
            newest = [r[0] for r in rows[:RANK_WINDOW]]
        return len(rows), by_council, by_year, False, newest

    @property
    def total(self) -> int:
        return self._counts[0]

    @property
    def estimated(self) -> bool:
        return self._counts[3]

    @property
    def rank_window(self) -> int:
        return RANK_WINDOW

    @property
    def windowed(self) -> bool:
        """True when only the newest RANK_WINDOW matches are ranked (and can be paged)."""
        return self.total > RANK_WINDOW and (self.order == "relevance" or self.estimated)

    def __len__(self) -> int:
        """How many hits can be paged through."""
        return min(self.total, RANK_WINDOW) if self.windowed else self.total

    def count(self) -> int:
        return len(self)

    @cached_property
    def facets(self) -> dict[str, list[Facet]]:
        _total, by_council, by_year, _estimated, _newest = self._counts
        councils = Council.objects.in_bulk(list(by_council))
        council_facets = sorted(
            (Facet(councils[pk], n) for pk, n in by_council.items() if n and pk in councils),
            key=lambda f: (-f.count, f.value.name),
        )
        year_facets = sorted(
            (Facet(year, n) for year, n in by_year.items() if n), key=lambda f: -f.value
        )
        return {"council": council_facets, "year": year_facets}

    @cached_property
    def _window(self) -> list[int]:
        if self._counts[4] is not None:
            return self._counts[4]
        key = self._cache_key("window", RANK_WINDOW, self.total)
        ids = cache.get(key)
        if ids is None:
            ids = self.backend.newest_ids(self.matching, RANK_WINDOW, lambda: self.total)
            cache.set(key, ids, CACHE_SECONDS)
        return ids

    def ordered(self):
        if self.order == "date":
            return self.matching.annotate(score=self.score).order_by("-start", "item_id")
        matching = self.matching
        if self.windowed:
            matching = SearchDocument.objects.filter(item_id__in=self._window)
        return matching.annotate(score=self.score).order_by("-score", "-start", "item_id")

    def __getitem__(self, key):
        if not isinstance(key, int | slice):
            raise TypeError("SearchResults are indexed by position or slice")
        if isinstance(key, int):
            return self[key : key + 1][0]
        if self.order == "relevance":
            rows = self._ranked[key]
        else:
            rows = self._newest(key)
        return self._hits(rows)

    def _newest(self, key: slice) -> list[tuple[int, float]]:
        """A slice of date order: the backend finds the newest ids the cheapest way for
        how many match (e.g. all points of a case by a journal number: collect them, then
        sort, never walk the whole date index), then only those rows get their score."""
        if key.stop is not None and key.stop >= (key.start or 0) >= 0 and key.step in (None, 1):
            start, stop, step = key.start or 0, key.stop, 1  # a page: no need to count first
        else:
            start, stop, step = key.indices(len(self))
        if stop <= start:
            return []
        ids = self.backend.newest_ids(self.matching, stop, lambda: self.total)[start:stop:step]
        scores = {}
        if ids and not isinstance(self.score, Value):
            scores = dict(
                SearchDocument.objects.filter(item_id__in=ids)
                .annotate(score=self.score)
                .values_list("item_id", "score")
            )
        return [(pk, scores.get(pk, 0.0)) for pk in ids]

    @cached_property
    def _ranked(self) -> list[tuple[int, float]]:
        """Every hit that relevance order can page through (at most RANK_WINDOW), ranked
        once and cached like the counts: the next page, or the same page again, only
        reads its hits' rows."""
        key = self._cache_key("ranked", RANK_WINDOW, self.total)
        rows = cache.get(key)
        if rows is None:
            rows = list(self.ordered().values_list("item_id", "score")[:RANK_WINDOW])
            cache.set(key, rows, CACHE_SECONDS)
        return rows

    def _hits(self, rows) -> list[Hit]:
        ids = [pk for pk, _ in rows]
        items = (
            AgendaItem.objects.public()
            .open()
            .filter(pk__in=ids)
            .select_related("meeting__council", "case")
            .in_bulk()
        )
        snippets = self.backend.snippets(self.parsed, [pk for pk in ids if pk in items])
        return [
            Hit(items[pk], score or 0.0, mark_safe(marked_to_html(snippets.get(pk, ""))))  # noqa: S308
            for pk, score in rows
            if pk in items
        ]


def _pair_counts(pairs) -> dict[tuple[int, int], int]:
    """{(council id, year): n} for the matching documents, in one grouped query."""
    rows = pairs.annotate(n=Count("pk")).values_list("council", "year", "n")
    return {(council, year): n for council, year, n in rows}


def _facet_totals(counts: dict) -> tuple[dict, dict]:
    by_council: dict[int, int] = {}
    by_year: dict[int, int] = {}
    for (council, year), n in counts.items():
        by_council[council] = by_council.get(council, 0) + n
        by_year[year] = by_year.get(year, 0) + n
    return by_council, by_year


def _largest_remainder(parts: dict, scale: float, total: int) -> dict:
    """Scale counts so they add up to ``total`` exactly (largest remainder rounding)."""
    raw = {k: v * scale for k, v in parts.items()}
    out = {k: int(v) for k, v in raw.items()}
    short = total - sum(out.values())
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: max(0, short)]:
        out[k] += 1
    return out


def _scaled_facets(counts: dict, scale: float, total: int) -> tuple[dict, dict]:
    by_council, by_year = _facet_totals(counts)
    return (
        _largest_remainder(by_council, scale, total),
        _largest_remainder(by_year, scale, total),
    )


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
