"""A real SMTP server on loopback (aiosmtpd) that Django's SMTP backend sends to, messages read
back with the ``email`` package, and referater to import and publish."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from tests.views.conftest import client, danish, media_root  # noqa: F401


@dataclass
class Mail:
    to: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        text = self.message.get_body(preferencelist=("plain",)).get_content()
        return text.replace("\r\n", "\n")

    @property
    def html(self) -> str | None:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else None

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.text)

    def link(self, contains: str) -> str:
        """The path of the first link containing ``contains``."""
        for url in self.links():
            if contains in url:
                return urlsplit(url).path
        raise AssertionError(f"no link with {contains!r} in:\n{self.text}")


class Collector:
    def __init__(self):
        self.mails: list[Mail] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(Mail(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def take(self) -> list[Mail]:
        mails, self.mails = self.mails, []
        return mails


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Mail goes over SMTP to a server of ours on 127.0.0.1; ``smtp.take()`` empties it."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "http://testserver"
    try:
        yield collector
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def referat(
    date: str = "11-02-2015",
    council: str = "Socialudvalget",
    points: list[tuple[str, str]] = (),
    closed: list[tuple[str, str]] = (),
    case: str | None = "27.15.00-A08-1-21",
) -> str:
    """A referat text the importer reads: open points (title, decision) with the case on the
    first, then closed points ("Lukket punkt: …")."""
    day, month, year = date.split("-")
    lines = [
        f"REFERAT {council} d. {date}",
        "",
        f"Mødedato Onsdag d. {int(day)}. {MONTHS[int(month) - 1]} {year} kl. 17:00",
        "",
        "Mødested Rådhuset, lokale 2",
        "",
    ]
    number = 0
    for n, (title, decision) in enumerate(points):
        number += 1
        lines += [f"Punkt {number}: {title}", ""]
        if case and n == 0:
            lines += [case, ""]
        lines += ["Beslutning", "", decision, ""]
    for title, decision in closed:
        number += 1
        lines += [f"Punkt {number}: Lukket punkt: {title}", "", "Beslutning", "", decision, ""]
    return "\n".join(lines) + "\n"


from councils.importer.generate import MONTHS  # noqa: E402 - one list of month names
