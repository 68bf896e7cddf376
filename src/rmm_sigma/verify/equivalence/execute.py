"""Run queries on a synthetic table with duckdb-kql.

The verdict comes from here, not from the solver: whatever the z3 model predicts,
the rows each query actually matches are what DuckDB returns for duckdb-kql's
translation of the query text as written.

``now()`` is pinned with duckdb-kql's ``query_now`` (its stand-in for Kusto's
``set query_now``), so ``now(-5d)`` means the same instant in every run.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import duckdb
import duckdb_kql

from . import budget
from .predicate import Atom
from .query import ROW_ID, TIME_COLUMN

#: The pinned current time (UTC) every query is run at.
NOW = datetime(2025, 1, 15, 12, 0, 0, tzinfo=UTC)
_NOW_NAIVE = NOW.replace(tzinfo=None)

Row = dict[str, Any]

_connection: duckdb.DuckDBPyConnection | None = None


def reset_connection() -> None:
    """Forget the connection (a forked worker opens its own rather than share its parent's).

    The parent's connection object is kept, never closed or collected, in the child: its
    destructor would wait for DuckDB threads that only exist in the parent.
    """
    global _connection
    if _connection is not None:
        _ABANDONED.append(_connection)
    _connection = None


_ABANDONED: list[duckdb.DuckDBPyConnection] = []


def connection() -> duckdb.DuckDBPyConnection:
    """The one in-memory connection all checks share (created on first use).

    One DuckDB thread: the tables hold a few dozen rows, and ``verify`` already compares pairs in a
    worker process per CPU; DuckDB's own thread per CPU only added 5% of CPU waiting on each other.

    Without DuckDB's expression rewriter: on tables this small, its rules cost more than they save.
    Its regex rule compiles every ``has`` pattern once more (a term boundary, ``[^\\pL\\pN]``, is
    Unicode's whole letter class: about 3 ms in RE2), on top of the compilations when the statement
    is bound and run; verify took 13% less CPU without it. Optimizers do not change what a statement
    returns, only how it is computed.
    """
    global _connection
    if _connection is None:
        _connection = duckdb_kql.connect(config={"threads": 1})
        _connection.execute("SET disabled_optimizers = 'expression_rewriter'")
    return _connection


@lru_cache(maxsize=4096)
def translate(text: str) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """duckdb-kql's SQL for *text* at :data:`NOW`, and its parameters (cached: translation is pure).

    This is what ``duckdb_kql.query`` does before executing, minus reading the
    connection's schema, which only ``join``/``lookup``/``union`` consult and the
    compared fragment has none of.
    """
    result = duckdb_kql.to_sql(text, query_now=NOW)
    return str(result), tuple(sorted(result.parameters.items()))


def run(text: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Execute KQL *text* at :data:`NOW`; column names and rows."""
    sql, params = translate(text)
    with _interruptible():
        cursor = connection().execute(sql, dict(params)) if params else connection().execute(sql)
        rows = cursor.fetchall()
    return [d[0] for d in cursor.description], rows


@contextmanager
def _interruptible() -> Iterator[None]:
    """Interrupt the statement when the comparison's time budget runs out (:mod:`.budget`)."""
    con = connection()
    timer = threading.Timer(budget.remaining_ms(10**9) / 1000, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException as exc:
        raise budget.OverBudget from exc
    finally:
        timer.cancel()


def column_type(column: str) -> str:
    if column == TIME_COLUMN:
        return "TIMESTAMP"
    return "BIGINT" if column == ROW_ID else "VARCHAR"


def load_table(name: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """(Re)create table *name* holding *rows*; missing values are null."""
    con = connection()
    selects = ", ".join(f"unnest(${i + 1}::{column_type(c)}[]) AS {_quote(c)}" for i, c in enumerate(columns))
    params = [[_sql_value(c, row.get(c)) for row in rows] for c in columns]
    con.execute(f"CREATE OR REPLACE TABLE {_quote(name)} AS SELECT {selects}", params)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_value(column: str, value: Any) -> Any:
    if column == TIME_COLUMN and isinstance(value, str):
        return parse_time(value)
    return value


def parse_time(text: str) -> datetime:
    """ISO-8601 ``...Z`` text as the naive UTC datetime DuckDB stores."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def format_time(moment: datetime) -> str:
    """A naive UTC datetime as ISO-8601 with ``Z``, the form counterexample rows carry."""
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def matched_ids(membership_text: str) -> set[int]:
    """ReportIds of the rows a query's where-stages keep."""
    _, rows = run(membership_text)
    return {int(r[0]) for r in rows}


def matched_ids_pair(first: str, second: str) -> tuple[set[int], set[int]]:
    """:func:`matched_ids` of two membership queries, run as one statement (half the round trips)."""
    if first == second:
        ids = matched_ids(first)
        return ids, set(ids)
    (sql_a, params_a), (sql_b, params_b) = translate(first), translate(second)
    if dict(params_a).keys() & dict(params_b).keys() - {"kqlnow"}:
        return matched_ids(first), matched_ids(second)
    sql = f"SELECT 0, * FROM ({sql_a}) UNION ALL SELECT 1, * FROM ({sql_b})"
    params = dict(params_a) | dict(params_b)
    with _interruptible():
        rows = (connection().execute(sql, params) if params else connection().execute(sql)).fetchall()
    return {int(r[1]) for r in rows if r[0] == 0}, {int(r[1]) for r in rows if r[0] == 1}


def summarize_output(text: str) -> list[tuple[tuple[str, Any], ...]]:
    """The full query's output as sorted rows of (column, value), order-independent.

    ``make_set`` comes back as JSON text in no particular order; it is sorted so
    two equal sets compare equal.
    """
    columns, rows = run(text)
    normal = [tuple(sorted((c, _normal(v)) for c, v in zip(columns, row, strict=True))) for row in rows]
    return sorted(normal, key=repr)


def _normal(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        return tuple(sorted(items, key=repr)) if isinstance(items, list) else value
    return value


@lru_cache(maxsize=1024)
def evaluate_time(expression: str) -> datetime | None:
    """A time-window bound evaluated by duckdb-kql at :data:`NOW` (None if not a datetime)."""
    _, rows = run(f"print v = {expression}")
    value = rows[0][0]
    return value.replace(tzinfo=None) if isinstance(value, datetime) else None


@lru_cache(maxsize=1024)
def evaluate_span(expression: str) -> timedelta | None:
    """A timespan literal evaluated by duckdb-kql (None if it is not a timespan)."""
    _, rows = run(f"print v = {expression}")
    value = rows[0][0]
    return value if isinstance(value, timedelta) else None


def window_bounds(low: str, high: str) -> tuple[datetime, datetime] | None:
    """Concrete (low, high); a timespan high bound counts from low, as KQL's `between` does."""
    start = evaluate_time(low)
    if start is None:
        return None
    end = evaluate_time(high)
    if end is None:
        end = evaluate_time(f"({low}) + ({high})")
    return (start, end) if end is not None else None


def atom_truths(cases: Sequence[tuple[Atom, Sequence[str | None]]]) -> dict[tuple[Atom, str | None], bool]:
    """Each atom's truth on each of its values, as duckdb-kql computes it (one query for the lot).

    Row *i* of the scratch table holds the *i*-th value of every atom's list in a
    column of its own, so atoms on different fields share one statement.
    """
    height = max((len(values) for _, values in cases), default=0)
    if not height:
        return {}
    columns = [f"v{k}" for k in range(len(cases))]
    rows: list[Row] = [
        {"__i": str(i)} | {c: _at(v, i) for c, (_, v) in zip(columns, cases, strict=True)}
        for i in range(height)
    ]
    load_table("__atoms", ["__i", *columns], rows)
    tests = ", ".join(f"a{k} = {atom.kql(columns[k])}" for k, (atom, _) in enumerate(cases))
    _, result = run(
        f"__atoms | extend {tests} | project __i, " + ", ".join(f"a{k}" for k in range(len(cases)))
    )
    truths: dict[tuple[Atom, str | None], bool] = {}
    for row in result:
        for (atom, values), truth in zip(cases, row[1:], strict=True):
            truths[(atom, _at(values, int(row[0])))] = bool(truth)
    return truths


def _at(values: Sequence[str | None], index: int) -> str | None:
    """The *index*-th value, repeating the last one to pad a shorter list."""
    return values[min(index, len(values) - 1)]


def now_naive() -> datetime:
    return _NOW_NAIVE
