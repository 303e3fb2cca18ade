"""Fixtures of the staff workflow: councils, a secretary of one of them, an editor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from councils.models import CouncilMembership
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP, ensure_groups
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
    ensure_groups()  # a transactional test (browser) may have flushed the migration's groups
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


SOFFICE_TIMEOUT_SECONDS = 120


@pytest.fixture(scope="session")
def seed_003(seeds_dir):
    matches = sorted(seeds_dir.glob("003_*"))
    if not matches:
        pytest.skip(f"seed 003 not found in {seeds_dir}")
    return matches[0]


@pytest.fixture(scope="session")
def seed_003_pdf(seed_003, tmp_path_factory) -> bytes:
    """Seed 003 printed to PDF by LibreOffice, as a secretary's case system would."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    out = tmp_path_factory.mktemp("seed003pdf")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{out}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(seed_003),
        ],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT_SECONDS,
    )
    return (out / f"{seed_003.stem}.pdf").read_bytes()


@pytest.fixture
def seed_003_text(seed_003) -> str:
    return seed_003.read_text(encoding="utf-8")


def corrected(text: str, *, decision_46: str | None = None, drop_from: str | None = None) -> str:
    """The seed with point 46's first decision line replaced and/or the tail cut off."""
    if decision_46 is not None:
        start = text.index("Punkt 46:")
        at = text.index("Godkendt.", start)
        text = text[:at] + decision_46 + text[at + len("Godkendt.") :]
    if drop_from is not None:
        text = text[: text.index(drop_from)]
    return text
