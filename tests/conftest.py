"""Shared fixtures. Seeds are read from ../shared/seeds (never copied into the project)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATER_SHARED_DIR", ROOT.parent / "shared"))
SEEDS_DIR = SHARED / "seeds"
GOLD_DIR = SHARED / "gold"
ARTIFACTS_DIR = Path(os.environ.get("TEST_ARTIFACTS_DIR", ROOT / "test-artifacts"))


@pytest.fixture(autouse=True)
def _no_page_cache(request, settings):
    """Whole-page caching (councils/pagecache.py) is off in tests unless a test asks for it
    with ``@pytest.mark.page_cache``: tests that change rows behind the signals' back (update(),
    raw SQL) must not read an earlier response. tests/views/test_page_cache.py tests it."""
    settings.REFERATER_PAGE_CACHE = request.node.get_closest_marker("page_cache") is not None


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir() or not any(SEEDS_DIR.iterdir()):
        pytest.skip(
            f"seed referater not found in {SEEDS_DIR}: they live beside the repository in "
            "../shared/seeds (set REFERATER_SHARED_DIR to point elsewhere)"
        )
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_files(seeds_dir) -> list[Path]:
    return sorted(p for p in seeds_dir.iterdir() if p.is_file())


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD_DIR.is_dir():
        pytest.skip(f"gold files not found in {GOLD_DIR} (they live in ../shared/gold)")
    return GOLD_DIR


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture
def bounded():
    """``with bounded(seconds, megabytes):`` — the block took less time and Python memory
    (tracemalloc peak) than that: a security bound proving "bounded, not exponential"."""
    import time
    import tracemalloc
    from contextlib import contextmanager

    @contextmanager
    def measure(seconds: float = 5, megabytes: float = 32):
        tracemalloc.start()
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert elapsed < seconds, f"took {elapsed:.1f} s (bound {seconds} s)"
        assert peak < megabytes * 1024 * 1024, f"peak {peak / 2**20:.1f} MB (bound {megabytes})"

    return measure


@pytest.fixture
def assert_max_db_queries():
    """``with assert_max_db_queries(n):`` — at most ``n`` SQL queries of the archive itself.
    Reads and writes of the database cache (the default shared cache, a table) are left out:
    with Redis they are no SQL at all, so they are no part of a page's query budget; so are
    savepoints (transaction control, not reads)."""
    from contextlib import contextmanager

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def budget(n: int):
        with CaptureQueriesContext(connection) as captured:
            yield captured
        table = getattr(settings, "DATABASE_CACHE_TABLE", "")
        queries = [
            q["sql"]
            for q in captured
            if not (table and table in q["sql"])
            and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
        ]
        assert len(queries) <= n, f"{len(queries)} queries (budget {n}):\n" + "\n".join(queries)

    return budget
