"""Harvest agendas and minutes from a FirstAgenda Publication portal (``councils.harvest``)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from councils.harvest.client import PortalError, normalize_base_url
from councils.harvest.service import harvest


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since {value!r}: write the date as YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Harvest the committee list, agendas (Dagsorden), minutes (Referat) and bilag of a "
        "FirstAgenda Publication portal, e.g. https://dagsordener.randers.dk/. Only new or "
        "re-released meetings are fetched; a meeting that fails is reported by its id and "
        "skipped. Exit status 1 when a meeting failed, 2 when the portal could not be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("base_url", help="the portal's front page (http:// or https://)")
        parser.add_argument("--since", type=iso_date, help="only meetings on or after DATE")
        parser.add_argument(
            "--council",
            action="append",
            metavar="NAME",
            help="only this committee, as the portal names it (repeat for more)",
        )
        parser.add_argument(
            "--municipality",
            metavar="NAME",
            help="the municipality of the meetings (default: REFERATER_DEFAULT_MUNICIPALITY)",
        )

    def handle(self, *args, base_url, since=None, council=None, municipality=None, **options):
        try:
            base_url = normalize_base_url(base_url)
        except PortalError as exc:
            raise CommandError(str(exc)) from exc
        report = harvest(
            base_url,
            municipality=municipality,
            since=since,
            councils=council,
            progress=lambda line: self.stderr.write(line),
        )
        if report.fatal:
            self.stderr.write(self.style.ERROR(f"{base_url}: {report.fatal}"))
            self.stdout.write(report.summary())
            raise SystemExit(2)
        self.stdout.write(report.summary())
        if report.failed:
            raise SystemExit(1)
