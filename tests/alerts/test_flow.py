"""E-mail alerts end to end: every mail goes over SMTP to a server on loopback and is read back
with the ``email`` package; meetings are published through the real importer and the staff
publish, whose ``meetings_published`` signal runs on commit."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from councils.alerts.tasks import send_alerts
from councils.importer import import_file
from councils.models import AlertDelivery, Council, Meeting, Subscription
from tests import factories as f

from .conftest import referat

pytestmark = pytest.mark.django_db
ADDRESS = "borger@example.dk"


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Import a referat as the importer does and run what happens on commit."""

    def run(text: str, name: str = "referat.txt", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = import_file(text.encode(), name, **kwargs)
        return Meeting.objects.get(pk=result.meeting.pk) if result.meeting else None

    return run


@pytest.fixture
def council(publish):
    publish(referat("11-02-2015", points=[("Første plan", "Godkendt.")]), "forste.txt")
    return Council.objects.get(name="Socialudvalget")


def subscribe(client, smtp, **target) -> str:
    """Ask for alerts and confirm with the link of the mail; returns the confirmation path."""
    response = client.post(reverse("councils:alerts_subscribe"), {**target, "email": ADDRESS})
    assert response.status_code == 200, response.content.decode()[:2000]
    [confirmation] = smtp.take()
    link = confirmation.link("/abonnement/bekraeft/")
    assert client.post(link).status_code == 200
    return link


def test_subscribe_confirm_publish_mail_unsubscribe(client, smtp, council, publish):
    assert smtp.take() == []  # nobody follows anything yet
    page = client.get(f"{reverse('councils:alerts_subscribe')}?udvalg={council.slug}")
    html = page.content.decode()
    assert page.status_code == 200 and "Socialudvalget" in html
    assert "Hvad vi gemmer om dig" in html and "kun din e-mailadresse" in html
    assert '<label for="id_email">' in html

    data = {"udvalg": council.slug, "email": " Borger@Example.DK "}
    response = client.post(reverse("councils:alerts_subscribe"), data)
    assert "Tjek din e-mail" in response.content.decode()
    assert not Subscription.objects.exists()  # nothing is stored before the confirmation
    [confirmation] = smtp.take()
    assert confirmation.to == [ADDRESS]
    assert "Socialudvalget" in confirmation.subject
    link = confirmation.link("/abonnement/bekraeft/")
    assert "Ja, bekræft" in client.get(link).content.decode()  # a GET confirms nothing
    assert not Subscription.objects.exists()
    assert "Abonnementet er bekræftet" in client.post(link).content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == ADDRESS and subscription.council == council
    assert subscription.confirmed_at is not None

    meeting = publish(
        referat(
            "25-02-2015",
            points=[("Ny skolevej ved Østervang", "Godkendt med en ekstra fodgængerovergang."),
                    ("Orientering om budget", "Taget til efterretning.")],
            closed=[("Fortroligalarm om grundkøb", "Fortroligalarmbeslutning.")],
        ),
        "anden.txt",
    )  # fmt: skip
    [alert] = smtp.take()
    assert alert.to == [ADDRESS]
    assert alert.subject == "Nyt om Socialudvalget: 2 punkter"
    text = alert.text
    assert "Ny skolevej ved Østervang" in text and "ekstra fodgængerovergang" in text
    assert "Orientering om budget" in text
    assert "Fortroligalarm" not in text and "Fortroligalarm" not in alert.html
    assert "Første plan" not in text  # published before the subscription: not new
    point = meeting.items.get(number=1)
    assert "http://testserver" + point.get_absolute_url() in text
    assert f'href="http://testserver{point.get_absolute_url()}"' in alert.html
    assert alert.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(alert.message["List-Unsubscribe"]).strip()  # may arrive folded
    one_click = re.fullmatch(r"<(https?://[^>\s]+)>", header).group(1)
    assert alert.link("/abonnement/mine/")  # manage everything

    # a second signal or a re-run of the task sends nothing again
    assert send_alerts.call(meeting_ids=[meeting.pk]) == 0
    assert smtp.take() == []

    # one click, no login, no CSRF token (as a mail client does it)
    mail_client = Client(enforce_csrf_checks=True)
    path = one_click.removeprefix("http://testserver")
    assert "Afmeld" in mail_client.get(path).content.decode()
    assert Subscription.objects.exists()  # a GET (a link scanner) unsubscribes nothing
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "Du er afmeldt" in response.content.decode()
    assert not Subscription.objects.exists() and not AlertDelivery.objects.exists()

    publish(referat("11-03-2015", points=[("Tredje plan", "Godkendt.")]), "tredje.txt")
    assert smtp.take() == []


def test_an_unconfirmed_address_gets_nothing(client, smtp, council, publish):
    client.post(reverse("councils:alerts_subscribe"), {"udvalg": council.slug, "email": ADDRESS})
    assert len(smtp.take()) == 1  # the confirmation only
    publish(referat("25-02-2015", points=[("Ny plan", "Godkendt.")]), "anden.txt")
    assert smtp.take() == []


def test_drafts_are_never_mailed_and_their_publication_is(client, smtp, council, publish):
    subscribe(client, smtp, udvalg=council.slug)
    draft = publish(
        referat("25-02-2015", points=[("Kladdeplan", "Godkendt.")]), "kladde.txt", status="draft"
    )
    assert smtp.take() == []
    from django.db import transaction

    with transaction.atomic():  # published later (as an editor would), then announced
        draft.status = Meeting.Status.PUBLISHED
        draft.save()
    assert send_alerts.call(meeting_ids=[draft.pk]) == 1
    [alert] = smtp.take()
    assert "Kladdeplan" in alert.text


def test_a_republish_of_the_same_content_sends_nothing_and_a_change_sends_only_it(
    client, smtp, council, publish
):
    subscribe(client, smtp, udvalg=council.slug)
    points = [("Skolevej", "Godkendt."), ("Budget", "Taget til efterretning.")]
    publish(referat("25-02-2015", points=points), "a.txt")
    assert len(smtp.take()) == 1
    publish(referat("25-02-2015", points=points) + "\n", "a-igen.txt")  # a corrected file
    assert smtp.take() == []
    changed = [("Skolevej", "Godkendt med ændringer."), ("Budget", "Taget til efterretning.")]
    publish(referat("25-02-2015", points=changed) + "\n\n", "a-rettet.txt")
    [alert] = smtp.take()
    assert "Godkendt med ændringer." in alert.text and "Budget" not in alert.text
    assert alert.subject == "Nyt om Socialudvalget: 1 punkt"


def test_one_mail_per_address_for_a_council_a_case_and_a_search(client, smtp, council, publish):
    case = council.meetings.get().items.get().case
    subscribe(client, smtp, udvalg=council.slug)
    subscribe(client, smtp, sag=case.number)
    subscribe(client, smtp, soegning="q=skolevej")
    assert Subscription.objects.count() == 3
    publish(
        referat(
            "25-02-2015",
            points=[("Plan for skolevejen", "Godkendt."), ("Andet punkt", "Godkendt.")],
            case=case.number,
        ),
        "b.txt",
    )
    [alert] = smtp.take()
    text = alert.text
    assert alert.subject == "Nyt på Referatarkiv: 4 punkter"
    sections = re.findall(r"^== (.+) ==$", text, re.M)
    assert sections == ["Socialudvalget", f"Sag {case.number}", "Søgningen “skolevej”"]
    search_part = text.split("== Søgningen")[1]
    assert "Plan for skolevejen" in search_part and "Andet punkt" not in search_part
    assert len(re.findall(r"/abonnement/afmeld/", text)) == 4  # one per section, and for all


def test_the_staff_publish_sends_the_alerts(
    client, smtp, council, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile

    from councils.models import CouncilMembership
    from councils.staff.access import SECRETARY_GROUP, ensure_groups
    from councils.staff.intake import receive_upload
    from councils.staff.publish import publish

    subscribe(client, smtp, udvalg=council.slug)
    ensure_groups()
    secretary = User.objects.create_user("sekretaer", is_staff=True)
    secretary.groups.add(Group.objects.get(name=SECRETARY_GROUP))
    CouncilMembership.objects.create(user=secretary, council=council)
    text = referat("25-02-2015", points=[("Sekretærens punkt", "Godkendt.")])
    upload = receive_upload(
        user=secretary, council=council, uploaded_file=SimpleUploadedFile("r.txt", text.encode())
    )
    assert smtp.take() == []  # a draft upload mails nobody
    with django_capture_on_commit_callbacks(execute=True):
        publish(upload, user=secretary)
    [alert] = smtp.take()  # one mail, although the import inside the publish signals too
    assert "Sekretærens punkt" in alert.text


def test_subscription_requests_are_rate_limited(client, smtp, council, settings):
    settings.ALERTS_RATE_LIMIT_PER_HOUR = 2
    url = reverse("councils:alerts_subscribe")
    data = {"udvalg": council.slug, "email": ADDRESS}
    codes = [client.post(url, data).status_code for _ in "abc"]
    assert codes == [200, 200, 429]
    assert len(smtp.take()) == 2
    refused = client.post(url, {"udvalg": council.slug, "email": "anden@example.dk"})
    assert refused.status_code == 429  # the same client, another address
    assert "for mange" in refused.content.decode()


def test_links_that_are_altered_or_expired_say_so(client, smtp, council, settings):
    client.post(reverse("councils:alerts_subscribe"), {"udvalg": council.slug, "email": ADDRESS})
    link = smtp.take()[0].link("/abonnement/bekraeft/")
    response = client.get(link.replace("/bekraeft/", "/bekraeft/x"))
    assert response.status_code == 400 and "ufuldstændigt eller ændret" in response.content.decode()
    settings.ALERTS_CONFIRM_MAX_AGE = -1
    response = client.post(link)
    assert response.status_code == 400 and "udløbet" in response.content.decode()
    assert not Subscription.objects.exists()
    unsubscribe = reverse("councils:alerts_unsubscribe", args=["ikke-signeret"])
    assert client.post(unsubscribe).status_code == 400


def test_manage_link_lists_and_deletes_subscriptions(client, smtp, council):
    subscribe(client, smtp, udvalg=council.slug)
    subscribe(client, smtp, soegning="q=plan")
    response = client.post(reverse("councils:alerts"), {"email": "ukendt@example.dk"})
    assert "Tjek din e-mail" in response.content.decode()
    assert smtp.take() == []  # no mail to an address that follows nothing (same answer)
    client.post(reverse("councils:alerts"), {"email": ADDRESS})
    [mail] = smtp.take()
    manage = mail.link("/abonnement/mine/")
    html = client.get(manage).content.decode()
    assert "Socialudvalget" in html and "Søgningen “plan”" in html
    council_sub = Subscription.objects.get(kind="udvalg")
    client.post(manage, {"slet": council_sub.pk})
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["soegning"]
    client.post(manage, {"slet_alle": "1"})
    assert not Subscription.objects.exists()
    assert "vi har ingen oplysninger" in client.get(manage).content.decode()


def test_unknown_targets_and_bad_addresses_are_clear_errors(client, smtp, council):
    url = reverse("councils:alerts_subscribe")
    assert client.get(f"{url}?udvalg=findes-ikke").status_code == 404
    assert client.get(f"{url}?soegning=").status_code == 404
    assert client.get(url).status_code == 404
    response = client.post(url, {"udvalg": council.slug, "email": "ikke en adresse"})
    assert response.status_code == 400 and "gyldig e-mailadresse" in response.content.decode()
    assert smtp.take() == []


def test_the_number_of_subscriptions_per_address_is_limited(client, smtp, council, settings):
    settings.ALERTS_MAX_SUBSCRIPTIONS = 1
    subscribe(client, smtp, udvalg=council.slug)
    client.post(reverse("councils:alerts_subscribe"), {"soegning": "q=plan", "email": ADDRESS})
    link = smtp.take()[0].link("/abonnement/bekraeft/")
    response = client.post(link)
    assert response.status_code == 400 and "højeste antal" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_followers_of_a_merged_council_follow_the_council_it_became(client, smtp, council):
    subscribe(client, smtp, udvalg=council.slug)
    target = f.council("Social- og Sundhedsudvalget")
    council.merge_into(target)
    assert Subscription.objects.get().council == target
