"""The search page /soeg/: FilterSet → search() → paginate → render."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..feeds import links as follow_links
from ..filters import SearchFilter
from ..models import SearchDocument
from ..search import QueryError, SearchResults
from ..search import search as run_search
from ..search.vocabulary import suggest

# "Mente du …?" is looked for when a search finds this many points or fewer, and shown when
# the suggested query finds more.
SUGGEST_AT_MOST = 3

PAGE_SIZE = getattr(settings, "REFERATER_PAGE_SIZE", 25)
FILTER_LABELS = {
    "udvalg": gettext_lazy("udvalg"),
    "fra": gettext_lazy("fra dato"),
    "til": gettext_lazy("til dato"),
    "aar": gettext_lazy("år"),
    "udfald": gettext_lazy("beslutning"),
    "bilag": gettext_lazy("bilag"),
    "dokument": gettext_lazy("dokument"),
    "fundet_i": gettext_lazy("hvor ordene findes"),
}


def _without(request, *names) -> str:
    params = request.GET.copy()
    for name in (*names, "side"):
        params.pop(name, None)
    return f"?{params.urlencode()}"


@dataclass
class SearchRequest:
    """A /soeg/ query string, validated and run: what the page, its feeds and its exports
    show (``results`` is None when there is nothing to search for or the query is bad)."""

    filterset: SearchFilter
    results: SearchResults | None = None
    error: str = ""

    @property
    def data(self) -> dict:
        return self.filterset.form.cleaned_data if self.filterset.is_bound else {}


def run_query(params, *, order: str | None = None) -> SearchRequest:
    """Validate ``params`` (a QueryDict of /soeg/ parameters) and run ``search()``.

    ``order`` overrides the ``sortering`` parameter ("date" for feeds: newest first)."""
    filterset = SearchFilter(params or None, queryset=SearchDocument.objects.all())
    found = SearchRequest(filterset)
    if not params or not filterset.is_valid():
        return found
    data = filterset.form.cleaned_data
    query = data.get("q") or ""
    if not query.strip() and not filterset.active_filters:
        found.error = _("Skriv et eller flere ord, du vil søge efter.")
        return found
    if order is None:
        order = "date" if data.get("sortering") == "dato" else "relevance"
    try:
        found.results = run_search(
            query, filterset.qs, matched_in=data.get("fundet_i") or "", order=order
        )
    except QueryError as exc:
        found.error = exc.message
    return found


def follow_querystring(params) -> str:
    """The query string a feed, an export or an alert of this search keeps (no page number,
    no sort order: feeds list the newest first)."""
    params = params.copy()
    for name in ("side", "sortering"):
        params.pop(name, None)
    return params.urlencode()


@dataclass
class ShownSuggestion:
    query: str  # the corrected query, for the link (the other parameters are kept)
    words: list[tuple[str, bool]]  # (word or gap, corrected?) for emphasis
    total: int  # how many points it finds (with the same filters)


def _suggestion(filterset, results) -> ShownSuggestion | None:
    """A corrected query from the archive's vocabulary, when this one finds at most
    SUGGEST_AT_MOST points and the correction (with the same filters) finds more."""
    if results.parsed is None or results.total > SUGGEST_AT_MOST:
        return None
    suggestion = suggest(results.parsed)
    if suggestion is None:
        return None
    data = filterset.form.cleaned_data
    try:
        better = run_search(
            suggestion.query, filterset.qs, matched_in=data.get("fundet_i") or "", order="date"
        )
    except QueryError:
        return None
    total = better.total
    if total <= results.total:
        return None
    fixed = set(suggestion.corrections.values())
    words = [
        (piece, piece.lower() in fixed)
        for piece in re.split(r"([^\W_]+)", suggestion.query)
        if piece
    ]
    return ShownSuggestion(suggestion.query, words, total)


def search(request):
    found = run_query(request.GET)
    filterset = found.filterset
    context = {
        "filter": filterset,
        "form": filterset.form,
        "query": request.GET.get("q", ""),
        "selected_councils": request.GET.getlist("udvalg"),
        # The filters' <details> is open when one is set (or wrong), closed otherwise.
        "filters_open": bool(request.GET) and (
            not filterset.is_valid() and any(n != "q" for n in filterset.form.errors)
            or bool(filterset.is_valid() and filterset.active_filters)
        ),
    }
    if request.GET and filterset.is_valid():
        active = filterset.active_filters
        context["drop_filters"] = [
            {"label": FILTER_LABELS[name], "url": _without(request, name)} for name in active
        ]
        context["drop_all_url"] = _without(request, *FILTER_LABELS)
        if found.error:
            context["error"] = found.error
        elif found.results is not None:
            results = found.results
            context["page"] = Paginator(results, PAGE_SIZE).get_page(request.GET.get("side"))
            context["results"] = results
            context["follow"] = follow_links.for_search(follow_querystring(request.GET))
            context["suggestion"] = _suggestion(filterset, results)
    return render(request, "councils/search.html", context)
