"""What linking people adds to an import (``make bench-import``): figures printed, never
asserted as timings.

Generated ~30 KB referater are imported in batches of IMPORT_BATCH_SIZE, alternately with
the people receiver of ``meetings_imported`` connected and disconnected (so the machine's
load hits both alike); then ``rebuild_meetings`` alone is timed over the same meetings, as
``rebuild_people`` runs it. ``BENCH_PEOPLE_COUNT`` (default 300) sets the number of referater.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from councils.importer import default_municipality, import_files
from councils.importer.generate import write_referater
from councils.importer.service import IMPORT_BATCH_SIZE
from councils.models import Meeting, Participation, Person, Vote
from councils.people.link import rebuild_meetings
from councils.people.signals import on_meetings_imported
from councils.signals import meetings_imported

pytestmark = pytest.mark.benchmark

DEFAULT_COUNT = 300


@pytest.mark.django_db(transaction=True)
def test_bench_people_linking_cost(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    count = int(os.environ.get("BENCH_PEOPLE_COUNT", DEFAULT_COUNT))
    paths = write_referater(tmp_path / "generated", count, seed=44)
    payloads = [(p.read_bytes(), p.name) for p in paths]
    municipality = default_municipality()
    timings = {True: [0.0, 0.0, 0], False: [0.0, 0.0, 0]}  # wall, cpu, referater
    try:
        for n, start in enumerate(range(0, count, IMPORT_BATCH_SIZE)):
            linked = n % 2 == 0
            if not linked:
                meetings_imported.disconnect(dispatch_uid="people_meetings_imported")
            batch = payloads[start : start + IMPORT_BATCH_SIZE]
            wall, cpu = time.perf_counter(), time.process_time()
            results = import_files(batch, municipality=municipality)
            timings[linked][0] += time.perf_counter() - wall
            timings[linked][1] += time.process_time() - cpu
            timings[linked][2] += len(batch)
            assert all(r.outcome == "imported" for r in results), results
            meetings_imported.connect(
                on_meetings_imported, dispatch_uid="people_meetings_imported"
            )
    finally:
        meetings_imported.connect(on_meetings_imported, dispatch_uid="people_meetings_imported")

    def per(linked: bool, i: int) -> float:
        return timings[linked][i] / max(timings[linked][2], 1) * 1000

    ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(ids), IMPORT_BATCH_SIZE):
        rebuild_meetings(ids[start : start + IMPORT_BATCH_SIZE])
    rebuild_wall = (time.perf_counter() - wall) / len(ids) * 1000
    rebuild_cpu = (time.process_time() - cpu) / len(ids) * 1000
    print(
        f"\n[bench] people on import into {connection.vendor}: {per(True, 0):.1f} ms per "
        f"referat with linking, {per(False, 0):.1f} ms without (wall; CPU {per(True, 1):.1f} vs "
        f"{per(False, 1):.1f} ms), batches of {IMPORT_BATCH_SIZE}, alternating"
    )
    print(
        f"[bench] rebuild_meetings alone: {rebuild_wall:.1f} ms per referat wall, "
        f"{rebuild_cpu:.1f} ms CPU ({Person.objects.count()} persons, {Vote.objects.count()} "
        f"votes, {Participation.objects.count()} participation rows for {len(ids)} referater); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    assert Participation.objects.exists()
