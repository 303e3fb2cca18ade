"""Write realistic referat files (plain text and Markdown) in the project's own words."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from councils.importer.generate import write_referater


class Command(BaseCommand):
    help = (
        "Generate COUNT referat files into OUT (alternating plain text and Markdown). "
        "Deterministic: the same --seed writes the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="number of referater")
        parser.add_argument("--out", required=True, help="output folder (created if missing)")
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args, **options):
        if options["count"] < 0:
            raise CommandError("--count must be 0 or more.")
        started = time.perf_counter()
        paths = write_referater(options["out"], options["count"], options["seed"])
        size = sum(p.stat().st_size for p in paths)
        self.stdout.write(
            f"Wrote {len(paths)} referater ({size / 1024 / 1024:.1f} MB) to {options['out']} "
            f"in {time.perf_counter() - started:.1f} s."
        )
