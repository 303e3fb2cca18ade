"""Cutting a short, highlighted excerpt out of a point's text (used by the SQLite backend and
as the fallback when nothing in the body matched, e.g. a title-only or journal-number hit)."""

from __future__ import annotations

import re
from itertools import islice

from .query import ParsedQuery
from .text import MARK_END, MARK_START, WORD_RE, DocumentFields, document_fields, fold, stem

SNIPPET_WORDS = 30  # words shown around the best match


def marked_indices(highlighted: str) -> list[int]:
    """Token positions inside MARK_START … MARK_END in an FTS5 ``highlight()`` result."""
    out: list[int] = []
    index = 0
    inside = False
    for m in re.finditer(f"{MARK_START}|{MARK_END}|[^\\W_]+", highlighted):
        value = m.group()
        if value == MARK_START:
            inside = True
        elif value == MARK_END:
            inside = False
        else:
            if inside:
                out.append(index)
            index += 1
    return out


def excerpt(text: str, marked: set[int], words: int = SNIPPET_WORDS) -> str:
    """The window of ``words`` tokens with the most marked tokens, marks inserted.

    Returns plain text with MARK_START/MARK_END around marked words (escape it with
    ``marked_to_html``).
    """
    # Only the words up to the last window can matter (and one more, for the trailing "…").
    limit = (max(marked) if marked else 0) + words + 1
    spans = [m.span() for m in islice(WORD_RE.finditer(text), limit)]
    if not spans:
        return ""
    best_start, best_count = 0, -1
    if marked:
        ordered = sorted(i for i in marked if i < len(spans))
        # Slide over windows that start a little before each marked token.
        for first in ordered:
            start = max(0, first - words // 3)
            count = sum(1 for i in ordered if start <= i < start + words)
            if count > best_count:
                best_start, best_count = start, count
    end = min(len(spans), best_start + words)
    pieces: list[str] = []
    cursor = spans[best_start][0]
    for i in range(best_start, end):
        s, e = spans[i]
        pieces.append(text[cursor:s])
        word = text[s:e]
        pieces.append(f"{MARK_START}{word}{MARK_END}" if i in marked else word)
        cursor = e
    body = " ".join("".join(pieces).split())
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if end < len(spans) else ""
    return f"{prefix}{body}{suffix}"


def python_marks(text: str, parsed: ParsedQuery | None) -> set[int]:
    """Word positions in ``text`` whose stem the query looks for (used for the fallback
    excerpt when the database marked nothing, e.g. a phrase across columns or a hit in the
    title only)."""
    if parsed is None or not parsed.has_text:
        return set()
    exact = {s for a in parsed.positive_atoms() for s in a.stems}
    prefixes = tuple(a.stems[0] for a in parsed.positive_atoms() if a.prefix)
    # Snowball Danish only ever removes letters from a word's end, so a word's stem starts
    # its folded form: a word that starts with none of the stems sought needs no stemming.
    starts = tuple(exact) + prefixes
    out = set()
    folded = fold(text)
    if not any(s in folded for s in starts):  # one scan: often none of them occurs at all
        return out
    for i, word in enumerate(WORD_RE.findall(text)):
        if not fold(word).startswith(starts):
            continue
        s = stem(word)
        if s in exact or (prefixes and s.startswith(prefixes)):
            out.add(i)
    return out


def load_fields(item_ids) -> dict[int, DocumentFields]:
    """``{item id: DocumentFields}`` of these points, read from their rows (the SQLite
    backend's snippets; PostgreSQL's for points indexed before excerpts were stored)."""
    from django.db.models import Prefetch

    from ..models import AgendaItem, Attachment, PriorDecision, Section

    # Each ordered by its own column: the models' default ordering ("agenda_item", "order")
    # would join the point and its meeting into every prefetch.
    prefetches = [
        Prefetch(name, queryset=model.objects.order_by("agenda_item_id", "order"))
        for name, model in (
            ("sections", Section),
            ("attachments", Attachment),
            ("prior_decisions", PriorDecision),
        )
    ]
    items = (
        AgendaItem.objects.public().open().filter(pk__in=list(item_ids)).select_related("case")
    )
    return {
        item.pk: document_fields(
            item, item.sections.all(), item.attachments.all(), item.prior_decisions.all()
        )
        for item in items.prefetch_related(*prefetches)
    }
