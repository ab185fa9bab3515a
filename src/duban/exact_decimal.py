"""A decimal model field that SQLite keeps exactly, as PostgreSQL's numeric does.

SQLite has no decimal type: a column of NUMERIC affinity turns "1234567890123.4567" into a
binary float, of which 15 significant digits come back (…3.46), so a field of 20 digits would
lose its last ones. On SQLite this field's column is TEXT holding the figure's canonical text
(``decimal_text``: the declared decimals, no exponent, never "-0.0000"), so one number is always
one text and equality (a lookup, a bulk write's "has it changed?") compares exactly. On
PostgreSQL it is the usual numeric(max_digits, decimal_places).

Text does not order as numbers do: the field's <, <=, >, >= and range lookups compare
``CAST(column AS REAL)`` on SQLite, and raw SQL that reads such a column as a number, or sorts
or aggregates it, must cast it too (within 15 significant digits: a float's precision).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django.db import DataError, models
from django.db.models import lookups

# Figures of more digits than a binary float gives back exactly (15) need this field on SQLite.
FLOAT_DIGITS = 15


def decimal_text(value: Decimal, max_digits: int, decimal_places: int) -> str:
    """``value`` as numeric(max_digits, decimal_places) holds it, as text: rounded half up to the
    decimals (as PostgreSQL rounds), zero without a sign. ``DataError`` when it does not fit."""
    if not value.is_finite():
        raise DataError(f"不是有限的数：{value}")
    context = Context(prec=max_digits, rounding=ROUND_HALF_UP)
    try:
        held = value.quantize(Decimal(1).scaleb(-decimal_places), context=context)
    except InvalidOperation:
        raise DataError(f"数值超出可保存的范围（共 {max_digits} 位，其中小数 {decimal_places} 位）：{value}") from None
    return format(abs(held) if held == 0 else held, "f")


class ExactDecimalField(models.DecimalField):
    """A ``DecimalField`` that keeps every digit it declares on SQLite too (see the module)."""

    def get_internal_type(self) -> str:
        # Not "DecimalField": SQLite's backend would convert what it reads as a float (15 digits).
        return "ExactDecimalField"

    def db_type(self, connection) -> str:
        if connection.vendor == "sqlite":
            return "text"
        return connection.data_types["DecimalField"] % self.db_type_parameters(connection)

    def get_db_prep_save(self, value, connection):
        if connection.vendor != "sqlite" or hasattr(value, "as_sql"):
            return super().get_db_prep_save(value, connection)
        value = super().get_db_prep_value(value, connection, prepared=False)
        if value is None:
            return value
        return decimal_text(value, self.max_digits, self.decimal_places)

    def get_db_prep_value(self, value, connection, prepared=False):
        """A lookup's number: the canonical text, so that equality finds the stored figure. A
        number the field cannot hold matches none; its plain text still compares (``_ComparedAsNumbers``)."""
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor != "sqlite" or not isinstance(value, Decimal):
            return value
        try:
            return decimal_text(value, self.max_digits, self.decimal_places)
        except DataError:
            return format(value, "f")

    def get_db_converters(self, connection):
        converters = super().get_db_converters(connection)
        return [_from_sqlite, *converters] if connection.vendor == "sqlite" else converters


def _from_sqlite(value, expression, connection):
    """The stored text as a Decimal; a float or integer where SQLite computed one (SUM, MAX of a
    cast), at a float's 15 digits as Django reads SQLite's decimals."""
    if value is None or value.__class__ is str:
        return None if value is None else Decimal(value)
    return Context(prec=FLOAT_DIGITS).create_decimal_from_float(float(value))


class AsNumber(models.Func):
    """An ``ExactDecimalField`` to sort by as a number (``order_by(AsNumber("value"))``, an admin
    column's ``ordering``): on SQLite its text cast to REAL, elsewhere the column itself."""

    template = "%(expressions)s"
    output_field = models.FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)", **extra_context)


class _ComparedAsNumbers:
    """An ordering lookup comparing numbers, not texts, on SQLite: ``CAST(column AS REAL)`` gives
    the left side REAL affinity, which makes SQLite compare the right side as a number too."""

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        return (f"CAST({sql} AS REAL)", params) if connection.vendor == "sqlite" else (sql, params)


for _lookup in (lookups.GreaterThan, lookups.GreaterThanOrEqual, lookups.LessThan, lookups.LessThanOrEqual,
                lookups.Range):
    ExactDecimalField.register_lookup(type(_lookup.__name__, (_ComparedAsNumbers, _lookup), {}))


def canonical_texts(model_name: str, *field_names: str, chunk: int = 50_000):
    """A migration's step after turning fields into ``ExactDecimalField``: on SQLite the copied
    column holds SQLite's text of each float ("12", "1234567890123.46"); write the canonical text
    (what Django read before, at 15 digits, now with the declared decimals). A figure beyond the
    field (stored before it was refused) keeps its plain text: it reads back as it was, and can
    be corrected."""

    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        model = apps.get_model(model_name)
        table, key = connection.ops.quote_name(model._meta.db_table), model._meta.pk.column
        for name in field_names:
            field = model._meta.get_field(name)
            column = connection.ops.quote_name(field.column)
            last = None
            with connection.cursor() as cursor:
                while True:  # by ranges of the key: no statement reads the table while another writes it
                    cursor.execute(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL "
                                   f"{'' if last is None else f'AND {key} > %s '}ORDER BY {key} LIMIT {chunk}",
                                   [] if last is None else [last])
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    last = rows[-1][0]
                    changed = [(text, row_id) for row_id, stored in rows
                               if (text := _canonical(stored, field)) != stored]
                    cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", changed)

    return run


def _canonical(stored, field) -> str:
    number = _from_sqlite(stored, None, None)
    try:
        return decimal_text(number, field.max_digits, field.decimal_places)
    except DataError:
        return format(number, "f")
