"""Run by tests/deploy/test_move_to_postgres.py in subprocesses (DATABASE_URL set by the test):

python -m tests.deploy.move_probe populate   # a small archive with staff, history, uploads
python -m tests.deploy.move_probe snapshot   # JSON: row counts per model, public pages
"""

from __future__ import annotations

import json
import os
import sys

import django


def populate() -> None:
    from django.contrib.auth.models import Group, User

    from councils.models import CouncilMembership, Upload
    from councils.staff.access import SECRETARY_GROUP
    from tests import factories as f

    demo = f.public_demo()
    secretary = User.objects.create_user("sekretaer", password="x" * 20, is_staff=True)
    secretary.groups.add(Group.objects.get(name=SECRETARY_GROUP))
    CouncilMembership.objects.create(user=secretary, council=demo["udvalg"])
    plan = demo["plan"]
    plan.decision = "Godkendt med den ændring, at planen evalueres i 2024."
    plan._history_user = secretary
    plan.save()  # a second version and a public correction ("Rettet")
    Upload.objects.create(
        council=demo["udvalg"],
        uploaded_by=secretary,
        file="indsendt/a.txt",
        original_name="a.txt",
        format="txt",
        size=1,
        sha256="d" * 64,
        status="failed",
        error="Filen kunne ikke læses.",
    )


def snapshot() -> None:
    from django.apps import apps
    from django.test import Client
    from django.test.utils import setup_test_environment

    from councils.models import AgendaItem, Case, Council, Meeting, Person

    setup_test_environment()
    counts = {}
    for model in apps.get_models():
        # The vocabulary is derived and database-specific (stems; SQLite keeps stop words).
        if model._meta.label == "councils.SearchWord":
            continue
        if model._meta.app_label in {"councils", "auth"} and not model._meta.proxy:
            counts[model._meta.label] = model._default_manager.count()
    urls = ["/", "/udvalg/"]
    urls += [c.get_absolute_url() for c in Council.objects.order_by("slug")]
    urls += [m.get_absolute_url() for m in Meeting.objects.published().order_by("pk")]
    urls += [i.get_absolute_url() for i in AgendaItem.objects.public().order_by("pk")]
    urls += [c.get_absolute_url() for c in Case.objects.order_by("number")]
    urls += ["/personer/"] + [p.get_absolute_url() for p in Person.objects.order_by("slug")]
    client = Client()
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = [response.status_code, response.content.decode()]
    search = client.get("/soeg/", {"q": "plan"})
    hits = sorted(h.item.pk for h in search.context["page"].object_list)
    json.dump({"counts": counts, "pages": pages, "search_plan": hits}, sys.stdout)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referater.settings")
    django.setup()
    {"populate": populate, "snapshot": snapshot}[sys.argv[1]]()
