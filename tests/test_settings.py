import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import referater.settings as s; print(s.DEBUG, s.LANGUAGE_CODE)"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_start_with_secret_key():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "da"]


def test_development_defaults_to_debug_with_a_dev_key():
    result = _import_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "da"]


def test_tasks_backend_is_chosen_by_environment():
    code = "import referater.settings as s; print(s.TASKS['default']['BACKEND'])"
    env = {k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"}
    for value, expected in (
        (None, "django_tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
    ):
        run_env = dict(env, **({"TASKS_BACKEND": value} if value else {}))
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=run_env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected


def test_unknown_tasks_backend_is_refused_with_the_choices():
    result = subprocess.run(
        [sys.executable, "-c", "import referater.settings"],
        cwd=ROOT,
        env=dict(os.environ, TASKS_BACKEND="celery"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "immediate, database" in result.stderr


def _setting(code: str, **env) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SITE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", f"import referater.settings as s; print({code})"],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_mail_is_printed_in_development_and_sent_by_smtp_in_production():
    dev = _setting("s.EMAIL_BACKEND")
    assert dev.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
    prod = _setting(
        "s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.SITE_URL",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="referater.example.dk",
        EMAIL_HOST="smtp.example.dk",
        EMAIL_PORT="587",
    )
    assert prod.returncode == 0, prod.stderr
    assert prod.stdout.strip() == (
        "django.core.mail.backends.smtp.EmailBackend smtp.example.dk 587 "
        "https://referater.example.dk"
    )


def test_unknown_email_backend_is_refused_with_the_choices():
    result = _setting("s.EMAIL_BACKEND", EMAIL_BACKEND="sendmail")
    assert result.returncode != 0 and "console, smtp" in result.stderr
