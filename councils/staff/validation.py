"""Checks on uploaded files: size limit, content (magic bytes) not just the name, safe names."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# Formats a referat or bilag may have, by file extension.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "txt": "txt", "md": "md", "markdown": "md"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
# How many bytes may hold the PDF header (the PDF standard allows junk before it).
PDF_HEADER_WINDOW = 1024
# Longest stored original file name (the model field holds 255).
MAX_NAME_LENGTH = 200
# Share of control characters above which a .txt/.md is taken to be binary.
MAX_CONTROL_SHARE = 0.01


class UploadRejected(ValueError):
    """A file we will not process; the message tells the secretary what to do."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedFile:
    name: str  # sanitised original name
    format: str  # "pdf", "docx", "txt", "md"
    data: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def max_upload_mb() -> int:
    return settings.REFERATER_MAX_UPLOAD_BYTES // (1024 * 1024)


def sanitize_filename(name: str) -> str:
    """The base name only, without path parts, control characters or shell specials."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    try:
        stem = get_valid_filename(stem.strip(" .")) if stem.strip(" .") else "fil"
    except Exception:  # get_valid_filename refuses names like ".."
        stem = "fil"
    stem = re.sub(r"_{2,}", "_", stem)
    ext = "".join(ch for ch in ext.lower() if ch.isalnum())[:10]
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def check_size(size: int, name: str) -> None:
    limit = settings.REFERATER_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadRejected(
            _(
                "“%(name)s” fylder %(size).1f MB; grænsen er %(limit)d MB. Gem filen mindre "
                "(fx PDF uden indlejrede billeder) eller del den op."
            )
            % {"name": name, "size": size / 1024 / 1024, "limit": max_upload_mb()},
            "too_large",
        )
    if size == 0:
        raise UploadRejected(_("“%(name)s” er tom. Vælg filen igen.") % {"name": name}, "empty")


def sniff_format(data: bytes) -> str | None:
    """The format the content really has: pdf, docx, text (txt/md) or None."""
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
        return None
    if _is_text(data):
        return "text"
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        return controls <= max(1, len(text) * MAX_CONTROL_SHARE)
    return False


def check_file(name: str, data: bytes) -> CheckedFile:
    """Validate one uploaded file; raises UploadRejected with a message saying what to do."""
    clean = sanitize_filename(name)
    check_size(len(data), clean)
    ext = clean.rpartition(".")[2].lower() if "." in clean else ""
    declared = EXTENSIONS.get(ext)
    if declared is None:
        raise UploadRejected(
            _(
                "“%(name)s” er ikke en PDF-, Word- (DOCX), tekst- eller Markdown-fil. "
                "Gem referatet som PDF eller DOCX og upload det igen."
            )
            % {"name": clean},
            "unsupported_type",
        )
    actual = sniff_format(data)
    expected = "text" if declared in ("txt", "md") else declared
    if actual != expected:
        what = {
            "pdf": _("en PDF"),
            "docx": _("et Word-dokument (DOCX)"),
            "text": _("en tekstfil"),
            None: _("ikke en fil, vi kan læse"),
        }[actual]
        raise UploadRejected(
            _(
                "“%(name)s” hedder .%(ext)s, men indholdet er %(what)s. Kontrollér, at du har "
                "valgt den rigtige fil, eller gem den igen i det rigtige format."
            )
            % {"name": clean, "ext": ext, "what": what},
            "content_mismatch",
        )
    return CheckedFile(name=clean, format=declared, data=data)
