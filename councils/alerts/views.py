"""The alert pages (under /abonnement/).

- ``subscribe`` (``tilmeld/?udvalg=…|sag=…|soegning=…``): the address, the GDPR note; a
  confirmation mail is sent (rate-limited); nothing is stored yet.
- ``confirm`` (``bekraeft/<token>/``): GET shows what will be followed and a button (mail
  scanners that open links confirm nothing); POST stores the subscription.
- ``unsubscribe`` (``afmeld/<token>/``): GET shows a confirm page; POST unsubscribes, without
  login and without a CSRF token (RFC 8058 one-click: mail clients POST
  ``List-Unsubscribe=One-Click`` to it).
- ``manage`` (``mine/<token>/``): every subscription of the address, each can be deleted,
  or all at once. ``manage_request`` (``/abonnement/``) mails that link (rate-limited).

Responses never tell whether an address is subscribed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import Subscription
from . import limits, mail, targets, tokens
from .forms import EmailForm

TOO_MANY = _(
    "Der er bedt om for mange e-mails til denne adresse eller fra din forbindelse den seneste "
    "time (højst %(n)d). Vent lidt, og prøv igen."
)


def _page(request, template: str, context: dict, code: int = 200):
    context = {"ALERTS_RATE_LIMIT_PER_HOUR": settings.ALERTS_RATE_LIMIT_PER_HOUR, **context}
    response = render(request, f"alerts/{template}", context)
    response.status_code = code
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid_link(request, exc: tokens.InvalidLink):
    return _page(request, "invalid_link.html", {"expired": exc.expired}, 400)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    params = request.POST if request.method == "POST" else request.GET
    target = targets.from_params(params)
    if target is None:
        return _page(request, "unknown_target.html", {}, 404)
    form = EmailForm(request.POST or None)
    context = {"form": form, "target": target, "description": target.describe()}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not limits.allow(request, email):
            form.add_error(None, TOO_MANY % {"n": settings.ALERTS_RATE_LIMIT_PER_HOUR})
            return _page(request, "subscribe.html", context, 429)
        asked = tokens.Request(email=email, kind=target.kind, target=target.value)
        mail.send_confirmation(asked, target.describe())
        return _page(request, "subscribe_sent.html", {**context, "email": email})
    return _page(request, "subscribe.html", context, 400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        asked = tokens.read_confirm_token(token)
    except tokens.InvalidLink as exc:
        return _invalid_link(request, exc)
    target = targets.from_confirmation(asked.kind, asked.target)
    if target is None:
        return _page(request, "unknown_target.html", {}, 404)
    context = {"target": target, "description": target.describe(), "email": asked.email}
    if request.method == "GET":
        return _page(request, "confirm.html", context)
    existing = Subscription.objects.filter(email=asked.email, **target.lookup()).first()
    if existing is None:
        if Subscription.objects.filter(email=asked.email).count() >= (
            settings.ALERTS_MAX_SUBSCRIPTIONS
        ):
            context["limit"] = settings.ALERTS_MAX_SUBSCRIPTIONS
            return _page(request, "confirm.html", context, 400)
        try:
            with transaction.atomic():
                target.as_subscription(email=asked.email, confirmed_at=timezone.now()).save()
        except IntegrityError:  # confirmed twice at the same moment
            pass
    context["manage_url"] = mail.manage_url(asked.email)
    return _page(request, "confirmed.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        ids = tokens.read_unsubscribe_token(token)
    except tokens.InvalidLink as exc:
        return _invalid_link(request, exc)
    subscriptions = Subscription.objects.filter(pk__in=ids).select_related(
        "council", "case"
    )
    if request.method == "GET":
        return _page(request, "unsubscribe.html", {"subscriptions": list(subscriptions)})
    removed = [s.describe() for s in subscriptions]
    subscriptions.delete()
    return _page(request, "unsubscribed.html", {"removed": removed})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        email = tokens.read_manage_token(token)
    except tokens.InvalidLink as exc:
        return _invalid_link(request, exc)
    mine = Subscription.objects.filter(email=email).select_related("council", "case")
    removed = []
    if request.method == "POST":
        chosen = mine if "slet_alle" in request.POST else mine.filter(
            pk__in=[v for v in request.POST.getlist("slet") if v.isdigit()]
        )
        removed = [s.describe() for s in chosen]
        chosen.delete()
    context = {"email": email, "subscriptions": list(mine), "removed": removed}
    return _page(request, "manage.html", context)


@require_http_methods(["GET", "POST"])
def manage_request(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not limits.allow(request, email):
            form.add_error(None, TOO_MANY % {"n": settings.ALERTS_RATE_LIMIT_PER_HOUR})
            return _page(request, "manage_request.html", {"form": form}, 429)
        if Subscription.objects.filter(email=email).exists():
            mail.send_manage_link(email)
        return _page(request, "manage_request_sent.html", {"email": email})
    return _page(request, "manage_request.html", {"form": form}, 400 if form.errors else 200)
