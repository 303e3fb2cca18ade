from django.urls import path, register_converter

from .alerts import views as alerts
from .feeds import calendar, syndication
from .views import exports, people, public, search


class DateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        import datetime

        return datetime.date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


class CaseNumberConverter:
    """A case number in a URL: "/" (as in Acadre's 19/01234) is written "~", so the number
    stays one path segment; every other character of a case number is URL-safe as is."""

    regex = r"[0-9A-Za-zÆØÅæøå._~\-]+"

    def to_python(self, value):
        return value.replace("~", "/")

    def to_url(self, value):
        return str(value).replace("/", "~")


register_converter(DateConverter, "isodate")
register_converter(CaseNumberConverter, "casenumber")

app_name = "councils"
urlpatterns = [
    path("", public.home, name="home"),
    path("udvalg/", public.council_list, name="council_list"),
    # Follow everything (feeds, calendar), before the council's own URLs.
    path("udvalg/moeder.atom", syndication.meetings_atom, name="feed_meetings"),
    path("udvalg/moeder.rss", syndication.meetings_rss, name="feed_meetings_rss"),
    path("udvalg/moeder.ics", calendar.meetings_calendar, name="calendar"),
    path("udvalg/<slug:council>/", public.council_detail, name="council"),
    path("udvalg/<slug:council>/moeder.atom", syndication.meetings_atom, name="feed_council"),
    path(
        "udvalg/<slug:council>/moeder.rss", syndication.meetings_rss, name="feed_council_rss"
    ),
    path("udvalg/<slug:council>/moeder.ics", calendar.meetings_calendar, name="calendar_council"),
    path(
        "udvalg/<slug:council>/beslutninger.atom",
        syndication.decisions_atom,
        name="feed_decisions",
    ),
    path(
        "udvalg/<slug:council>/beslutninger.rss",
        syndication.decisions_rss,
        name="feed_decisions_rss",
    ),
    path("udvalg/<slug:council>/<isodate:date>/", public.meeting_detail, name="meeting"),
    path(
        "udvalg/<slug:council>/<isodate:date>/punkt-<int:number>/",
        public.item_detail,
        name="item",
    ),
    path(
        "udvalg/<slug:council>/<isodate:date>/punkt-<int:number>/bilag-<int:nr>/",
        public.attachment_download,
        name="attachment",
    ),
    path(
        "udvalg/<slug:council>/<isodate:date>/punkter.json",
        exports.meeting_points_json,
        name="meeting_json",
    ),
    path(
        "udvalg/<slug:council>/<isodate:date>/kilde/", public.source_download, name="source"
    ),
    # The address of a bilag until issue 10; moved permanently to the one above.
    path("bilag/<int:pk>/", public.attachment_moved, name="attachment_moved"),
    path("sager/<casenumber:number>/", public.case_detail, name="case"),
    path("sager/<casenumber:number>/behandlinger.atom", syndication.case_atom, name="feed_case"),
    path(
        "sager/<casenumber:number>/behandlinger.rss", syndication.case_rss, name="feed_case_rss"
    ),
    path("soeg/", search.search, name="search"),
    path("soeg/resultater.atom", syndication.search_atom, name="feed_search"),
    path("soeg/resultater.rss", syndication.search_rss, name="feed_search_rss"),
    path("soeg/resultater.csv", exports.search_csv, name="export_csv"),
    path("soeg/resultater.json", exports.search_json, name="export_json"),
    # E-mail alerts.
    path("abonnement/", alerts.manage_request, name="alerts"),
    path("abonnement/tilmeld/", alerts.subscribe, name="alerts_subscribe"),
    path("abonnement/bekraeft/<str:token>/", alerts.confirm, name="alerts_confirm"),
    path("abonnement/afmeld/<str:token>/", alerts.unsubscribe, name="alerts_unsubscribe"),
    path("abonnement/mine/<str:token>/", alerts.manage, name="alerts_manage"),
    path("personer/", people.person_list, name="person_list"),
    path("personer/<slug:slug>/", people.person_detail, name="person"),
]
