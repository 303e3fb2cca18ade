"""Import referat files (txt, md, pdf, docx, html) and folders of them into the archive."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councils.files import check_size
from councils.importer import (
    ImporterError,
    default_municipality,
    extract_text,
    import_files,
    parse_referat,
)
from councils.importer.service import IMPORT_BATCH_SIZE

PROGRESS_BAR_WIDTH = 30


def collect_files(paths: list[str]) -> list[Path]:
    """Files given, plus every non-hidden file below the folders given (sorted, recursive)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


IMPORT_BATCH_MAX_BYTES = 20 * 1024 * 1024  # files read into memory per batch


def chunks(files: list[Path]):
    """Batches of at most IMPORT_BATCH_SIZE files and about IMPORT_BATCH_MAX_BYTES."""
    chunk: list[Path] = []
    size = 0
    for path in files:
        try:
            length = path.stat().st_size
        except OSError:
            length = 0
        if chunk and (len(chunk) >= IMPORT_BATCH_SIZE or size + length > IMPORT_BATCH_MAX_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += length
    if chunk:
        yield chunk


def read_file(path: Path) -> bytes:
    """The file's bytes; its size is checked by the intake before it is read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImporterError(
            f"cannot read the file ({exc.strerror}); check the path.", "io"
        ) from exc
    check_size(size, path.name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImporterError(
            f"cannot read the file ({exc.strerror}); check the path.", "io"
        ) from exc


class Command(BaseCommand):
    help = (
        "Import referater (.txt, .md, .pdf, .docx, .html; folders are searched recursively). "
        "The same file again changes nothing; a corrected file replaces the meeting's points."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse only; write nothing to the database"
        )
        parser.add_argument(
            "--json", action="store_true", help="print the parse result (or summary) as JSON"
        )
        parser.add_argument(
            "--status",
            choices=["draft", "published"],
            default=None,
            help="status of imported meetings (default: new meetings are published, "
            "corrected ones keep their status)",
        )

    def handle(self, *args, **options):
        files = collect_files(options["paths"])
        if options["dry_run"]:
            return self.dry_run(files, as_json=options["json"])
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "failed": 0}
        failures: list[tuple[Path, str]] = []
        results = []
        municipality = default_municipality(create=False)  # created by the first good file
        progress = Progress(len(files), self.stderr._out if hasattr(self.stderr, "_out") else None)
        done = 0
        for chunk in chunks(files):
            readable: list[tuple[Path, bytes]] = []
            for path in chunk:
                try:
                    readable.append((path, read_file(path)))
                except ImporterError as exc:
                    counts["failed"] += 1
                    failures.append((path, exc.cli))
                    results.append({"file": str(path), "outcome": "failed", "error": exc.cli})
            outcomes = import_files(
                [(data, path.name) for path, data in readable],
                municipality=municipality,
                status=options["status"],
            )
            for (path, _data), outcome in zip(readable, outcomes, strict=True):
                if isinstance(outcome, ImporterError):
                    message = outcome.cli
                elif isinstance(outcome, Exception):  # a bug or a database problem
                    message = (
                        f"unexpected error ({type(outcome).__name__}: {outcome}); the file was "
                        "not imported — please report this with the file attached."
                    )
                else:
                    message = None
                if message is not None:
                    counts["failed"] += 1
                    failures.append((path, message))
                    results.append({"file": str(path), "outcome": "failed", "error": message})
                    continue
                counts[outcome.outcome] += 1
                if municipality is None and outcome.meeting is not None:
                    municipality = outcome.meeting.council.municipality
                results.append(
                    {
                        "file": str(path),
                        "outcome": outcome.outcome,
                        "meeting": str(outcome.meeting) if outcome.meeting else None,
                        "warnings": [w.to_json() for w in outcome.warnings],
                    }
                )
            done += len(chunk)
            progress.show(done, chunk[-1].name)
        progress.done()
        if options["json"]:
            self.stdout.write(json.dumps({"summary": counts, "files": results}, ensure_ascii=False))
        else:
            self.stdout.write(
                "imported: {imported}, updated: {updated}, unchanged: {unchanged}, "
                "failed: {failed}".format(**counts)
            )
            for path, message in failures:
                self.stdout.write(f"FAILED {path}: {message}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} file(s) failed.", returncode=1)

    def dry_run(self, files: list[Path], *, as_json: bool):
        outputs, failures = [], []
        for path in files:
            try:
                parsed = parse_referat(extract_text(read_file(path), path.name), path.name)
            except ImporterError as exc:
                failures.append((path, exc.cli))
                continue
            outputs.append(parsed)
        if as_json:
            data = [p.to_json() for p in outputs]
            payload = data[0] if len(files) == 1 and len(data) == 1 else data
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for parsed in outputs:
                self.stdout.write(
                    f"{parsed.source}: {parsed.council} {parsed.date:%d.%m.%Y}, "
                    f"{len(parsed.items)} punkter, {len(parsed.warnings)} advarsler"
                )
                for warning in parsed.warnings:
                    where = f"linje {warning.line}" if warning.line else ""
                    self.stdout.write(f"  [{warning.code}] {where} {warning.message}")
        for path, message in failures:
            self.stderr.write(f"FAILED {path}: {message}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} file(s) failed.", returncode=1)


class Progress:
    """A one-line progress bar on a terminal (stderr); silent when output is redirected."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = total > 1 and getattr(self.stream, "isatty", lambda: False)()

    def show(self, index: int, name: str) -> None:
        if not self.enabled:
            return
        filled = int(PROGRESS_BAR_WIDTH * index / self.total)
        bar = "#" * filled + "." * (PROGRESS_BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {index}/{self.total} {name[:40]:<40}")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
