"""Bytes of a text file → str, by a fixed rule (no guessing), or a refusal for binary data.

UTF-8 (with or without BOM); UTF-16 with a BOM; otherwise Windows' cp1252 (what old Word and
Notepad wrote), and latin-1 as the last resort.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .errors import FileRefused
from .limits import MAX_CONTROL_CHAR_RATIO, MAX_TEXT_CHARS

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """(text, charset) of a text file; FileRefused ``binary`` or ``empty``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, charset = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise binary(name) from exc
    else:
        if b"\x00" in data:
            raise binary(name)
        try:
            text, charset = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, charset = data.decode("cp1252"), "windows-1252"
            except UnicodeDecodeError:
                text, charset = data.decode("latin-1"), "iso-8859-1"
    if not text.strip():
        raise FileRefused(
            "empty",
            _("“%(name)s” indeholder kun tomme linjer. Kontrollér, at det er den rigtige fil.")
            % {"name": name},
            "The file contains only blank lines; export it again.",
        )
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(2, len(text) * MAX_CONTROL_CHAR_RATIO):
        raise binary(name)
    return text, charset


def binary(name: str) -> FileRefused:
    return FileRefused(
        "binary",
        _(
            "“%(name)s” er binære data, ikke tekst. Kontrollér, at du har valgt den rigtige fil, "
            "eller gem den som PDF eller Word (DOCX)."
        )
        % {"name": name},
        "The file is binary data, not text; check that it is the right file "
        "(.txt, .md, .pdf or .docx).",
    )


def too_many_characters(name: str) -> FileRefused:
    return FileRefused(
        "too_many_characters",
        _(
            "“%(name)s” indeholder mere end %(limit)s tegn tekst; det er ikke ét dokument. Del "
            "filen op."
        )
        % {"name": name, "limit": f"{MAX_TEXT_CHARS:,}".replace(",", ".")},
        f"The file has more than {MAX_TEXT_CHARS:,} characters of text; split it.",
    )
