"""The importer: a pipeline of pure steps.

    extract_text(data: bytes, filename: str) -> str                    (extract.py; the file
                                         goes through the intake, councils.files.accept, first)
    parse_referat(text: str, source_name: str) -> ParsedMeeting        (parse.py, pure)
    load_meeting(parsed, ...) -> Meeting                               (load.py, one transaction)
    import_file(data, filename, ...) -> ImportResult                   (the three together)
    import_accepted(accepted, read=..., ...) -> ImportResult           (a file the intake
                                         accepted, read by the text parser or a harvester)
    import_paths(paths, status=..., dry_run=..., report=...) -> PathsReport  (files and
                                         folders on disk in batches; the command's work)

Every failure is an ``ImporterError`` with one clear message saying what to do.
The names are imported lazily, so the pure parts (parse, generate) work without Django.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "ImporterError": "errors",
    "extract_text": "extract",
    "parse_referat": "parse",
    "load_meeting": "load",
    "import_file": "service",
    "import_files": "service",
    "import_accepted": "service",
    "import_paths": "service",
    "ImportResult": "service",
    "default_municipality": "service",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
