"""Dates and times as Danish minutes print them.

``03-12-2025``, ``31.05.2022``, ``2025-12-03``, ``3. december 2025``, ``onsdag den 3.
december 2025``, ``15-maj-2002``, ``April 3, 2019`` (portals with an English date format);
``16:00``, ``kl. 15.45``, ``Kl. 19:00``, ``09:00:00``.
"""

from __future__ import annotations

import datetime
import re

from ..errors import ImporterError
from .vocab import MONTH_NAMES, MONTHS

_NUMERIC = r"(?P<d>\d{1,2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?(?P<y>(?:19|20)\d{2})"
_ISO = r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})"
_NAMED = (
    rf"(?P<nd>\d{{1,2}})\s*\.?\s*(?:-\s*)?(?P<nm>{MONTH_NAMES})\.?\s*(?:-\s*)?,?\s*"
    r"(?P<ny>(?:19|20)\d{2})"
)
DATE_RE = re.compile(rf"(?<![\d.])(?:{_ISO}|{_NUMERIC}|{_NAMED})(?![\d])", re.IGNORECASE)
# English month first ("April 3, 2019"): a word, a day, a year; the word checked in MONTHS.
ENGLISH_DATE_RE = re.compile(
    r"\b(?P<em>[A-Za-z]{3,9})\.?\s+(?P<ed>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<ey>(?:19|20)\d{2})\b"
)
# A clock time: after "kl."/"klokken"/"kl", or hh:mm with a colon (hh.mm only after "kl.").
TIME_RE = re.compile(
    r"(?:\b(?:kl|klokken)\.?\s*(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\b)"
    r"|(?<![\d.:])(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::\d{2})?(?![\d])",
    re.IGNORECASE,
)


_DIGIT_RE = re.compile(r"[0-9]")


def month_number(name: str) -> int | None:
    return MONTHS.get(name.casefold().rstrip("."))


def make_date(day: str, month: str, year: str) -> datetime.date | None:
    """A date from printed parts (month as number or name); None when impossible."""
    try:
        number = int(month) if month.isdigit() else month_number(month)
        if number is None:
            return None
        return datetime.date(int(year), number, int(day))
    except ValueError:
        return None


def strict_date(day: str, month: str, year: str, *, where: str) -> datetime.date:
    """Like ``make_date`` but an impossible date is an ImporterError (a header's own date)."""
    value = make_date(day, month, year)
    if value is None:
        raise ImporterError(
            f"{where}: '{day}. {month} {year}' is not a valid date; correct the date in the "
            "file and import it again.",
            code="bad_date",
        )
    return value


def date_parts(match: re.Match) -> tuple[str, str, str]:
    """(day, month, year) as printed from a ``DATE_RE`` or ``ENGLISH_DATE_RE`` match."""
    groups = match.groupdict()
    if groups.get("iy"):
        return groups["id"], groups["im"], groups["iy"]
    if groups.get("y"):
        return groups["d"], groups["m"], groups["y"]
    if groups.get("ny"):
        return groups["nd"], groups["nm"], groups["ny"]
    return groups["ed"], groups["em"], groups["ey"]


def find_date(text: str) -> tuple[datetime.date | None, re.Match | None]:
    """The first printed date in ``text``: (date or None when impossible, match) or (None, None)."""
    if not _DIGIT_RE.search(text):
        return None, None
    match = DATE_RE.search(text)
    english = None
    for candidate in ENGLISH_DATE_RE.finditer(text, 0, match.start() if match else len(text)):
        if candidate["em"].casefold() in MONTHS:
            english = candidate
            break
    if english is not None:
        match = english
    if not match:
        return None, None
    return make_date(*date_parts(match)), match


def find_time(text: str, start: int = 0) -> tuple[datetime.time | None, re.Match | None]:
    """The first clock time in ``text`` after ``start``: (time or None when impossible, match)
    or (None, None)."""
    match = TIME_RE.search(text, start)
    if not match:
        return None, None
    hour = match["h"] if match["h"] is not None else match["h2"]
    minute = match["m"] if match["h"] is not None else match["m2"]
    try:
        return datetime.time(int(hour), int(minute or 0)), match
    except ValueError:
        return None, match
