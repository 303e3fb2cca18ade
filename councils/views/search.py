"""The search page /soeg/: FilterSet → search() → paginate → render."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..filters import SearchFilter
from ..models import SearchDocument
from ..search import QueryError
from ..search import search as run_search

PAGE_SIZE = getattr(settings, "REFERATER_PAGE_SIZE", 25)
FILTER_LABELS = {
    "udvalg": gettext_lazy("udvalg"),
    "fra": gettext_lazy("fra dato"),
    "til": gettext_lazy("til dato"),
    "aar": gettext_lazy("år"),
    "udfald": gettext_lazy("beslutning"),
    "bilag": gettext_lazy("bilag"),
    "fundet_i": gettext_lazy("hvor ordene findes"),
}


def _without(request, *names) -> str:
    params = request.GET.copy()
    for name in (*names, "side"):
        params.pop(name, None)
    return f"?{params.urlencode()}"


def search(request):
    filterset = SearchFilter(request.GET or None, queryset=SearchDocument.objects.all())
    context = {
        "filter": filterset,
        "form": filterset.form,
        "query": request.GET.get("q", ""),
        "selected_councils": request.GET.getlist("udvalg"),
    }
    if request.GET and filterset.is_valid():
        data = filterset.form.cleaned_data
        active = filterset.active_filters
        query = data.get("q") or ""
        context["drop_filters"] = [
            {"label": FILTER_LABELS[name], "url": _without(request, name)} for name in active
        ]
        context["drop_all_url"] = _without(request, *FILTER_LABELS)
        if not query.strip() and not active:
            context["error"] = _("Skriv et eller flere ord, du vil søge efter.")
        else:
            try:
                results = run_search(
                    query,
                    filterset.qs,
                    matched_in=data.get("fundet_i") or "",
                    order="date" if data.get("sortering") == "dato" else "relevance",
                )
                context["page"] = Paginator(results, PAGE_SIZE).get_page(request.GET.get("side"))
                context["results"] = results
            except QueryError as exc:
                context["error"] = exc.message
    return render(request, "councils/search.html", context)
