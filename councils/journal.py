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
