"""The move from the SQLite default to PostgreSQL, exactly as the README documents it:
dumpdata on SQLite, migrate + loaddata + rebuild_search_index on PostgreSQL. Row counts,
every public page and a search are the same before and after. Skips without PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
# The README's steps (section "From SQLite to PostgreSQL"), as arguments to manage.py.
DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=axes",
    "--exclude=councils.searchdocument",
    "--exclude=councils.searchword",
]


def server_url() -> str:
    url = os.environ.get("REFERATER_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER


def admin_connection():
    psycopg = pytest.importorskip("psycopg")
    url = server_url().rsplit("/", 1)[0] + "/postgres"
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=3), url.rsplit("/", 1)[0]
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {url}: {exc}")


@pytest.fixture
def postgres_url():
    conn, base = admin_connection()
    name = f"ref_security_move_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def manage(database_url, tmp, *args, module=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp / "media"),
        VAR_DIR=str(tmp),
        PYTHONPATH=str(ROOT),
    )
    command = ["-m", module, *args] if module else ["manage.py", *args]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{command}: {result.stderr[-3000:]}"
    return result.stdout


def test_sqlite_archive_moves_to_postgres_unchanged(tmp_path, postgres_url):
    sqlite_url = f"sqlite:///{tmp_path / 'referater.sqlite3'}"
    manage(sqlite_url, tmp_path, "migrate", "--noinput", "-v0")
    manage(sqlite_url, tmp_path, "populate", module="tests.deploy.move_probe")
    before = json.loads(manage(sqlite_url, tmp_path, "snapshot", module="tests.deploy.move_probe"))

    dump = tmp_path / "referater.json.gz"
    manage(sqlite_url, tmp_path, *DUMP, f"--output={dump}")
    manage(postgres_url, tmp_path, "migrate", "--noinput", "-v0")
    manage(postgres_url, tmp_path, "loaddata", str(dump))
    manage(postgres_url, tmp_path, "rebuild_search_index")
    after = json.loads(manage(postgres_url, tmp_path, "snapshot", module="tests.deploy.move_probe"))

    assert before["counts"]["councils.Meeting"] > 0 and before["counts"]["auth.User"] == 1
    assert after["counts"] == before["counts"]
    assert after["pages"].keys() == before["pages"].keys()
    assert sum(status == 200 for status, _html in before["pages"].values()) >= 10
    for url, (status, html) in before["pages"].items():
        assert after["pages"][url] == [status, html], f"{url} differs after the move"
    assert before["search_plan"] and after["search_plan"] == before["search_plan"]
