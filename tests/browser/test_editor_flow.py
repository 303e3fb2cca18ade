"""An editor corrects a published decision with a reason, sees the styled "Rettet" notice,
restores the published wording through the confirmation page, and the notice is gone; an
administrator adds a secretary by username. Under the strict CSP, with axe on the pages."""

from __future__ import annotations

import re

import pytest

from councils.models import AgendaItem, CouncilMembership, DecisionCorrection
from tests import factories as f
from tests.browser.test_admin_csp import watch_csp
from tests.workflow.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORIGINAL = "Godkendt."
CORRECTED = "Godkendt med den ændring, at tilskuddet nedsættes til 200.000 kr."


@pytest.fixture
def published(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    item = f.item(f.meeting(f.council("Socialudvalget")), title="Partnerskab", decision=ORIGINAL)
    AgendaItem.history.all().delete()  # as after a bulk import
    return item


def login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def violations_of(axe_check, page):
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe_check(page)]


def test_correct_with_reason_then_restore_the_published_wording(
    page, live_server, published, axe_check, screenshot
):
    blocked = watch_csp(page)
    base = live_server.url
    make_staff("redaktoer", "Redaktør")
    login(page, base, "redaktoer")
    page.goto(f"{base}/admin/councils/agendaitem/{published.pk}/change/")
    page.fill("#id_decision", CORRECTED)
    page.fill("#id_correction_reason", "Beløbet manglede i referatet")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/councils/agendaitem/$"))

    public = base + published.get_absolute_url()
    page.goto(public)
    notice = page.locator(".item-notice--corrected")
    assert "Rettet" in notice.inner_text() and "Beløbet manglede i referatet" in notice.inner_text()
    assert notice.evaluate("el => getComputedStyle(el).borderLeftStyle") == "solid"
    assert violations_of(axe_check, page) == []
    screenshot(page, "point-corrected")

    page.goto(f"{base}/admin/councils/agendaitem/{published.pk}/beslutning/")
    page.locator("tr.version").last.get_by_role("button", name="Gendan denne version").click()
    page.get_by_role("button", name="Ja, gendan denne version").wait_for()
    assert "Det er den offentliggjorte ordlyd." in page.content()
    assert violations_of(axe_check, page) == []
    screenshot(page, "staff-restore-confirm")
    page.get_by_label("Begrundelse (valgfri)").fill("Rettelsen var en fejl")
    page.get_by_role("button", name="Ja, gendan denne version").click()
    page.wait_for_url(re.compile(r"/beslutning/$"))
    assert "ikke længere offentlig" in page.content()

    page.goto(public)
    assert page.locator(".item-notice--corrected").count() == 0
    assert CORRECTED not in page.content()
    assert DecisionCorrection.objects.count() == 2 and not DecisionCorrection.objects.public()
    assert blocked == []


def test_admin_adds_a_secretary_by_username(page, live_server, published, axe_check):
    from django.contrib.auth.models import User

    blocked = watch_csp(page)
    base = live_server.url
    User.objects.create_superuser("chef", password=PASSWORD)
    anne = make_staff("anne.holm", "Sekretær")
    login(page, base, "chef")
    groups = page.locator("#content-main .module caption").all_text_contents()
    assert [g.strip() for g in groups][:4] == [
        "Arkiv",
        "Indsendelser",
        "Brugere og rettigheder",
        "Søgning",
    ]
    assert "Referatarkiv – administration" in page.title()
    council = published.meeting.council
    page.goto(f"{base}/admin/councils/council/{council.pk}/change/")
    page.locator(".add-row a").last.click()  # a new secretary row
    page.locator(".select2-selection").last.click()
    page.locator(".select2-search__field").fill("anne")
    page.locator(".select2-results__option", has_text="anne.holm").click()
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/councils/council/$"))
    assert CouncilMembership.objects.get(council=council).user == anne
    assert blocked == []
