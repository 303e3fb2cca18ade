"""Rebuild the full-text search index and its vocabulary from scratch (both databases)."""

import time

from django.core.management.base import BaseCommand

from councils.models import SearchWord
from councils.search import rebuild_index
from councils.search.vocabulary import rebuild as rebuild_vocabulary


class Command(BaseCommand):
    help = (
        "Empty the search index and index every public agenda point again, with progress; "
        'the vocabulary of "Mente du …?" is rebuilt with it (--vocabulary-only: only that).'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Points per batch (default 1000)."
        )
        parser.add_argument(
            "--vocabulary-only",
            action="store_true",
            help="Rebuild only the vocabulary from the current index (e.g. after migrate).",
        )

    def handle(self, *args, batch_size, vocabulary_only=False, **options):
        started = time.monotonic()
        if vocabulary_only:
            words = rebuild_vocabulary(batch_size=batch_size)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Søgeordbogen er genopbygget: {words} ord på "
                    f"{time.monotonic() - started:.1f} s."
                )
            )
            return
        last = [0.0]

        def progress(done, total):
            now = time.monotonic()
            if done in (0, total) or now - last[0] >= 2:
                last[0] = now
                pct = 100 * done / total if total else 100
                rate = done / (now - started) if now > started else 0
                self.stdout.write(f"{done}/{total} punkter indekseret ({pct:.0f} %, {rate:.0f}/s)")

        count = rebuild_index(batch_size=batch_size, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Søgeindekset er genopbygget: {count} punkter og "
                f"{SearchWord.objects.count()} ord på {time.monotonic() - started:.1f} s."
            )
        )
