"""``make bench`` in miniature: ``SIZE=tiny`` (500 points) end to end on PostgreSQL (build,
pages, search, gunicorn + wrk, import), and the report's table from fixed figures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402


def _figures(p95: float) -> dict:
    pages = {n: {"p50": p95 / 2, "p95": p95, "queries": 5, "kb": 10} for n in bench.PAGES}
    throughput = {f"{n}_{m}": {"rps": 100.0, "errors": 0, "timeouts": 0}
                  for n in [*bench.PAGES, "bare"] for m in ("cold", "cached")}
    search = {k: {"p50": 10.0, "p95": 20.0} for k in bench.SEARCH_KINDS}
    icontains = {k: {"p50": 1000.0, "p95": 2000.0} for k in bench.SEARCH_KINDS}
    urls = {"_council_meetings": 3, "_case_treatments": 4, "_meeting_points": 25}
    return {"pages": pages, "throughput": throughput, "search": search,
            "icontains": icontains, "urls": urls, "points": 1}


def test_report_has_one_row_per_page_with_growth_and_the_machine():
    machine = {"cores": 2, "ram_gb": 8.0, "load": "1.00 1.00 1.00"}
    text = bench.report({"10k": 10_000, "1m": 1_000_000},
                        {"10k": _figures(10.0), "1m": _figures(12.0)},
                        {"files": 10, "seconds": 1.0, "rate": 10.0, "rss_mb": 90, "status": 0},
                        machine, machine)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    for page in bench.PAGES:
        row = next(r for r in rows if r.startswith(f"| {page} |"))
        assert row.endswith("| 1.20× |")  # p95 growth 1m/10k
    assert "2 cores, 8.0 GB RAM; load average 1.00 1.00 1.00" in text
    assert "| journal | 5.0 | 10.0 | 1,000.0 | 100× |" not in text  # p50s: 10 and 1000
    assert "| journal | 10.0 | 20.0 | 1,000.0 | 100× | 10.0 | 20.0 | 1,000.0 | 100× |" in text
    assert "**10.0 referater/s**, peak RSS **90 MB**" in text


@pytest.mark.timeout(900)  # builds a database, starts gunicorn and wrk: ~60 s quiet, 180 s loaded
def test_tiny_bench_runs_end_to_end(tmp_path):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("make bench runs on PostgreSQL (set DATABASE_URL)")
    if not shutil.which("wrk") or subprocess.run(["redis-cli", "ping"],
                                                 capture_output=True).returncode:
        pytest.skip("needs wrk and a Redis server")
    settings = connection.settings_dict
    out = tmp_path / "benchmarks.md"
    env = {
        **os.environ,
        "SIZE": "tiny",
        "RUNS": "1",
        "WRK_SECONDS": "1",
        "IMPORT_FILES": "5",
        "BENCH_SEARCH_POOL_FILES": "20",
        "BENCH_OUT": str(out),
        "BENCH_RESULTS_DIR": str(tmp_path / "results"),
        "BENCH_PG": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}",
    }
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py")], env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    text = out.read_text()
    for page in bench.PAGES:
        assert f"| {page} |" in text
    assert "referater/s" in text and "load average" in text
