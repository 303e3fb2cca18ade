"""The fake portal on loopback and fast but real harvest settings."""

from __future__ import annotations

import pytest

from .portal import FakePortal, build_portal


@pytest.fixture
def harvest_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REFERATER_HARVEST_MIN_INTERVAL_SECONDS = 0.002
    settings.REFERATER_HARVEST_BACKOFF_SECONDS = 0.01
    settings.REFERATER_HARVEST_BACKOFF_MAX_SECONDS = 0.05
    settings.REFERATER_HARVEST_CONNECT_TIMEOUT = 2.0
    settings.REFERATER_HARVEST_READ_TIMEOUT = 2.0
    settings.REFERATER_HARVEST_RETRIES = 3
    settings.REFERATER_HARVEST_CONTACT = "drift@example.org"
    return settings


@pytest.fixture
def portal_data():
    """3 councils × 4 meetings (the last 2 of each are agendas of coming meetings)."""
    return build_portal(councils=3, meetings=4, future=2)


@pytest.fixture
def fake_portal(portal_data):
    with FakePortal(portal_data) as portal:
        yield portal


@pytest.fixture
def big_portal():
    """3 councils × 20 meetings (6 agendas each), served."""
    data = build_portal(councils=3, meetings=20, future=6)
    with FakePortal(data) as portal:
        yield portal, data
