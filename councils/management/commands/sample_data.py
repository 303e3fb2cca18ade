"""Fill the development database with generated referater, through the real importer."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from councils.importer import default_municipality, import_files
from councils.importer.generate import write_referater
from councils.importer.service import IMPORT_BATCH_SIZE


class Command(BaseCommand):
    help = (
        "Generate sample referater into --out and import them as published (used by "
        "`make run`). Running it again imports nothing new: the files are the same bytes. "
        "The municipality is marked as sample data (Municipality.is_sample): every public "
        "page shows \"Eksempeldata\"."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="referater to generate")
        parser.add_argument("--out", default="var/sample", help="folder for generated files")
        parser.add_argument("--seed", type=int, default=1, help="random seed (deterministic)")

    def handle(self, *args, **options):
        municipality = default_municipality()
        if not municipality.is_sample:  # every page then says "Eksempeldata" (base.html)
            municipality.is_sample = True
            municipality.save(update_fields=["is_sample"])
        paths = write_referater(options["out"], options["count"], options["seed"])
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for start in range(0, len(paths), IMPORT_BATCH_SIZE):
            batch = paths[start : start + IMPORT_BATCH_SIZE]
            outcomes = import_files(
                [(path.read_bytes(), path.name) for path in batch],
                municipality=municipality,
                status="published",
            )
            for path, outcome in zip(batch, outcomes, strict=True):
                if isinstance(outcome, Exception):
                    counts["failed"] += 1
                    self.stderr.write(f"FAILED {path}: {getattr(outcome, 'message', outcome)}")
                else:
                    counts[outcome.outcome] += 1
        self.stdout.write(
            f"{municipality}: imported {counts['imported']}, updated {counts['updated']}, "
            f"unchanged {counts['unchanged']}, failed {counts['failed']} "
            f"(sample referater in {options['out']})."
        )
