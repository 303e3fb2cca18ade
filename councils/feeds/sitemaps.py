"""sitemap.xml (django.contrib.sitemaps) and robots.txt.

``/sitemap.xml`` is an index of one sitemap per section (the front page and council list,
councils, meetings, points, cases), each split into pages of ``settings.SITEMAP_MAX_URLS``
URLs (the protocol's maximum, 50,000). Every URL is a public page (the public querysets);
``lastmod`` is the last change of what the page shows (a meeting's ``updated_at``, see
``freshness``). A closed point's page is public (its number and "Lukket punkt") and listed;
drafts are not. Each sitemap page runs a fixed number of queries.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.http import HttpResponse
from django.urls import reverse

from ..models import AgendaItem, Case, Council, Meeting


class _Sitemap(Sitemap):
    @property
    def limit(self):
        return settings.SITEMAP_MAX_URLS

    def lastmod(self, obj):
        return obj.modified

    def get_latest_lastmod(self):
        # For the index. Django's default reads every item; one aggregate instead: the last
        # change of any public meeting (every page of every section is made of them).
        return latest_change()


def latest_change():
    return Meeting.objects.public().aggregate(latest=Max("updated_at"))["latest"]


def _newest_meeting_change(**outer):
    newest = Meeting.objects.public().filter(**outer).order_by("-updated_at")
    return Subquery(newest.values("updated_at")[:1])


class PagesSitemap(_Sitemap):
    """The front page and the list of councils."""

    def items(self):
        return ["councils:home", "councils:council_list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_latest"):
            self._latest = latest_change()
        return self._latest


class CouncilSitemap(_Sitemap):
    def items(self):
        return (
            Council.objects.public()
            .annotate(modified=_newest_meeting_change(council=OuterRef("pk")))
            .order_by("pk")
        )


class MeetingSitemap(_Sitemap):
    def items(self):
        return Meeting.objects.public().select_related("council").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class AgendaItemSitemap(_Sitemap):
    def items(self):
        # Closed points too: their pages are public (number and "Lukket punkt" only).
        return AgendaItem.objects.public().select_related("meeting__council").order_by("pk")

    def lastmod(self, item):
        return item.meeting.updated_at


class CaseSitemap(_Sitemap):
    def items(self):
        treatments = (
            AgendaItem.objects.public()
            .open()
            .filter(case=OuterRef("pk"))
            .order_by("-meeting__updated_at")
            .values("meeting__updated_at")[:1]
        )
        return Case.objects.public().annotate(modified=Subquery(treatments)).order_by("pk")


SITEMAPS = {
    "sider": PagesSitemap,
    "udvalg": CouncilSitemap,
    "moeder": MeetingSitemap,
    "punkter": AgendaItemSitemap,
    "sager": CaseSitemap,
}

ROBOTS_DISALLOW = ["/admin/", "/soeg/", "/en/soeg/", "/abonnement/", "/en/abonnement/"]


def robots_txt(request):
    """Crawlers: everything public except the admin, search results (and their feeds and
    exports, all under /soeg/) and the alert pages; the sitemap index."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
