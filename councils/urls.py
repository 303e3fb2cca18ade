from django.urls import path, register_converter

from .views import people, public, search


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
    path("udvalg/<slug:council>/", public.council_detail, name="council"),
    path("udvalg/<slug:council>/<isodate:date>/", public.meeting_detail, name="meeting"),
    path(
        "udvalg/<slug:council>/<isodate:date>/punkt-<int:number>/",
        public.item_detail,
        name="item",
    ),
    path(
        "udvalg/<slug:council>/<isodate:date>/kilde/", public.source_download, name="source"
    ),
    path("bilag/<int:pk>/", public.attachment_download, name="attachment"),
    path("sager/<casenumber:number>/", public.case_detail, name="case"),
    path("soeg/", search.search, name="search"),
    path("personer/", people.person_list, name="person_list"),
    path("personer/<slug:slug>/", people.person_detail, name="person"),
]
