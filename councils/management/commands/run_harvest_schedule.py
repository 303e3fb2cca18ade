"""Enqueue the harvest of every source that is due (``councils.harvest.tasks.enqueue_due``).

Run it from cron (every few minutes) or as a service with ``--loop`` (docker-compose's
``harvester``); the task worker (``db_worker``) runs the harvests it enqueues.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from councils.harvest.tasks import enqueue_due


class Command(BaseCommand):
    help = (
        "Enqueue a harvest of each active harvest source whose next run has come. With --loop "
        "it checks again every REFERATER_HARVEST_SCHEDULE_SECONDS (300) seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep checking until stopped")
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            metavar="SECONDS",
            help="seconds between checks with --loop (default REFERATER_HARVEST_SCHEDULE_SECONDS)",
        )

    def handle(self, *args, loop=False, every=None, **options):
        every = every or getattr(settings, "REFERATER_HARVEST_SCHEDULE_SECONDS", 300)
        while True:
            for source in enqueue_due():
                self.stdout.write(f"enqueued {source.base_url}")
            if not loop:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
