"""One cache every process shares: Redis with CACHE_URL/REDIS_URL, else the database cache.

Two cache clients stand for two worker processes: an index change made through one is
seen by the other, so the search counts a worker cached are never served stale.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from councils.cache import RedisCache
from councils.search import engine
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def _settings_cache(**env):
    full = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL"}}
    full.update(env)
    code = (
        "import referater.settings as s; d = s.CACHES['default']; "
        "print(d['BACKEND'], d['LOCATION'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )


def test_without_cache_url_the_database_cache_is_shared():
    result = _settings_cache()
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        settings.DATABASE_CACHE_TABLE,
    ]


@pytest.mark.parametrize("name", ["CACHE_URL", "REDIS_URL"])
def test_cache_url_selects_djangos_redis_cache(name):
    result = _settings_cache(**{name: "redis://127.0.0.1:6379/3"})
    assert result.stdout.split() == [
        "councils.cache.RedisCache",  # Django's, with one client per pool
        "redis://127.0.0.1:6379/3",
    ]


def test_a_cache_url_that_is_not_redis_is_refused():
    result = _settings_cache(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0 and "CACHE_URL must be a Redis URL" in result.stderr


@pytest.mark.django_db
def test_the_cache_table_exists_after_migrate():
    from django.db import connection

    assert settings.DATABASE_CACHE_TABLE in connection.introspection.table_names()


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_prefix():
    if not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (apt-get install redis-server)")
    prefix = f"referater-test-security-{uuid.uuid4().hex[:12]}"
    yield prefix
    import redis

    client = redis.Redis(*REDIS)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def redis_client(prefix):
    return RedisCache(f"redis://{REDIS[0]}:{REDIS[1]}/0", {"KEY_PREFIX": prefix})


def db_client():
    return DatabaseCache(settings.DATABASE_CACHE_TABLE, {"KEY_PREFIX": "referater-test"})


def count_seen_by_a_after_b_changed_the_index(worker_a, worker_b, monkeypatch) -> int:
    """Worker A counts (and caches); worker B adds a matching point; A counts again."""
    meeting = f.meeting()
    f.item(meeting, title="Vejbelysning på Østergade")
    monkeypatch.setattr(engine, "cache", worker_a)
    assert engine.search("vejbelysning").total == 1
    monkeypatch.setattr(engine, "cache", worker_b)
    f.item(meeting, title="Ny vejbelysning i midtbyen")  # indexed by signal: generation bump
    monkeypatch.setattr(engine, "cache", worker_a)
    return engine.search("vejbelysning").total


@pytest.mark.django_db
def test_redis_two_workers_see_the_same_invalidation(redis_prefix, monkeypatch):
    a, b = redis_client(redis_prefix), redis_client(redis_prefix)
    assert count_seen_by_a_after_b_changed_the_index(a, b, monkeypatch) == 2


@pytest.mark.django_db
def test_redis_cache_round_trip(redis_prefix):
    a, b = redis_client(redis_prefix), redis_client(redis_prefix)
    a.set("x", {"n": 1}, 30)
    assert b.get("x") == {"n": 1}
    assert a.add("n", 1)
    assert b.incr("n") == 2 and a.get("n") == 2
    a.delete("x")
    assert b.get("x") is None


def test_our_redis_cache_is_djangos_with_one_client_per_pool(redis_prefix):
    cache = redis_client(redis_prefix)
    assert isinstance(cache, DjangoRedisCache)
    client = cache._cache.get_client("x")
    assert cache._cache.get_client("y", write=True) is client  # one server: one pool
    cache.set_many({"a": 1, "b": [2]}, 30)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
    assert cache._cache.get_client("x") is client


@pytest.mark.django_db
def test_database_cache_two_workers_see_the_same_invalidation(monkeypatch):
    assert count_seen_by_a_after_b_changed_the_index(db_client(), db_client(), monkeypatch) == 2


@pytest.mark.django_db
def test_per_process_caches_would_be_stale(monkeypatch):
    """Why the shared cache matters: with a cache per process (LocMem), A keeps its count."""
    a = LocMemCache(f"a-{uuid.uuid4().hex}", {})
    b = LocMemCache(f"b-{uuid.uuid4().hex}", {})
    assert count_seen_by_a_after_b_changed_the_index(a, b, monkeypatch) == 1


@pytest.mark.django_db
def test_the_generation_is_bumped_again_when_the_import_commits(
    django_capture_on_commit_callbacks, monkeypatch
):
    """A worker that recounted between the change and its commit cached rows not yet
    committed under the new generation; the bump on commit retires that entry."""
    monkeypatch.setattr(engine, "cache", db_client())
    meeting = f.meeting()
    before = engine.index_generation()
    with django_capture_on_commit_callbacks(execute=True):
        f.item(meeting, title="Cykelstier")
        during = engine.index_generation()
    assert during > before
    assert engine.index_generation() > during
