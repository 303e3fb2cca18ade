"""Printed names → the name a person is stored under, and its key. Pure, no Django.

A name is kept as printed, only normalised: Unicode NFC, every kind of space folded to one
space, soft hyphens dropped, the party letter in parentheses taken off and kept separately
("Anne Holm (A)" → "Anne Holm", "A"). The key that identifies a person within a
municipality is that name casefolded — nothing more: "Anne Holm" and "Anne  holm" are one
person, "Anne Holm" and "Anne Holm-Jensen" or "A. Holm" are two, until an admin merges them.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 200  # Person.name, Absence.name
MAX_PARTY_CHARS = 40  # a party letter or a party's name printed in parentheses
MAX_SLUG_BASE_CHARS = 90  # room for "-2", "-3" … in a 100-character slug

_SPACE_RE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_TRAILING_PARENS_RE = re.compile(r"\s*\((?P<inner>[^()]{0,60})\)\s*$")
_SLUG_STRIP_RE = re.compile(r"[^a-z0-9]+")


def clean_text(text: str) -> str:
    """NFC, one space for every run of spaces (no-break and thin spaces included), soft
    hyphens and zero-width characters removed, stripped."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u00ad", "").replace("\u200c", "").replace("\u200d", "")
    return _SPACE_RE.sub(" ", text).strip()


def is_party_text(inner: str) -> bool:
    """Whether the text of a trailing "(…)" is a party ("A", "Ø", "LA", "Velfærdslisten"):
    it starts with a capital letter and is short; "(formand)" or "(6)" are not."""
    inner = inner.strip()
    return bool(
        inner
        and len(inner) <= MAX_PARTY_CHARS
        and inner[0].isalpha()
        and inner[0].isupper()
        and not any(ch.isdigit() for ch in inner)
    )


def split_party(printed: str) -> tuple[str, str]:
    """("Anne Holm (A)") → ("Anne Holm", "A"); a name without a party → (name, "")."""
    text = clean_text(printed)
    match = _TRAILING_PARENS_RE.search(text)
    if match and is_party_text(match["inner"]):
        return text[: match.start()].strip(" ,."), clean_text(match["inner"])
    return text.strip(" ,."), ""


def name_key(name: str) -> str:
    """The key of a person's name within a municipality: the normalised name, casefolded."""
    return clean_text(name).casefold()[:MAX_NAME_CHARS]


def slug_base(name: str) -> str:
    """The start of a person's URL slug: æ→ae, ø→oe, å→aa, accents dropped, lowercase words
    joined by "-" ("Anne-Marie Østergård" → "anne-marie-oestergaard")."""
    folded = clean_text(name).casefold()
    folded = folded.replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("ß", "ss")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return _SLUG_STRIP_RE.sub("-", folded).strip("-")[:MAX_SLUG_BASE_CHARS].strip("-") or "person"


_DANISH_ORDER = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"}


def sort_key(name: str) -> str:
    """A key that sorts names in Danish alphabetical order by plain code points on every
    database: Æ, Ø, Å after Z (as "{", "|", "}"), other accents dropped ("é" as "e")."""
    folded = clean_text(name).casefold()
    folded = "".join(_DANISH_ORDER.get(ch, ch) for ch in folded)
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))[:MAX_NAME_CHARS]
