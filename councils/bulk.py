"""Bulk writes for the importer and the people rows: what ``bulk_create``/``bulk_update`` do,
cheaper on PostgreSQL.

- ``insert_rows(model, objs)``: INSERT unsaved rows whose primary keys nobody needs back.
  On PostgreSQL with ``COPY … FROM STDIN``: the values go as they are (psycopg formats the
  rows in C), instead of one SQL literal per column that Python builds and PostgreSQL
  parses — for the text of sections that is most of an import's cost. The objects keep
  ``pk`` None (``pk=True``: primary keys are drawn from the table's sequence first and
  written with the rows, so the objects come back with them, as from ``bulk_create``).
  Elsewhere ``bulk_create``.
- ``insert_history(model, objs)``: the "created" history records (django-simple-history)
  of rows just written, the records ``bulk_history_create`` makes (same fields, history
  type, date — each record's own ``timezone.now()`` —, user and change reason), by COPY
  on PostgreSQL without building a historical instance per row. Elsewhere
  ``bulk_history_create``. ``create_with_history(model, objs)`` is both (what
  ``bulk_create_with_history`` does).
- ``row_type(model)`` / ``insert_tuples(model, rows)``: rows that are plain tuples (a
  namedtuple of the model's columns, ready as the database stores them: str, int, None …),
  for many small rows nobody reads back as model instances (an import's sections and
  bilag): no model instance per row, and COPY writes the tuple as it is. Elsewhere
  ``bulk_create`` of instances made from them.
- ``update_rows(model, objs, fields)``: ``bulk_update`` of saved rows. On PostgreSQL one
  ``UPDATE … FROM unnest(…)`` per batch instead of a ``CASE WHEN pk = … THEN …`` per row and
  field, which Django builds (and PostgreSQL plans) slowly. Elsewhere ``bulk_update``.

Both write the values Django would write (``pre_save`` and ``get_db_prep_save`` of each
field); no signals are sent, as with ``bulk_create``/``bulk_update``.
"""

from __future__ import annotations

from collections import namedtuple

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    get_change_reason_from_object,
    get_history_manager_for_model,
)

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


def insert_rows(model, objs: list, *, batch_size: int = BATCH_SIZE, pk: bool = False) -> None:
    """INSERT ``objs`` (unsaved instances of ``model``). On PostgreSQL their primary keys are
    not read back, unless ``pk``: then each object without one gets the next value of the
    table's sequence (in the order of ``objs``, as ``bulk_create`` numbers them) first."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    opts = model._meta
    fields = [
        f
        for f in opts.concrete_fields
        if not f.generated and (pk and f.primary_key or not isinstance(f, models.AutoField))
    ]
    if pk:
        missing = [obj for obj in objs if obj.pk is None]
        for obj, value in zip(missing, reserve_ids(model, len(missing)), strict=True):
            obj.pk = value
    _copy(opts.db_table, fields, objs, prepare=True)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _copy(table: str, fields, objs, *, prepare: bool = False, extra=()) -> None:
    """COPY the values of ``fields`` of ``objs`` into ``table``; ``extra``: (column, function
    obj → value) pairs after them."""
    converters = [_converter(f) for f in fields] + [value for _column, value in extra]
    quote = connection.ops.quote_name
    columns = ", ".join([quote(f.column) for f in fields] + [quote(c) for c, _v in extra])
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            for obj in objs:
                if prepare:
                    obj._prepare_related_fields_for_save(operation_name="bulk_create")
                write([convert(obj) for convert in converters])


def reserve_ids(model, count: int) -> list[int]:
    """``count`` new primary keys of ``model`` from its sequence, ascending (PostgreSQL)."""
    if not count:
        return []
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(opts.db_table), opts.pk.column, count],
        )
        return sorted(value for (value,) in cursor.fetchall())


def insert_history(
    model, objs: list, *, batch_size: int = BATCH_SIZE, default_user=None,
    default_change_reason=None,
) -> None:
    """The "created" history records of ``objs`` (saved rows of ``model``): what
    ``model.history.bulk_history_create(objs, …)`` writes, by COPY on PostgreSQL."""
    manager = get_history_manager_for_model(model)
    history = manager.model
    history_pk = history._meta.pk
    user_field = next(
        (f for f in history._meta.concrete_fields if f.name == "history_user"), None
    )
    if (
        not objs
        or connection.vendor != "postgresql"
        or not isinstance(history_pk, models.AutoField)
        or user_field is None
        or not user_field.is_relation
    ):
        manager.bulk_history_create(
            objs,
            batch_size=batch_size,
            default_user=default_user,
            default_change_reason=default_change_reason,
        )
        return
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return

    def user_id(obj):
        if hasattr(obj, "_history_user"):
            user = obj._history_user
        else:
            user = default_user or history.get_default_history_user(obj)
        return getattr(user, "pk", None)

    special = {
        "history_date": lambda obj: (
            obj._history_date if hasattr(obj, "_history_date") else timezone.now()
        ),
        "history_change_reason": (
            lambda obj: get_change_reason_from_object(obj) or default_change_reason
        ),
        "history_type": lambda obj: "+",
        "history_user": user_id,
        "history_relation": lambda obj: obj.pk,
    }
    tracked, extra = [], []
    for f in history._meta.concrete_fields:
        if f is history_pk:
            continue
        if f.name in special:
            extra.append((f.column, special[f.name]))
        else:
            tracked.append(f)  # its attname is the tracked field's: read from ``obj``
    _copy(history._meta.db_table, tracked, objs, extra=extra)


def create_with_history(model, objs: list, *, batch_size: int = BATCH_SIZE, default_user=None):
    """``bulk_create_with_history(objs, model, …)``: the rows (with their primary keys) and
    their "created" history records; by COPY on PostgreSQL. Returns the objects."""
    if connection.vendor != "postgresql":
        return bulk_create_with_history(
            objs, model, batch_size=batch_size, default_user=default_user
        )
    with transaction.atomic(savepoint=False):
        insert_rows(model, objs, batch_size=batch_size, pk=True)
        insert_history(model, objs, batch_size=batch_size, default_user=default_user)
    return objs


def _insert_fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.generated and not isinstance(f, models.AutoField)
    ]


def row_type(model):
    """A namedtuple of ``model``'s inserted columns (by attname, in ``insert_tuples``'s
    order). The trailing fields that have a constant default or may be blank default to
    Django's default for them. Its values must be what the database stores (str, int,
    None …: ``get_db_prep_save`` of the value is the value)."""
    fields = _insert_fields(model)
    defaults = []
    for f in reversed(fields):
        if f.has_default() and not callable(f.default) or f.blank and not f.is_relation:
            defaults.insert(0, f.get_default())
        else:
            break
    return namedtuple(f"{model.__name__}Row", [f.attname for f in fields], defaults=defaults)


def insert_tuples(model, rows: list, *, batch_size: int = BATCH_SIZE) -> None:
    """INSERT ``rows`` (instances of ``row_type(model)``): COPY on PostgreSQL, else
    ``bulk_create`` of model instances made from them. No primary keys come back."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row._asdict()) for row in rows], batch_size=batch_size)
        return
    fields = _insert_fields(model)
    if list(rows[0]._fields) != [f.attname for f in fields]:
        raise TypeError(f"rows of {type(rows[0]).__name__} are not rows of {model.__name__}")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            write = copy.write_row
            for row in rows:
                write(row)


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
