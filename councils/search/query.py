"""The user's query, parsed once and compiled by each backend.

Syntax (the same on PostgreSQL and SQLite, like ``websearch_to_tsquery``):

- ``hjemløse borgere``: every word must match (Danish word forms: Snowball stemming);
- ``"Psykiatriens Hus"``: the exact phrase;
- ``-udsatte`` / ``-"psykiatriens hus"``: leave out points containing it;
- ``bolig OR hjemløs``: either;
- ``27.15.00-A08-1-21`` or a leading fragment such as ``27.15.00``: the points of that case
  (matched against the case's journal number, not the text).

Words of five or more letters after stemming also match as the start of a longer word, so
``hjemløse`` finds ``hjemløsestrategien`` (Danish compounds; see ``PREFIX_MIN_STEM``).
Stop words (``og``, ``i``, ``at`` …, PostgreSQL's Danish list) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..journal import JOURNAL_NUMBER_FRAGMENT_RE, InvalidCaseNumber, parse_case_number
from .text import WORD_RE, fold, is_stop_word, normalize, stem

MAX_QUERY_LENGTH = 500  # characters
MAX_QUERY_TERMS = 32  # words and phrases; more are ignored with a notice
# A word whose stem has at least this many letters also matches longer words starting with
# the stem (hjemløs -> hjemløsestrategi). 0 turns prefix matching off.
PREFIX_MIN_STEM = 5

_TRAILING_PUNCT = ",;:!?()[]{}'"


class QueryError(ValueError):
    """A query that cannot be searched; the message (Danish) says what to do instead."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Atom:
    """A word (one token) or a phrase (several tokens in a row)."""

    words: tuple[str, ...]
    phrase: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)

    @property
    def prefix(self) -> bool:
        return (
            not self.phrase
            and PREFIX_MIN_STEM > 0
            and len(self.words) == 1
            and len(self.stems[0]) >= PREFIX_MIN_STEM
        )


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Atom]] = field(default_factory=list)  # AND of OR-groups
    excluded: list[Atom] = field(default_factory=list)
    journal: list[str] = field(default_factory=list)  # journal numbers / fragments (AND)
    excluded_journal: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.groups)

    def positive_atoms(self) -> list[Atom]:
        return [a for g in self.groups for a in g]


# Case numbers of other systems that a query may name whole (EMN-2025-003383, 19/01234); bare
# serials ("249050") stay words, because amounts and years look the same.
_WHOLE_CASE_SCHEMES = {"getorganized", "aarstal"}


def _journal_fragment(raw: str) -> str | None:
    candidate = raw.strip(_TRAILING_PUNCT).rstrip(".")
    try:
        case_number = parse_case_number(candidate)
    except InvalidCaseNumber:
        case_number = None
    if case_number is not None and case_number.scheme in _WHOLE_CASE_SCHEMES:
        return case_number.number
    # At least the whole KLE subject (27.15.00): "12.50" or "14.00" are amounts and times.
    if JOURNAL_NUMBER_FRAGMENT_RE.fullmatch(candidate) and candidate.count(".") >= 2:
        # The action facet letter is printed in upper case: 27.15.00-a08 = 27.15.00-A08.
        return re.sub(r"-([a-zæøå])(\d{2})", lambda m: f"-{m[1].upper()}{m[2]}", candidate)
    return None


def _atom(words: list[str], phrase: bool) -> Atom | None:
    words = [fold(w) for w in words]
    # Leading and trailing stop words carry nothing (PostgreSQL drops them too).
    while words and is_stop_word(words[0]):
        words.pop(0)
    while words and is_stop_word(words[-1]):
        words.pop()
    if not words:
        return None
    return Atom(tuple(words), phrase=phrase or len(words) > 1)


def _lex(text: str, notices: list[str]):
    """Yield (negated, kind, value) with kind in {"or", "phrase", "word"}."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-":
            negated = True
            i += 1
            if i >= n or text[i].isspace():
                continue  # a lone "-" means nothing
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            if end == -1:
                notices.append(
                    _("Et anførselstegn manglede sin afslutning; vi har søgt som om det stod "
                      "sidst.")
                )
                end = n
            yield negated, "phrase", text[i + 1 : end]
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        i = j
        if word == "OR" and not negated:
            yield False, "or", word
        else:
            yield negated, "word", word


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse the user's query; raise QueryError with a friendly message if it can't be used."""
    text = normalize(raw or "").strip()
    if not text:
        raise QueryError("empty", _("Skriv et eller flere ord, du vil søge efter."))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            "too_long",
            _("Søgningen er på %(n)d tegn; den må højst være %(max)d. Gør den kortere.")
            % {"n": len(text), "max": MAX_QUERY_LENGTH},
        )
    parsed = ParsedQuery(raw=text)
    dropped_stop_words: list[str] = []
    join_next = False
    terms = 0
    for negated, kind, value in _lex(text, parsed.notices):
        if kind == "or":
            join_next = bool(parsed.groups)
            continue
        if kind == "word":
            fragment = _journal_fragment(value)
            if fragment:
                (parsed.excluded_journal if negated else parsed.journal).append(fragment)
                join_next = False
                continue
        words = WORD_RE.findall(value)
        atom = _atom(words, phrase=(kind == "phrase"))
        if atom is None:
            dropped_stop_words.extend(w for w in words if is_stop_word(w))
            continue
        terms += 1
        if terms > MAX_QUERY_TERMS:
            continue
        if negated:
            parsed.excluded.append(atom)
        elif join_next and parsed.groups:
            parsed.groups[-1].append(atom)
        else:
            parsed.groups.append([atom])
        join_next = False
    if terms > MAX_QUERY_TERMS:
        parsed.notices.append(
            _("Kun de første %(max)d ord og udtryk er brugt.") % {"max": MAX_QUERY_TERMS}
        )
    if not parsed.groups and not parsed.journal:
        if dropped_stop_words and not parsed.excluded:
            raise QueryError(
                "stop_words",
                _("“%(words)s” er så almindelige ord, at de ikke kan søges på alene. "
                  "Tilføj et mere præcist ord.")
                % {"words": " ".join(dropped_stop_words)},
            )
        if parsed.excluded or parsed.excluded_journal:
            raise QueryError(
                "only_exclusions",
                _("Søgningen udelukker kun ord (med -). Skriv også mindst ét ord, der skal "
                  "findes."),
            )
        raise QueryError(
            "no_words", _("Søgningen indeholder ingen ord. Skriv et eller flere ord.")
        )
    if dropped_stop_words:
        parsed.notices.append(
            _("Meget almindelige ord er udeladt: %(words)s.")
            % {"words": ", ".join(dict.fromkeys(dropped_stop_words))}
        )
    return parsed
