"""Search page. (Interim: title match only; the full-text backends replace this.)"""

from django.core.paginator import Paginator
from django.shortcuts import render

from ..models import AgendaItem


def search(request):
    query = (request.GET.get("q") or "").strip()[:500]
    items = AgendaItem.objects.none()
    if query:
        items = (
            AgendaItem.objects.public()
            .open()
            .filter(title__icontains=query)
            .select_related("meeting__council")
            .order_by("-meeting__start")
        )
    page = Paginator(items, 25).get_page(request.GET.get("side"))
    return render(request, "councils/search.html", {"query": query, "page": page})
