"""Every admin/staff URL (listed from the URL resolver) × every role × GET and POST.

The expectations are written from what the README promises (which role holds which model
permission, whose rows a role sees), not read from the code: a secretary sees their own
councils (drafts included), an editor the published content of every council, nobody else's
rows exist for them (404), a missing permission is 403, anonymous users go to the login page.
Object ids are council A's (tests/security/conftest.py), one object per variant: a row of
A's published meeting and one of A's draft meeting.

A URL pattern nobody wrote an expectation for fails ``test_every_staff_url_has_an_expectation``
(a new model in the admin needs a row in PERMISSIONS, a new custom URL one in CUSTOM_URLS).
A refused POST must leave every row as it was (checked before the savepoint is rolled back).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import ROLES

pytestmark = pytest.mark.django_db

# Model permissions of each group, as documented in the README ("v"iew, "a"dd, "c"hange,
# "d"elete). Superusers hold all, except what SUPERUSER_PERMISSIONS says.
PERMISSIONS = {
    "meeting": {"secretary": "v", "editor": "vc"},
    "agendaitem": {"secretary": "v", "editor": "vc"},
    "section": {"secretary": "v", "editor": "vacd"},
    "attachment": {"secretary": "vac", "editor": "vacd"},
    "priordecision": {"editor": "vacd"},
    "absence": {"editor": "vacd"},
    "decisioncorrection": {"editor": "v"},
    "sourcedocument": {"editor": "v"},
    "searchdocument": {},
    "upload": {"secretary": "vac"},
    "uploadedbilag": {"secretary": "v"},
    "councilmembership": {},
    "council": {"editor": "v"},
    "councilalias": {"editor": "v"},
    "municipality": {},
    "case": {"editor": "vc"},
    # Persons span every council (drafts included): editors rename and merge, secretaries
    # have no access; votes and participation are read-only inlines, not admin URLs.
    "person": {"editor": "vc"},
    "user": {},
    "group": {},
    # django-axes' records of login attempts (administrators only; never added by hand).
    "accessattempt": {},
    "accesslog": {},
    "accessfailurelog": {},
    # django-tasks-db's task results (administrators only; written by the task backend).
    "dbtaskresult": {},
    # E-mail subscriptions: citizens' addresses (administrators only: view, and delete on an
    # erasure request; never added or changed by hand).
    "subscription": {},
    # Portals harvested on a schedule (administrators only: not secretaries nor editors).
    "harvestsource": {},
}
SUPERUSER_PERMISSIONS = {
    "searchdocument": "va",  # the index is never edited by hand
    "accessattempt": "vcd",
    "accesslog": "vcd",
    "accessfailurelog": "vcd",
    "dbtaskresult": "v",  # its admin is read-only: tasks are never added or edited by hand
    "subscription": "vd",
}
# Council-owned models. With a meeting, editors see the rows of published meetings (of every
# council); without one (uploads, memberships) only secretaries of the council do.
OWNED_WITH_MEETING = {
    "meeting",
    "agendaitem",
    "section",
    "attachment",
    "priordecision",
    "absence",
    "decisioncorrection",
    "sourcedocument",
    "searchdocument",
}
OWNED_WITHOUT_MEETING = {"upload", "uploadedbilag", "councilmembership"}
VARIANTS = {name: ("published", "draft") for name in OWNED_WITH_MEETING}
VARIANTS["searchdocument"] = ("published",)  # drafts are never indexed

# What each standard admin URL needs, for GET and for POST: "r" view or change, or a letter.
STANDARD_URLS = {
    "changelist": ("r", "r"),  # POST = bulk actions, each checks its own permission
    "add": ("a", "a"),
    "change": ("r", "c"),
    "delete": ("d", "d"),
    "history": ("r", "r"),
    "simple_history": ("r", "c"),  # django-simple-history's version form saves on POST
}
# Custom staff URLs: (model of the object, GET needs, POST needs, status of an allowed GET).
# "model:letter" means a permission on another model (adding bilag changes attachments).
CUSTOM_URLS = {
    "councils_meeting_bilag": ("meeting", "r", "attachment:c", 200),
    "councils_agendaitem_decision_history": ("agendaitem", "r", "c", 200),
    "councils_upload_discard": ("upload", "r", "c", 405),  # POST only
    "auth_user_password_change": ("user", "c", "c", 200),
}
ALLOWED_POST = {200, 302}
LOGIN = "/admin/login/"


def admin_patterns():
    """(key, route, pattern) of every URL under /admin/, from the resolver."""

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p

    for route, pattern in walk(get_resolver().url_patterns, ""):
        if route.startswith("admin/"):
            yield (pattern.name or route), route, pattern


def role_perms(role: str, model: str) -> str:
    if role == "superuser":
        return SUPERUSER_PERMISSIONS.get(model, "vacd")
    group = {"secretary_a": "secretary", "secretary_b": "secretary"}.get(role, role)
    return PERMISSIONS[model].get(group, "")


def holds(role: str, model: str, need: str) -> bool:
    if ":" in need:
        model, need = need.split(":")
    perms = role_perms(role, model)
    return bool(set(perms) & {"v", "c"}) if need == "r" else need in perms


def sees(role: str, model: str, variant: str) -> bool:
    """Whether council A's object of this variant exists for the role."""
    if model not in OWNED_WITH_MEETING | OWNED_WITHOUT_MEETING:
        return True
    if role in ("superuser", "secretary_a"):
        return True
    if role == "editor":
        return model in OWNED_WITH_MEETING and variant == "published"
    return False


def expectation(key: str, role: str, method: str, variant: str):
    """Expected status codes, or None when nobody wrote one for this URL."""
    if key in SITE_URLS:
        return SITE_URLS[key](role, method, variant)
    if key.startswith("admin/") and key.endswith("/<path:object_id>/"):
        return {302}  # the admin's old change URL: a redirect to the new one, no lookup
    if key in CUSTOM_URLS:
        model, get_need, post_need, get_ok = CUSTOM_URLS[key]
        if role == "anonymous":
            return {302}
        if not sees(role, model, variant):
            return {404}
        if not holds(role, model, "r") or not holds(role, model, get_need):
            return {403}
        if method == "POST":
            return ALLOWED_POST if holds(role, model, post_need) else {403}
        return {get_ok}
    app_model, _, suffix = key.rpartition("_")
    if key.endswith("_simple_history"):
        app_model, suffix = key[: -len("_simple_history")], "simple_history"
    model = app_model.rsplit("_", 1)[-1]  # model names have no "_"; app labels may
    if suffix not in STANDARD_URLS or model not in PERMISSIONS:
        return None
    if role == "anonymous":
        return {302}
    need = STANDARD_URLS[suffix][method == "POST"]
    if suffix not in ("changelist", "add") and not sees(role, model, variant):
        return {404}
    if not holds(role, model, need):
        return {403}
    return ALLOWED_POST if method == "POST" else {200}


def _staff(ok_get, ok_post=None):
    ok_post = ok_post or ok_get

    def rule(role, method, variant):
        if role == "anonymous":
            return {302}
        return ok_post if method == "POST" else ok_get

    return rule


def _login(role, method, variant):
    if method == "POST" or role == "anonymous":
        return {200}  # the form (an empty POST is a form error)
    return {302}  # already logged in: to the index


def _logout(role, method, variant):
    if role == "anonymous":
        return {302}
    return {200} if method == "POST" else {405}


def _autocomplete(role, method, variant):
    if role == "anonymous":
        return {302}
    if method == "POST":
        return {405}
    return {200} if holds(role, "council", "r") else {403}


def _view_on_site(role, method, variant):
    if role == "anonymous":
        return {302}
    return {302} if sees(role, "meeting", variant) else {404}


SITE_URLS = {
    "index": _staff({200}),
    "login": _login,
    "logout": _logout,
    "password_change": _staff({200}),
    "password_change_done": _staff({200}, {405}),
    "jsi18n": _staff({200}, {405}),
    "autocomplete": _autocomplete,
    "view_on_site": _view_on_site,
    "app_list": _staff({200}),
    "admin/(?P<url>.*)$": _staff({404}),
}


def variants_of(key: str) -> tuple[str, ...]:
    if key == "view_on_site":
        return ("published", "draft")
    if key.startswith("admin/"):
        model = key.split("/")[2] if key.count("/") > 3 else None
    elif key in CUSTOM_URLS:
        model = CUSTOM_URLS[key][0]
    elif key.endswith("_simple_history"):
        model = key[: -len("_simple_history")].split("_", 1)[-1]
    else:
        model = key.rpartition("_")[0].split("_", 1)[-1]
    return VARIANTS.get(model, ("",))


def url_for(world, key: str, route: str, pattern, variant: str) -> str:
    """The concrete URL of a pattern, with council A's object of the variant."""
    if key in ("autocomplete",):
        return "/admin/autocomplete/?" + urlencode(
            {"app_label": "councils", "model_name": "meeting", "field_name": "council"}
        )
    if key == "view_on_site":
        meeting = world.objects[("meeting", variant)]
        ct = ContentType.objects.get_for_model(meeting)
        return f"/admin/r/{ct.pk}/{meeting.pk}/"
    if key == "app_list":
        return "/admin/councils/"
    if key == "admin/(?P<url>.*)$":
        return "/admin/findes-ikke/"
    if "<" not in route and "(" not in route:
        return "/" + route
    model_name = route.split("/")[2]
    obj = world.objects[(model_name, variant)]
    if key.endswith("_simple_history"):
        version = obj.history.order_by("history_date").first()
        return f"/admin/{route.split('/')[1]}/{model_name}/{obj.pk}/history/{version.history_id}/"
    concrete = route
    for token in ("<path:object_id>", "<int:pk>", "<id>"):
        concrete = concrete.replace(token, str(obj.pk))
    return "/" + concrete


FINGERPRINT_MODELS = [
    "councils.meeting",
    "councils.agendaitem",
    "councils.section",
    "councils.attachment",
    "councils.priordecision",
    "councils.absence",
    "councils.decisioncorrection",
    "councils.upload",
    "councils.councilmembership",
    "councils.council",
    "councils.person",
    "councils.personalias",
    "auth.user",
    "axes.accessattempt",
]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for label in FINGERPRINT_MODELS:
        model = apps.get_model(label)
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(repr([tuple(str(v) for v in row) for row in rows]).encode())
    return digest.hexdigest()


def request(client, method: str, url: str, baseline: str):
    """One request inside a savepoint that is rolled back (allowed POSTs change things), and
    whether it changed any row (every request starts from the same rows: ``baseline``)."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        refused = response.status_code in (403, 404, 405) or (
            response.status_code == 302 and response["Location"].startswith(LOGIN)
        )
        changed = method == "POST" and refused and fingerprint() != baseline
        transaction.set_rollback(True)
    return response, refused, changed


@pytest.fixture(scope="module")
def world(shared_world):
    return shared_world


@pytest.fixture
def clients(world, db):
    logged_in = {role: world.client(role) for role in ROLES}  # (sets last_login)
    return fingerprint(), logged_in


PATTERNS = sorted({key: (key, route, p) for key, route, p in admin_patterns()}.values())


def test_every_staff_url_has_an_expectation():
    missing = []
    for key, _route, _pattern in PATTERNS:
        for role in ROLES:
            for variant in variants_of(key):
                for method in ("GET", "POST"):
                    if expectation(key, role, method, variant) is None:
                        missing.append(key)
    assert not missing, f"admin URLs without an expectation: {sorted(set(missing))}"
    assert len(PATTERNS) > 100  # every model's URLs, the site's and the staff pages


@pytest.mark.parametrize("key,route,pattern", PATTERNS, ids=[key for key, _route, _p in PATTERNS])
def test_status_for_every_role_and_method(world, clients, key, route, pattern):
    baseline, clients = clients
    wrong = []
    for variant in variants_of(key):
        url = url_for(world, key, route, pattern, variant)
        for role, client in clients.items():
            for method in ("GET", "POST"):
                expected = expectation(key, role, method, variant)
                assert expected is not None, f"no expectation for {key}"
                response, refused, changed = request(client, method, url, baseline)
                status = response.status_code
                if status not in expected:
                    wrong.append(f"{method} {url} as {role}: {status}, expected {expected}")
                elif role == "anonymous" and key != "login" and status == 302:
                    if key not in ("logout",) and not response["Location"].startswith(LOGIN):
                        if not key.endswith("/<path:object_id>/"):
                            wrong.append(f"{method} {url} anonymous: not sent to the login")
                if changed:
                    wrong.append(f"POST {url} as {role} was refused ({status}) but changed rows")
    assert not wrong, "\n".join(wrong)
