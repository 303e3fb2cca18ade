"""Bulk writes for the importer and the people rows: what ``bulk_create``/``bulk_update`` do,
cheaper on PostgreSQL.

- ``insert_rows(model, objs)``: INSERT unsaved rows whose primary keys nobody needs back.
  On PostgreSQL with ``COPY … FROM STDIN``: the values go as they are (psycopg formats the
  rows in C), instead of one SQL literal per column that Python builds and PostgreSQL
  parses — for the text of sections that is most of an import's cost. The objects keep
  ``pk`` None. Elsewhere ``bulk_create``.
- ``update_rows(model, objs, fields)``: ``bulk_update`` of saved rows. On PostgreSQL one
  ``UPDATE … FROM unnest(…)`` per batch instead of a ``CASE WHEN pk = … THEN …`` per row and
  field, which Django builds (and PostgreSQL plans) slowly. Elsewhere ``bulk_update``.

Both write the values Django would write (``pre_save`` and ``get_db_prep_save`` of each
field); no signals are sent, as with ``bulk_create``/``bulk_update``.
"""

from __future__ import annotations

from django.db import connection, models

BATCH_SIZE = 500  # rows per UPDATE statement

# Fields whose stored value is the attribute itself when it has the type below (no
# ``pre_save`` work, ``get_db_prep_save`` returns it unchanged); any other value or field
# goes through Django's own conversion.
_PLAIN = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.SmallIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.BooleanField: bool,
}


def _converter(field):
    """A function obj → the value Django's INSERT would store for ``field``."""
    attname = field.attname
    plain = int if field.is_relation else _PLAIN.get(type(field))

    def generic(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    if plain is None:
        return generic

    def fast(obj):
        value = getattr(obj, attname)
        if value is None or type(value) is plain:
            return value
        return generic(obj)

    return fast


def insert_rows(model, objs: list, *, batch_size: int = BATCH_SIZE) -> None:
    """INSERT ``objs`` (unsaved instances of ``model``; their primary keys are not read
    back on PostgreSQL)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    opts = model._meta
    fields = [
        f for f in opts.concrete_fields if not isinstance(f, models.AutoField) and not f.generated
    ]
    converters = [_converter(f) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row([convert(obj) for convert in converters])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def update_rows(model, objs: list, fields: list[str], *, batch_size: int = BATCH_SIZE) -> None:
    """UPDATE ``fields`` of saved ``objs`` to their values in memory (``bulk_update``; an
    object listed twice is written with its first occurrence's values, as there)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return
    opts = model._meta
    pk = opts.pk
    targets = [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    unique, seen = [], set()
    for obj in objs:
        if obj.pk not in seen:
            seen.add(obj.pk)
            unique.append(obj)
    names = ["pk", *(f"v{n}" for n in range(len(targets)))]
    arrays = ", ".join(
        f"%s::{field.cast_db_type(connection)}[]" for field in [pk, *targets]
    )
    assignments = ", ".join(
        f"{quote(field.column)} = t.{name}" for field, name in zip(targets, names[1:], strict=True)
    )
    sql = (
        f"UPDATE {quote(opts.db_table)} SET {assignments} "
        f"FROM unnest({arrays}) AS t({', '.join(names)}) "
        f"WHERE {quote(opts.db_table)}.{quote(pk.column)} = t.pk"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(unique), batch_size):
            batch = unique[start : start + batch_size]
            params = [[pk.get_db_prep_value(obj.pk, connection) for obj in batch]]
            for field in targets:
                prep = field.get_db_prep_save
                params.append([prep(getattr(obj, field.attname), connection) for obj in batch])
            cursor.execute(sql, params)
