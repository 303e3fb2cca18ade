"""What keeping the vocabulary of "Mente du …?" current adds to an import
(``make bench-import``): figures printed, never asserted as timings.

Generated ~30 KB referater are imported in batches of IMPORT_BATCH_SIZE, alternately with the
vocabulary's upkeep in ``index_items`` on and off (so the machine's load hits both alike);
then ``vocabulary.rebuild()`` alone is timed over the same points, and one suggestion.
``BENCH_VOCABULARY_COUNT`` (default 300) sets the number of referater.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from councils.importer import default_municipality, import_files
from councils.importer.generate import write_referater
from councils.importer.service import IMPORT_BATCH_SIZE
from councils.models import AgendaItem, Meeting, SearchWord
from councils.search import parse_query, vocabulary

pytestmark = pytest.mark.benchmark

DEFAULT_COUNT = 300
SEED_ROUNDS = 6  # imports of all seeds, alternately with and without upkeep


@pytest.mark.django_db(transaction=True)
def test_bench_vocabulary_upkeep_cost_on_the_seeds(seed_files, tmp_path, settings, monkeypatch):
    from councils.importer import import_file

    settings.MEDIA_ROOT = tmp_path / "media"
    payloads = [(p.read_bytes(), p.name) for p in seed_files]
    timings = {True: [0.0, 0.0], False: [0.0, 0.0]}
    for n in range(SEED_ROUNDS):
        upkeep = n % 2 == 0
        monkeypatch.setattr(vocabulary, "UPKEEP", upkeep)
        Meeting.objects.all().delete()
        SearchWord.objects.all().delete()
        wall, cpu = time.perf_counter(), time.process_time()
        for data, name in payloads:
            assert import_file(data, name).outcome
        timings[upkeep][0] += time.perf_counter() - wall
        timings[upkeep][1] += time.process_time() - cpu
    monkeypatch.setattr(vocabulary, "UPKEEP", True)
    rounds = SEED_ROUNDS / 2
    on, off = timings[True][0] / rounds * 1000, timings[False][0] / rounds * 1000
    cpu_on, cpu_off = timings[True][1] / rounds * 1000, timings[False][1] / rounds * 1000
    words = vocabulary.rebuild()
    print(
        f"\n[bench] vocabulary on importing the {len(payloads)} seeds into {connection.vendor}: "
        f"{on:.0f} ms with upkeep, {off:.0f} ms without (+{(on - off) / off * 100:.0f} % wall; "
        f"CPU {cpu_on:.0f} vs {cpu_off:.0f} ms, +{(cpu_on - cpu_off) / cpu_off * 100:.0f} %), "
        f"{words} words from {AgendaItem.objects.count()} points"
    )


@pytest.mark.django_db(transaction=True)
def test_bench_vocabulary_upkeep_cost(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    count = int(os.environ.get("BENCH_VOCABULARY_COUNT", DEFAULT_COUNT))
    paths = write_referater(tmp_path / "generated", count, seed=45)
    payloads = [(p.read_bytes(), p.name) for p in paths]
    municipality = default_municipality()
    timings = {True: [0.0, 0.0, 0], False: [0.0, 0.0, 0]}  # wall, cpu, referater
    for n, start in enumerate(range(0, count, IMPORT_BATCH_SIZE)):
        upkeep = n % 2 == 0
        monkeypatch.setattr(vocabulary, "UPKEEP", upkeep)
        batch = payloads[start : start + IMPORT_BATCH_SIZE]
        wall, cpu = time.perf_counter(), time.process_time()
        results = import_files(batch, municipality=municipality)
        timings[upkeep][0] += time.perf_counter() - wall
        timings[upkeep][1] += time.process_time() - cpu
        timings[upkeep][2] += len(batch)
        assert all(r.outcome == "imported" for r in results), results
    monkeypatch.setattr(vocabulary, "UPKEEP", True)

    def per(upkeep: bool, i: int) -> float:
        return timings[upkeep][i] / max(timings[upkeep][2], 1) * 1000

    on, off = per(True, 0), per(False, 0)
    wall, cpu = time.perf_counter(), time.process_time()
    words = vocabulary.rebuild()
    rebuild_wall, rebuild_cpu = time.perf_counter() - wall, time.process_time() - cpu
    points = AgendaItem.objects.count()
    wall = time.perf_counter()
    found = vocabulary.suggest(parse_query("borgre hjemlose"))
    suggest_ms = (time.perf_counter() - wall) * 1000
    print(
        f"\n[bench] vocabulary on import into {connection.vendor}: {on:.1f} ms per referat "
        f"with upkeep, {off:.1f} ms without (+{(on - off) / off * 100:.0f} % wall; CPU "
        f"{per(True, 1):.1f} vs {per(False, 1):.1f} ms), batches of {IMPORT_BATCH_SIZE}, "
        "alternating"
    )
    print(
        f"[bench] vocabulary.rebuild(): {words} words from {points} points in "
        f"{rebuild_wall:.1f} s wall, {rebuild_cpu:.1f} s CPU; one suggestion "
        f"({found.query if found else None!r}) in {suggest_ms:.0f} ms; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    assert SearchWord.objects.exists()
