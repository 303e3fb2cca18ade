"""The archive's own vocabulary (``SearchWord``) and "Mente du …?" suggestions from it.

**What is in it.** Every word form (folded to lower case, letters only: no numbers, no
journal-number parts) of the text of the points in the search index — exactly the public,
open points (``AgendaItem.objects.public().open()``); drafts and closed points are never
indexed, so no word of theirs is ever added. Each form carries its stem as the index stores
it (``backend.word_stems``) and ``frequency``: how many indexed points have that stem.

**Upkeep** (``update()``, called by ``index.index_items`` for every batch it (re)indexes,
and ``forget()``, called before a point is deleted): the stems each point had in the index
*before* the change and has *after* it are read from the index itself
(``backend.document_stems``), their difference is added to the frequencies of the stems
(``backend.add_to_frequencies``), forms new to the vocabulary are inserted with their stem's
count (``backend.add_words``), and the forms of a stem no indexed point has any more are
deleted. So a point that is unpublished or closed takes the words only it had with it.
Limit: a form whose stem is still in other public points stays (e.g. "borgerne" stays while
another point has "borger") until ``rebuild()`` (``manage.py rebuild_search_index``), which
builds the vocabulary from scratch.

**Suggestions** (``suggest()``): for each word of the query (not excluded words, not journal
numbers) that is neither a form nor a stem in the vocabulary, in this order:

1. æ/ø/å restored: ``ae``→``æ``, ``oe``→``ø``, ``aa``→``å``, ``a``→``æ``/``å``, ``o``→``ø``
   (``hjemlose`` → ``hjemløse``, ``aeldre`` → ``ældre``): the most frequent form found;
2. a small typo: Damerau–Levenshtein (optimal string alignment: a swap of two neighbouring
   letters counts one) distance ≤ ``max_distance(word)``: 1 for words of up to 5 letters, 2
   for longer ones, among the ``SCAN_LIMIT`` most frequent forms with the same first letter
   (``a``/``o`` also ``æ``/``å``/``ø``) and a length within that distance; the closest, then
   the most frequent, wins.

Limits: words of fewer than ``MIN_WORD_LENGTH`` letters and stop words are never corrected
nor suggested; a typo in the first letter is not found; only the ``SCAN_LIMIT`` most
frequent forms of a first letter and length range are compared.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Length

from ..models import SearchWord
from .backend import get_backend
from .text import WORD_RE, fold, is_stop_word, tokens

MIN_WORD_LENGTH = 3  # shorter query words are never corrected, shorter forms never suggested
MAX_WORD_LENGTH = 64  # = SearchWord.word max_length; longer "words" are not kept
MAX_VARIANTS = 64  # æøå restorations tried per word
SCAN_LIMIT = 5_000  # forms compared per query word for typos (the most frequent first)
CHUNK = 500  # words per IN (…) query
UPKEEP = True  # index_items keeps the vocabulary current (the benchmark turns it off to compare)

# ASCII spellings of æ/ø/å people type (two letters first).
RESTORE = (("ae", ("æ",)), ("oe", ("ø",)), ("aa", ("å",)), ("a", ("æ", "å")), ("o", ("ø",)))
SAME_INITIAL = {"a": ("a", "æ", "å"), "o": ("o", "ø")}


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def words_of(texts) -> set[str]:
    """The vocabulary's forms in these texts: folded, letters only, at most 64 long."""
    return words_of_tokens(tokens(text) for text in texts)


def words_of_tokens(token_lists) -> set[str]:
    """``words_of`` for texts already split into ``tokens``."""
    distinct = set()  # each token once: texts repeat their words many times
    for found in token_lists:
        distinct.update(found)
    return {
        fold(token) for token in distinct if token.isalpha() and len(token) <= MAX_WORD_LENGTH
    }


# -- upkeep ---------------------------------------------------------------------------------


def update(backend, old: dict[int, set[str]], new: dict[int, set[str]], words: set[str]) -> None:
    """Apply one batch of index changes: ``old``/``new`` are ``backend.document_stems`` of
    the batch's points before and after (a point missing from one side was not indexed
    then), ``words`` the forms of the new text."""
    deltas: Counter[str] = Counter()
    for pk in old.keys() | new.keys():
        before, after = old.get(pk, set()), new.get(pk, set())
        deltas.update(after - before)
        deltas.subtract(before - after)
    deltas = Counter({s: d for s, d in deltas.items() if d})
    indexed_now = set().union(*new.values()) if new else set()
    with transaction.atomic():
        backend.add_to_frequencies(dict(deltas))
        _add_words(backend, words, indexed_now, deltas)
        _prune([s for s, d in deltas.items() if d < 0])


def _add_words(backend, words: set[str], indexed_now: set[str], deltas: Counter) -> None:
    if not words:
        return
    stems = backend.word_stems(sorted(words))
    # Only forms whose stem the index now holds (not stop words on PostgreSQL, nor words
    # past the part of a very long text PostgreSQL indexes). A form new to the vocabulary
    # takes the count of its stem's other forms; a stem with no form yet was in no indexed
    # point before this batch (every indexed letters-only word has a row), so its count is
    # this batch's change.
    backend.add_words(
        [
            (w, s, max(deltas.get(s, 0), 0))
            for w, s in stems.items()
            if s in indexed_now and len(s) <= MAX_WORD_LENGTH
        ]
    )


def _prune(stems: list[str]) -> None:
    for chunk in _chunks(sorted(stems)):
        SearchWord.objects.filter(stem__in=chunk, frequency__lte=0).delete()


def forget(item_ids, backend=None) -> None:
    """Before these points leave the index without ``index_items`` (a point deleted)."""
    if not UPKEEP:
        return
    backend = backend or get_backend()
    old = backend.document_stems(list(item_ids))
    if old:
        update(backend, old, {}, set())


def clear() -> None:
    SearchWord.objects.all().delete()


# -- suggestions ----------------------------------------------------------------------------


@dataclass
class Suggestion:
    query: str  # the whole query with the corrected words
    corrections: dict[str, str]  # folded word typed -> form suggested


def max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours), or
    ``limit + 1`` as soon as it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def restorations(word: str) -> list[str]:
    """The word with ASCII spellings of æ/ø/å replaced, in every combination (the word
    itself left out), at most MAX_VARIANTS."""
    options: list[list[str]] = []
    i = 0
    while i < len(word):
        for ascii_, danish in RESTORE:
            if word.startswith(ascii_, i):
                options.append([ascii_, *danish])
                i += len(ascii_)
                break
        else:
            options.append([word[i]])
            i += 1
    out = []
    for combination in itertools.product(*options):
        variant = "".join(combination)
        if variant != word:
            out.append(variant)
        if len(out) >= MAX_VARIANTS:
            break
    return out


def _eligible(word: str) -> bool:
    return len(word) >= MIN_WORD_LENGTH and word.isalpha() and not is_stop_word(word)


def correct(word: str) -> str | None:
    """The vocabulary's form for an unknown folded word, or None."""
    variants = restorations(word)
    restored = (
        SearchWord.objects.filter(word__in=variants)
        .order_by("-frequency", "word")
        .values_list("word", flat=True)
    )
    for candidate in restored:
        if _eligible(candidate):
            return candidate
    limit = max_distance(word)
    best: tuple[int, int, str] | None = None
    initials = SAME_INITIAL.get(word[0], (word[0],))
    for initial in initials:
        rows = (
            SearchWord.objects.annotate(n=Length("word"))
            .filter(word__startswith=initial, n__gte=len(word) - limit, n__lte=len(word) + limit)
            .order_by("-frequency", "word")
            .values_list("word", "frequency")[:SCAN_LIMIT]
        )
        for candidate, frequency in rows:
            if candidate == word or not _eligible(candidate):
                continue
            distance = osa_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, -frequency, candidate)
                if best is None or key < best:
                    best = key
    return best[2] if best else None


def suggest(parsed, backend=None) -> Suggestion | None:
    """A corrected query for the unknown words of ``parsed`` (a ParsedQuery), or None when
    every word is known or nothing close enough is in the vocabulary."""
    if parsed is None or not parsed.has_text:
        return None
    words = []
    for atom in parsed.positive_atoms():
        for w in atom.words:
            if _eligible(w) and w not in words:
                words.append(w)
    if not words:
        return None
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    unknown = [w for w in words if w not in known]
    if not unknown:
        return None
    backend = backend or get_backend()
    stems = backend.word_stems(unknown)
    known_stems = set(
        SearchWord.objects.filter(stem__in=set(stems.values())).values_list("stem", flat=True)
    )
    corrections = {}
    for w in unknown:
        if stems.get(w) in known_stems:
            continue  # another form of a word the archive has: the search finds it
        fixed = correct(w)
        if fixed:
            corrections[w] = fixed
    if not corrections:
        return None
    return Suggestion(query=_rewrite(parsed.raw, corrections), corrections=corrections)


def _rewrite(raw: str, corrections: dict[str, str]) -> str:
    """``raw`` with each corrected word replaced (keeping a capital first letter); words
    after a minus (excluded) are left as typed."""
    def replace(match: re.Match) -> str:
        token = match.group()
        start = match.start()
        if start and raw[start - 1] == "-" and (start == 1 or raw[start - 2].isspace()):
            return token
        fixed = corrections.get(fold(token))
        if fixed is None:
            return token
        return fixed[:1].upper() + fixed[1:] if token[:1].isupper() else fixed

    return WORD_RE.sub(replace, raw)


# -- rebuild --------------------------------------------------------------------------------


def rebuild(*, batch_size: int = 1000) -> int:
    """Build the vocabulary from scratch from the index and the public points' text (after
    ``migrate``, or to drop forms kept since their points left). Returns the word count."""
    from ..models import AgendaItem
    from .text import document_fields

    backend = get_backend()
    with transaction.atomic():
        clear()
        ids = list(
            AgendaItem.objects.public().open().order_by("pk").values_list("pk", flat=True)
        )
        for batch in _chunks(ids, batch_size):
            items = (
                AgendaItem.objects.public()
                .open()
                .filter(pk__in=batch)
                .select_related("case")
                .prefetch_related("sections", "attachments", "prior_decisions")
            )
            words = set()
            for i in items:
                f = document_fields(
                    i, i.sections.all(), i.attachments.all(), i.prior_decisions.all()
                )
                words |= words_of(f.indexed(c) for c in f.COLUMNS)
            update(backend, {}, backend.document_stems(batch), words)
    return SearchWord.objects.count()


__all__ = [
    "Suggestion",
    "clear",
    "correct",
    "forget",
    "rebuild",
    "restorations",
    "suggest",
    "update",
]
