"""Who was absent: lists of names after a label, and sentences in a decision.

"Fraværende: Anne Holm (A), Bo Berg og Eva Dahl", "Britt Jensen (A), sag 129-138",
"Evan Lynnerup (V) - Marianne Kiærulff (V) mødte som stedfortræder", "Liv Gro Jensen var
forhindret i at deltage …", "Torben Haack (F) deltog ikke under punkterne 12-15".
"""

from __future__ import annotations

import re

from .vocab import (
    ABSENT_VERB_RE,
    MAX_HEADING_CHARS,
    MAX_NAME_WORDS,
    NAME_PARTICLES,
    NAME_TITLES,
    NOT_NAME_WORDS,
    POINT_RANGE_RE,
)

PointRange = tuple[int, int] | None
_SPLIT_RE = re.compile(r",|;|\s+og\s+|\s+samt\s+|\s+&\s+")
_PARTY_RE = re.compile(r"\s*\((?P<party>[^()]{0,40})\)")
_SUBSTITUTE_RE = re.compile(
    r"\s+[-–]\s+.*$|\s+(?:mødte|deltog|indkaldt|erstattet|i\s+stedet|som\s+stedfortræder).*$"
)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÆØÅÄÖÜÉ][\wæøåÆØÅäöüé'’.-]*|[A-ZÆØÅ]\.)$")


def _range(match: re.Match | None) -> PointRange:
    if not match:
        return None
    first = int(match["a"])
    last = int(match["b"]) if match["b"] else first
    return (first, last) if first <= last else (last, first)


def clean_name(part: str) -> tuple[str, PointRange] | None:
    """One name as printed (party letter kept, an empty "()" dropped) and a point range."""
    part = part.strip(" .:-–\t")
    if not part:
        return None
    point_range = _range(POINT_RANGE_RE.search(part))
    if point_range:
        part = POINT_RANGE_RE.sub("", part)
        part = re.sub(r"\(\s*\)|\s+(?:under|i|til|ved|fra)\s*$", "", part).strip(" ,.:-–()")
    part = _SUBSTITUTE_RE.sub("", part).strip(" ,.")
    part = re.sub(r"\s*\(\s*\)", "", part)
    words = _PARTY_RE.sub("", part).split()
    if words and words[0].casefold() in NAME_TITLES and len(words) > 1:
        part = part.split(None, 1)[1]
        words = words[1:]
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    for word in words:
        folded = word.casefold()
        if folded in NAME_PARTICLES:
            continue
        if folded in NOT_NAME_WORDS or not _NAME_WORD_RE.match(word):
            return None
    if all(w.casefold() in NAME_PARTICLES for w in words):
        return None
    return part.strip(), point_range


def parse_names(text: str) -> list[tuple[str, PointRange]] | None:
    """Names in "A (V), B og C", each with the point range printed after it; None when the
    text is not a list of names (a sentence, a heading)."""
    text = text.strip().rstrip(".").strip()
    if not text or len(text) > MAX_HEADING_CHARS * 2 or text.endswith(":"):
        return None
    names: list[tuple[str, PointRange]] = []
    for part in _SPLIT_RE.split(text):
        if not part.strip():
            continue
        lone_range = POINT_RANGE_RE.fullmatch(part.strip().strip("()"))
        if lone_range and names:  # ", sag 129-138" belongs to the name before it
            names[-1] = (names[-1][0], _range(lone_range))
            continue
        name = clean_name(part)
        if name is None:
            return None
        names.append(name)
    return names or None


def sentence_absences(text: str) -> list[tuple[str, PointRange]]:
    """Names of people a text says did not take part ("X deltog ikke i behandlingen")."""
    if (
        "deltog" not in text
        and " var " not in text
        and "afbud" not in text
        and (
            "forlod" not in text
            and "mødte" not in text
            and "medvirkede" not in text
            and "inhabil" not in text
            and "udeblev" not in text
        )
    ):
        return []
    found: list[tuple[str, PointRange]] = []
    for sentence in _SENTENCE_RE.split(text.replace("\n", " ")):
        match = ABSENT_VERB_RE.search(" " + sentence)
        if not match:
            continue
        subject = sentence[: max(0, match.start() - 1)].strip()
        names = parse_names(subject)
        if not names:
            continue
        point_range = _range(POINT_RANGE_RE.search(sentence, max(0, match.end() - 1)))
        found.extend((name, point_range or rng) for name, rng in names)
    return found
