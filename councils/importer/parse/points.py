"""Where the points start: every printed form of a point heading, chosen as one sequence.

Candidates are the lines that could head a point in each form ("Punkt 3: titel", "Pkt. 3",
"Sag nr. 3", "3. titel", a number alone on its line, "3 titel"). Numbered lists inside a
point ("1. at …") and tables of contents look the same, so the points are the best
*increasing sequence* of one form: numbers that go up (mostly by one), headings followed by
what follows a heading (a case number, a known section, a status), not a run of bare list
lines. A table of contents is a run of candidates whose numbers come back later with content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cases import case_reference
from .lines import Line, fold, heading_key, is_furniture
from .profiles import Profile
from .vocab import (
    ABSENCE_LABEL_RE,
    BILAG_HEADINGS,
    BULLET_PREFIX,
    CASE_LOOKBEHIND,
    CLOSED_TITLE_RE,
    GROUP_HEADING_RE,
    HISTORY_HEADINGS,
    MAX_BARE_ITEM_NUMBER,
    MAX_ITEM_NUMBER_DIGITS,
    MAX_TITLE_CHARS,
    OTHER_HEADINGS,
    PAGE_ARTEFACT_RE,
    POINT_WORD,
    SECTION_HEADINGS,
    SEPARATOR_RE,
    STATUS_LINE_RE,
)

PUNKT_RE = re.compile(
    rf"^{BULLET_PREFIX}{POINT_WORD}\s*(?P<n>\d{{1,{MAX_ITEM_NUMBER_DIGITS}}})(?![\d,]|[-/.]\d)"
    r"\s*(?:[:.)]|\s-|\s–)?\s*(?P<title>.*)$"
)
DOT_RE = re.compile(
    rf"^{BULLET_PREFIX}(?P<n>\d{{1,4}})\s*\.(?!\d)\s*(?P<title>[\"'“”«(A-ZÆØÅ0-9§].*)$"
)
BARE_RE = re.compile(r"^(?P<n>\d{1,4})\.?$")
SPACE_RE = re.compile(r"^(?P<n>\d{1,4})\s+(?P<title>[A-ZÆØÅ\"“].*)$")
TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…+|\t)\s*(?P<page>\d{1,4}|[ivxlc]{1,6})$")
LABEL_RE = re.compile(r"^[A-ZÆØÅ][\wæøå .-]{1,40}:(?:\s|$)")

FAMILIES = ("punkt", "dot", "bare", "space")
STRUCTURE_LOOKAHEAD = 3  # content lines after a heading looked at for its structure
STRUCTURE_BONUS = 3.0  # a heading followed by a case number, a known section or a status
PREDECESSORS = 80  # candidates looked back at when building the sequence (bounded work)


@dataclass
class Candidate:
    index: int  # position in lines
    number: int
    family: str
    title: str  # printed on the heading line (may be empty)
    score: float = 0.0
    list_run: bool = False
    dropped: bool = False  # a table-of-contents entry or a repeated heading


@dataclass
class PointStart:
    index: int  # the heading line
    number: int
    family: str
    title: str
    title_lines: list[int] = field(default_factory=list)  # indices of title lines (consumed)
    first: int = 0  # first line of the point (title above / case above / group included)
    case_line: int | None = None  # index of a case reference printed above the heading
    group: str = ""  # group heading printed above ("Lukkede punkter", "DIVERSE SAGER")
    group_lines: list[int] = field(default_factory=list)


def _is_toc_entry(text: str) -> bool:
    return bool(TOC_ENTRY_RE.search(text)) and ("..." in text or "…" in text or "\t" in text)


_PUNKT_FIRST = set("PpSsDd-•·▪*")
_BULLET_FIRST = set("-•·▪*")


def all_candidates(lines: list[Line]) -> dict[str, list[Candidate]]:
    """Every line that could head a point, per form (one pass over the lines)."""
    found: dict[str, list[Candidate]] = {family: [] for family in FAMILIES}
    limit = MAX_TITLE_CHARS + 20
    for index, line in enumerate(lines):
        text = line.text
        if not text or len(text) > limit:
            continue
        first = text[0]
        if first in _PUNKT_FIRST:
            match = PUNKT_RE.match(text)
            if match:
                title = match["title"].strip()
                found["punkt"].append(Candidate(index, int(match["n"]), "punkt", title))
        if first.isdigit() or first in _BULLET_FIRST:
            match = DOT_RE.match(text)
            if match:
                title = match["title"].strip()
                if _is_toc_entry(text):
                    title = TOC_ENTRY_RE.sub("", title).rstrip(" .…\t")
                found["dot"].append(Candidate(index, int(match["n"]), "dot", title))
        if first.isdigit():
            if len(text) <= 5:
                match = BARE_RE.match(text)
                if match and 0 < int(match["n"]) <= MAX_BARE_ITEM_NUMBER:
                    found["bare"].append(Candidate(index, int(match["n"]), "bare", ""))
            match = SPACE_RE.match(text)
            if match:
                title = match["title"].strip()
                if _is_toc_entry(text):
                    title = TOC_ENTRY_RE.sub("", title).rstrip(" .…\t")
                found["space"].append(Candidate(index, int(match["n"]), "space", title))
    return found


def _next_content(lines: list[Line], index: int, limit: int = 12) -> int | None:
    for j in range(index + 1, min(len(lines), index + 1 + limit)):
        text = lines[j].text
        if text and not is_furniture(text):
            return j
    return None


def _prev_content(lines: list[Line], index: int, limit: int = 6) -> int | None:
    for j in range(index - 1, max(-1, index - 1 - limit), -1):
        text = lines[j].text
        if text and not is_furniture(text):
            return j
    return None


def is_structure(text: str) -> bool:
    """A line that follows a point heading in most layouts: case, section, status, label."""
    key = heading_key(text)
    if (
        key in SECTION_HEADINGS
        or key in OTHER_HEADINGS
        or key in BILAG_HEADINGS
        or key in HISTORY_HEADINGS
    ):
        return True
    if STATUS_LINE_RE.match(text) or ABSENCE_LABEL_RE.match(text):
        return True
    return case_reference(text) is not None


def _mark_runs(lines: list[Line], cands: list[Candidate]) -> None:
    """Headings with nothing but blank lines between them, numbered on: a table of contents
    or a numbered list."""
    by_index = {c.index: c for c in cands}
    for cand in cands:
        nxt = _next_content(lines, cand.index)
        prev = _prev_content(lines, cand.index)
        if (nxt is not None and nxt in by_index and by_index[nxt].number == cand.number + 1) or (
            prev is not None and prev in by_index and by_index[prev].number == cand.number - 1
        ):
            cand.list_run = True


def _drop_repeats(lines: list[Line], cands: list[Candidate]) -> dict[int, list[int]]:
    """Mark candidates that are no point: a table-of-contents run whose numbers come again
    later, and a heading printed twice in a row (an accordion's label above the point's own
    heading). Returns {index of the kept heading: [indices of its repeats]}."""
    repeats: dict[int, list[int]] = {}
    by_index = {c.index: c for c in cands}
    last_of: dict[int, int] = {}
    for cand in cands:
        last_of[cand.number] = cand.index
    for cand in cands:
        nxt = _next_content(lines, cand.index)
        if (
            nxt is not None
            and nxt in by_index
            and by_index[nxt].number == cand.number
            and (not cand.title or not by_index[nxt].title or _same_title(cand, by_index[nxt]))
        ):
            cand.dropped = True
            repeats.setdefault(nxt, []).append(cand.index)
        elif cand.list_run and last_of[cand.number] > cand.index:
            cand.dropped = True
    # A repeat of a repeat belongs to the last heading of the run.
    for index in sorted(repeats):
        if index in by_index and by_index[index].dropped and index in repeats:
            target = _next_content(lines, index)
            moved = repeats.pop(index) + [index]
            if target is not None:
                repeats.setdefault(target, []).extend(moved)
    return repeats


def _heading_like(text: str) -> bool:
    """A line of any point-heading form (the next point starts there)."""
    return bool(PUNKT_RE.match(text) or DOT_RE.match(text))


def _same_title(a: Candidate, b: Candidate) -> bool:
    fa, fb = fold(a.title), fold(b.title)
    return fa == fb or fa.startswith(fb) or fb.startswith(fa)


def _score(lines: list[Line], cands: list[Candidate], profile: Profile) -> None:
    by_index = {c.index: c for c in cands}
    trust = profile.point_forms.get(cands[0].family, 0.0) if cands else 0.0
    form_bonus = trust if trust > 0 else -1.0  # a form this layout does not use: distrusted
    for cand in cands:
        line = lines[cand.index]
        score = 1.0 + form_bonus
        if cand.list_run:
            score -= 1.0
        lookahead, j = [], cand.index
        for _ in range(STRUCTURE_LOOKAHEAD):
            j = _next_content(lines, j)
            if j is None or j in by_index or _heading_like(lines[j].text):
                break
            lookahead.append(lines[j].text)
        if any(is_structure(text) for text in lookahead):
            score += STRUCTURE_BONUS
        if cand.family == "bare":
            score += 0.5 if lookahead and len(lookahead[0]) <= MAX_TITLE_CHARS else -2.0
        if cand.index == 0 or not lines[cand.index - 1].text:
            score += 0.3
        if line.md_heading:
            score += 1.0
        title = cand.title
        if cand.family in ("dot", "space"):
            if len(title) > 160:
                score -= 2.0
            if title.endswith((".", ",", ";")) and len(title) > 60:
                score -= 1.0
            if title[:1].isdigit():
                score -= 0.5
        if cand.family == "punkt" and title[:1].islower():
            score -= 1.5
        cand.score = score


def best_sequence(cands: list[Candidate]) -> tuple[float, list[Candidate]]:
    """The best increasing run of point numbers (weighted; consecutive numbers rewarded)."""
    if not cands:
        return 0.0, []
    best: list[float] = []
    back: list[int] = []
    for i, cand in enumerate(cands):
        top, top_j = cand.score, -1
        for j in range(max(0, i - PREDECESSORS), i):
            prev = cands[j]
            if prev.number >= cand.number:
                continue
            step = cand.number - prev.number
            bonus = 1.0 if step == 1 else (0.2 if step <= 3 else -0.3 * min(step, 20))
            total = best[j] + bonus + cand.score
            if total > top:
                top, top_j = total, j
        best.append(top)
        back.append(top_j)
    end = max(range(len(cands)), key=lambda k: best[k])
    score = best[end]
    chain = []
    while end != -1:
        chain.append(cands[end])
        end = back[end]
    chain.reverse()
    return score, chain


def find_points(
    lines: list[Line], profile: Profile
) -> tuple[list[PointStart], list[int], list[tuple[int, int, int]]]:
    """The point headings (in order), the indices of table-of-contents candidates, and
    "Punkt N" headings printed twice with different titles: (first, second, number)."""
    best_score, best_chain, best_all, best_repeats = 0.0, [], [], {}
    found = all_candidates(lines)
    for family in FAMILIES:
        weight = profile.point_forms.get(family, 0.0)
        if weight <= 0.0 and family == "space":
            continue  # "3 Titel" only where a layout prints it (a number then any text)
        cands = found[family]
        if not cands:
            continue
        _mark_runs(lines, cands)
        repeats = _drop_repeats(lines, cands)
        kept = [c for c in cands if not c.dropped]
        _score(lines, kept, profile)
        score, chain = best_sequence([c for c in kept if c.score > 0])
        if chain and score > best_score:
            best_score, best_chain, best_all, best_repeats = score, chain, cands, repeats
    first = best_chain[0].index if best_chain else 0
    chain_ids = {c.index for c in best_chain}
    toc = [c.index for c in best_all if c.index not in chain_ids and c.index < first]
    starts = []
    for cand in best_chain:
        start = _start(lines, cand, profile)
        for repeat in best_repeats.get(cand.index, []):
            start.title_lines.append(repeat)
            start.first = min(start.first, repeat)
        starts.append(start)
    _attach_above(lines, starts, profile)
    duplicates = []
    if best_chain and best_chain[0].family == "punkt":
        member_of = {c.number: c for c in best_chain}
        for cand in best_all:
            member = member_of.get(cand.number)
            if (
                member is None
                or cand.dropped
                or cand.index in chain_ids
                or cand.index < first
                or not cand.title
                or _same_title(cand, member)
                or cand.score < 1.3
            ):
                continue
            duplicates.append((min(cand.index, member.index), max(cand.index, member.index),
                               cand.number))  # fmt: skip
    return starts, toc, duplicates


def _title_is_text(text: str) -> bool:
    """A line that can be a point's title: not a case, heading or label ("Lukket punkt: …"
    and "Lukket: …" are titles, though)."""
    return (
        bool(text)
        and len(text) <= MAX_TITLE_CHARS
        and not is_structure(text)
        and (not LABEL_RE.match(text) or bool(CLOSED_TITLE_RE.match(text)))
    )


def _start(lines: list[Line], cand: Candidate, profile: Profile) -> PointStart:
    start = PointStart(cand.index, cand.number, cand.family, cand.title, first=cand.index)
    if cand.title:
        return start
    nxt = _next_content(lines, cand.index)
    after_ok = nxt is not None and _title_is_text(lines[nxt].text)
    prev = cand.index - 1 if cand.index > 0 else None
    before_ok = (
        prev is not None
        and lines[prev].text
        and _title_is_text(lines[prev].text)
        and not PUNKT_RE.match(lines[prev].text)
    )
    position = profile.title_position
    if cand.family == "bare":
        position = "after"
    if position == "auto":
        position = "after" if after_ok else ("before" if before_ok else "after")
    if position == "after" and after_ok:
        start.title = lines[nxt].text
        start.title_lines.append(nxt)
    elif position == "before" and before_ok:
        start.title = lines[prev].text
        start.title_lines.append(prev)
        start.first = prev
    return start


def _attach_above(lines: list[Line], starts: list[PointStart], profile: Profile) -> None:
    """A case reference or a group heading printed just above a point heading is the point's
    (and a group heading also the points after it, until the next group)."""
    group = ""
    for n, start in enumerate(starts):
        floor = starts[n - 1].index + 1 if n else 0
        if n and starts[n - 1].title_lines:
            floor = max(floor, max(starts[n - 1].title_lines) + 1)
        j = start.first - 1
        seen = 0
        while j >= floor and seen < CASE_LOOKBEHIND + 2:
            text = lines[j].text
            if not text or PAGE_ARTEFACT_RE.match(text) or SEPARATOR_RE.match(text):
                j -= 1
                continue
            seen += 1
            ref = case_reference(text) if start.case_line is None else None
            if (
                ref
                and not ref.rest
                and ref.system in ("kle", "getorganized", "acadre", "edoc")
                and (profile.case_before_point and not start.group_lines)
            ):
                start.case_line = j
                start.first = j
                j -= 1
                continue
            match = GROUP_HEADING_RE.match(text)
            if match and len(text) <= 100:
                group = text
                start.group_lines.append(j)
                start.first = j
                j -= 1
                continue
            break
        start.group = group
