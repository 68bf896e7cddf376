"""Assemble the test table: witness combinations, case variants and time-boundary rows."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .execute import Row, format_time, now_naive
from .predicate import ascii_lower, ascii_upper
from .query import ROW_ID, TIME_COLUMN

#: Above this many witness combinations the table is sampled (and the verdict says "tested").
MAX_PRODUCT = 20000

Values = dict[str, list[str | None]]
Window = tuple[datetime, datetime] | None


@dataclass
class TestTable:
    rows: list[Row]
    #: Whether the rows hold every combination of every field's witnesses.
    complete: bool
    product_size: int
    #: ReportIds of the rows at the common in-window timestamp (the predicate proper).
    main_ids: set[int] = field(default_factory=set)


def case_variants(value: str) -> list[str]:
    """Upper- and mixed-case spellings of *value* (ASCII letters only), excluding itself."""
    upper = ascii_upper(value)
    mixed = "".join(ascii_upper(c) if i % 2 == 0 else ascii_lower(c) for i, c in enumerate(value))
    return [v for v in dict.fromkeys((upper, mixed)) if v != value]


def combine(
    fields: Sequence[str], values: Values, anchors: Sequence[dict[str, str | None]]
) -> tuple[list, bool, int]:
    """Every combination of the fields' values, or a covering sample when there are too many.

    The sample holds the z3 *anchors* (rows it found on each side of the
    difference), every single-field change of each anchor, and every pair of
    values for every pair of fields (pairwise coverage) around the first anchor.
    """
    size = 1
    for f in fields:
        size *= len(values[f])
    if size <= MAX_PRODUCT:
        return (
            [
                dict(zip(fields, combo, strict=True))
                for combo in itertools.product(*(values[f] for f in fields))
            ],
            True,
            size,
        )
    base = list(anchors) or [{f: values[f][0] for f in fields}]
    rows: list[dict[str, str | None]] = []
    for anchor in base:
        rows.append(dict(anchor))
        rows.extend({**anchor, f: v} for f in fields for v in values[f])
    for f, g in itertools.combinations(fields, 2):
        rows.extend({**base[0], f: v, g: w} for v in values[f] for w in values[g])
    return _unique(rows, fields), False, size


def _unique(rows: list[dict[str, str | None]], fields: Sequence[str]) -> list[dict[str, str | None]]:
    seen: dict[tuple, dict[str, str | None]] = {}
    for row in rows:
        seen.setdefault(tuple(row.get(f) for f in fields), row)
    return list(seen.values())


def inside_time(windows: Sequence[Window]) -> datetime:
    """A timestamp inside every given window (the middle of their overlap), else inside the last."""
    bounded = [w for w in windows if w is not None]
    if not bounded:
        return now_naive() - timedelta(hours=1)
    low, high = max(w[0] for w in bounded), min(w[1] for w in bounded)
    if low > high:
        low, high = bounded[-1]
    return (low + (high - low) / 2).replace(microsecond=0)


def boundary_times(windows: Sequence[Window]) -> list[datetime]:
    """Just before, at and just after every bound, plus far past and future (for a missing window)."""
    points = [now_naive() - timedelta(days=400), now_naive() + timedelta(days=1)]
    second = timedelta(seconds=1)
    for window in windows:
        if window is not None:
            points += [b + d for b in window for d in (-second, timedelta(0), second)]
    return sorted(set(points))


def build(
    fields: Sequence[str],
    values: Values,
    extra_rows: Sequence[dict[str, str | None]],
    anchors: Sequence[dict[str, str | None]],
    windows: Sequence[Window],
    other_columns: Sequence[str],
    predicted: Callable[[dict[str, str | None]], tuple[bool, bool]],
    probes: Mapping[str, Sequence[str]],
) -> TestTable:
    """The full test table; *predicted* says (generated, reference) for a field assignment.

    *probes* are per-field values chosen without z3 (see :func:`probe_values`); each
    goes into one row built around a row both queries match, where a change in
    one field is most likely to show.
    """
    combos, complete, size = combine(fields, values, anchors)
    combos = _unique(combos + list(extra_rows), fields)
    combos += _variant_rows(fields, values, combos)
    anchor = _time_anchor(combos, predicted)
    host = anchor or (combos[0] if combos else {})
    combos = _unique(combos + [{**host, f: v} for f in fields for v in probes.get(f, [])], fields)
    moment = inside_time(windows)
    stamped = [(c, moment) for c in combos]
    if anchor is not None:
        stamped += [(anchor, t) for t in boundary_times(windows) if t != moment]
    rows = [_row(i, c, t, other_columns) for i, (c, t) in enumerate(stamped)]
    return TestTable(rows, complete, size, {r[ROW_ID] for r in rows[: len(combos)]})


def probe_values(needle: str) -> list[str]:
    """Strings around *needle* that exercise every term-boundary and case rule, chosen without z3.

    They are a second, independent source of rows: if the z3 encoding of an
    operator were wrong, its witnesses could miss the very strings that tell two
    operators apart, and the atom-by-atom check against duckdb-kql on these
    probes is what catches it.
    """
    if not needle:
        return ["x", " "]
    probes = [
        needle,
        f"x{needle}",
        f"{needle}x",
        f"x{needle}x",
        f"x {needle} x",
        f"{needle[:-1]}",
        f"{needle[1:]}",
        ascii_upper(needle),
        f"0{needle}_",
        f"_{needle}0",
    ]
    return list(dict.fromkeys(probes))


def _variant_rows(fields: Sequence[str], values: Values, combos: list[dict[str, str | None]]) -> list:
    """Each witness in upper and mixed case, placed in the first row that holds the original."""
    rows = []
    for f in fields:
        known = set(values[f])
        for value in values[f]:
            if value is None:
                continue
            host = next((c for c in combos if c[f] == value), None)
            for variant in case_variants(value):
                if host is not None and variant not in known:
                    rows.append({**host, f: variant})
    return _unique(rows, fields)


def _time_anchor(combos: list[dict[str, str | None]], predicted: Callable) -> dict[str, str | None] | None:
    """A row both queries are predicted to match (else either), to probe the time windows with."""
    verdicts = [(c, predicted(c)) for c in combos]
    both = next((c for c, (g, r) in verdicts if g and r), None)
    return both or next((c for c, (g, r) in verdicts if g or r), None)


def _row(index: int, combo: dict[str, str | None], moment: datetime, other_columns: Sequence[str]) -> Row:
    row: Row = {ROW_ID: index + 1, TIME_COLUMN: format_time(moment)}
    for column in other_columns:
        row[column] = _filler(column, index)
    row.update(combo)
    return row


def _filler(column: str, index: int) -> str:
    """Values for columns no predicate tests: a few distinct groups for summarize to form."""
    if column == "DeviceId":
        return f"device-{index % 5}"
    if column == "DeviceName":
        return f"host-{index % 5}.contoso.com"
    return f"{column.lower()}-{index % 3}"
