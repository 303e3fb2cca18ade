"""Login throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords lock the username and the
address for AXES_COOLOFF_TIME; an administrator can unlock; a success resets the count."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from councils.middleware import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-42"
LOGIN = "/admin/login/"


@pytest.fixture
def staff(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("sekretaer", password=PASSWORD, is_staff=True)


def login(username, password, ip="192.0.2.10"):
    client = Client()
    response = client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )
    return client, response


def logged_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_the_limit_is_a_documented_setting(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["ip_address"]]


def test_wrong_passwords_then_the_right_one_is_refused(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client, response = login("sekretaer", "forkert")
        assert response.status_code == 200  # the form again, with its error
    client, response = login("sekretaer", "forkert")
    assert response.status_code == 429
    client, response = login("sekretaer", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Login er midlertidigt spærret" in html and "30 minutter" in html
    assert not logged_in(client)


def test_below_the_limit_the_right_password_works_and_resets_the_count(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login("sekretaer", "forkert")
    client, response = login("sekretaer", PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    assert not AccessAttempt.objects.filter(username="sekretaer").exists()


def test_the_account_is_locked_from_every_address(staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login("sekretaer", "forkert", ip=f"198.51.100.{n + 1}")
    client, response = login("sekretaer", PASSWORD, ip="203.0.113.99")
    assert response.status_code == 429


def test_the_address_is_locked_for_every_account(staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(f"gaet{n}", "forkert", ip="192.0.2.77")
    _client, response = login("sekretaer", PASSWORD, ip="192.0.2.77")
    assert response.status_code == 429
    client, response = login("sekretaer", PASSWORD, ip="192.0.2.78")
    assert response.status_code == 302 and logged_in(client)


def test_the_limit_is_configurable(staff, settings):
    settings.AXES_FAILURE_LIMIT = 2
    login("sekretaer", "forkert")
    _client, response = login("sekretaer", "forkert")
    assert response.status_code == 429


def test_an_administrator_unlocks_the_account(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("sekretaer", "forkert", ip="192.0.2.20")
    assert login("sekretaer", PASSWORD, ip="192.0.2.21")[1].status_code == 429
    call_command("axes_reset_username", "sekretaer")
    call_command("axes_reset_ip", "192.0.2.20")
    client, response = login("sekretaer", PASSWORD, ip="192.0.2.20")
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_ends_after_the_cooloff(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("sekretaer", "forkert")
    past = datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=past - datetime.timedelta(seconds=1))
    client, response = login("sekretaer", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_client_ip_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.5"
    )
    settings.REFERATER_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"  # a client-written header is not trusted
    settings.REFERATER_TRUSTED_PROXIES = 1
    assert client_ip(request) == "192.0.2.5"  # what our proxy saw, not what the client wrote
    settings.REFERATER_TRUSTED_PROXIES = 3
    assert client_ip(request) == "10.0.0.1"  # fewer entries than proxies: fall back
