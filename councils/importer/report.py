"""What ``service.import_paths`` tells its caller: one ``FileReport`` per file (also handed to
the ``report`` callback as each file is done) and a ``PathsReport`` for the whole run, with
the text and JSON the ``import_referater`` command prints. ``TerminalProgress`` is a
callback that draws a one-line progress bar on a terminal."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .types import ParsedMeeting, ParseWarning

OUTCOMES = ("imported", "updated", "unchanged", "failed")
PROGRESS_BAR_WIDTH = 30


@dataclass
class FileReport:
    path: Path
    outcome: str  # one of OUTCOMES; "parsed" in a dry run
    error: str = ""  # what to do, for a failed file
    # The archived Meeting (to the ``report`` callback; in ``PathsReport.files`` its name,
    # ``str(meeting)``: a run of many files keeps no meetings in memory).
    meeting: object = None
    parsed: ParsedMeeting | None = None  # a dry run's parse
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"

    def to_json(self) -> dict:
        if self.failed:
            return {"file": str(self.path), "outcome": "failed", "error": self.error}
        return {
            "file": str(self.path),
            "outcome": self.outcome,
            "meeting": str(self.meeting) if self.meeting else None,
            "warnings": [w.to_json() for w in self.warnings],
        }


@dataclass
class PathsReport:
    files: list[FileReport]
    total: int  # files found below the paths
    dry_run: bool = False

    @property
    def failures(self) -> list[FileReport]:
        return [f for f in self.files if f.failed]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for f in self.files:
            counts[f.outcome] = counts.get(f.outcome, 0) + 1
        return counts

    def as_json(self) -> str:
        if self.dry_run:  # the parse results; one file: its result alone
            data = [f.parsed.to_json() for f in self.files if f.parsed is not None]
            payload = data[0] if self.total == 1 and len(data) == 1 else data
            return json.dumps(payload, ensure_ascii=False, indent=2)
        summary = {k: v for k, v in self.counts.items() if k in OUTCOMES}
        files = [f.to_json() for f in self.files]
        return json.dumps({"summary": summary, "files": files}, ensure_ascii=False)

    def lines(self) -> list[str]:
        """The text report (a dry run: each parse and its warnings; else the counts)."""
        if not self.dry_run:
            return [
                "imported: {imported}, updated: {updated}, unchanged: {unchanged}, "
                "failed: {failed}".format(**self.counts)
            ]
        lines = []
        for parsed in (f.parsed for f in self.files if f.parsed is not None):
            lines.append(
                f"{parsed.source}: {parsed.council} {parsed.date:%d.%m.%Y}, "
                f"{len(parsed.items)} punkter, {len(parsed.warnings)} advarsler"
            )
            for warning in parsed.warnings:
                where = f"linje {warning.line}" if warning.line else ""
                lines.append(f"  [{warning.code}] {where} {warning.message}")
        return lines

    def failure_lines(self) -> list[str]:
        return [f"FAILED {f.path}: {f.error}" for f in self.failures]


class TerminalProgress:
    """A ``report`` callback: a one-line progress bar on a terminal; silent when redirected."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.shown = False

    def __call__(self, file: FileReport, done: int, total: int) -> None:
        if total < 2 or not getattr(self.stream, "isatty", lambda: False)():
            return
        filled = int(PROGRESS_BAR_WIDTH * done / total)
        bar = "#" * filled + "." * (PROGRESS_BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {file.path.name[:40]:<40}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
