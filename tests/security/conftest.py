"""Two councils with every kind of staff-visible row, and one user of each role.

Council A ("Socialudvalget") has a published meeting (an open and a closed point) and a
draft meeting, each with sections, bilag, decisions of other committees, absences and
history; an upload with a bilag; a secretary. Council B has its own secretary and meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.test import Client

from councils.models import (
    CouncilAlias,
    CouncilMembership,
    DecisionCorrection,
    Meeting,
    Upload,
    UploadedBilag,
)
from councils.staff.access import EDITOR_GROUP, SECRETARY_GROUP
from tests import factories as f
from tests.workflow.conftest import make_staff

ROLES = ("anonymous", "secretary_a", "secretary_b", "editor", "superuser")


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = FAST_HASHERS


@dataclass
class World:
    council_a: object
    council_b: object
    users: dict = field(default_factory=dict)
    # (model_name, variant) -> object of council A; variant "published" or "draft".
    objects: dict = field(default_factory=dict)
    published_item: object = None
    closed_item: object = None
    draft_meeting: object = None
    published_meeting: object = None
    b_meeting: object = None

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _populate_meeting(meeting, label):
    item = f.item(
        meeting,
        title=f"Åbent punkt ({label})",
        decision=f"Godkendt ({label}).",
        sections=[("sagsfremstilling", "Sagsfremstilling", f"Tekst ({label}).")],
    )
    closed = f.item(meeting, title=f"Lukket punkt ({label})", decision="Hemmeligt.", is_closed=True)
    attachment = f.attachment(item, title=f"Bilag ({label})")
    prior = f.prior_decision(item, text=f"Anbefalet ({label}).")
    absence = f.absence(meeting, name=f"Fraværende ({label})", item_obj=item)
    correction = DecisionCorrection.objects.create(
        agenda_item=item, previous_decision="Før", new_decision=item.decision
    )
    # A second version of each versioned row, so there is history to read and revert to.
    for obj in (meeting, item, item.sections.get(), attachment):
        obj.save()
    return {
        "meeting": meeting,
        "agendaitem": item,
        "section": item.sections.get(),
        "attachment": attachment,
        "priordecision": prior,
        "absence": absence,
        "decisioncorrection": correction,
        "sourcedocument": meeting.source_document,
    }, closed


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for a whole module (the permission matrix runs thousands of requests): built
    in a transaction that is rolled back after the module; each test runs in a savepoint."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
    ):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


def build_world() -> World:
    council_a = f.council("Socialudvalget")
    council_b = f.council("Udsatterådet", kind="raad")
    w = World(council_a=council_a, council_b=council_b)
    w.users["secretary_a"] = make_staff("sekretaer-a", SECRETARY_GROUP)
    w.users["secretary_b"] = make_staff("sekretaer-b", SECRETARY_GROUP)
    w.users["editor"] = make_staff("redaktoer", EDITOR_GROUP)
    w.users["superuser"] = User.objects.create_superuser("admin", password="x" * 20)
    membership = CouncilMembership.objects.create(user=w.users["secretary_a"], council=council_a)
    CouncilMembership.objects.create(user=w.users["secretary_b"], council=council_b)

    published = f.meeting(council_a, source_document=f.source_document(b"Referat A", name="a.txt"))
    draft = f.meeting(
        council_a,
        status=Meeting.Status.DRAFT,
        source_document=f.source_document(b"Kladde A", name="kladde.txt"),
    )
    objects, w.closed_item = _populate_meeting(published, "offentlig")
    for name, obj in objects.items():
        w.objects[(name, "published")] = obj
    draft_objects, w.draft_closed_item = _populate_meeting(draft, "kladde")
    for name, obj in draft_objects.items():
        w.objects[(name, "draft")] = obj
    w.published_meeting, w.draft_meeting = published, draft
    w.published_item = objects["agendaitem"]

    from councils.models import SearchDocument

    w.objects[("searchdocument", "published")] = SearchDocument.objects.get(item=w.published_item)
    upload = Upload.objects.create(
        council=council_a,
        uploaded_by=w.users["secretary_a"],
        file="indsendt/a.txt",
        original_name="a.txt",
        format="txt",
        size=9,
        sha256="a" * 64,
        parsed={"council": council_a.name, "date": "2022-01-01", "items": []},
    )
    w.objects[("upload", "")] = upload
    w.objects[("uploadedbilag", "")] = UploadedBilag.objects.create(
        upload=upload,
        file="indsendt/bilag/b.txt",
        original_name="b.txt",
        format="txt",
        size=1,
        sha256="b" * 64,
    )
    w.objects[("councilmembership", "")] = membership
    w.objects[("council", "")] = council_a
    w.objects[("municipality", "")] = council_a.municipality
    w.objects[("councilalias", "")] = CouncilAlias.objects.create(
        council=council_a, name="Socialudvalget 2018-2021"
    )
    w.objects[("case", "")] = f.case()
    from councils.models import Absence

    w.objects[("person", "")] = Absence.objects.get(pk=objects["absence"].pk).person
    w.objects[("user", "")] = w.users["secretary_a"]
    w.objects[("group", "")] = w.users["secretary_a"].groups.get()

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "ukendt"}
    w.objects[("accessattempt", "")] = AccessAttempt.objects.create(
        **seen, get_data="", post_data="", failures_since_start=1
    )
    w.objects[("accesslog", "")] = AccessLog.objects.create(**seen)
    w.objects[("accessfailurelog", "")] = AccessFailureLog.objects.create(**seen)

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    w.objects[("dbtaskresult", "")] = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="councils.tasks.example",
        backend_name="default",
        run_after=timezone.now(),
    )

    from councils.models import Subscription

    w.objects[("subscription", "")] = Subscription.objects.create(
        email="borger@example.org",
        kind=Subscription.Kind.COUNCIL,
        council=council_a,
        confirmed_at=timezone.now(),
    )

    from councils.models import HarvestSource

    w.objects[("harvestsource", "")] = HarvestSource.objects.create(
        base_url="https://dagsordener.example.org/", municipality=council_a.municipality
    )

    w.b_meeting = f.meeting(council_b)
    f.item(w.b_meeting, title="B's punkt")
    return w
