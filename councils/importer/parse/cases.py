"""Case references of every case system, stored as printed.

KLE journal numbers (``27.15.00-A08-1-21``, SBSYS and others), GetOrganized
(``EMN-2025-003383``, ``SAG-…``), Acadre (``330-2018-3619``: municipality code, year,
serial), eDoc (``2020-0012345``), year/serial (``17/3668``) and plain numbers after a label
(``Sagsnr. 249050``). A bare number needs a label; the structured forms stand alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocab import CASE_FORMS, CASE_LABEL_RE, KLE_LOOSE_RE

_STANDALONE = {"kle", "getorganized", "acadre", "edoc"}
_KLE_STRICT = CASE_FORMS[0][1]
_FORM_RES = [
    (system, re.compile(rf"(?P<num>{pattern.pattern})(?![\w/-])")) for system, pattern in CASE_FORMS
]
_BARE_RES = [
    (system, re.compile(rf"^{pattern.pattern}$"))
    for system, pattern in CASE_FORMS
    if system in _STANDALONE
]
_LEAD_CHARS = set("0123456789EeSsGgDdJjAa")


@dataclass(frozen=True, slots=True)
class CaseRef:
    number: str  # as printed, without its label
    system: str  # "kle", "getorganized", "acadre", "edoc", "year_serial", "plain", "other"
    rest: str  # what the line prints after the number ("Dok.nr.: …  Åbent"), stripped
    strict: bool = True  # False: a KLE-looking number that is malformed

    @property
    def is_kle(self) -> bool:
        return self.system == "kle" and self.strict


def case_reference(text: str) -> CaseRef | None:
    """The case reference a line prints, or None when the line is not a case line."""
    if not text or text[0] not in _LEAD_CHARS or len(text) > 300:
        return None
    if text[0].isdigit() or text[:3].upper() in {"EMN", "SAG", "GO-", "DOK"}:
        bare = text.split("\t", 1)[0].strip()
        for system, pattern in _BARE_RES:
            if pattern.match(bare):
                return CaseRef(
                    bare, system, text[len(bare) :].strip(), strict=_strict(bare, system)
                )
        if KLE_LOOSE_RE.match(text):
            return CaseRef(text, "kle", "", strict=False)
    label = CASE_LABEL_RE.match(text)
    if not label or label.end() == 0:
        return None
    after = text[label.end() :]
    if (
        label[0].strip().casefold().startswith("sag")
        and re.match(r"(?:nr\.?\s*)?\d{1,4}\b(?![-/.]\d)", after, re.IGNORECASE)
        and not label[0].casefold().startswith(("sagsnr", "sags nr", "sagsnummer", "sagsid"))
    ):
        return None  # "Sag nr. 12": a point's number, not a case
    for system, pattern in _FORM_RES:
        match = pattern.match(after)
        if match:
            number = match["num"]
            return CaseRef(
                number, system, after[match.end() :].strip(" ,;\t"), _strict(number, system)
            )
    return None


def _strict(number: str, system: str) -> bool:
    return system != "kle" or bool(_KLE_STRICT.fullmatch(number))
