"""What every import kind shares: columns, header matching, rows, problems and the plan.

A kind reads the whole table once and builds a `Plan`: which rows create, update, leave
unchanged or skip records, and every problem as (row, column header, message). Nothing is
written while planning; `write()` then applies a problem-free plan in bulk inside the
caller's transaction. Both steps avoid per-row queries: the records a file may refer to
are fetched up front, in chunks, into dictionaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tiwizi.imports.cells import CellError, key
from tiwizi.imports.readers import Table

# SQLite accepts a few thousand variables per statement on older builds: stay well below.
CHUNK = 900
BATCH_SIZE = 1000
# Fields whose Python value is what the database driver takes.
PLAIN_FIELDS = frozenset(
    {
        "CharField", "TextField", "SlugField", "EmailField", "BooleanField", "ForeignKey",
        "IntegerField", "SmallIntegerField", "BigIntegerField", "PositiveIntegerField",
        "PositiveSmallIntegerField",
    }
)  # fmt: skip
PROGRESS_EVERY = 1000


def label_of(model: type[models.Model], name: str) -> Any:
    """A model field's verbose name as a column header (lazy, capitalized)."""
    from django.utils.functional import lazy

    verbose = model._meta.get_field(name).verbose_name  # type: ignore[union-attr]
    return lazy(lambda: capfirst(str(verbose)), str)()


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    required: bool = False
    example: Any = ""
    # The drop-down's values, in the active language (for the template workbook).
    choices: Callable[[], list[str]] | None = None
    # Text format in the template, so Excel keeps leading zeros (phones, identifiers).
    as_text: bool = False
    help: Promise | str = ""
    # Several values in one cell (sectors): the drop-down only suggests, it does not refuse.
    multiple: bool = False


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Context:
    """Who imports, how duplicates are treated, and where to report progress."""

    user: Any
    update_existing: bool = False
    progress: Callable[[int], None] | None = None


@dataclass
class Plan:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Row:
    """One data row: raw cells by column key, and the problems found on it."""

    __slots__ = ("cells", "headers", "membership", "number", "problems")

    def __init__(
        self, number: int, cells: dict[str, Any], headers: dict[str, str], problems: list[Problem]
    ):
        self.number = number
        self.cells = cells
        self.headers = headers
        self.problems = problems

    def has(self, name: str) -> bool:
        return name in self.cells

    def raw(self, name: str) -> Any:
        return self.cells.get(name, "")

    def error(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.number, self.headers[name], message))

    def parse(self, name: str, parser: Callable[..., Any], *args: Any) -> Any:
        """The parsed cell, or None with a problem recorded (None too if the column is
        absent: callers that need it check `has` or mark the column required)."""
        if name not in self.cells:
            return None
        try:
            return parser(self.cells[name], *args)
        except CellError as error:
            self.error(name, str(error))
            return None

    def require(self, name: str, value: Any) -> bool:
        if value in ("", None):
            self.error(name, _("This value is required."))
            return False
        return True


class ImportKind:
    slug: str = ""
    title: Promise | str = ""
    description: Promise | str = ""
    # Model labels whose rows an import of this kind creates (for undo, in order).
    columns: Sequence[Column] = ()

    def may_import(self, user: Any) -> bool:
        raise NotImplementedError

    def plan(self, table: Table, context: Context) -> Plan:
        raise NotImplementedError

    def write(self, plan: Plan, context: Context) -> dict[str, list[int]]:
        """Apply a problem-free plan; return the ids created, by model label."""
        raise NotImplementedError

    # Headers

    def header_keys(self) -> dict[str, str]:
        """Every accepted spelling of each header (its label in each language, its key)."""
        known: dict[str, str] = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for column in self.columns:
                    known.setdefault(key(str(column.label)), column.key)
        for column in self.columns:
            known.setdefault(key(column.key), column.key)
        return known

    def rows(self, table: Table, plan: Plan, context: Context) -> Iterator[Row]:
        """The table's rows by column key; a missing required column is one problem on
        the header row, and then no row is read."""
        known = self.header_keys()
        positions: dict[str, int] = {}
        headers: dict[str, str] = {}
        for index, header in enumerate(table.headers):
            name = known.get(key(header))
            if name is None or name in positions:
                if header:
                    plan.ignored_headers.append(header)
                continue
            positions[name] = index
            headers[name] = header
        for column in self.columns:
            headers.setdefault(column.key, str(column.label))
        missing = [c for c in self.columns if c.required and c.key not in positions]
        for column in missing:
            plan.problems.append(
                Problem(table.header_row, str(column.label), _("This column is missing."))
            )
        plan.total = len(table.rows)
        if missing:
            return
        items = list(positions.items())
        for done, (number, values) in enumerate(table.rows, start=1):
            cells = {name: values[index] for name, index in items}
            yield Row(number, cells, headers, plan.problems)
            if context.progress and done % PROGRESS_EVERY == 0:
                context.progress(done)


def chunked(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def fetch_by(
    queryset: models.QuerySet, field_name: str, values: Iterable[Any]
) -> dict[Any, list[Any]]:
    """{value: [rows]} for the rows whose `field_name` is among `values`, in chunks."""
    found: dict[Any, list[Any]] = {}
    wanted = {value for value in values if value not in ("", None)}
    for batch in chunked(sorted(wanted, key=str)):
        for row in queryset.filter(**{f"{field_name}__in": batch}):
            found.setdefault(getattr(row, field_name), []).append(row)
    return found


def _adapt_decimal(ops: Any, field: Any, value: Any) -> Any:
    return ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)


def _prepare(field: Any, connection: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _query_params_limit(connection: Any) -> int:
    """How many parameters one statement may carry (SQLite's real limit, not Django's
    conservative 999, so that a batch of rows is one statement, not ten)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 65535)


def insert_rows(
    model: type[models.Model], rows: list[dict[str, Any]], batch_size: int = BATCH_SIZE
) -> None:
    """`bulk_create` for the large imports: rows are dicts {attname: value} (missing
    fields take their default), and each gets its new primary key as row["id"].

    Django builds a model instance per row and prepares every value through its field,
    which is most of the time of a 100,000-row import; these models hold text, numbers,
    dates and timestamps only, so values are passed as they are and only dates,
    timestamps and decimals are adapted. Rows are inserted with INSERT … RETURNING, as
    Django's bulk_create does, so the new ids come back in order.
    """
    from django.db import connections, router

    if not rows:
        return
    from django.utils import timezone

    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or not f.null:
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None
    if not connection.features.can_return_rows_from_bulk_insert:
        instances = [model(**{**defaults, **row}) for row in rows]
        model._default_manager.bulk_create(instances, batch_size=batch_size)
        for row, instance in zip(rows, instances, strict=True):
            row["id"] = instance.pk
        return
    ops = connection.ops
    adapters: list[Callable[[Any], Any] | None] = []
    for f in fields:
        internal = f.get_internal_type()
        if internal == "DateTimeField":
            adapters.append(ops.adapt_datetimefield_value)
        elif internal == "DateField":
            adapters.append(ops.adapt_datefield_value)
        elif internal == "DecimalField":
            adapters.append(partial(_adapt_decimal, ops, f))
        elif internal in PLAIN_FIELDS:
            adapters.append(None)
        else:
            adapters.append(partial(_prepare, f, connection))
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(str(f.column)) for f in fields)
    pk_column = ops.quote_name(str(model._meta.pk.column))
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(batch_size, _query_params_limit(connection) // len(fields)))
    # Defaults are adapted once (every row shares the same timestamps).
    adapted_defaults = {
        f.attname: adapt(defaults[f.attname])
        if adapt is not None and defaults[f.attname] is not None
        else defaults[f.attname]
        for f, adapt in zip(fields, adapters, strict=True)
    }
    pairs = list(zip((f.attname for f in fields), adapters, strict=True))
    with connection.cursor() as cursor:
        for batch in chunked(rows, size):
            params: list[Any] = []
            for row in batch:
                for attname, adapt in pairs:
                    if attname in row:
                        value = row[attname]
                        if adapt is not None and value is not None:
                            value = adapt(value)
                    else:
                        value = adapted_defaults[attname]
                    params.append(value)
            values_sql = ", ".join([row_sql] * len(batch))
            # Names come from the model, values are parameters.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values_sql} RETURNING {pk_column}",  # noqa: S608
                params,
            )
            for row, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                row["id"] = pk
