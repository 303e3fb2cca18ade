"""PostgreSQL backend: a stored, weighted tsvector per public agenda point.

- ``councils_searchdocument.vector`` = setweight(to_tsvector('danish', words)) for the fields of
  ``DocumentFields`` (title A; decision and case number B; resume and indstilling C; the rest,
  bilag titles and extracted text included, D), GIN-indexed (migration 0002, PostgreSQL only).
  The text is given as plain space-separated words (``words_only``), so PostgreSQL indexes
  the same words as SQLite's FTS5; its Danish stemmer and stop words do the rest.
- The query: ``websearch_to_tsquery('danish', …)`` for every word and phrase the parser
  produced, combined with ``&&``/``||``/``!!``; words whose stem has 5+ letters use
  ``to_tsquery('danish', 'word:*')`` (prefix on the stem) so compounds are found.
- Ranking: ``ts_rank_cd`` (normalisation 32 → [0, 1)) × a small boost for recent meetings.
- Snippets: ``ts_headline`` with private marks, escaped in Python (``marked_to_html``), over
  ``councils_searchdocument.excerpt``: the snippet text stored when the point is indexed,
  bounded (EXCERPT_CHARS), so a results page reads one short text per hit.

Never ``unaccent``: it would fold å→a and ø→o.
"""

from __future__ import annotations

import json
import queue
import threading
from concurrent.futures import Future

import psycopg
from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db.models import BooleanField, Count, F, FloatField, Lookup, Value
from django.db.models.expressions import RawSQL

from .backend import RECENCY_BOOST, RECENCY_YEARS
from .query import Atom, ParsedQuery
from .snippets import SNIPPET_WORDS, excerpt, load_fields, python_marks
from .text import MARK_END, MARK_START, WORD_RE, DocumentFields, tokens

CONFIG = "danish"
DENSE_SHARE = 0.05  # matches in 5 %+ of all points: find the newest by walking the date index
SAMPLE_SEED = 1  # the same sample every time: estimates don't change between pages
MAX_FIELD_CHARS = 300_000  # per weight class; a tsvector must stay under 1 MB
MAX_HEADLINE_CHARS = 60_000  # ts_headline reads at most this much of a point's text
# The stored excerpt (SearchDocument.excerpt): the start of the snippet text, cut at a word.
# ts_headline's time grows with the text it reads; this bounds a results page's 25 headlines.
EXCERPT_CHARS = 4_000
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, '
    f'MinWords={SNIPPET_WORDS // 2}, ShortWord=2, MaxFragments=1, HighlightAll=false'
)

GIN_INDEX = "searchdoc_vector_gin"
VOCABULARY_TABLE = "councils_searchword"
STAGING_TABLE = "search_upsert_staging"  # a temporary table of PostgresBackend.upsert
CREATE_SQL = (
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON councils_searchdocument USING gin (vector)"
)
DROP_SQL = f"DROP INDEX IF EXISTS {GIN_INDEX}"


class TsMatch(Lookup):
    """``vector @@ <tsquery expression>``, used as a filter expression (Django's ``search``
    lookup would wrap the right side in plainto_tsquery)."""

    lookup_name = "tsmatch"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", [*lhs_params, *rhs_params]


def _atom(atom: Atom) -> tuple[str, list]:
    if atom.prefix:
        return f"to_tsquery('{CONFIG}', %s)", [f"{atom.words[0]}:*"]
    text = f'"{" ".join(atom.words)}"' if atom.phrase else atom.words[0]
    return f"websearch_to_tsquery('{CONFIG}', %s)", [text]


def positive_tsquery(parsed: ParsedQuery) -> tuple[str, list]:
    groups, params = [], []
    for group in parsed.groups:
        parts = []
        for atom in group:
            sql, p = _atom(atom)
            parts.append(sql)
            params += p
        groups.append("(" + " || ".join(parts) + ")")
    return "(" + " && ".join(groups) + ")", params


def tsquery(parsed: ParsedQuery) -> tuple[str, list]:
    sql, params = positive_tsquery(parsed)
    for atom in parsed.excluded:
        excluded, p = _atom(atom)
        sql = f"({sql} && !!{excluded})"
        params += p
    return sql, params


# Text of one kind of part of a point, for the "fundet i" filter (computed on the fly, only
# for points the GIN index already matched).
_D = "councils_searchdocument.item_id"
MATCHED_IN_SQL = {
    "titel": f"(SELECT title FROM councils_agendaitem WHERE id = {_D})",
    "beslutning": (
        f"(SELECT concat_ws(' ', i.decision, (SELECT string_agg(text, ' ') FROM "
        f"councils_section WHERE agenda_item_id = i.id AND kind = 'beslutning' "
        f"AND i.decision = '')) FROM councils_agendaitem i WHERE i.id = {_D})"
    ),
    "resume": (
        f"(SELECT string_agg(text, ' ') FROM councils_section "
        f"WHERE agenda_item_id = {_D} AND kind = 'resume')"
    ),
    "indstilling": (
        f"(SELECT string_agg(text, ' ') FROM councils_section "
        f"WHERE agenda_item_id = {_D} AND kind = 'indstilling')"
    ),
    "sagsfremstilling": (
        f"(SELECT string_agg(text, ' ') FROM councils_section "
        f"WHERE agenda_item_id = {_D} AND kind = 'sagsfremstilling')"
    ),
    "andet": (
        f"concat_ws(' ', (SELECT string_agg(concat_ws(' ', heading, text), ' ') "
        f"FROM councils_section WHERE agenda_item_id = {_D} AND kind NOT IN "
        f"('resume', 'indstilling', 'beslutning', 'sagsfremstilling')), "
        f"(SELECT string_agg(concat_ws(' ', council_name, text), ' ') "
        f"FROM councils_priordecision WHERE agenda_item_id = {_D}))"
    ),
    "bilag": (
        f"(SELECT string_agg(concat_ws(' ', title, extracted_text), ' ') "
        f"FROM councils_attachment WHERE agenda_item_id = {_D})"
    ),
}


def words_only(text: str) -> str:
    """The text as the words FTS5 sees, space separated, for ``to_tsvector``.

    PostgreSQL's parser would otherwise read "hjemløse/misbrug" as a file path and give
    "Housing First-tilgangen" an extra compound token that breaks the phrase "Housing First";
    with plain words both databases index exactly the same words.
    """
    return " ".join(tokens(text[:MAX_FIELD_CHARS]))


VECTOR_SQL = f"""SELECT (setweight(to_tsvector('{CONFIG}', t.a), 'A')
        || setweight(to_tsvector('{CONFIG}', t.b), 'B')
        || setweight(to_tsvector('{CONFIG}', t.c), 'C')
        || setweight(to_tsvector('{CONFIG}', t.d), 'D'))::text
    FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) WITH ORDINALITY
        AS t(a, b, c, d, n)
    ORDER BY t.n"""


class VectorWorker:
    """Computes documents' vectors (the expression of ``upsert``, as text) on a connection of
    its own, in a thread, while this connection goes on with the import: ``to_tsvector`` is
    most of the database's work of an import, and it needs nothing of the import's
    transaction. ``submit(texts)`` (each text ``words_by_weight``'s dict) gives a Future of
    the vectors, in order; ``done()`` says no more will come. The thread closes its
    connection and ends when its work is done, or at the first error (which every Future
    left then gives): a caller that never asks for the results leaks nothing."""

    def __init__(self, connection):
        self.params = connection.get_connection_params()
        self.params.pop("cursor_factory", None)  # psycopg's own: parameters bound server-side
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="search-vectors", daemon=True)
        self.thread.start()

    def submit(self, texts: list[dict[str, str]]) -> Future:
        future: Future = Future()
        self.jobs.put((texts, future))
        return future

    def done(self) -> None:
        self.jobs.put(None)

    def _run(self) -> None:
        error = None
        try:
            conn = psycopg.connect(**self.params, autocommit=True)
        except Exception as exc:  # noqa: BLE001 - given to every Future
            conn, error = None, exc
        try:
            while (job := self.jobs.get()) is not None:
                texts, future = job
                if error is not None:
                    future.set_exception(error)
                    continue
                try:
                    with conn.cursor() as cursor:
                        cursor.execute(
                            VECTOR_SQL, [[t[weight] for t in texts] for weight in "ABCD"]
                        )
                        future.set_result([vector for (vector,) in cursor.fetchall()])
                except Exception as exc:  # noqa: BLE001 - given to this and every later Future
                    error = exc
                    future.set_exception(exc)
        finally:
            if conn is not None:
                conn.close()


CUT = "\n…"  # ends a stored excerpt that is shorter than the point's text


def stored_excerpt(fields: DocumentFields) -> str:
    """What ``SearchDocument.excerpt`` stores: the snippet text (``body()``); when longer
    than EXCERPT_CHARS, its start cut after a whole word, and CUT."""
    body = fields.body()
    if len(body) <= EXCERPT_CHARS:
        return body
    cut = body[: EXCERPT_CHARS + 1]
    words = list(WORD_RE.finditer(cut))
    if words and words[-1].end() == len(cut):  # the last word runs past the bound: drop it
        words.pop()
    return (body[: words[-1].end()] if words else "") + CUT


class PostgresBackend:
    vendor = "postgresql"

    def __init__(self, connection):
        self.connection = connection

    # -- index -------------------------------------------------------------------------
    def write(
        self,
        docs: list[tuple[int, DocumentFields]],
        *,
        table: str = "councils_searchdocument",
        key: str = "item_id",
    ) -> None:
        """Compute the vectors of rows already in ``table`` (the benchmark's bulk path
        passes its own table of distinct texts)."""
        if not docs:
            return
        ids, excerpts, columns = [], [], {"A": [], "B": [], "C": [], "D": []}
        for pk, fields in docs:
            ids.append(pk)
            excerpts.append(stored_excerpt(fields))
            for weight, text in fields.by_weight().items():
                columns[weight].append(words_only(text))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {table} AS doc SET vector =
                       setweight(to_tsvector('{CONFIG}', t.a), 'A')
                    || setweight(to_tsvector('{CONFIG}', t.b), 'B')
                    || setweight(to_tsvector('{CONFIG}', t.c), 'C')
                    || setweight(to_tsvector('{CONFIG}', t.d), 'D'),
                    excerpt = t.e
                    FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[],
                                %s::text[]) AS t(id, a, b, c, d, e)
                    WHERE doc.{key} = t.id""",
                [ids, columns["A"], columns["B"], columns["C"], columns["D"], excerpts],
            )

    def vector_worker(self) -> VectorWorker:
        return VectorWorker(self.connection)

    def vector_texts(self, fields: list[tuple[int, DocumentFields]]) -> list[dict[str, str]]:
        """What ``upsert`` (and ``VectorWorker``) make the vectors of: for each document,
        its words by weight."""
        return [f.words_by_weight(MAX_FIELD_CHARS) for _pk, f in fields]

    def upsert(
        self, docs, fields: list[tuple[int, DocumentFields]], vectors=None
    ) -> dict[int, set[str]]:
        """Write the document rows ``docs`` (``index.Document``s or unsaved SearchDocuments:
        their attributes are read) with their vectors in one INSERT (new rows) or UPDATE
        (rows already there); returns each point's lexemes, as ``document_stems`` would read
        them back. ``vectors``: the documents' vectors already computed (``VectorWorker``:
        Futures of lists, in the order of ``docs``), else — or when the worker failed —
        they are computed here.

        The rows go through a temporary table filled with COPY: no SQL literal of all the
        text to build in Python and parse in PostgreSQL, one write per document row."""
        if not docs:
            return {}
        if vectors is not None:
            try:
                vectors = [vector for part in vectors for vector in part.result()]
            except Exception:  # noqa: BLE001 - e.g. no second connection: computed here
                vectors = None
        if vectors is not None:
            computed = iter(vectors)
            columns, values = "vector tsvector", lambda doc: (next(computed),)
            expression = "t.vector"
        else:
            texts = dict(
                zip((pk for pk, _f in fields), self.vector_texts(fields), strict=True)
            )
            columns = "a text, b text, c text, d text"

            def values(doc):
                return tuple(texts[doc.item_id][weight] for weight in "ABCD")

            expression = f"""setweight(to_tsvector('{CONFIG}', t.a), 'A')
                        || setweight(to_tsvector('{CONFIG}', t.b), 'B')
                        || setweight(to_tsvector('{CONFIG}', t.c), 'C')
                        || setweight(to_tsvector('{CONFIG}', t.d), 'D')"""
        excerpts = {pk: stored_excerpt(f) for pk, f in fields}
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING_TABLE} (item_id bigint, council_id bigint, "
                "start timestamptz, year smallint, outcome text, has_attachments boolean, "
                f"kind text, {columns}, excerpt text) ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY {STAGING_TABLE} FROM STDIN") as copy:
                for doc in docs:
                    copy.write_row(
                        (
                            doc.item_id,
                            doc.council_id,
                            doc.start,
                            doc.year,
                            doc.outcome,
                            doc.has_attachments,
                            doc.kind,
                            *values(doc),
                            excerpts[doc.item_id],
                        )
                    )
            cursor.execute(
                f"""INSERT INTO councils_searchdocument AS doc (item_id, council_id, start, year,
                        outcome, has_attachments, kind, excerpt, vector)
                    SELECT t.item_id, t.council_id, t.start, t.year, t.outcome,
                        t.has_attachments, t.kind, t.excerpt, {expression}
                    FROM {STAGING_TABLE} t
                    ON CONFLICT (item_id) DO UPDATE SET council_id = EXCLUDED.council_id,
                        start = EXCLUDED.start, year = EXCLUDED.year,
                        outcome = EXCLUDED.outcome, has_attachments = EXCLUDED.has_attachments,
                        kind = EXCLUDED.kind, excerpt = EXCLUDED.excerpt,
                        vector = EXCLUDED.vector
                    RETURNING doc.item_id, tsvector_to_array(doc.vector)"""
            )
            stems = {pk: set(lexemes or ()) for pk, lexemes in cursor.fetchall()}
            cursor.execute(f"DROP TABLE {STAGING_TABLE}")
        return stems

    def delete(self, item_ids, cursor=None) -> None:
        """Nothing to do: the vector lives in the document row."""

    def clear(self) -> None:
        """Nothing to do: the vector lives in the document row."""

    # -- vocabulary (councils/search/vocabulary.py) -----------------------------------
    def document_stems(self, item_ids) -> dict[int, set[str]]:
        """The lexemes of each point's stored vector (PostgreSQL's own stems)."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT item_id, tsvector_to_array(vector) FROM councils_searchdocument "
                "WHERE item_id = ANY(%s) AND vector IS NOT NULL",
                [list(item_ids)],
            )
            return {pk: set(lexemes or ()) for pk, lexemes in cursor.fetchall()}

    def word_stems(self, words) -> dict[str, str]:
        """Each word's stem as ``to_tsvector('danish', …)`` stores it; stop words (no
        lexeme) are left out."""
        words = list(words)
        if not words:
            return {}
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w, (ts_lexize('{CONFIG}_stem', w))[1] FROM unnest(%s::text[]) AS w",
                [words],
            )
            return {w: s for w, s in cursor.fetchall() if s}

    def add_to_frequencies(self, deltas: dict[str, int]) -> None:
        if not deltas:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {VOCABULARY_TABLE} AS v
                    SET frequency = greatest(v.frequency + t.d, 0)
                    FROM unnest(%s::text[], %s::int[]) AS t(s, d) WHERE v.stem = t.s""",
                [list(deltas), list(deltas.values())],
            )

    def add_words(self, rows: list[tuple[str, str, int]]) -> None:
        if not rows:
            return
        words, stems, counts = (list(column) for column in zip(*rows, strict=True))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {VOCABULARY_TABLE} (word, stem, frequency)
                    SELECT t.w, t.s, coalesce(
                        (SELECT max(v.frequency) FROM {VOCABULARY_TABLE} v WHERE v.stem = t.s), t.n)
                    FROM unnest(%s::text[], %s::text[], %s::int[]) AS t(w, s, n)
                    WHERE NOT EXISTS (SELECT 1 FROM {VOCABULARY_TABLE} v WHERE v.word = t.w)
                    ON CONFLICT (word) DO NOTHING""",
                [words, stems, counts],
            )

    # -- query -------------------------------------------------------------------------
    def match(self, documents, parsed: ParsedQuery, matched_in: str = ""):
        sql, params = tsquery(parsed)
        query = RawSQL(sql, params, output_field=SearchQueryField())
        matching = documents.filter(TsMatch(F("vector"), query))
        if matched_in in MATCHED_IN_SQL:
            pos_sql, pos_params = positive_tsquery(parsed)
            matching = matching.filter(
                RawSQL(
                    f"to_tsvector('{CONFIG}', regexp_replace(coalesce("
                    f"{MATCHED_IN_SQL[matched_in]}, ''), '[^[:alnum:]]+', ' ', 'g')) "
                    f"@@ {pos_sql}",
                    pos_params,
                    output_field=BooleanField(),
                )
            )
        rank = SearchRank(F("vector"), query, cover_density=True, normalization=Value(32))
        recency = RawSQL(
            "1.0 + %s / (1.0 + extract(epoch FROM (now() - councils_searchdocument.start))"
            " / (86400.0 * 365.25 * %s))",
            [RECENCY_BOOST, RECENCY_YEARS],
            output_field=FloatField(),
        )
        score = rank * recency
        return matching, score

    def newest_ids(self, matching, limit: int, total) -> list[int]:
        """Item ids of the newest ``limit`` matches.

        When matches are dense (DENSE_SHARE of the index or more) walking the start index
        and testing each row finds them quickly. Otherwise that walk would test (and
        detoast) a huge number of non-matching rows, so the matches are first collected
        through the GIN index (MATERIALIZED keeps the planner from choosing the walk).
        """
        newest = matching.order_by("-start", "item_id").values_list("item_id", flat=True)
        if total() >= DENSE_SHARE * self._index_size():
            return list(newest[:limit])
        sql, params = matching.order_by().values_list("item_id", "start").query.sql_with_params()
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"WITH m(item_id, start) AS MATERIALIZED ({sql}) "
                "SELECT item_id FROM m ORDER BY start DESC, item_id LIMIT %s",
                [*params, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def _index_size(self) -> float:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = 'councils_searchdocument'::regclass"
            )
            return max(float(cursor.fetchone()[0] or 0), 1.0)

    def estimate_count(self, queryset) -> int | None:
        """The planner's estimate of how many rows ``queryset`` returns (EXPLAIN, no scan)."""
        sql, params = queryset.query.sql_with_params()
        with self.connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def sample_pairs(self, queryset, rows: int):
        """(scale, {(council, year): n}) from a repeatable block sample of about ``rows``
        documents: n × scale estimates the count in the whole index.

        The sample's item ids are collected first (an InitPlan), then only those rows are
        tested against the query (primary key lookups), never the matches of the whole index.
        """
        size = self._index_size()
        if size <= rows:
            return None
        sample = (
            "councils_searchdocument TABLESAMPLE SYSTEM (%s) REPEATABLE (%s)",
            [100.0 * rows / size, SAMPLE_SEED],
        )
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {sample[0]}", sample[1])
            sampled = cursor.fetchone()[0]
        if not sampled:
            return None
        in_sample = RawSQL(
            f'"councils_searchdocument"."item_id" = ANY(ARRAY(SELECT item_id FROM {sample[0]}))',
            sample[1],
            output_field=BooleanField(),
        )
        counted = queryset.filter(in_sample).annotate(n=Count("pk"))
        counts = {(c, y): n for c, y, n in counted.values_list("council", "year", "n")}
        return size / sampled, counts

    def snippets(self, parsed: ParsedQuery | None, item_ids):
        """Headlines over the stored excerpts, in one query; points indexed before the
        excerpt was stored (NULL) fall back to their rows' whole text."""
        ids = list(item_ids)
        if not ids:
            return {}
        wanted = parsed is not None and parsed.has_text
        sql, params = positive_tsquery(parsed) if wanted else ("NULL::tsquery", [])
        headline = f"ts_headline('{CONFIG}', t.body, {sql}, %s)" if wanted else "NULL"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT t.item_id, t.body, {headline} FROM (
                        SELECT item_id, excerpt AS body FROM councils_searchdocument
                        WHERE item_id = ANY(%s) AND excerpt IS NOT NULL) AS t""",
                [*params, *([HEADLINE_OPTIONS] if wanted else []), ids],
            )
            rows = {pk: (body, marked) for pk, body, marked in cursor.fetchall()}
            missing = [pk for pk in ids if pk not in rows]
            if missing:
                fields = load_fields(missing)
                bodies = [fields[pk].body() for pk in missing if pk in fields]
                missing = [pk for pk in missing if pk in fields]
                marked = [None] * len(missing)
                if wanted and missing:
                    cursor.execute(
                        f"""SELECT ts_headline('{CONFIG}', t.body, {sql}, %s)
                            FROM unnest(%s::text[]) WITH ORDINALITY AS t(body, n) ORDER BY t.n""",
                        [*params, HEADLINE_OPTIONS, [b[:MAX_HEADLINE_CHARS] for b in bodies]],
                    )
                    marked = [row[0] for row in cursor.fetchall()]
                rows.update(zip(missing, zip(bodies, marked, strict=True), strict=True))
        out = {}
        for pk, (body, headline) in rows.items():
            cut = body.endswith(CUT)
            if cut:
                body = body[: -len(CUT)]
            if MARK_START in (headline or ""):
                shown = " ".join(headline.split())
                if cut:
                    shown = shown.removesuffix("…").rstrip()
                plain = shown.replace(MARK_START, "").replace(MARK_END, "")
                whole, part = WORD_RE.findall(body), WORD_RE.findall(plain)
                prefix = "" if whole[: len(part)] == part else "… "
                at_end = part and whole[-len(part) :] == part and not cut
                out[pk] = f"{prefix}{shown}{'' if at_end else ' …'}"
            else:
                shown = excerpt(body, python_marks(body, parsed), SNIPPET_WORDS)
                out[pk] = f"{shown} …" if cut and not shown.endswith(" …") else shown
        return out
