"""File names: a safe display name from whatever the user sent; generated names on disk.

The uploaded name is never used on disk: files are stored under their SHA-256 (or a model's
generated token) with the extension of the detected format. The display name (shown in the
admin, used as the download's file name) keeps the user's words but loses everything that
could mislead or break: directories, control and direction characters (RTL override tricks
like "fakturaexe.pdf" shown backwards), characters Windows forbids, leading dots, and excess
length.
"""

from __future__ import annotations

import re
import unicodedata

from .limits import MAX_NAME_LENGTH

FALLBACK_STEM = "fil"
MAX_EXTENSION_LENGTH = 10
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')


def display_name(name: str) -> str:
    """The base name only, NFC, without control/format characters or shell/Windows specials,
    at most MAX_NAME_LENGTH characters, extension in lower case; "fil" when nothing is left."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Whitespace (tabs, line breaks) becomes a space; Cc control, Cf format (RTL/LTR
    # overrides, zero-width), Cs/Co/Cn characters are never part of a name.
    name = "".join(" " if ch.isspace() else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _FORBIDDEN.sub("", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = "".join(ch for ch in ext.casefold() if ch.isascii() and ch.isalnum())
    if len(ext) > MAX_EXTENSION_LENGTH:  # not an extension: part of the name
        stem, ext = name, ""
    stem = stem.strip(" .") or FALLBACK_STEM
    room = MAX_NAME_LENGTH - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(" .") or FALLBACK_STEM
    return f"{stem}.{ext}" if ext else stem


def extension(name: str) -> str:
    """ ".pdf" of a display name ("" without one)."""
    stem, dot, ext = name.rpartition(".")
    return f".{ext}" if dot and stem else ""


def storage_name(sha256: str, extension: str) -> str:
    """The name a file is stored under: its content hash and the detected format's extension."""
    return f"{sha256}{extension}"
