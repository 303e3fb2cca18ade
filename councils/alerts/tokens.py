"""Signed links (``django.core.signing``, salted per purpose, so one kind of link can never be
used as another).

- confirm: the subscription request itself (nothing is stored before it is confirmed);
  valid ``settings.ALERTS_CONFIRM_MAX_AGE`` seconds;
- unsubscribe: the ids of the subscriptions a mail was about (no address: these links end
  up in mail server logs); never expires (every old mail's link keeps working);
- manage: an address; valid ``settings.ALERTS_MANAGE_MAX_AGE`` seconds.

Signed, not encrypted: the confirm and manage links carry the address (readable by whoever
holds the link, i.e. the address's owner).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "councils.alerts.confirm"
UNSUBSCRIBE_SALT = "councils.alerts.unsubscribe"
MANAGE_SALT = "councils.alerts.manage"


class InvalidLink(Exception):
    """A link that was altered, is incomplete or has expired (``expired`` says which)."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Request:
    """What someone asked to follow: ``kind`` (Subscription.Kind) and ``target`` (a council
    or case id, or a /soeg/ query string)."""

    email: str
    kind: str
    target: str


def _load(token: str, salt: str, max_age: int | None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvalidLink(expired=True) from exc
    except signing.BadSignature as exc:
        raise InvalidLink() from exc


def confirm_token(request: Request) -> str:
    return signing.dumps(
        {"e": request.email, "k": request.kind, "t": request.target}, salt=CONFIRM_SALT
    )


def read_confirm_token(token: str) -> Request:
    data = _load(token, CONFIRM_SALT, settings.ALERTS_CONFIRM_MAX_AGE)
    try:
        return Request(email=str(data["e"]), kind=str(data["k"]), target=str(data["t"]))
    except (KeyError, TypeError) as exc:
        raise InvalidLink() from exc


def unsubscribe_token(subscription_ids) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(".".join(map(str, sorted(subscription_ids))))


def read_unsubscribe_token(token: str) -> list[int]:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        return [int(pk) for pk in value.split(".")]
    except (signing.BadSignature, ValueError) as exc:
        raise InvalidLink() from exc


def manage_token(email: str) -> str:
    return signing.dumps({"e": email}, salt=MANAGE_SALT)


def read_manage_token(token: str) -> str:
    data = _load(token, MANAGE_SALT, settings.ALERTS_MANAGE_MAX_AGE)
    try:
        return str(data["e"])
    except (KeyError, TypeError) as exc:
        raise InvalidLink() from exc
