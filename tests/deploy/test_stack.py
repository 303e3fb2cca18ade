"""The production stack as files: the image runs as a non-root user, migrates on start and
checks /healthz; compose brings up PostgreSQL, Redis, web and worker with volumes for the
database and media (validated offline by docker-compose, as CI does)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            rows.append((word.upper(), rest.strip()))
    return rows


def test_image_runs_as_a_non_root_user_and_migrates_on_start():
    rows = dockerfile_instructions()
    users = [rest for word, rest in rows if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    cmd = [rest for word, rest in rows if word == "CMD"][-1]
    assert cmd.index("migrate --noinput") < cmd.index("gunicorn referater.wsgi")
    healthcheck = [rest for word, rest in rows if word == "HEALTHCHECK"][-1]
    assert "/healthz" in healthcheck
    assert any("collectstatic" in rest for word, rest in rows if word == "RUN")


def compose(*args) -> str:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    env = {**os.environ, "SECRET_KEY": "test-validation-only"}
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_compose_has_database_cache_web_and_worker_with_volumes():
    assert set(compose("--services").split()) == {"db", "redis", "web", "worker", "harvester"}
    assert set(compose("--volumes").split()) == {"pgdata", "media"}
    config = compose()
    assert "db_worker" in config
    assert "run_harvest_schedule" in config and "TASKS_BACKEND: database" in config
    assert "REDIS_URL: redis://redis:6379/0" in config
    assert "pgdata:/var/lib/postgresql/data" in config and "media:/data/media" in config


def test_compose_refuses_to_start_without_a_secret_key():
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
