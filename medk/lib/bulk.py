"""Writing many rows at the speed of the database: PostgreSQL COPY instead of multi-row INSERTs.

Django's `bulk_create` builds one huge parametrised INSERT per batch; for tens of thousands of rows the
SQL compilation and the model instances cost more than the database's work. COPY streams the rows as they
are. Rows written by COPY get no primary key back and no conflict handling (a conflict raises
IntegrityError and the transaction rolls back), so it suits append-only rows (the audit trail) and rows
just checked not to exist in the same transaction. Elsewhere (SQLite) it falls back to bulk_create.
"""

import time
from collections.abc import Iterable, Sequence

from django.db import connections, models, router

# Fields whose database value is the Python value itself when that is a plain str/int/None: COPY passes
# it as it is instead of a `get_db_prep_save` call per cell (tens of thousands of calls in an import).
_PLAIN_FIELDS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
_PLAIN_VALUES = (str, int, type(None))  # type() is exact: a bool is prepared by its field


def copy_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, as_is: Sequence[str] = ()
) -> int:
    """Inserts plain rows (values in the order of `fields`, Python values as the fields take them: dicts
    for JSON, datetimes, ids for foreign keys named `…_id`); returns how many were written. Fields named in
    `as_is` already hold what the column reads (JSON text, a float for a decimal) and skip the field's
    preparation: text for COPY, so only on PostgreSQL (elsewhere the values go to the model as they are)."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]  # get_field knows attnames («user_id») too
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=1000)
        return len(objs)
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({names}) FROM STDIN"
    # per column: None (already what the column reads), else the field's preparation, and whether a plain
    # value may skip it
    prepared = [
        (None if name in as_is else f.get_db_prep_save, f.get_internal_type() in _PLAIN_FIELDS)
        for name, f in zip(fields, columns, strict=True)
    ]
    count = 0
    started = time.monotonic()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    v if p is None or (is_plain and type(v) in _PLAIN_VALUES) else p(v, connection)
                    for (p, is_plain), v in zip(prepared, row, strict=True)
                ]
            )
            count += 1
    if connection.queries_logged:  # Django logs only what goes through execute(): query counts must see COPY
        connection.queries_log.append({"sql": f"{sql} -- {count} rows", "time": f"{time.monotonic() - started:.3f}"})
    return count


def copy_insert(model: type[models.Model], objs: Iterable[models.Model], fields: Sequence[str] | None = None) -> int:
    """Inserts model instances (their concrete non-pk fields, or `fields`); their pks stay unset."""
    meta = model._meta
    columns = [meta.get_field(n) for n in fields] if fields else [f for f in meta.concrete_fields if not f.primary_key]
    return copy_rows(model, [f.attname for f in columns], ([f.pre_save(obj, True) for f in columns] for obj in objs))
