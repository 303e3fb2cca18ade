"""The importer: a pipeline of pure steps.

    extract_text(data: bytes, filename: str) -> str                    (extract.py)
    parse_referat(text: str, source_name: str) -> ParsedMeeting        (parse.py, pure)
    load_meeting(parsed, ...) -> Meeting                               (load.py, one transaction)
    import_file(data, filename, ...) -> ImportResult                   (the three together)

Every failure is an ``ImporterError`` with one clear message saying what to do.
"""

from .errors import ImporterError
from .extract import extract_text
from .load import load_meeting
from .parse import parse_referat
from .service import ImportResult, default_municipality, import_file

__all__ = [
    "ImportResult",
    "ImporterError",
    "default_municipality",
    "extract_text",
    "import_file",
    "load_meeting",
    "parse_referat",
]
