"""Headers and cookies with production settings, and `manage.py check --deploy`, each in a
subprocess (settings are read once per process): DEBUG=0, a real SECRET_KEY, HTTPS."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 3600
PUBLIC = ["/", "/udvalg/", "/soeg/?q=sundhed", "/en/"]


def production_env(tmp: Path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "CACHE_URL", "REDIS_URL"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="referater.example.dk",
        DATABASE_URL=f"sqlite:///{tmp / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        VAR_DIR=str(tmp),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run(args, env, timeout=300):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prod")
    env = production_env(tmp)
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    result = run(["-m", "tests.security.prod_probe"], env)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(result.stdout)
    assert data["debug"] is False
    return data["pages"]


def test_public_pages_render_with_production_settings(probe):
    for url, page in probe.items():
        if url.startswith("/") and url != "/findes-ikke/":
            assert page["status"] == 200, (url, page["status"])
    assert probe["/findes-ikke/"]["status"] == 404


def test_hsts_is_one_year(probe):
    hsts = probe["/"]["headers"]["Strict-Transport-Security"]
    assert hsts == f"max-age={ONE_YEAR}; includeSubDomains"


def test_strict_content_security_policy_on_every_page(probe):
    for url, page in probe.items():
        if url.startswith("http-"):
            continue  # a redirect to HTTPS
        csp = page["headers"].get("Content-Security-Policy", "")
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
        assert directives.get("default-src") == "'none'", (url, csp)
        assert directives.get("script-src") == "'self'", (url, csp)
        assert directives.get("style-src") == "'self'", (url, csp)
        assert directives.get("frame-ancestors") == "'none'", (url, csp)
        assert directives.get("object-src") == "'none'" and directives.get("base-uri") == "'none'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_other_security_headers(probe):
    headers = probe["/"]["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_set_no_cookie(probe):
    for url in PUBLIC + ["/findes-ikke/"]:
        assert probe[url]["cookies"] == {}, url
        assert "Set-Cookie" not in probe[url]["headers"], url


def test_admin_login_cookie_is_secure_and_http_only(probe):
    cookies = probe["admin-login"]["cookies"]
    assert cookies["csrftoken"] == {"secure": True, "httponly": True}


def test_plain_http_redirects_to_https_but_the_health_check_answers(probe):
    assert probe["http-home"]["status"] == 301
    assert probe["http-home"]["location"] == "https://referater.example.dk/"
    assert probe["http-healthz"]["status"] == 200
    assert probe["healthz"]["headers"]["Content-Type"] == "application/json"


def test_check_deploy_is_clean(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_would_complain_about_a_short_hsts(tmp_path):
    """The check above can fail: a weakened setting is reported."""
    env = production_env(tmp_path, SECURE_HSTS_SECONDS="0")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
