"""The alert e-mails, through Django's e-mail API (``settings.EMAIL_BACKEND``).

Every mail is Danish (``translation.override("da")``), plain text (alerts also as HTML),
with absolute links from ``settings.SITE_URL``. Every alert carries a one-click unsubscribe
(RFC 8058: ``List-Unsubscribe`` with an https link and ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click``), a link per subscription to stop it, and a link to manage all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import tokens

MAIL_LANGUAGE = "da"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _path(name: str, **kwargs) -> str:
    with translation.override(MAIL_LANGUAGE):
        return reverse(f"councils:{name}", kwargs=kwargs)


def confirm_url(token: str) -> str:
    return absolute(_path("alerts_confirm", token=token))


def unsubscribe_url(subscription_ids) -> str:
    token = tokens.unsubscribe_token(subscription_ids)
    return absolute(_path("alerts_unsubscribe", token=token))


def manage_url(email: str) -> str:
    return absolute(_path("alerts_manage", token=tokens.manage_token(email)))


def _message(to: str, subject: str, text: str, headers=None) -> EmailMultiAlternatives:
    return EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )


def send_confirmation(request: tokens.Request, description: str) -> None:
    with translation.override(MAIL_LANGUAGE):
        context = {
            "description": description,
            "confirm_url": confirm_url(tokens.confirm_token(request)),
            "hours": settings.ALERTS_CONFIRM_MAX_AGE // 3600,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("alerts/email/confirm.txt", context)
        subject = _("Bekræft: e-mail om %(what)s") % {"what": description}
    _message(request.email, subject, text).send()


def send_manage_link(email: str) -> None:
    with translation.override(MAIL_LANGUAGE):
        context = {
            "manage_url": manage_url(email),
            "days": settings.ALERTS_MANAGE_MAX_AGE // 86400,
            "site_name": settings.SITE_NAME,
        }
        text = render_to_string("alerts/email/manage.txt", context)
        subject = _("Dine e-mailabonnementer på %(site)s") % {"site": settings.SITE_NAME}
    _message(email, subject, text).send()


@dataclass
class Entry:
    """One subscription of an address and its new points (open, public)."""

    subscription: object
    points: list = field(default_factory=list)


def alert_message(email: str, entries: list[Entry]) -> EmailMultiAlternatives:
    """One mail for one address: the new points of every subscription, with links."""
    limit = settings.ALERTS_MAX_POINTS_PER_MAIL
    with translation.override(MAIL_LANGUAGE):
        sections, shown = [], 0
        for entry in entries:
            room = max(limit - shown, 0)
            listed = entry.points[:room]
            shown += len(listed)
            sections.append(
                {
                    "title": entry.subscription.describe(),
                    "points": [
                        {
                            "item": item,
                            "label": _("%(council)s, %(date)s, punkt %(number)s")
                            % {
                                "council": item.meeting.council.name,
                                "date": _date(item.meeting.start),
                                "number": item.number,
                            },
                            "url": absolute(item.get_absolute_url()),
                        }
                        for item in listed
                    ],
                    "more": len(entry.points) - len(listed),
                    "more_url": absolute(_page_of(entry.subscription)),
                    "unsubscribe_url": unsubscribe_url([entry.subscription.pk]),
                }
            )
        total = sum(len(e.points) for e in entries)
        one_click = unsubscribe_url([e.subscription.pk for e in entries])
        context = {
            "sections": sections,
            "manage_url": manage_url(email),
            "unsubscribe_all_url": one_click,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("alerts/email/alert.txt", context)
        html = render_to_string("alerts/email/alert.html", context)
        if len(entries) == 1:
            subject = ngettext(
                "Nyt om %(what)s: %(n)d punkt", "Nyt om %(what)s: %(n)d punkter", total
            ) % {"what": entries[0].subscription.describe(), "n": total}
        else:
            subject = ngettext(
                "Nyt på %(site)s: %(n)d punkt", "Nyt på %(site)s: %(n)d punkter", total
            ) % {"site": settings.SITE_NAME, "n": total}
    message = _message(
        email,
        subject,
        text,
        headers={
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _date(value) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _page_of(subscription) -> str:
    from .targets import Target

    return Target(
        subscription.kind,
        council=subscription.council,
        case=subscription.case,
        query=subscription.search_query,
    ).page_url()
