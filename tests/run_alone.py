"""Run a query on just the given rows: re-checks a counterexample without the rest of its table.

Built from the functions the verdict itself uses (``execute.load_table``, ``execute.matched_ids_pair``),
so a row is judged exactly as :func:`rmm_sigma.verify.equivalence.compare` judged it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rmm_sigma.verify.equivalence import execute
from rmm_sigma.verify.equivalence.query import ROW_ID, parse_query


def matches(text: str, rows: Sequence[execute.Row]) -> list[bool]:
    """Which of *rows* query *text* keeps (its where-stages and time window).

    Rows must carry distinct ``ReportId`` values; a ``Timestamp`` may be ISO-8601 text.
    """
    parsed = parse_query(text)
    columns = list(dict.fromkeys(c for row in rows for c in row))
    execute.load_table(parsed.table, columns, rows)
    ids, _ = execute.matched_ids_pair(parsed.membership_text, parsed.membership_text)
    return [int(row[ROW_ID]) in ids for row in rows]


def matches_each(text: str, rows: Sequence[execute.Row]) -> list[bool]:
    """:func:`matches` of each row on its own: the query keeps or drops a row whatever the other rows
    are (where-stages, and a time window at a pinned ``now()``), so rows with the same columns and
    distinct ``ReportId`` values are run in one query (duckdb-kql takes about 150 ms a query here);
    other rows one at a time."""
    same_columns = len({frozenset(row) for row in rows}) <= 1
    if same_columns and len({row[ROW_ID] for row in rows}) == len(rows):
        return matches(text, rows)
    return [matches(text, [row])[0] for row in rows]
