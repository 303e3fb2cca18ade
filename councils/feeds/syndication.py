"""Atom 1.0 and RSS 2.0 feeds (django.contrib.syndication), each in both formats:

- new meetings, of every council or of one (``MeetingsFeed``);
- new decisions of a council (``DecisionsFeed``);
- a case's new treatments (``CaseFeed``);
- any search: the /soeg/ query string gives the same results, newest first (``SearchFeed``).

Every entry comes from the public querysets; a closed point shows only its number and
"Lukket punkt" (it is redacted by ``AgendaItem.objects.public()``), decisions come only from
open points. A feed holds the newest ``settings.FEED_MAX_ITEMS`` entries.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.translation import gettext as _

from ..models import AgendaItem, Case, Council, Meeting


def day(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def kind_label(meeting: Meeting) -> str:
    return _("Dagsorden") if meeting.kind == Meeting.Kind.DAGSORDEN else _("Referat")


def published(meeting: Meeting):
    """When a meeting became public (imported before publication dates: when it was made)."""
    return meeting.published_at or meeting.created_at


def point_label(item: AgendaItem) -> str:
    meeting = item.meeting
    return _("%(council)s, %(date)s, punkt %(number)s: %(title)s") % {
        "council": meeting.council.name,
        "date": day(meeting.start),
        "number": item.number,
        "title": item.title,
    }


def decision_html(item: AgendaItem) -> str:
    outcome = item.get_decision_outcome_display() if item.decision_outcome else ""
    parts = []
    if outcome:
        parts.append(format_html("<p><strong>{}</strong></p>", outcome.capitalize()))
    if item.decision:
        parts.append(linebreaks(escape(item.decision)))
    return "".join(parts) or format_html("<p>{}</p>", _("Ingen beslutning i referatet."))


def public_council_or_404(slug: str) -> Council:
    council = Council.objects.public().filter(slug=slug).first()
    if council is None:
        raise Http404(_("Ukendt udvalg, eller udvalget har ingen offentliggjorte møder."))
    return council


class _Feed(Feed):
    feed_type = Atom1Feed

    def item_pubdate(self, item):
        return published(item.meeting if isinstance(item, AgendaItem) else item)

    def item_updateddate(self, item):
        return (item.meeting if isinstance(item, AgendaItem) else item).updated_at

    @classmethod
    def rss(cls):
        """The same feed as RSS 2.0."""
        return type(f"Rss{cls.__name__}", (cls,), {"feed_type": Rss201rev2Feed})()


class MeetingsFeed(_Feed):
    """New meetings (newest publication first) with their agenda."""

    def get_object(self, request, council=None):
        return public_council_or_404(council) if council else None

    def title(self, obj):
        if obj is None:
            return _("Nye møder – %(site)s") % {"site": settings.SITE_NAME}
        return _("Nye møder i %(council)s") % {"council": obj.name}

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("councils:council_list")

    def description(self, obj):
        if obj is None:
            return _("Nye dagsordener og referater fra alle udvalg og råd.")
        return _("Nye dagsordener og referater fra %(council)s.") % {"council": obj.name}

    subtitle = description

    def items(self, obj):
        meetings = Meeting.objects.public().select_related("council")
        if obj is not None:
            meetings = meetings.for_council(obj)
        points = AgendaItem.objects.public().order_by("position")
        return (
            meetings.annotate(published_on=Coalesce("published_at", "created_at"))
            .order_by("-published_on", "-start", "-pk")
            .prefetch_related(Prefetch("items", queryset=points, to_attr="points"))[
                : settings.FEED_MAX_ITEMS
            ]
        )

    def item_title(self, meeting):
        return _("%(council)s %(date)s (%(kind)s)") % {
            "council": meeting.council.name,
            "date": day(meeting.start),
            "kind": kind_label(meeting).lower(),
        }

    def item_description(self, meeting):
        when = formats.date_format(timezone.localtime(meeting.start), "DATETIME_FORMAT")
        facts = format_html("<p>{}: {}</p>", kind_label(meeting), when)
        if meeting.location:
            facts += format_html("<p>{}: {}</p>", _("Mødested"), meeting.location)
        points = format_html_join(
            "", "<li>{}. {}</li>", ((item.number, item.title) for item in meeting.points)
        )
        return facts + (format_html("<ol>{}</ol>", points) if points else "")

    def item_categories(self, meeting):
        return [meeting.council.name, kind_label(meeting)]


class DecisionsFeed(_Feed):
    """New decisions of a council (open points with a decision), newest publication first."""

    def get_object(self, request, council):
        return public_council_or_404(council)

    def title(self, obj):
        return _("Nye beslutninger i %(council)s") % {"council": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Beslutninger fra møderne i %(council)s.") % {"council": obj.name}

    subtitle = description

    def items(self, obj):
        return (
            AgendaItem.objects.public()
            .open()
            .for_council(obj)
            .exclude(decision="")
            .select_related("meeting__council", "case")
            .annotate(published_on=Coalesce("meeting__published_at", "meeting__created_at"))
            .order_by("-published_on", "-meeting__start", "-position")[: settings.FEED_MAX_ITEMS]
        )

    def item_title(self, item):
        return point_label(item)

    def item_description(self, item):
        return decision_html(item)


class CaseFeed(_Feed):
    """A case's treatments, newest first."""

    def get_object(self, request, number):
        case = Case.objects.public().by_number(number).order_by("pk").first()
        if case is None:
            raise Http404(_("Ukendt journalnummer, eller sagen har ingen offentlige punkter."))
        return case

    def title(self, obj):
        return _("Sag %(number)s: nye behandlinger") % {"number": obj.number}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Hver gang sag %(number)s behandles i et udvalg eller råd.") % {
            "number": obj.number
        }

    subtitle = description

    def items(self, obj):
        return (
            obj.timeline()
            .select_related("meeting__council")
            .order_by("-meeting__start", "-position", "-pk")[: settings.FEED_MAX_ITEMS]
        )

    def item_title(self, item):
        return point_label(item)

    def item_description(self, item):
        return decision_html(item)


class BadSearch(Exception):
    pass


class SearchFeed(_Feed):
    """Any search of /soeg/ as a feed: the same results, newest meeting first."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadSearch as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")

    def get_object(self, request):
        from ..views.search import follow_querystring, run_query

        found = run_query(request.GET, order="date")
        if found.results is None:
            raise BadSearch(
                found.error
                or _("Søgningen kan ikke bruges: ret den på søgesiden, og prøv igen.")
            )
        query = follow_querystring(request.GET)
        return SimpleNamespace(
            words=found.data.get("q") or "",
            querystring=query,
            self_url=f"{request.path}?{query}",
            hits=found.results[: settings.FEED_MAX_ITEMS],
        )

    def feed_url(self, obj):
        return obj.self_url

    def title(self, obj):
        if obj.words:
            return _("Søgning: %(q)s – %(site)s") % {"q": obj.words, "site": settings.SITE_NAME}
        return _("Søgning med afgrænsninger – %(site)s") % {"site": settings.SITE_NAME}

    def link(self, obj):
        return f"{reverse('councils:search')}?{obj.querystring}"

    def description(self, obj):
        return _("Nye punkter, der passer på søgningen.")

    subtitle = description

    def items(self, obj):
        return obj.hits

    def item_title(self, hit):
        return point_label(hit.item)

    def item_link(self, hit):
        return hit.item.get_absolute_url()

    def item_description(self, hit):
        snippet = format_html("<p>{}</p>", hit.snippet) if hit.snippet else ""
        return snippet + decision_html(hit.item)

    def item_pubdate(self, hit):
        return published(hit.item.meeting)

    def item_updateddate(self, hit):
        return hit.item.meeting.updated_at


meetings_atom = MeetingsFeed()
meetings_rss = MeetingsFeed.rss()
decisions_atom = DecisionsFeed()
decisions_rss = DecisionsFeed.rss()
case_atom = CaseFeed()
case_rss = CaseFeed.rss()
search_atom = SearchFeed()
search_rss = SearchFeed.rss()
