"""Run by tests/security/test_production.py in a subprocess with production settings
(DEBUG=0, a SECRET_KEY, a throw-away SQLite database and collected static files): migrates,
builds the demo archive, requests pages over HTTPS and plain HTTP, prints what came back
as JSON (status, headers, cookies and their flags)."""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referater.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.context etc.; keeps DEBUG as set
    call_command("migrate", verbosity=0)
    from tests import factories as f

    demo = f.public_demo()
    public = [
        "/",
        "/udvalg/",
        demo["byraad"].get_absolute_url(),
        demo["meeting"].get_absolute_url(),
        demo["plan"].get_absolute_url(),
        demo["case"].get_absolute_url(),
        "/personer/",
        "/personer/peter-jensen/",
        "/soeg/?q=sundhed",
        "/en/",
        "/findes-ikke/",
    ]
    client = Client(HTTP_HOST="referater.example.dk")
    results = {"debug": settings.DEBUG, "pages": {}}

    def record(key, response):
        results["pages"][key] = {
            "status": response.status_code,
            "headers": dict(response.headers.items()),
            "cookies": {
                name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"])}
                for name, c in response.cookies.items()
            },
            "location": response.headers.get("Location", ""),
        }

    for url in public:
        record(url, client.get(url, secure=True))
    record("admin-login", client.get("/admin/login/", secure=True))
    record("healthz", client.get("/healthz", secure=True))
    record("http-home", client.get("/", secure=False))
    record("http-healthz", client.get("/healthz", secure=False))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
