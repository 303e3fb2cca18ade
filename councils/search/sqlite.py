"""SQLite backend: FTS5 over Snowball-stemmed text.

The FTS5 table ``councils_search_fts`` (migration 0002, SQLite only) has one column per
field of ``DocumentFields`` and ``tokenize="unicode61 remove_diacritics 0"`` (the default
would fold å to a). Python stems every word (Snowball Danish, as PostgreSQL's ``danish``
configuration does) before it is stored, and stems the query the same way, so FTS5 only ever
compares stems. Each stored stem stands for exactly one word of the original text, so the
word positions ``highlight()`` marks map back onto the original text for the snippet.
Case folding is done in Python (``str.lower`` folds Æ/Ø/Å; SQLite's LIKE would not).
"""

from __future__ import annotations

from django.db.models import FloatField
from django.db.models.expressions import RawSQL

from .backend import RECENCY_BOOST, RECENCY_YEARS
from .query import Atom, ParsedQuery
from .snippets import SNIPPET_WORDS, excerpt, load_fields, marked_indices, python_marks
from .text import (
    MARK_END,
    MARK_START,
    MATCHED_IN_COLUMNS,
    WORD_RE,
    DocumentFields,
    stem,
    stemmed,
)

FTS_TABLE = "councils_search_fts"
VOCABULARY_TABLE = "councils_searchword"
COLUMNS = DocumentFields.COLUMNS
# bm25 column weights mirroring PostgreSQL's A/B/C/D = 1.0/0.4/0.2/0.1.
BM25_WEIGHTS = {"A": 10.0, "B": 4.0, "C": 2.0, "D": 1.0}
BM25_ARGS = ", ".join(str(BM25_WEIGHTS[DocumentFields.WEIGHTS[c]]) for c in COLUMNS)

CREATE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    + ", ".join(COLUMNS)
    + ', tokenize="unicode61 remove_diacritics 0")'
)
DROP_SQL = f"DROP TABLE IF EXISTS {FTS_TABLE}"


def _atom(atom: Atom) -> str:
    stems = " ".join(atom.stems)
    return f'"{stems}"*' if atom.prefix else f'"{stems}"'


def positive_expression(parsed: ParsedQuery) -> str:
    groups = []
    for group in parsed.groups:
        inner = " OR ".join(_atom(a) for a in group)
        groups.append(f"({inner})")
    return " AND ".join(groups)


def match_expression(parsed: ParsedQuery, matched_in: str = "") -> str:
    expr = f"({positive_expression(parsed)})"
    for atom in parsed.excluded:
        expr += f" NOT {_atom(atom)}"
    if matched_in in MATCHED_IN_COLUMNS:
        cols = " ".join(MATCHED_IN_COLUMNS[matched_in])
        expr = f"({expr}) AND ({{{cols}}} : ({positive_expression(parsed)}))"
    return expr


class SqliteBackend:
    vendor = "sqlite"

    def __init__(self, connection):
        self.connection = connection

    # -- index -------------------------------------------------------------------------
    def write(self, docs: list[tuple[int, DocumentFields]]) -> None:
        if not docs:
            return
        placeholders = ", ".join(["%s"] * (len(COLUMNS) + 1))
        with self.connection.cursor() as cursor:
            self.delete([pk for pk, _ in docs], cursor=cursor)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(COLUMNS)}) VALUES ({placeholders})",
                [
                    (pk, *(" ".join(stem(t) for t in f.column_tokens(c)) for c in COLUMNS))
                    for pk, f in docs
                ],
            )

    def delete(self, item_ids, cursor=None) -> None:
        ids = list(item_ids)
        if not ids:
            return
        if cursor is None:
            with self.connection.cursor() as cursor:
                return self.delete(ids, cursor=cursor)
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    # -- vocabulary (councils/search/vocabulary.py) -----------------------------------
    def document_stems(self, item_ids) -> dict[int, set[str]]:
        ids = list(item_ids)
        out: dict[int, set[str]] = {}
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                cursor.execute(
                    f"SELECT rowid, {', '.join(COLUMNS)} FROM {FTS_TABLE} "
                    f"WHERE rowid IN ({', '.join(['%s'] * len(batch))})",
                    batch,
                )
                for pk, *columns in cursor.fetchall():
                    out[pk] = set(" ".join(c or "" for c in columns).split())
        return out

    def word_stems(self, words) -> dict[str, str]:
        return {w: stem(w) for w in words}

    def add_to_frequencies(self, deltas: dict[str, int]) -> None:
        if not deltas:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {VOCABULARY_TABLE} SET frequency = max(frequency + %s, 0) "
                "WHERE stem = %s",
                [(d, s) for s, d in deltas.items()],
            )

    def add_words(self, rows: list[tuple[str, str, int]]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {VOCABULARY_TABLE} (word, stem, frequency) "
                f"SELECT %s, %s, coalesce((SELECT max(frequency) FROM {VOCABULARY_TABLE} "
                "WHERE stem = %s), %s) WHERE true ON CONFLICT (word) DO NOTHING",
                [(w, s, s, n) for w, s, n in rows],
            )

    # -- query -------------------------------------------------------------------------
    def match(self, documents, parsed: ParsedQuery, matched_in: str = ""):
        """(documents matching the query, score expression: higher is better)."""
        expr = match_expression(parsed, matched_in)
        matching = documents.filter(
            item_id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr]
            )
        )
        # bm25() is negative (lower is better): r = -bm25 normalised to r/(1+r) in [0, 1),
        # times a small boost for recent meetings, as on PostgreSQL.
        score = RawSQL(
            f"""(SELECT (-bm25({FTS_TABLE}, {BM25_ARGS})) / (1.0 - bm25({FTS_TABLE}, {BM25_ARGS}))
                 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
                 AND {FTS_TABLE}.rowid = councils_searchdocument.item_id)
               * (1.0 + %s / (1.0 + (julianday('now') - julianday(councils_searchdocument.start))
                                  / 365.25 / %s))""",
            [expr, RECENCY_BOOST, RECENCY_YEARS],
            output_field=FloatField(),
        )
        return matching, score

    def newest_ids(self, matching, limit: int, total) -> list[int]:
        """Newest first by the start index; SQLite needs no count to choose (``total``)."""
        newest = matching.order_by("-start", "item_id").values_list("item_id", flat=True)
        return list(newest[:limit])

    def estimate_count(self, queryset):
        """SQLite always counts exactly (it is the small, embedded database)."""
        return None

    def sample_pairs(self, queryset, rows):
        return None

    def snippets(self, parsed: ParsedQuery | None, item_ids):
        """{item id: text with MARK_START/MARK_END around matched words}, cut from the
        points' rows (the FTS5 table holds stems only)."""
        fields = load_fields(item_ids)
        body_columns = COLUMNS[1:]
        marks: dict[int, dict[str, set[int]]] = {pk: {} for pk in fields}
        if parsed is not None and parsed.has_text and fields:
            expr = positive_expression(parsed)
            selects = ", ".join(
                f"highlight({FTS_TABLE}, {COLUMNS.index(c)}, %s, %s)" for c in body_columns
            )
            params = [MARK_START, MARK_END] * len(body_columns)
            ids = list(fields)
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid, {selects} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
                    [*params, expr, *ids],
                )
                for row in cursor.fetchall():
                    pk, highlighted = row[0], row[1:]
                    for column, text in zip(body_columns, highlighted, strict=True):
                        marks[pk][column] = set(marked_indices(text or ""))
        out = {}
        for pk, f in fields.items():
            out[pk] = self._excerpt(f, marks.get(pk, {}), body_columns, parsed)
        return out

    @staticmethod
    def _excerpt(f: DocumentFields, marks, body_columns, parsed) -> str:
        # The column with the most marked words wins; the snippet is cut from it.
        # Marks past a column's own words are on the journal number's parts indexed after
        # the decision (DocumentFields.indexed): they are not in the text a snippet shows.
        marks = {
            c: {i for i in m if i < len(WORD_RE.findall(getattr(f, c)))} for c, m in marks.items()
        }
        best = max(body_columns, key=lambda c: len(marks.get(c, ())), default=None)
        if best is None or not marks.get(best):
            text = f.body()
            return excerpt(text, python_marks(text, parsed), SNIPPET_WORDS)
        text = getattr(f, best)
        marked = marks[best]
        if len(WORD_RE.findall(text)) != len(stemmed(text).split()):  # pragma: no cover
            marked = python_marks(text, parsed)
        return excerpt(text, marked, SNIPPET_WORDS)
