"""Helpers of scripts/loadtest.sh (run with the same DATABASE_URL as the site).

loadtest.py urls OUT                 paths of public pages and searches, one per line
loadtest.py correct SRC OUT          corrected copies of the referater in SRC (decisions)
loadtest.py check-atomic SRC CORR    every meeting of SRC is all old or all new
loadtest.py wait-for-import APPNAME  until that application holds a PostgreSQL connection
loadtest.py kill APPNAME             pg_terminate_backend of that application's connections
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import django

SEARCHES = [
    "budget",
    "bolig",
    "skole",
    "plan",
    "godkendt",
    "ældre",
    "vej",
    '"taget til efterretning"',
]
CORRECTION = "Godkendt med rettelse fra belastningstesten."


def setup():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referater.settings")
    django.setup()


def urls(out: str) -> None:
    from councils.models import AgendaItem, Case, Council, Meeting

    paths = ["/", "/udvalg/"]
    paths += [c.get_absolute_url() for c in Council.objects.all()]
    paths += [m.get_absolute_url() for m in Meeting.objects.published().order_by("?")[:300]]
    items = AgendaItem.objects.public().filter(is_closed=False).select_related("meeting__council")
    paths += [i.get_absolute_url() for i in items.order_by("?")[:600]]
    paths += [c.get_absolute_url() for c in Case.objects.order_by("?")[:100]]
    # Searches are about a third of the requests (each listed several times).
    from urllib.parse import urlencode

    searches = [f"/soeg/?{urlencode({'q': q})}" for q in SEARCHES]
    searches += [f"/soeg/?{urlencode({'q': q, 'side': 2})}" for q in SEARCHES[:3]]
    paths += searches * max(1, len(paths) // (2 * len(searches)))
    Path(out).write_text("\n".join(paths) + "\n", encoding="utf-8")
    print(f"{len(paths)} paths ({len(searches)} distinct searches) in {out}")


def correct(src: str, out: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted(Path(src).iterdir()):
        text = path.read_text(encoding="utf-8")
        changed = text.replace("Godkendt.", CORRECTION)
        if changed != text:
            (Path(out) / path.name).write_text(changed, encoding="utf-8")
            n += 1
    print(f"{n} corrected referater in {out}")


def check_atomic(src: str, corr: str) -> None:
    """Each meeting equals either its original file or its corrected file, never a mix."""
    from councils.importer import extract_text
    from councils.importer.parse import parse_referat
    from councils.importer.service import default_municipality
    from councils.models import Council, Meeting

    municipality = default_municipality(create=False)

    def items_of(parsed):
        return [(i.number, i.title, (i.decision or "").strip()) for i in parsed.items]

    old_n = new_n = mixed = missing = 0
    for path in sorted(Path(corr).iterdir()):
        original = (Path(src) / path.name).read_bytes()
        old = parse_referat(extract_text(original, path.name), path.name)
        new = parse_referat(extract_text(path.read_bytes(), path.name), path.name)
        council = Council.objects.resolve(municipality, old.council)
        meeting = Meeting.objects.filter(council=council, start__date=old.date).first()
        if meeting is None:
            missing += 1
            continue
        stored = [
            (i.number, i.title, (i.decision or "").strip())
            for i in meeting.items.order_by("position")
        ]
        if stored == items_of(new):
            new_n += 1
        elif stored == items_of(old):
            old_n += 1
        else:
            mixed += 1
            print(f"MIXED {path.name}: meeting {meeting.pk}")
    print(f"ATOMIC all_new={new_n} all_old={old_n} mixed={mixed} missing={missing}")
    sys.exit(1 if mixed or missing else 0)


def _backends(app: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE application_name = %s AND pid <> pg_backend_pid()",
            [app],
        )
        return [row[0] for row in cursor.fetchall()]


def wait_for_import(app: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _backends(app):
            return
        time.sleep(0.1)
    sys.exit(f"no connection of {app} within 60 s")


def kill(app: str) -> None:
    from django.db import connection

    pids = _backends(app)
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    print(f"KILLED {len(pids)} connection(s) of {app}")


if __name__ == "__main__":
    setup()
    command, *args = sys.argv[1:]
    {
        "urls": urls,
        "correct": correct,
        "check-atomic": check_atomic,
        "wait-for-import": wait_for_import,
        "kill": kill,
    }[command](*args)
