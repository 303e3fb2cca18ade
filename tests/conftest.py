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
