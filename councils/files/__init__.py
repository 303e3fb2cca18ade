"""Files entering the archive: one intake for referater and bilag, from every door.

    accept(data, name, purpose) -> AcceptedFile        (intake.py; raises FileRefused)
    accept_upload(uploaded_file, purpose)              size checked before reading
    check_size(size, name)                             before reading a file from disk
    REFERAT, BILAG, PORTAL                             the purposes (formats.py)

formats.py   the declared table of formats and what each purpose allows; content sniffing
names.py     safe display names; generated storage names
archive.py   ZIP (DOCX) with bounded work: counted members, counted bytes, safe XML
pdf.py       PDF: complete, no password, bounded pages
text.py      text decoding by a fixed rule; binary data refused
limits.py    every limit, named
errors.py    FileRefused: code, Danish message, English command line
"""

from .errors import FileRefused
from .formats import BILAG, FORMATS, PORTAL, REFERAT, Purpose
from .intake import AcceptedFile, accept, accept_upload, check_size
from .names import display_name, storage_name

__all__ = [
    "BILAG",
    "FORMATS",
    "PORTAL",
    "REFERAT",
    "AcceptedFile",
    "FileRefused",
    "Purpose",
    "accept",
    "accept_upload",
    "check_size",
    "display_name",
    "storage_name",
]
