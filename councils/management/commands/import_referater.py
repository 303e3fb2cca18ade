"""Import referat files (txt, md, pdf, docx, html) and folders of them into the archive.

The work is ``councils.importer.service.import_paths``; this module only reads the options
and prints what it reports (``councils/importer/report.py``)."""

from django.core.management.base import BaseCommand, CommandError

from councils.importer.report import TerminalProgress
from councils.importer.service import import_paths


class Command(BaseCommand):
    help = (
        "Import referater (.txt, .md, .pdf, .docx, .html; folders are searched recursively). "
        "The same file again changes nothing; a corrected file updates the meeting in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--status",
            choices=["draft", "published"],
            help="status of imported meetings (default: new meetings are published, "
            "corrected ones keep their status)",
        )

    def handle(self, *args, paths, dry_run, json, status, **options):
        progress = TerminalProgress(getattr(self.stderr, "_out", None))
        result = import_paths(paths, status=status, dry_run=dry_run, report=progress)
        progress.done()
        for line in [result.as_json()] if json else result.lines():
            self.stdout.write(line)
        for line in result.failure_lines() if dry_run or not json else []:
            (self.stderr if dry_run else self.stdout).write(line)
        if result.failures:
            failed = f"{len(result.failures)} of {result.total} file(s) failed."
            raise CommandError(failed, returncode=1)
