"""Settings of ``make bench``'s gunicorn: the production settings plus one bare view."""

from referater.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.bench_urls"
