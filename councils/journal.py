"""Journal numbers ("journalnumre") as printed in Danish municipal minutes.

A journal number such as ``27.15.00-A08-1-21`` has four parts:

- ``27.15.00``: the KLE subject (emne) — main group, group, subject;
- ``A08``: the action facet (handlingsfacet), a letter and two digits;
- ``1``: a serial number within subject, facet and year;
- ``21``: the year, two digits (``2021``).

KLE titles are not open data: we store and show the codes and link to kle-online.dk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JOURNAL_NUMBER_RE = re.compile(
    r"^(?P<subject>\d{2}\.\d{2}\.\d{2})-(?P<facet>[A-ZÆØÅ]\d{2})-(?P<serial>\d{1,6})-(?P<year>\d{2})$"
)
# For finding journal numbers (or their leading fragments) inside free text or a search query.
JOURNAL_NUMBER_FRAGMENT_RE = re.compile(
    r"(?<![\d.])\d{2}\.\d{2}(?:\.\d{2}(?:-[A-ZÆØÅa-zæøå]\d{2}(?:-\d{1,6}(?:-\d{2})?)?)?)?(?![\d.])"
)


class InvalidJournalNumber(ValueError):
    """Raised for a string that is not a journal number of the form 27.15.00-A08-1-21."""


@dataclass(frozen=True)
class JournalNumber:
    subject: str
    facet: str
    serial: int
    year: int

    @property
    def number(self) -> str:
        return f"{self.subject}-{self.facet}-{self.serial}-{self.year % 100:02d}"

    @property
    def kle_url(self) -> str:
        return f"https://www.kle-online.dk/emneplan/{self.subject.replace('.', '/')}/"

    def __str__(self) -> str:
        return self.number


def expand_year(two_digits: int) -> int:
    """KLE journal numbers carry a two-digit year; 70-99 are the 1900s, the rest 2000s."""
    return 1900 + two_digits if two_digits >= 70 else 2000 + two_digits


def parse_journal_number(value: str) -> JournalNumber:
    """Parse ``27.15.00-A08-1-21`` into its parts; raise InvalidJournalNumber otherwise."""
    text = (value or "").strip()
    match = JOURNAL_NUMBER_RE.match(text)
    if not match:
        raise InvalidJournalNumber(
            f"{value!r} is not a journal number; expected the form 27.15.00-A08-1-21 "
            "(KLE subject, action facet, serial, two-digit year)."
        )
    return JournalNumber(
        subject=match["subject"],
        facet=match["facet"],
        serial=int(match["serial"]),
        year=expand_year(int(match["year"])),
    )


def is_journal_number(value: str) -> bool:
    return bool(JOURNAL_NUMBER_RE.match((value or "").strip()))


# --- Case numbers of every case-management system ---------------------------------------------
# Municipalities print the number of the case-management system they use. We store every one
# as printed (spaces trimmed), and break a KLE journal number into its parts. The schemes are
# data: (scheme, pattern), tried in order; the first that matches names the number.
MAX_CASE_NUMBER_CHARS = 40  # Case.number
CASE_NUMBER_SCHEMES: list[tuple[str, re.Pattern]] = [
    ("kle", JOURNAL_NUMBER_RE),  # 27.15.00-A08-1-21 (KLE-based: SBSYS, Acadre, eDoc …)
    # GetOrganized: EMN-2025-003383 (emne), SAG-2021-01234, DOK-…; also with "/" as separator.
    ("getorganized", re.compile(r"^(?:EMN|SAG|DOK)-\d{4}-\d{1,8}$", re.IGNORECASE)),
    # Acadre/Captia style year/serial: 15/12345, 2019/012345, 19/1234-2.
    ("aarstal", re.compile(r"^\d{2}(?:\d{2})?/\d{1,8}(?:-\d{1,4})?$")),
    # A bare serial ("Sagsnr. 249050").
    ("loebenummer", re.compile(r"^\d{3,12}$")),
    # Anything else that looks like a reference: 3+ of letters, digits and . - / _, with a
    # digit and at least one letter or separator (a bare "12" is a number, not a reference).
    (
        "andet",
        re.compile(
            r"^(?=[^\s]*\d)(?=[^\s]*[A-Za-zÆØÅæøå./_-])"
            r"[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå./_-]{2,}$"
        ),
    ),
]


KLE_PREFIX_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}(?!\d)")  # starts like a KLE number


class InvalidCaseNumber(ValueError):
    """Raised for a string that is no case number of any known system."""


@dataclass(frozen=True)
class CaseNumber:
    number: str  # as stored: a KLE number normalised, others as printed
    scheme: str  # the first name in CASE_NUMBER_SCHEMES whose pattern matched
    journal: JournalNumber | None = None  # the KLE parts, for KLE numbers only

    @property
    def kle_url(self) -> str:
        return self.journal.kle_url if self.journal else ""


def parse_case_number(value: str) -> CaseNumber:
    """A printed case reference → its number and scheme; InvalidCaseNumber if it is none.

    >>> parse_case_number("EMN-2025-003383").scheme
    'getorganized'
    """
    text = re.sub(r"\s+", " ", (value or "").strip())
    if not text or len(text) > MAX_CASE_NUMBER_CHARS:
        raise InvalidCaseNumber(
            f"{value!r} is not a case number: expected e.g. 27.15.00-A08-1-21 (KLE), "
            f"EMN-2025-003383 (GetOrganized) or 249050, at most {MAX_CASE_NUMBER_CHARS} "
            "characters."
        )
    if KLE_PREFIX_RE.match(text) and not JOURNAL_NUMBER_RE.match(text):
        raise InvalidCaseNumber(
            f"{value!r} is an incomplete KLE journal number; expected the form "
            "27.15.00-A08-1-21 (KLE subject, action facet, serial, two-digit year), "
            "not e.g. EMN-2025-003383."
        )
    for scheme, pattern in CASE_NUMBER_SCHEMES:
        if pattern.match(text):
            if scheme == "kle":
                journal = parse_journal_number(text)
                return CaseNumber(journal.number, scheme, journal)
            if scheme == "getorganized":
                text = text.upper()
            return CaseNumber(text, scheme)
    raise InvalidCaseNumber(
        f"{value!r} is not a case number: expected e.g. 27.15.00-A08-1-21 (KLE), "
        "EMN-2025-003383 (GetOrganized) or 249050 (letters, digits and . - / _ only)."
    )
