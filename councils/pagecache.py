"""Whole-response caching of the public pages, with versioned ETags and conditional GET.

**Versions.** Every change of the archive moves the *version* of what it touches (a value in
the shared cache: the time of the change in nanoseconds). A page's ETag and ``Last-Modified``
are made of the versions of the scopes it shows; the page is stored under its URL and
language with that ETag beside it, read in the same round trip as the versions, and served
only while the ETag is current:

| page (url name) | scopes |
| --- | --- |
| ``meeting`` | its meeting and council (slug, date from the URL, no query), ``links`` |
| ``council`` | its council (slug from the URL) |
| everything else cached (home, council list, point, case, search, persons) | ``archive`` |

``archive`` moves on every change; a council's on a change of the council or of any of its
meetings; a meeting's on a change of the meeting, its points, sections, bilag, decisions of
other committees, absences and corrections — and on a change of a meeting whose points it
links to (a decision of another committee matched to that point). A meeting page follows its
council for its previous/next meeting links. ``links`` moves when a
council, a case or a person changes (names and numbers every meeting page shows), and with
every council's scope when a municipality changes (its ``is_sample`` flag puts "Eksempeldata"
on every page).

Sources of change (``connect()``, from ``CouncilsConfig.ready``): post_save/post_delete of
those models (edits in the admin, corrections, reverts, the staff publish), and the app's
signals ``meetings_imported`` (import and harvest: the importer writes with bulk_create),
``meetings_published`` and ``councils_merged``. Each bump happens at once **and** again when
the transaction commits: a page rendered from the old rows while the change was not yet
committed is stored under a version the second bump retires.

**Responses.** ``PublicPageCacheMiddleware`` caches the full response of an anonymous GET
or HEAD of a public page (``CACHED_PAGES``) for ``PAGE_CACHE_SECONDS`` (a backstop: a page stored
under older versions is never served), answers a matching ``If-None-Match`` with 304 without
rendering (``If-Modified-Since`` alone gets the page: whole seconds cannot tell two
changes of one second apart), and sets ``ETag``, ``Last-Modified`` and
``Cache-Control: public, max-age=…,
stale-while-revalidate=…`` for a CDN. Never cached: a request carrying a session cookie (a
logged-in user; such responses get ``Cache-Control: private, no-cache``), a response that is
not 200, streams, or sets a cookie, a URL with query parameters the page does not take
(``PAGE_PARAMS``), and every URL outside ``CACHED_PAGES`` (the admin, staff pages, forms,
downloads, feeds).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.http import http_date

from .signals import councils_merged, meetings_imported, meetings_published

ARCHIVE = "archive"
LINKS = "links"
VERSION_PREFIX = "pagever:"
AGGREGATE_SECONDS = 24 * 3600  # cached aggregates (home counts …): keys change on any change
PAGE_PREFIX = "page:"

# url names (namespace "councils") whose anonymous GET responses are cached.
CACHED_PAGES = {
    "home",
    "council_list",
    "council",
    "meeting",
    "item",
    "case",
    "search",
    "person_list",
    "person",
}


# Query parameters a cached page may carry (None: any, the search form's); a request with
# others is served but not stored, so made-up query strings cannot fill the cache.
PAGE_PARAMS = {
    "council": {"aar"},
    "case": {"side"},
    "person_list": {"side"},
    "person": {"deltagelse", "stemmer"},
    "search": None,
}

# Cookies that make a response personal (a login, a pending message): never cached.
PERSONAL_COOKIES = ("messages",)


def page_cache_seconds() -> int:
    return settings.REFERATER_PAGE_CACHE_SECONDS


def council_scope(slug: str) -> str:
    return f"council:{slug}"


def meeting_scope(slug: str, date) -> str:
    return f"meeting:{slug}:{date.isoformat() if hasattr(date, 'isoformat') else date}"


# --- versions ----------------------------------------------------------------------------------


def versions(scopes, *, also: str | None = None):
    """The current version of each scope (one cache round trip; a scope never seen or evicted
    starts at now). With ``also`` (a cache key), that key is read in the same round trip and
    ``(versions, its value)`` returned."""
    keys = {VERSION_PREFIX + s: s for s in scopes}
    found = cache.get_many([*keys, also] if also else list(keys))
    extra = found.pop(also, None) if also else None
    missing = [k for k in keys if k not in found]
    if missing:
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, None)
        found.update(cache.get_many(missing))
        for key in missing:
            found.setdefault(key, now)
    current = {keys[k]: v for k, v in found.items()}
    return (current, extra) if also else current


def bump(scopes) -> None:
    """Move the scopes' versions (now, and again when the current transaction commits)."""
    scopes = set(scopes) | {ARCHIVE}

    def write():
        now = time.time_ns()
        cache.set_many({VERSION_PREFIX + s: now for s in scopes}, None)

    write()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(write)


def cached_aggregate(name: str, compute, *, council=None):
    """``compute()`` once per version of the archive (or of ``council``): the cheap source of
    the counts the home and council pages show."""
    scope = council_scope(council.slug) if council is not None else ARCHIVE
    version = versions([scope])[scope]
    key = f"agg:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, AGGREGATE_SECONDS)
    return value


def meeting_scopes(meeting_ids) -> set[str]:
    """The scopes a change of these meetings moves: each meeting, its council, and the
    meetings whose points link to their points (two indexed queries)."""
    from .models import Meeting

    ids = {i for i in meeting_ids if i}
    if not ids:
        return set()
    linking = Meeting.objects.filter(
        items__prior_decisions__matched_item__meeting__in=ids
    ).values_list("council__slug", "start")
    own = Meeting.objects.filter(pk__in=ids).values_list("council__slug", "start")
    scopes = set()
    for rows, with_council in ((own, True), (linking, False)):
        for slug, start in rows.distinct():
            scopes.add(meeting_scope(slug, timezone.localdate(start)))
            if with_council:
                scopes.add(council_scope(slug))
    return scopes


def meetings_changed(meeting_ids) -> None:
    bump(meeting_scopes(meeting_ids))


# --- receivers ---------------------------------------------------------------------------------


def _on_meeting(sender, instance, raw=False, **kwargs):
    if raw:
        return
    scopes = set()
    if instance.council_id:
        from .models import Council

        slug = Council.objects.filter(pk=instance.council_id).values_list("slug", flat=True)
        for s in slug:
            scopes |= {council_scope(s), meeting_scope(s, timezone.localdate(instance.start))}
    if kwargs.get("signal") is post_save:
        scopes |= meeting_scopes([instance.pk])
    bump(scopes)


def _on_meeting_part(sender, instance, raw=False, **kwargs):
    if not raw:
        meetings_changed([instance.meeting_id])


def _on_point_part(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .models import AgendaItem

    meetings_changed(
        AgendaItem.objects.filter(pk=instance.agenda_item_id).values_list("meeting_id", flat=True)
    )


def _on_council(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({council_scope(instance.slug), LINKS})


def _on_links(sender, instance=None, raw=False, **kwargs):
    if not raw:
        bump({LINKS})


def _on_meetings(sender, meetings=(), **kwargs):
    meetings_changed([m.pk for m in meetings])


def _on_municipality(sender, instance, raw=False, **kwargs):
    """``is_sample`` puts "Eksempeldata" on every public page: move every scope."""
    if raw:
        return
    from .models import Council

    slugs = Council.objects.filter(municipality_id=instance.pk).values_list("slug", flat=True)
    bump({LINKS, *(council_scope(slug) for slug in slugs)})


def _on_merge(sender, source, target, **kwargs):
    bump({council_scope(source.slug), council_scope(target.slug), LINKS})


def connect() -> None:
    """Connected in ``CouncilsConfig.ready``."""
    from .models import (
        Absence,
        AgendaItem,
        Attachment,
        Case,
        Council,
        DecisionCorrection,
        Meeting,
        Municipality,
        Person,
        PriorDecision,
        Section,
    )

    receivers = [
        (Meeting, _on_meeting),
        (AgendaItem, _on_meeting_part),
        (Absence, _on_meeting_part),
        (Section, _on_point_part),
        (Attachment, _on_point_part),
        (PriorDecision, _on_point_part),
        (DecisionCorrection, _on_point_part),
        (Council, _on_council),
        (Case, _on_links),
        (Person, _on_links),
        (Municipality, _on_municipality),
    ]
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        for model, receiver in receivers:
            uid = f"pagecache_{model.__name__}_{name}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
    meetings_imported.connect(_on_meetings, dispatch_uid="pagecache_imported")
    meetings_published.connect(_on_meetings, dispatch_uid="pagecache_published")
    councils_merged.connect(_on_merge, dispatch_uid="pagecache_merged")


# --- the middleware ----------------------------------------------------------------------------


def page_scopes(url_name: str, kwargs: dict) -> list[str]:
    if url_name == "meeting":
        # its council too: the page links to the council's previous and next meeting
        return [
            meeting_scope(kwargs["council"], kwargs["date"]),
            council_scope(kwargs["council"]),
            LINKS,
        ]
    if url_name == "council":
        return [council_scope(kwargs["council"])]
    return [ARCHIVE]


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in header.split(","))


class PublicPageCacheMiddleware:
    """See the module docstring. Placed after LocaleMiddleware (the page's language is part
    of the key) and before the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_page_cache", None)
        if state is None:
            if self._has_session(request) and self._is_public_page(request):
                response.headers.setdefault("Cache-Control", "private, no-cache")
            return response
        key, etag, last_modified = state
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            self._add_headers(response, etag, last_modified)
            if request.method == "GET":
                cache.set(key, (etag, response), page_cache_seconds())
        return response

    @staticmethod
    def _has_session(request) -> bool:
        cookies = request.COOKIES
        personal = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
        return any(name in cookies for name in personal)

    @staticmethod
    def _is_public_page(request) -> bool:
        match = getattr(request, "resolver_match", None)
        return bool(match and match.namespace == "councils" and match.url_name in CACHED_PAGES)

    @staticmethod
    def _add_headers(response, etag: str, last_modified: int) -> None:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        response.headers["Cache-Control"] = (
            f"public, max-age={settings.REFERATER_PAGE_MAX_AGE}, "
            f"stale-while-revalidate={settings.REFERATER_PAGE_STALE_SECONDS}"
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not settings.REFERATER_PAGE_CACHE:
            return None
        if self._has_session(request) or not self._is_public_page(request):
            return None
        url_name = request.resolver_match.url_name
        allowed = PAGE_PARAMS.get(url_name, set())
        if allowed is not None and not set(request.GET) <= allowed:
            return None
        scopes = page_scopes(url_name, view_kwargs)
        page = "|".join([request.get_full_path(), getattr(request, "LANGUAGE_CODE", "")])
        # The page is stored under its URL and language with its ETag (made of the scopes'
        # versions) beside it: one cache round trip reads both the versions and the page, and
        # a page stored under older versions is a miss.
        key = PAGE_PREFIX + hashlib.sha256(page.encode()).hexdigest()[:32]
        current, stored = versions(scopes, also=key)
        signature = "|".join([page] + [f"{s}={current[s]}" for s in scopes])
        etag = f'W/"{hashlib.sha256(signature.encode()).hexdigest()[:32]}"'
        last_modified = max(current.values()) // 1_000_000_000
        request._page_cache = (key, etag, last_modified)
        # Only the exact ETag answers 304: Last-Modified has whole seconds, so a change (a
        # point closed) in the same second as the client's copy would look "not modified".
        # If-Modified-Since alone is therefore answered with the page (RFC 9110 allows it).
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None and _etag_matches(if_none_match, etag):
            return self._not_modified(etag, last_modified)
        if stored is not None and stored[0] == etag:
            request._page_cache = None  # already stored with its headers
            cached = stored[1]
            cached.headers["X-Page-Cache"] = "hit"
            return cached
        return None

    def _not_modified(self, etag: str, last_modified: int):
        from django.http import HttpResponseNotModified

        response = HttpResponseNotModified()
        self._add_headers(response, etag, last_modified)
        return response
