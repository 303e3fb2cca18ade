"""The "Følg" block of council, case and search pages: its links, and the feeds announced
with ``<link rel="alternate">`` in the page head."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ATOM = "application/atom+xml"
RSS = "application/rss+xml"
ICS = "text/calendar"


@dataclass
class Link:
    label: str
    url: str
    type: str = ""  # a MIME type: feeds are announced in the page head

    @property
    def is_feed(self) -> bool:
        return self.type in (ATOM, RSS)


@dataclass
class Follow:
    heading: str
    links: list[Link] = field(default_factory=list)
    subscribe_url: str = ""

    @property
    def feeds(self) -> list[Link]:
        return [link for link in self.links if link.is_feed]

    @property
    def has_calendar(self) -> bool:
        return any(link.type == ICS for link in self.links)


def _subscribe(**params) -> str:
    return f"{reverse('councils:alerts_subscribe')}?{urlencode(params)}"


def for_council(council) -> Follow:
    slug = {"council": council.slug}
    name = council.name
    return Follow(
        heading=_("Følg %(name)s") % {"name": name},
        links=[
            Link(_("Nye møder (Atom)"), reverse("councils:feed_council", kwargs=slug), ATOM),
            Link(_("Nye møder (RSS)"), reverse("councils:feed_council_rss", kwargs=slug), RSS),
            Link(
                _("Nye beslutninger (Atom)"), reverse("councils:feed_decisions", kwargs=slug), ATOM
            ),
            Link(
                _("Nye beslutninger (RSS)"),
                reverse("councils:feed_decisions_rss", kwargs=slug),
                RSS,
            ),
            Link(
                _("Møder i din kalender (iCalendar)"),
                reverse("councils:calendar_council", kwargs=slug),
                ICS,
            ),
        ],
        subscribe_url=_subscribe(udvalg=council.slug),
    )


def for_case(case) -> Follow:
    number = {"number": case.number}
    return Follow(
        heading=_("Følg sag %(number)s") % {"number": case.number},
        links=[
            Link(_("Nye behandlinger (Atom)"), reverse("councils:feed_case", kwargs=number), ATOM),
            Link(
                _("Nye behandlinger (RSS)"), reverse("councils:feed_case_rss", kwargs=number), RSS
            ),
        ],
        subscribe_url=_subscribe(sag=case.number),
    )


def for_search(querystring: str) -> Follow:
    def url(name):
        return f"{reverse(name)}?{querystring}"

    return Follow(
        heading=_("Følg søgningen"),
        links=[
            Link(_("Nye resultater (Atom)"), url("councils:feed_search"), ATOM),
            Link(_("Nye resultater (RSS)"), url("councils:feed_search_rss"), RSS),
            Link(_("Hent resultaterne som CSV"), url("councils:export_csv"), "text/csv"),
            Link(_("Hent resultaterne som JSON"), url("councils:export_json"), "application/json"),
        ],
        subscribe_url=_subscribe(soegning=querystring),
    )
