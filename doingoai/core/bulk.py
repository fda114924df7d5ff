"""Inserting many rows fast: the statement is built once per batch shape and each value is
prepared by the one converter its field needs, instead of Django's ``bulk_create``, which
compiles a placeholder and a prepared value per field per row (at 10,000 persons and their
history rows that compilation was two thirds of an import's commit).

Same semantics as ``bulk_create`` for what the import and the stress data need: ``pre_save``
runs for the fields that define it (``auto_now``, ``auto_now_add``), defaults were set when the
objects were built, the new primary keys come back (``RETURNING``, SQLite ≥ 3.35 and
PostgreSQL) in the order of the rows, and no signal is sent. Many-to-many links and
multi-table inheritance are not handled (callers only pass plain records)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from doingoai.core import sortkeys

#: Field classes whose Python value is the database value when it has the expected type
#: (what the planner's parsing and the forms give); any other value goes through the field.
_PLAIN = (
    (models.CharField, str),
    (models.TextField, str),
    (models.BooleanField, bool),
    (models.IntegerField, int),
    (models.AutoField, int),
    (models.BigAutoField, int),
    (models.SmallAutoField, int),
)


def _plain_type(field: models.Field) -> type | None:
    for field_class, python_type in _PLAIN:
        if isinstance(field, field_class):
            return python_type
    return None


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:  # noqa: ANN001
    target = field.target_field if field.is_relation and field.concrete else field
    expected = _plain_type(target)
    if expected is not None:
        # the value as it is when it already has its type; else the field converts it (a
        # number in a text column becomes its text, as bulk_create would store it)
        return lambda value: (
            value
            if value is None or type(value) is expected
            else field.get_db_prep_save(value, connection)
        )
    if isinstance(field, models.DateField):  # DateTimeField too: rows share their days
        memo: dict[Any, Any] = {}

        def convert(value: Any) -> Any:
            if value not in memo:
                if len(memo) > 4096:
                    memo.clear()
                memo[value] = field.get_db_prep_save(value, connection)
            return memo[value]

        return convert
    return lambda value: field.get_db_prep_save(value, connection)


def _auto_stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _needs_pre_save(field: models.Field) -> bool:
    """Fields whose ``pre_save`` does more than read the value (a date's does only that
    unless it is stamped automatically, which ``insert`` does once per call)."""
    if isinstance(field, models.DateField):
        return False
    return type(field).pre_save is not models.Field.pre_save


def _write(
    model: type[models.Model],
    fields: list[models.Field],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool,
    using: str,
) -> list[Any]:
    """INSERT ``rows`` (database values in the order of ``fields``) in batches; the new
    primary keys in the order of the rows when ``returning``."""
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    if connection.vendor == "postgresql":
        return _write_unnest(model, fields, rows, columns, tail, connection)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # PostgreSQL states no limit (None): its protocol carries at most 65,535 parameters
    limit = connection.features.max_query_params or 65_535
    batch = max(1, min(1000, limit // max(1, len(fields))))
    statements: dict[int, str] = {}
    keys: list[Any] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            sql = statements.get(len(chunk))
            if sql is None:
                sql = statements[len(chunk)] = (
                    f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
                    + ", ".join([placeholders] * len(chunk))
                    + tail
                )
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                keys.extend(value for (value,) in cursor.fetchall())
    return keys


def _binary_cursor(connection):  # noqa: ANN001, ANN202
    """A cursor that sends its parameters apart from the statement, in binary (``%b``),
    wrapped like Django's own (logged, with the connection's execute wrappers). Django's
    cursors bind parameters into the statement's text: psycopg wrote every array element as
    a quoted literal through two regular expressions, a fifth of an import's commit."""
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


def _write_unnest(model, fields, rows, columns: str, tail: str, connection) -> list[Any]:  # noqa: ANN001
    """PostgreSQL: one array parameter per column (``INSERT … SELECT * FROM unnest(…)``), a
    statement psycopg parses once; a ``VALUES`` list of 20,000 placeholders was re-parsed
    by psycopg for every batch (two fifths of an import's commit). Rows come back in the
    order of the arrays, as Django's own ``bulk_create`` on PostgreSQL relies on."""
    arrays = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"SELECT * FROM unnest({arrays}){tail}"
    )
    keys: list[Any] = []
    with _binary_cursor(connection) as cursor:
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])
            if tail:
                keys.extend(value for (value,) in cursor.fetchall())
    return keys


def _is_auto(field: models.Field) -> bool:
    return isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def insert(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    returning: bool = True,
    using: str | None = None,
) -> list[models.Model]:
    """Insert ``objs`` (new, unsaved instances of ``model``) and, with ``returning``, set their
    new primary keys. Returns ``objs``."""
    if not objs:
        return list(objs)
    using = using or router.db_for_write(model)
    connection = connections[using]
    pk = model._meta.pk
    auto_pk = _is_auto(pk)
    fields = [f for f in model._meta.concrete_fields if not (auto_pk and f is pk)]
    presave = [f for f in fields if _needs_pre_save(f)]
    # the related names kept for sorting (core.sortkeys): one query per batch, not per row
    sortkeys.prefill(model, objs, using)
    stamped = [f.attname for f in fields if _auto_stamped(f)]
    converters = [(f.attname, _converter(f, connection)) for f in fields]
    now = timezone.now()  # one moment for the rows written together, as one save would
    rows = []
    for obj in objs:
        for attname in stamped:
            setattr(obj, attname, now)
        for f in presave:
            setattr(obj, f.attname, f.pre_save(obj, add=True))
        values = obj.__dict__
        rows.append([convert(values[attname]) for attname, convert in converters])
    keys = _write(model, fields, rows, returning=returning and auto_pk, using=using)
    for obj, key in zip(objs, keys, strict=False):
        obj.pk = key
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    return list(objs)


def insert_with_history(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    user=None,  # noqa: ANN001
    reason: str = "",
    using: str | None = None,
) -> list[models.Model]:
    """``insert`` the records, then one "created" history row each (django-simple-history's
    historical model, with who and why, as ``bulk_create_with_history`` writes them), from
    the records' values without building a historical instance per row."""
    using = using or router.db_for_write(model)
    insert(model, objs, using=using)
    history = model.history.model
    connection = connections[using]
    tracked = {f.attname for f in history.tracked_fields}
    stamped = {
        "history_date": timezone.now(),
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": reason,
        "history_type": "+",
    }
    fields = [f for f in history._meta.concrete_fields if not _is_auto(f)]
    columns: list[tuple[bool, str, Callable[[Any], Any]]] = []
    constants: dict[str, Any] = {}
    for f in fields:
        convert = _converter(f, connection)
        if f.attname in tracked:
            columns.append((True, f.attname, convert))
        else:  # the same for every row: who, when, why, and the history's own defaults
            value = stamped[f.attname] if f.attname in stamped else f.get_default()
            constants[f.attname] = convert(value)
            columns.append((False, f.attname, convert))
    rows = [
        [
            convert(obj.__dict__[name]) if from_obj else constants[name]
            for from_obj, name, convert in columns
        ]
        for obj in objs
    ]
    _write(history, fields, rows, returning=False, using=using)
    return list(objs)
