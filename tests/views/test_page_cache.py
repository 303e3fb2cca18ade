"""Whole-page caching of anonymous public pages (councils/pagecache.py): versioned keys,
invalidation by publish, edit, correction and import, ETag/Last-Modified and 304, and never
for staff, sessions or responses that set cookies."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from councils import pagecache
from councils.models import AgendaItem, DecisionCorrection, Meeting
from councils.signals import meetings_imported

pytestmark = pytest.mark.page_cache


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_second_anonymous_request_is_served_from_the_cache(client, site):
    url = site["meeting"].get_absolute_url()
    first = get(client, url)
    assert first.status_code == 200 and "X-Page-Cache" not in first.headers
    second = get(client, url)
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second.headers["ETag"] == first.headers["ETag"]
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=60"
    assert "Last-Modified" in first.headers
    assert not first.cookies and not second.cookies


@pytest.mark.parametrize("page", ["home", "council", "meeting", "item", "case", "search"])
def test_every_public_page_type_is_cached(client, site, page):
    urls = {
        "home": reverse("councils:home"),
        "council": site["byraad"].get_absolute_url(),
        "meeting": site["meeting"].get_absolute_url(),
        "item": site["plan"].get_absolute_url(),
        "case": site["case"].get_absolute_url(),
        "search": reverse("councils:search") + "?q=plan",
    }
    get(client, urls[page])
    assert get(client, urls[page]).headers.get("X-Page-Cache") == "hit"


def test_if_none_match_answers_304_without_a_body(client, site):
    url = site["plan"].get_absolute_url()
    etag = get(client, url).headers["ETag"]
    response = get(client, url, if_none_match=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    assert get(client, url, if_none_match='W/"something-else"').status_code == 200
    assert get(client, url, if_none_match=etag.removeprefix("W/")).status_code == 304


def test_if_modified_since_alone_gets_the_page_because_seconds_are_too_coarse(client, site):
    url = site["byraad"].get_absolute_url()
    first = get(client, url)
    last_modified = first.headers["Last-Modified"]
    # A change in the same second would carry the same Last-Modified: only the ETag is exact.
    response = get(client, url, if_modified_since=last_modified)
    assert response.status_code == 200 and response.headers["ETag"] == first.headers["ETag"]
    assert get(
        client, url, if_modified_since=last_modified, if_none_match=first.headers["ETag"]
    ).status_code == 304


def test_an_edit_of_a_decision_invalidates_the_meeting_point_and_case_pages(client, site):
    plan = site["plan"]
    urls = [
        site["meeting"].get_absolute_url(),
        plan.get_absolute_url(),
        site["case"].get_absolute_url(),
        site["byraad"].get_absolute_url(),
    ]
    etags = {url: get(client, url).headers["ETag"] for url in urls}
    for url in urls:
        assert get(client, url).headers.get("X-Page-Cache") == "hit"
    item = AgendaItem.objects.get(pk=plan.pk)
    item.decision = "Godkendt med en helt ny formulering."
    item.save()  # an editor's correction: recorded as a DecisionCorrection too
    assert DecisionCorrection.objects.filter(agenda_item=item).exists()
    for url in urls:
        response = get(client, url)
        assert response.headers.get("X-Page-Cache") != "hit", url
        assert response.headers["ETag"] != etags[url], url
    assert "en helt ny formulering" in get(client, urls[0]).content.decode()
    # the old ETag no longer matches: the client gets the new page, not a 304
    assert get(client, urls[1], if_none_match=etags[urls[1]]).status_code == 200


def test_an_edit_of_one_meeting_keeps_another_councils_meeting_cached(client, site):
    other = site["earlier"]  # Socialudvalget; the edit below is in Byrådet's meeting
    get(client, other.get_absolute_url())
    first = AgendaItem.objects.get(pk=site["first"].pk)
    first.title = "Godkendelse af den ændrede dagsorden"
    first.save()
    assert get(client, other.get_absolute_url()).headers.get("X-Page-Cache") == "hit"
    assert get(client, reverse("councils:home")).headers.get("X-Page-Cache") != "hit"


def test_publishing_a_draft_invalidates_home_and_council_pages(client, site):
    draft = site["draft"]
    home = reverse("councils:home")
    assert "3 møder" in text(get(client, home))
    assert get(client, home).headers.get("X-Page-Cache") == "hit"
    draft.status = Meeting.Status.PUBLISHED
    draft.save()
    after = get(client, home)
    assert after.headers.get("X-Page-Cache") != "hit"
    assert "4 møder" in text(after)
    assert get(client, draft.get_absolute_url()).status_code == 200


def test_an_import_invalidates_through_meetings_imported(client, site):
    url = site["udvalg"].get_absolute_url()
    get(client, url)
    assert get(client, url).headers.get("X-Page-Cache") == "hit"
    # the importer writes with bulk_create (no post_save) and sends meetings_imported
    Meeting.objects.filter(pk=site["earlier"].pk).update(location="Nyt sted")
    assert get(client, url).headers.get("X-Page-Cache") == "hit"
    meetings_imported.send(sender=Meeting, meetings=[site["earlier"]])
    assert get(client, url).headers.get("X-Page-Cache") != "hit"


def test_logged_in_users_are_never_served_or_stored_from_the_cache(client, site, django_user_model):
    url = site["plan"].get_absolute_url()
    get(client, url)  # cached for anonymous visitors
    user = django_user_model.objects.create_user("redaktoer", password="x", is_staff=True)
    client.force_login(user)
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert "ETag" not in response.headers
    client.logout()
    client.cookies.clear()
    etag_anonymous = get(client, url).headers["ETag"]
    client.force_login(user)
    assert get(client, url, if_none_match=etag_anonymous).status_code == 200


def test_staff_pages_are_never_cached(client, site, django_user_model):
    user = django_user_model.objects.create_superuser("admin", password="x")
    client.force_login(user)
    url = reverse("admin:councils_meeting_changelist")
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers
        assert "public" not in response.headers.get("Cache-Control", "")
    client.logout()
    client.cookies.clear()
    assert get(client, "/admin/login/").headers.get("X-Page-Cache") is None


def test_a_response_that_sets_a_cookie_is_not_stored(rf_site_request):
    request, middleware_for = rf_site_request

    def view_with_cookie(request):
        response = HttpResponse("x")
        response.set_cookie("spor", "1")
        return response

    middleware = middleware_for(view_with_cookie)
    middleware(request)
    key = request._page_cache[0]
    assert cache.get(key) is None

    plain = middleware_for(lambda request: HttpResponse("y"))
    request.__dict__.pop("_page_cache", None)
    plain(request)
    assert cache.get(request._page_cache[0]) is not None


@pytest.fixture
def rf_site_request(site):
    """A request for the home page resolved as the middleware sees it, and a factory of
    middleware chains around a given view."""
    from django.urls import resolve

    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    request.LANGUAGE_CODE = "da"

    def middleware_for(view):
        class Chain:
            def __init__(self):
                self.middleware = pagecache.PublicPageCacheMiddleware(self.respond)

            def respond(self, request):
                answer = self.middleware.process_view(request, view, (), {})
                return answer or view(request)

            def __call__(self, request):
                return self.middleware(request)

        return Chain()

    return request, middleware_for


def test_a_case_rename_bumps_the_links_version(client, site):
    url = site["meeting"].get_absolute_url()
    get(client, url)
    case = site["case"]
    case.number = "27.15.00-A08-2-21"
    case.save()
    html = get(client, url)
    assert html.headers.get("X-Page-Cache") != "hit"
    assert "27.15.00-A08-2-21" in html.content.decode()


def test_a_page_is_cached_per_language(client, site):
    url = site["plan"].get_absolute_url()
    get(client, url)
    english = get(client, "/en" + url)
    assert english.headers.get("X-Page-Cache") != "hit"
    assert 'lang="en"' in english.content.decode()


def test_versions_start_when_missing_and_bump_moves_them(db):
    scope = pagecache.meeting_scope("x", "2021-01-01")
    first = pagecache.versions([scope])[scope]
    assert pagecache.versions([scope])[scope] == first
    cache.delete(pagecache.VERSION_PREFIX + scope)  # evicted: starts again, never goes back
    again = pagecache.versions([scope])[scope]
    assert again >= first
    pagecache.bump([scope])
    assert pagecache.versions([scope])[scope] > again


def test_unknown_query_parameters_are_served_but_not_stored(client, site):
    url = site["meeting"].get_absolute_url() + "?utm_source=x"
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == 200 and "X-Page-Cache" not in response.headers
        assert "ETag" not in response.headers
    council = site["udvalg"].get_absolute_url() + "?aar=2021"
    get(client, council)
    assert get(client, council).headers.get("X-Page-Cache") == "hit"


def test_a_pending_message_cookie_bypasses_the_cache(client, site):
    url = site["plan"].get_absolute_url()
    get(client, url)
    client.cookies["messages"] = "x"
    response = get(client, url)
    assert "X-Page-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-cache"
