"""Danish text handling shared by both search backends.

One tokenizer, one case fold, one stemmer (Snowball Danish, the algorithm behind
PostgreSQL's ``danish`` configuration) and one stop-word list (PostgreSQL's ``danish.stop``),
so the SQLite index and the PostgreSQL index agree on what a word is.

Decision on ``aa``/``ae``/``oe``: they are **not** folded to ``å``/``æ``/``ø``. In today's
Danish they are different spellings (place names such as "Aalborg" are officially spelled
with "aa", and "ae"/"oe" occur in ordinary words and names: "Michael", "poesi", "koefficient"),
and PostgreSQL's parser does not fold them either. Upper and lower case of Æ/Ø/Å fold
(``Æ`` = ``æ``), and ``å`` is never folded to ``a`` (no ``unaccent``; FTS5 runs with
``remove_diacritics 0``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

# One word = a run of letters and digits (underscore excluded), as FTS5's unicode61 sees it.
WORD_RE = re.compile(r"[^\W_]+")

# PostgreSQL 15 share/tsearch_data/danish.stop (the Snowball Danish stop list).
STOP_WORDS = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
    om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
    selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne
    end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis
    din nogle hos blive mange ad bliver hendes været thi jer sådan""".split()
)

# Marks used between the database and Python around highlighted words; they never survive
# into a page (see ``marked_to_html``) and are removed from indexed text.
MARK_START = "\x02"
MARK_END = "\x03"
_MARKS_RE = re.compile(f"[{MARK_START}{MARK_END}]")

_stemmer = snowballstemmer.stemmer("danish")


def normalize(text: str) -> str:
    """NFC, without our highlight marks and NUL bytes."""
    return _MARKS_RE.sub(" ", unicodedata.normalize("NFC", text or "")).replace("\x00", " ")


def fold(word: str) -> str:
    """Lower case, Danish letters included (``Æ``→``æ``, ``Å``→``å``); no accent removal."""
    return word.lower()


def stem(word: str) -> str:
    return _stem_folded(fold(word))


@lru_cache(maxsize=100_000)
def _stem_folded(word: str) -> str:
    # Cached by the folded word: "Hjemløse" and "hjemløse" (the index's text and the
    # vocabulary's forms) are stemmed once.
    return _stemmer.stemWord(word)


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(normalize(text))


def is_stop_word(word: str) -> bool:
    return fold(word) in STOP_WORDS


def stemmed(text: str) -> str:
    """The text as the SQLite index stores it: one stem per word, in order, space separated.

    Stop words are kept (as PostgreSQL keeps their positions), so phrases line up.
    """
    return " ".join(stem(t) for t in tokens(text))


@dataclass
class DocumentFields:
    """What one agenda point contributes to the index, by field and weight.

    PostgreSQL weights: title A; decision and case number B; resume and indstilling C;
    everything else (sagsfremstilling, other sections, prior decisions, bilag titles and
    their extracted text) D. SQLite keeps the same fields as FTS5 columns with bm25 weights
    10/4/2/1 (PostgreSQL's default weights 1.0/0.4/0.2/0.1).
    """

    title: str = ""
    decision: str = ""
    resume: str = ""
    indstilling: str = ""
    sagsfremstilling: str = ""
    other: str = ""
    attachments: str = ""
    # The case's journal number as printed ("27.15.00-A08-1-21"). It is indexed with the
    # decision (weight B) as its separate parts, but never part of a snippet's text: cut
    # from ``decision`` it would read as loose tokens ("Godkendt 27 15 00 A08 1 21").
    journal: str = ""
    extra: dict = field(default_factory=dict)
    # True when every column is ``normalize``d already (``document_fields``): its tokens are
    # then found without normalizing the text again.
    normalized: bool = field(default=False, repr=False, compare=False)
    _tokens: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    COLUMNS = (
        "title",
        "decision",
        "resume",
        "indstilling",
        "sagsfremstilling",
        "other",
        "attachments",
    )
    WEIGHTS = {
        "title": "A",
        "decision": "B",
        "resume": "C",
        "indstilling": "C",
        "sagsfremstilling": "D",
        "other": "D",
        "attachments": "D",
    }

    def indexed(self, column: str) -> str:
        """The text the index stores for ``column``: the column itself, and for the decision
        the journal number's parts after it (so that word positions of the decision text
        are the same in the index and in ``decision``, which snippets are cut from)."""
        value = getattr(self, column)
        if column == "decision" and self.journal:
            parts = " ".join(tokens(self.journal))
            return f"{value}\n{parts}" if value else parts
        return value

    def column_tokens(self, column: str) -> list[str]:
        """``tokens(self.indexed(column))``, computed once (the index, the vocabulary and
        SQLite's stemming all read them)."""
        found = self._tokens.get(column)
        if found is None:
            text = self.indexed(column)
            found = WORD_RE.findall(text) if self.normalized else tokens(text)
            self._tokens[column] = found
        return found

    def words_by_weight(self, limit: int) -> dict[str, str]:
        """For each weight: the tokens of ``by_weight()[weight][:limit]``, space separated.

        From the columns' tokens when the text is within ``limit`` (columns are joined with
        a newline, which no token spans and NFC never composes across)."""
        texts = self.by_weight()
        out = {}
        for weight, text in texts.items():
            if len(text) > limit:
                out[weight] = " ".join(tokens(text[:limit]))
                continue
            parts = (
                " ".join(self.column_tokens(column))
                for column in self.COLUMNS
                if self.WEIGHTS[column] == weight and self.indexed(column)
            )
            out[weight] = " ".join(part for part in parts if part)
        return out

    def by_weight(self) -> dict[str, str]:
        out = {"A": [], "B": [], "C": [], "D": []}
        for column in self.COLUMNS:
            value = self.indexed(column)
            if value:
                out[self.WEIGHTS[column]].append(value)
        return {weight: "\n".join(parts) for weight, parts in out.items()}

    def body(self) -> str:
        """The text snippets are cut from: every field but the title (shown as the heading)."""
        return "\n".join(getattr(self, c) for c in self.COLUMNS[1:] if getattr(self, c))


SECTION_COLUMNS = {
    "resume": "resume",
    "indstilling": "indstilling",
    "beslutning": "decision",
    "sagsfremstilling": "sagsfremstilling",
}


def document_fields(item, sections, attachments, prior_decisions) -> DocumentFields:
    """Build the indexed fields of an agenda point from its rows (already fetched)."""
    parts: dict[str, list[str]] = {c: [] for c in DocumentFields.COLUMNS}
    parts["title"].append(item.title)
    if item.decision:
        parts["decision"].append(item.decision)
    journal = ""
    if item.case_id and getattr(item, "case", None) is not None:
        # Indexed as separate parts ("27 15 00 A08 1 21", see DocumentFields.indexed), so
        # both databases see the same words (PostgreSQL's parser would keep "27.15.00" and
        # "-21" as odd tokens). Whole journal numbers in queries match the case itself (see
        # engine.journal_q).
        journal = normalize(item.case.number)
    for section in sections:
        column = SECTION_COLUMNS.get(section.kind, "other")
        if column == "decision" and item.decision:
            continue  # the point's own decision is already there
        text = "\n".join(x for x in (section.heading, section.text) if x)
        parts[column].append(section.text if column != "other" else text)
    for prior in prior_decisions:
        parts["other"].append("\n".join(x for x in (prior.council_name, prior.text) if x))
    for attachment in attachments:
        parts["attachments"].append(attachment.title)
        if attachment.extracted_text:
            parts["attachments"].append(attachment.extracted_text)
    return DocumentFields(
        **{c: normalize("\n".join(v)) for c, v in parts.items()}, journal=journal, normalized=True
    )


# Matching in these parts of a point (the "fundet i" filter) -> FTS5 columns.
MATCHED_IN_COLUMNS = {
    "titel": ("title",),
    "beslutning": ("decision",),
    "resume": ("resume",),
    "indstilling": ("indstilling",),
    "sagsfremstilling": ("sagsfremstilling",),
    "andet": ("other",),
    "bilag": ("attachments",),
}


def marked_to_html(text: str) -> str:
    """Escape ``text`` and turn our marks into ``<mark>`` tags: no other HTML gets through.

    Marks are balanced defensively (an unmatched start is closed at the end).
    """
    from django.utils.html import escape

    out: list[str] = []
    open_ = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif piece == MARK_END:
            if open_:
                out.append("</mark>")
                open_ = False
        elif piece:
            out.append(escape(piece))
    if open_:
        out.append("</mark>")
    return "".join(out)
