"""Request size limit (413 before the body is read), /healthz, no cookies on public pages,
no inline script or style in our templates (the CSP forbids them)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that records whether anything tried to read it."""

    def __init__(self):
        self.read_calls = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.read_calls += 1
        return 0


def post_claiming(client, url, length):
    body = UnreadableBody()
    response = client.generic(
        "POST",
        url,
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, body


@pytest.mark.django_db
def test_anonymous_300_mb_post_is_refused_before_reading(client, settings):
    response, body = post_claiming(client, "/admin/login/", 300 * MB)
    assert response.status_code == 413
    assert body.read_calls == 0
    assert "for stor" in response.content.decode()
    limit = settings.REFERATER_MAX_ANONYMOUS_REQUEST_BYTES
    assert str(limit) in response.content.decode()


@pytest.mark.django_db
def test_public_post_above_the_anonymous_limit_is_refused(client, settings):
    limit = settings.REFERATER_MAX_ANONYMOUS_REQUEST_BYTES
    response, body = post_claiming(client, "/soeg/", limit + 1)
    assert response.status_code == 413 and body.read_calls == 0


@pytest.mark.django_db
def test_staff_may_send_an_upload_up_to_the_staff_limit(admin_client, settings):
    url = reverse("admin:councils_upload_add")
    below = settings.REFERATER_MAX_ANONYMOUS_REQUEST_BYTES * 4
    response, _body = post_claiming(admin_client, url, below)
    assert response.status_code != 413  # reaches the view (which finds no valid upload)
    response, body = post_claiming(admin_client, url, settings.REFERATER_MAX_REQUEST_BYTES + 1)
    assert response.status_code == 413 and body.read_calls == 0


@pytest.mark.django_db
def test_a_broken_content_length_is_a_bad_request(client):
    response = client.generic("POST", "/admin/login/", b"", CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_limits_are_deliberate(settings):
    assert settings.REFERATER_MAX_REQUEST_BYTES == 200 * MB
    assert settings.REFERATER_MAX_REQUEST_BYTES >= 2 * settings.REFERATER_MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * MB
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 5000
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# --- /healthz ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_checks_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from councils.views import health

    def broken():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_at_all")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_fails(client, settings):
    settings.CACHES = {  # (a CACHES change resets Django's cache connections)
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")
    assert response.json()["database"] == "ok"


# --- cookies and inline code --------------------------------------------------------------------


@pytest.mark.django_db
def test_public_pages_set_no_cookie(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo = f.public_demo()
    urls = [
        "/",
        "/udvalg/",
        demo["udvalg"].get_absolute_url(),
        demo["meeting"].get_absolute_url(),
        demo["plan"].get_absolute_url(),
        demo["closed"].get_absolute_url(),
        demo["case"].get_absolute_url(),
        "/personer/",
        "/personer/peter-jensen/",
        "/soeg/?q=plan",
        "/en/",
        "/en" + demo["plan"].get_absolute_url(),
        "/findes-ikke/",
        "/healthz",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, (url, response.cookies)
        assert "Set-Cookie" not in response.headers, url
        assert "Content-Security-Policy" in response.headers, url
    # Only the admin's login form needs the CSRF cookie.
    assert "csrftoken" in client.get("/admin/login/").cookies


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"javascript:", re.I),
]


def test_our_templates_have_no_inline_script_or_style():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in INLINE:
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern.pattern}")
    assert not offenders, offenders


@pytest.mark.django_db
def test_rendered_public_pages_have_no_inline_script_or_style(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo = f.public_demo()
    for url in ["/", demo["meeting"].get_absolute_url(), demo["plan"].get_absolute_url()]:
        html = client.get(url).content.decode()
        for pattern in INLINE:
            assert not pattern.search(html), (url, pattern.pattern)


# --- CONN_HEALTH_CHECKS ---------------------------------------------------------------------


def _kill_and_query(health_checks: bool):
    """A persistent connection is killed between two requests; the next request queries."""
    import psycopg
    from django.db import close_old_connections

    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    try:
        close_old_connections()  # request start
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        close_old_connections()  # request end: the connection is kept for the next one
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        params["dbname"] = "postgres"
        with psycopg.connect(autocommit=True, **params) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        close_old_connections()  # the next request starts
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0]
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_killed_persistent_connection_is_replaced_not_a_500():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): SQLite keeps no connection")
    from django.db.utils import InterfaceError, OperationalError

    with pytest.raises((OperationalError, InterfaceError)):
        _kill_and_query(health_checks=False)  # what a database restart did before
    assert _kill_and_query(health_checks=True) == 1
