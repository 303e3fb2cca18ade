"""Fill the development database with generated referater, through the real importer."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from councils.importer import ImporterError, default_municipality, import_file
from councils.importer.generate import write_referater


class Command(BaseCommand):
    help = (
        "Generate sample referater into --out and import them as published (used by "
        "`make run`). Running it again imports nothing new: the files are the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="referater to generate")
        parser.add_argument("--out", default="var/sample", help="folder for generated files")
        parser.add_argument("--seed", type=int, default=1, help="random seed (deterministic)")

    def handle(self, *args, **options):
        municipality = default_municipality()
        paths = write_referater(options["out"], options["count"], options["seed"])
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for path in paths:
            try:
                result = import_file(
                    path.read_bytes(), path.name, municipality=municipality, status="published"
                )
            except ImporterError as exc:
                counts["failed"] += 1
                self.stderr.write(f"FAILED {path}: {exc.message}")
                continue
            counts[result.outcome] += 1
        self.stdout.write(
            f"{municipality}: imported {counts['imported']}, updated {counts['updated']}, "
            f"unchanged {counts['unchanged']}, failed {counts['failed']} "
            f"(sample referater in {options['out']})."
        )
