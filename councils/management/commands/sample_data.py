"""Fill an empty development database with sample data the project generates itself."""

from django.core.management.base import BaseCommand

from councils.models import Municipality


class Command(BaseCommand):
    help = "Create the demo municipality and sample referater (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="referater to generate")
        parser.add_argument("--out", default="var/sample", help="folder for generated files")
        parser.add_argument("--seed", type=int, default=1, help="random seed (deterministic)")

    def handle(self, *args, **options):
        muni, created = Municipality.objects.get_or_create(
            slug="randers", defaults={"name": "Randers Kommune"}
        )
        self.stdout.write(f"{'Created' if created else 'Found'} {muni}.")
