"""Decide whether two KQL hunting queries are equivalent, or show the event that tells them apart.

``compare(generated, reference)`` returns a :class:`Verdict`:

* ``equivalent`` (decided) / ``broader`` / ``narrower`` / ``different`` — from
  executing both queries with duckdb-kql on a synthetic table; ``broader`` means
  the generated query matches a strict superset of the reference's rows. A
  different table name or summarize shape (aggregation names and functions, an
  unnamed ``count()`` being ``count_``, group-by column set) is ``different``.
  Time windows are compared as functions of ``now()`` (:mod:`.window`): a window
  containing the other at every ``now()`` makes the query ``broader`` (with an
  equal or broader predicate), one inside it ``narrower``, else ``different``.
* ``tested_equivalent`` — no test row separates them, but the table does not
  cover every case (see "Only tested" below): not a proof.
* ``unsupported`` — valid KQL outside the fragment below, or over the time budget
  (:mod:`.budget`, :mod:`.pool`); the reason names the construct and the side.
  Also returned, loudly (a :class:`ModelDisagreement` warning and a
  ``MODEL/EXECUTION DISAGREEMENT`` reason), when the z3 model and execution
  disagree and the queries looked equivalent: such a verdict cannot be certified.
* ``invalid`` — the text does not parse; the reason gives duckdb-kql's parse
  error, the side, and a hint for the defects known in the reference corpus.

**The decided fragment.** A query of the shape ``[let x = <time expr>;]* Table
| where ... [| where ...]* [| summarize aggs by columns]`` whose where-conjuncts
are at most one ``Timestamp between (a .. b)`` and any and/or/not combination
of string tests of a column against string literals: ``has``, ``has_cs``,
``has_any``, ``has_all``, ``contains(_cs)``, ``startswith(_cs)``,
``endswith(_cs)``, ``==``, ``=~``, ``!=``, ``!~``, ``in``, ``in~``, ``!in``,
``!in~``, the ``!`` forms of the others, ``isempty``/``isnotempty`` (``== ''``:
KQL string columns are never null), ``not()``, and ``matches regex`` in the
subset of :mod:`.regex`. String literals are read per Microsoft's documentation
first (:mod:`.literals`). For such a pair the verdict is *decided*:

1. every atom is a regular language over the column's value (:mod:`.witnesses`);
2. atoms that both predicates only use together (the shared part of two
   ``has_any`` lists, say) are grouped into one *feature*, so both predicates
   are Boolean functions of the features (:func:`.witnesses.group_features`);
3. z3 enumerates every satisfiable combination of a column's features — its
   *cells* — with one witness string each, and proves the other combinations
   empty (independent single-term ``has`` atoms need no search: every
   combination is a cell, see :func:`.witnesses.independent_cells`); witness
   alphabets hold one character of every class a regex tells apart plus
   boundary characters (whitespace, non-ASCII letter and digit, ``ſ``, K);
4. the test table holds every combination of the columns' witnesses, plus the
   empty string, upper/mixed-case variants, z3-independent boundary probes
   around each needle, and rows just inside and outside each time bound.

So two predicates that agree on the table agree on every row, and the verdict
is read off the execution of both query texts on it.

Semantics assumed, and checked against duckdb-kql on every value in the table:
KQL terms are maximal runs of ASCII letters and digits (``has`` needs a term
boundary on each side where the needle's own edge is one), case folding is
ASCII-only, and strings are never null. duckdb-kql treats non-ASCII letters as
term characters and folds their case; values where that makes a difference are
kept out of the table and, when a cell exists only there, the verdict is
``tested_equivalent`` at best and the reason says it was not tested; column
names that differ only in case are refused (duckdb-kql conflates them).

**Only tested, not decided** (verdict ``tested_equivalent``, the reason says why): when the columns' witness
combinations exceed 20000 rows (execution then runs z3's rows on each side of
the difference, every single-column change of them and pairwise coverage; z3
still searches every combination of cells symbolically), when a column has
more than 256 cells or z3 exhausts its resource budget, or when a cell exists
only where KQL and duckdb-kql read non-ASCII letters differently.

Every verdict and counterexample comes from execution (windows: at the pinned
``now()``, their relation at every other ``now()`` is symbolic). Each row's membership is
compared with what the z3 model predicts, each atom's truth on each value with
duckdb-kql's, and, when the same rows match, the summarize outputs must be equal
too; a mismatch is reported as above, never passed over. Runs are deterministic:
each z3 problem is solved in a fresh context with a resource (not time) budget,
and ``now()`` is pinned (:data:`.execute.NOW`) through duckdb-kql's
``query_now``.
"""

from __future__ import annotations

from .verdict import Kind, ModelDisagreement, Verdict, clear_caches, compare

__all__ = ["Kind", "Verdict", "compare", "ModelDisagreement", "clear_caches"]
