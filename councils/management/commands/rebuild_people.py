"""Rebuild persons, votes and participation of every meeting from the stored decisions and
absences (after upgrading an archive that has meetings from before the people tables, or
after the vote parser learned a new form). Idempotent: persons are reused, never merged."""

import time

from django.core.management.base import BaseCommand

from councils.people.link import REBUILD_BATCH_MEETINGS, rebuild_all


class Command(BaseCommand):
    help = (
        "Read the votes and participation of every meeting again from its decisions and "
        f"absences ({REBUILD_BATCH_MEETINGS} meetings per transaction), with progress."
    )

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"{done}/{total} møder læst")

        count = rebuild_all(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Personer, stemmer og deltagelse er genopbygget for {count} møder på "
                f"{time.monotonic() - started:.1f} s."
            )
        )
