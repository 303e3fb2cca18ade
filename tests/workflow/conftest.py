"""Fixtures of the staff workflow: councils, a secretary of one of them, an editor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from councils.models import CouncilMembership
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP
from tests import factories as f

PASSWORD = "korrekt-hest-batteri-42"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def socialudvalget(db):
    return f.council("Socialudvalget")


@pytest.fixture
def udsatteraadet(db):
    return f.council("Udsatterådet", kind="raad")


def make_staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def secretary(socialudvalget):
    user = make_staff("sekretaer", SECRETARY_GROUP)
    CouncilMembership.objects.create(user=user, council=socialudvalget)
    return user


@pytest.fixture
def editor(db):
    return make_staff("redaktoer", EDITOR_GROUP)


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
