"""The draft's warnings, recomputed from the draft as it is now (the secretary's fixes included).

The parser's warnings are kept on the upload as it read the file (``Upload.warnings``). Those a
secretary can fix in the preview's form are not taken from that list but worked out again from
the fixed draft, so a fixed warning disappears and a field made wrong by a fix is warned about:

- ``no_case_number``: an open point without a journal number;
- ``outcome_other``: an open point whose decision's outcome is "andet".

Every other warning (a table of contents that does not match, an unknown heading, the printed
council's name) concerns the file itself and stays until a corrected file is uploaded.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import AgendaItem

WARNING_LABELS = {
    "toc_mismatch": gettext_lazy("Indholdsfortegnelsen passer ikke"),
    "no_case_number": gettext_lazy("Punkt uden journalnummer"),
    "bad_case_number": gettext_lazy("Journalnummer i en ukendt form"),
    "unknown_heading": gettext_lazy("Ukendt overskrift"),
    "outcome_other": gettext_lazy("Beslutningens udfald er “andet”"),
    "council_mismatch": gettext_lazy("Udvalgets navn passer ikke"),
}
RECOMPUTED = ("no_case_number", "outcome_other")


def _point_warnings(item: dict) -> list[dict]:
    if item.get("is_closed"):
        return []
    number = item["number"]
    found = []
    if not item.get("case_number"):
        found.append(
            {
                "code": "no_case_number",
                "message": _("Punkt %(n)s har intet journalnummer; skriv det, som det er trykt.")
                % {"n": number},
                "item_number": number,
                "line": None,
            }
        )
    if item.get("decision_outcome") == AgendaItem.Outcome.ANDET:
        found.append(
            {
                "code": "outcome_other",
                "message": _(
                    "Beslutningen i punkt %(n)s kunne ikke klassificeres (godkendt, tiltrådt, "
                    "taget til efterretning, drøftet, udsat, forkastet); vælg udfaldet."
                )
                % {"n": number},
                "item_number": number,
                "line": None,
            }
        )
    return found


def current_warnings(parsed: dict | None, stored: list[dict]) -> list[dict]:
    """The warnings of the draft as it is now, in the order of its points (general ones first).

    A recomputed warning keeps the line number the parser gave it, when it had one."""
    if not parsed:
        return list(stored)
    lines = {
        (w.get("code"), w.get("item_number")): w.get("line")
        for w in stored
        if w.get("code") in RECOMPUTED
    }
    kept = [w for w in stored if w.get("code") not in RECOMPUTED]
    by_point: dict[int | None, list[dict]] = {}
    for w in kept:
        by_point.setdefault(w.get("item_number"), []).append(w)
    numbers = {item["number"] for item in parsed.get("items", [])}
    result = [w for n, ws in by_point.items() if n not in numbers for w in ws]
    for item in parsed.get("items", []):
        result.extend(by_point.get(item["number"], []))
        for w in _point_warnings(item):
            w["line"] = lines.get((w["code"], w["item_number"]))
            result.append(w)
    return result


def labelled(w: dict) -> dict:
    return {**w, "label": WARNING_LABELS.get(w.get("code"), w.get("code", ""))}
