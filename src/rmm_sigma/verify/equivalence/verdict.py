"""Put the pieces together: parse, solve for witnesses, execute, cross-check, and judge."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import duckdb
import duckdb_kql
import z3

from . import budget, execute, window, witnesses
from .predicate import FALSE, TRUE, Atom, Pred, conj, disj, evaluate, fields
from .query import (
    MATCHED_TABLE,
    ROW_ID,
    TIME_COLUMN,
    ParsedQuery,
    QueryProblem,
    UnsupportedQuery,
    parse_query,
)
from .table import MAX_PRODUCT, TestTable, Window, build, probe_values

#: z3-independent probe values per field (a cross-check, not part of the decision): bounded for long lists.
MAX_PROBES = 300
#: Counterexamples reported per direction.
MAX_EXAMPLES = 3
_ALWAYS_COLUMNS = ("DeviceId", "DeviceName")


class Kind(StrEnum):
    """What :func:`compare` can say. Only ``EQUIVALENT`` is a decided proof of equality.

    ``TESTED_EQUIVALENT`` means no test row separates the queries but the rows do not
    cover every case (the reason says which limit was hit): it is *not* a proof, and
    ``rmm-sigma verify`` fails on it unless it is an accepted exception.
    """

    EQUIVALENT = "equivalent"
    TESTED_EQUIVALENT = "tested_equivalent"
    BROADER = "broader"
    NARROWER = "narrower"
    DIFFERENT = "different"
    UNSUPPORTED = "unsupported"
    INVALID = "invalid"


@dataclass(frozen=True)
class Verdict:
    """The outcome of comparing a generated query with a reference query.

    ``kind`` is a :class:`Kind`: ``equivalent`` (decided), ``tested_equivalent`` (no
    separating row found, but not decided), ``broader`` (generated matches a strict
    superset of the reference's rows), ``narrower`` (a strict subset), ``different``,
    ``unsupported`` or ``invalid``. ``counterexamples`` are rows (column -> value)
    that one query matches and the other does not, each confirmed by execution.
    """

    kind: Kind
    reason: str
    counterexamples: tuple[dict, ...] = ()


class ModelDisagreement(UserWarning):
    """The z3 model and duckdb-kql's execution disagree: the verdict cannot be certified."""


@dataclass
class _Outcome:
    """What execution said about the where-stages, plus the cross-checks."""

    only_generated: list[dict]
    only_reference: list[dict]
    relation: str
    table: TestTable
    atom_count: int
    field_count: int
    matched: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    #: Why the verdict is only tested, not decided (empty: decided).
    undecided: list[str] = field(default_factory=list)
    matched_ids: set[int] = field(default_factory=set)
    #: z3 proves that no row satisfies both predicates (with complete cells: none exists).
    jointly_empty: bool = False


def compare(generated: str, reference: str, budget_seconds: float | None = budget.DEFAULT_SECONDS) -> Verdict:
    """Compare two hunting queries; see :mod:`rmm_sigma.verify.equivalence` for what is decided.

    The comparison gets *budget_seconds* (None: unlimited); over budget the verdict is
    ``unsupported`` and says so, never a decided one.
    """
    try:
        with budget.limit(budget_seconds):
            return _compare(generated, reference)
    except budget.OverBudget:
        return Verdict(
            Kind.UNSUPPORTED,
            f"over the time budget of {budget_seconds:g} s per pair (not decided; see --budget-seconds)",
            (),
        )
    except z3.Z3Exception as exc:  # e.g. z3's memory cap
        return Verdict(Kind.UNSUPPORTED, f"z3 gave up ({exc}); not decided", ())
    except RecursionError:  # duckdb-kql's parser, or a walk over the parsed query, on deep nesting
        return Verdict(
            Kind.UNSUPPORTED,
            "a query nests too deeply to be read (Python's recursion limit); not decided",
            (),
        )


def _compare(generated: str, reference: str) -> Verdict:
    parsed, problems = {}, {}
    for side, text in (("generated", generated), ("reference", reference)):
        try:
            parsed[side] = parse_query(text)
        except QueryProblem as exc:
            problems[side] = exc
    if problems:
        return _refusal(problems)
    for side in ("generated", "reference"):
        try:
            _bounds(parsed[side])
            _symbolic(parsed[side])
        except (QueryProblem, duckdb_kql.KqlError, duckdb.Error) as exc:
            problems[side] = exc if isinstance(exc, QueryProblem) else UnsupportedQuery(f"time window: {exc}")
    if problems:
        return _refusal(problems)
    clash = _case_clash(parsed["generated"], parsed["reference"])
    if clash:
        return Verdict(Kind.UNSUPPORTED, clash, ())
    try:
        return _compare_parsed(parsed["generated"], parsed["reference"])
    except (duckdb_kql.KqlError, duckdb.Error) as exc:
        # Each text translated on its own; a failure here is running them on the table.
        return Verdict(Kind.UNSUPPORTED, f"duckdb-kql could not run the comparison: {exc}", ())


def _case_clash(gen: ParsedQuery, ref: ParsedQuery) -> str:
    """Columns whose names differ only in case: distinct in KQL, one column to duckdb-kql ('' if none)."""
    names = list(dict.fromkeys([*gen.columns, *ref.columns, gen.table, ref.table]))
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.lower(), name)
        if other != name:
            return (
                f"names `{other}` and `{name}` differ only in case: KQL names are case-sensitive, "
                "duckdb-kql's are not, so execution cannot tell them apart"
            )
    return ""


def clear_caches() -> None:
    """Forget every cached parse, translation, z3 result and executed atom (tests: determinism)."""
    parse_query.cache_clear()
    witnesses.field_cells.cache_clear()
    witnesses.atom_truth.cache_clear()
    execute.translate.cache_clear()
    execute.evaluate_time.cache_clear()
    execute.evaluate_span.cache_clear()
    _EXECUTED_ATOMS.clear()


def _refusal(problems: dict[str, QueryProblem]) -> Verdict:
    kind = Kind.INVALID if any(p.kind == "invalid" for p in problems.values()) else Kind.UNSUPPORTED
    words = {"invalid": "does not parse", "unsupported": "uses an unsupported construct"}
    reason = "; ".join(f"{side} {words[p.kind]}: {p}" for side, p in problems.items())
    return Verdict(kind, reason, ())


def _compare_parsed(gen: ParsedQuery, ref: ParsedQuery) -> Verdict:
    windows = (_bounds(gen), _bounds(ref))
    shape_diffs = _shape_differences(gen, ref)
    time_relation = window.relation(_symbolic(gen), _symbolic(ref))
    outcome = _execute(gen, ref, windows)
    if not shape_diffs and not outcome.only_generated and not outcome.only_reference and gen.shape:
        outcome.problems += _check_summaries(gen, ref, outcome)
    examples = tuple(outcome.only_generated[:MAX_EXAMPLES] + outcome.only_reference[:MAX_EXAMPLES])
    if shape_diffs:
        kind = Kind.DIFFERENT
        reason = "; ".join(shape_diffs) + f"; where-predicates: {_relation_phrase(outcome)}"
    elif time_relation != "equal" and not (outcome.relation == "equal" and outcome.jointly_empty):
        # (equal predicates that no row satisfies match nothing in any window)
        kind, reason = _windowed_verdict(gen, ref, time_relation, outcome)
    else:
        kind, reason = _predicate_verdict(outcome)
    if outcome.undecided and kind in (Kind.BROADER, Kind.NARROWER):
        kind, reason = _containment_not_decided(reason, examples, outcome)
    if outcome.problems:
        return _disagreement(kind, reason, examples, outcome)
    notes = "".join(f" ({n})" for n in outcome.notes)
    return Verdict(kind, reason + notes, examples)


# --- shape -------------------------------------------------------------------------------


def _bounds(query: ParsedQuery) -> Window:
    """The evaluated time window (None = no window); a bound that is not a datetime is refused."""
    if query.window is None:
        return None
    bounds = execute.window_bounds(query.window.low, query.window.high)
    if bounds is None:
        raise UnsupportedQuery(f"time window `{query.window}` does not evaluate to two datetimes")
    return bounds


def _symbolic(query: ParsedQuery) -> window.Window:
    """The time window as a function of now (:mod:`.window`), checked against duckdb-kql at :data:`NOW`."""
    if query.window is None:
        return window.UNBOUNDED
    try:
        symbolic = window.read_window(query.window.low_expr, query.window.high_expr, _span, _instant)
    except window.WindowError as exc:
        raise UnsupportedQuery(
            f"time window `{query.window}`: {exc} (windows are compared as functions of now(); only "
            "now(), ago(), startofday() and datetime() plus or minus timespan literals are read so)"
        ) from exc
    at_now = tuple(b.at_now(execute.now_naive()) for b in symbolic)
    if at_now != _bounds(query):
        raise UnsupportedQuery(
            f"time window `{query.window}`: its reading disagrees with duckdb-kql's at now()"
        )
    return symbolic


def _span(text: str) -> timedelta:
    value = execute.evaluate_span(text)
    if value is None:
        raise window.WindowError(f"`{text}` is not a timespan")
    return value


def _instant(text: str) -> datetime:
    value = execute.evaluate_time(text)
    if value is None:
        raise window.WindowError(f"`{text}` is not a datetime")
    return value


_COMBINED = {
    ("broader", "equal"): Kind.BROADER,
    ("broader", "broader"): Kind.BROADER,
    ("narrower", "equal"): Kind.NARROWER,
    ("narrower", "narrower"): Kind.NARROWER,
}


def _windowed_verdict(
    gen: ParsedQuery, ref: ParsedQuery, time_relation: str, outcome: _Outcome
) -> tuple[Kind, str]:
    """Same table and shape, windows differ: each query is (window x predicate), so the relations combine.

    A longer window with an equal or broader predicate is broader, and so on; any other mix, or
    windows that are not nested at every value of now(), is different.
    """
    words = {
        "broader": "the generated window contains the reference's at every now()",
        "narrower": "the generated window lies inside the reference's at every now()",
        "different": "the windows are not nested at every now()",
    }
    kind = _COMBINED.get((time_relation, outcome.relation), Kind.DIFFERENT)
    reason = (
        f"time window: reference {ref.window or 'none'}, generated {gen.window or 'none'} "
        f"({words[time_relation]}); where-predicates: {_relation_phrase(outcome)}"
    )
    return kind, reason


def _shape_differences(gen: ParsedQuery, ref: ParsedQuery) -> list[str]:
    diffs = []
    if gen.table != ref.table:
        diffs.append(f"table: reference {ref.table}, generated {gen.table}")
    if gen.shape != ref.shape:
        diffs.extend(_summarize_differences(gen, ref))
    return diffs


def _summarize_differences(gen: ParsedQuery, ref: ParsedQuery) -> list[str]:
    if gen.shape is None or ref.shape is None:
        have = {True: "a summarize", False: "no summarize"}
        ref_has, gen_has = have[ref.shape is not None], have[gen.shape is not None]
        return [f"summarize: reference has {ref_has}, generated has {gen_has}"]
    diffs = []
    if set(gen.shape.by) != set(ref.shape.by):
        diffs.append("group-by: " + _set_difference(set(ref.shape.by), set(gen.shape.by)))
    if gen.shape.aggregates != ref.shape.aggregates:
        ref_aggs = {f"{n}={f}" if n else f for n, f in ref.shape.aggregates}
        gen_aggs = {f"{n}={f}" if n else f for n, f in gen.shape.aggregates}
        diffs.append("aggregations: " + _set_difference(ref_aggs, gen_aggs))
    return diffs


def _set_difference(ref: set[str], gen: set[str]) -> str:
    ref_only = ", ".join(sorted(ref - gen)) or "none"
    gen_only = ", ".join(sorted(gen - ref)) or "none"
    return f"reference has {ref_only}, generated has {gen_only}"


# --- execution ---------------------------------------------------------------------------


def _execute(gen: ParsedQuery, ref: ParsedQuery, windows: tuple[Window, Window]) -> _Outcome:
    preds = [gen.predicate, ref.predicate]
    key = witnesses.field_atom_key(preds)
    field_names = [f for f, _ in key]
    features = witnesses.group_features(preds)
    cells = {f: witnesses.field_cells(features[f]) for f in field_names}
    # KQL string columns are never null: no null rows (duckdb-kql's null handling is not KQL's).
    values: dict[str, list[str | None]] = {
        f: list(dict.fromkeys([*cells[f].witnesses, ""])) for f in field_names
    }
    seps = (
        witnesses.separate(gen.predicate, ref.predicate, features, cells),
        witnesses.separate(ref.predicate, gen.predicate, features, cells),
    )
    z3_rows = [dict(row) for sep in seps for row in sep.rows]
    both = witnesses.separate(conj([gen.predicate, ref.predicate]), FALSE, features, cells)
    neither = witnesses.separate(TRUE, disj([gen.predicate, ref.predicate]), features, cells)
    anchors = z3_rows + [dict(row) for sep in (both, neither) for row in sep.rows]

    def predicted(combo: dict[str, str | None]) -> tuple[bool, bool]:
        return _holds(gen.predicate, combo), _holds(ref.predicate, combo)

    others = list(dict.fromkeys([*_ALWAYS_COLUMNS, *gen.columns, *ref.columns]))
    others = [c for c in others if c not in field_names and c != ROW_ID]
    probes = {name: _probes(atoms) for name, atoms in key}
    table = build(field_names, values, z3_rows, anchors, windows, others, predicted, probes)
    outcome = _run(gen, ref, table, windows, predicted)
    outcome.jointly_empty = both.status == "unsat"
    outcome.atom_count = sum(len(a) for _, a in key)
    outcome.field_count = len(key)
    if not table.complete:
        proof = "z3 finds no" if all(s.status == "unsat" for s in seps) else "z3 finds a"
        outcome.undecided.append(
            f"{table.product_size} cell combinations exceed {MAX_PRODUCT}, so execution ran a pairwise "
            f"sample around z3's rows; {proof} separating combination of cells"
        )
    if any(not c.complete for c in cells.values()):
        outcome.undecided.append("z3 could not enumerate every cell of a field within its limits")
    if any(c.divergent for c in cells.values()):
        outcome.undecided.append(
            "values with a non-ASCII letter next to a needle were not tested: there KQL's ASCII term "
            "rule and duckdb-kql's Unicode one disagree"
        )
    outcome.problems += _check_atoms(key, table)
    outcome.problems += _check_symbolic(seps, outcome)
    return outcome


def _probes(atoms: tuple[Atom, ...]) -> list[str]:
    """z3-independent boundary probes for a field's atoms, kept where KQL and duckdb-kql agree."""
    candidates = dict.fromkeys(
        p for a in atoms if a.kind not in ("regex", "empty") for p in probe_values(a.value)
    )
    return [p for p in candidates if witnesses.in_agreement(p, atoms)][:MAX_PROBES]


def _holds(pred: Pred, combo: dict[str, str | None]) -> bool:
    return evaluate(pred, lambda atom: witnesses.atom_truth(atom, combo.get(atom.field)))


#: (generated, reference) truth of the z3 model for one assignment of the predicate fields.
Predicted = Callable[[dict[str, str | None]], tuple[bool, bool]]


def _run(
    gen: ParsedQuery, ref: ParsedQuery, table: TestTable, windows: tuple[Window, Window], predicted: Predicted
) -> _Outcome:
    columns = list(dict.fromkeys(c for row in table.rows for c in row))
    for name in dict.fromkeys([gen.table, ref.table]):
        execute.load_table(name, columns, table.rows)
    got_gen, got_ref = execute.matched_ids_pair(gen.membership_text, ref.membership_text)
    names = list(dict.fromkeys(fields(gen.predicate) + fields(ref.predicate)))
    problems = _check_rows(table, windows, predicted, got_gen, got_ref, field_names=names)
    only_gen = _examples([r for r in table.rows if r[ROW_ID] in got_gen - got_ref], gen, ref)
    only_ref = _examples([r for r in table.rows if r[ROW_ID] in got_ref - got_gen], gen, ref)
    main = table.main_ids
    outcome = _Outcome(
        only_gen,
        only_ref,
        _relation(got_gen & main, got_ref & main),
        table,
        atom_count=0,
        field_count=0,
        matched=len(got_gen & got_ref),
        problems=problems,
        names=names,
        matched_ids=got_gen & got_ref,
    )
    return outcome


def _relation(gen: set[int], ref: set[int]) -> str:
    if gen == ref:
        return "equal"
    if gen > ref:
        return "broader"
    return "narrower" if gen < ref else "different"


def _examples(rows: list[dict], gen: ParsedQuery, ref: ParsedQuery) -> list[dict]:
    """Separating rows, simplest first: shortest predicate-field values, then table order."""
    names = list(dict.fromkeys(fields(gen.predicate) + fields(ref.predicate)))

    def weight(row: dict) -> tuple[int, int, int]:
        size = sum(len(row[f]) if row.get(f) is not None else 1 for f in names)
        return (sum(row.get(f) is None for f in names), size, row[ROW_ID])

    return sorted(rows, key=weight)


# --- cross-checks -------------------------------------------------------------------------


def _in_window(window: Window, stamp: str) -> bool:
    if window is None:
        return True
    moment: datetime = execute.parse_time(stamp)
    return window[0] <= moment <= window[1]


def _check_rows(
    table: TestTable,
    windows: tuple[Window, Window],
    predicted: Predicted,
    got_gen: set[int],
    got_ref: set[int],
    field_names: list[str],
) -> list[str]:
    """Every row: does execution keep it exactly when the z3 model says it should?"""
    problems = []
    for row in table.rows:
        combo = {k: v for k, v in row.items()}
        pg, pr = predicted(combo)
        pg = pg and _in_window(windows[0], row[TIME_COLUMN])
        pr = pr and _in_window(windows[1], row[TIME_COLUMN])
        eg, er = row[ROW_ID] in got_gen, row[ROW_ID] in got_ref
        if (pg, pr) != (eg, er):
            shown = _describe(row, [*field_names, TIME_COLUMN])
            problems.append(
                f"row {shown}: model says generated={pg}, reference={pr}; "
                f"duckdb-kql says generated={eg}, reference={er}"
            )
    return problems


#: duckdb-kql's verdict per (atom, value), kept across comparisons: each `has` costs a regex compile.
_EXECUTED_ATOMS: dict[tuple[Atom, str | None], bool] = {}


def _check_atoms(key: tuple[tuple[str, tuple[Atom, ...]], ...], table: TestTable) -> list[str]:
    """Every atom on every value the table holds: z3's truth against duckdb-kql's."""
    pairs = [
        (atom, value)
        for name, atoms in key
        for atom in atoms
        for value in dict.fromkeys(row.get(name) for row in table.rows)
    ]
    missing: dict[Atom, list[str | None]] = {}
    for atom, value in pairs:
        if (atom, value) not in _EXECUTED_ATOMS:
            missing.setdefault(atom, []).append(value)
    if missing:
        _EXECUTED_ATOMS.update(execute.atom_truths([(a, v) for a, v in missing.items()]))
    problems = []
    for atom, value in pairs:
        model, truth = witnesses.atom_truth(atom, value), _EXECUTED_ATOMS[(atom, value)]
        if model != truth:
            problems.append(
                f"`{atom}` on {value!r}: z3 model says {model}, duckdb-kql says {truth}{_hint(atom, value)}"
            )
    return problems


def _hint(atom: Atom, value: str | None) -> str:
    text = atom.value + (value or "")
    if any(not c.isascii() and c.isalnum() for c in text):
        return (
            " (non-ASCII letters: duckdb-kql counts them as term characters and folds their case, "
            "KQL's term rules are ASCII-only; do not trust this case)"
        )
    return ""


def _check_symbolic(seps: Sequence[witnesses.Separation], outcome: _Outcome) -> list[str]:
    """z3's symbolic answer per direction against what execution found."""
    problems = []
    sides = (outcome.only_generated, outcome.only_reference)
    for sep, found, side in zip(seps, sides, ("generated", "reference"), strict=True):
        if sep.status == "unsat" and any(_main(outcome, r) for r in found):
            problems.append(f"z3 proves nothing only the {side} query matches, but execution found some")
    return problems


def _main(outcome: _Outcome, row: dict) -> bool:
    return row[ROW_ID] in outcome.table.main_ids


def _check_summaries(gen: ParsedQuery, ref: ParsedQuery, outcome: _Outcome) -> list[str]:
    """Same table, window, shape and rows: the summarize outputs must be equal as well.

    Each query's own summarize stage runs on the rows both matched, which is its
    full output without compiling every where-clause regex a second time.
    """
    if gen.text == ref.text or gen.summary_text is None or ref.summary_text is None:
        return []
    matched = [r for r in outcome.table.rows if r[ROW_ID] in outcome.matched_ids]
    columns = list(dict.fromkeys(c for row in outcome.table.rows for c in row))
    execute.load_table(MATCHED_TABLE, columns, matched)
    if execute.summarize_output(gen.summary_text) != execute.summarize_output(ref.summary_text):
        return ["the same rows match, yet the summarize outputs differ"]
    return []


# --- wording -----------------------------------------------------------------------------


def _predicate_verdict(outcome: _Outcome) -> tuple[Kind, str]:
    relation = outcome.relation
    if relation == "equal":
        if outcome.undecided:
            return Kind.TESTED_EQUIVALENT, "no test row separates them, but " + _coverage(outcome)
        return Kind.EQUIVALENT, "equivalent: " + _coverage(outcome)
    return Kind(relation), _relation_phrase(outcome)


def _containment_not_decided(reason: str, examples: tuple, outcome: _Outcome) -> tuple[Kind, str]:
    """``broader``/``narrower`` claim that one query misses no row of the other: a claim about every
    row, so it needs decided predicates. From only tested ones (stress seed 5 pair 9087: the cell
    'é' under `=~ 'É'` vs `=~ 'é'` was left out, and a longer window made the pair `broader`) the
    rows found still prove the queries differ; with none found nothing is proven either way."""
    why = "which one contains the other is not decided: " + "; ".join(outcome.undecided)
    if examples:
        return Kind.DIFFERENT, f"{reason}; {why}"
    return Kind.UNSUPPORTED, f"{reason}; {why}"


def _relation_phrase(outcome: _Outcome) -> str:
    relation = outcome.relation
    if relation == "equal":
        return "equivalent (" + _coverage(outcome) + ")"
    parts = []
    main_gen = [r for r in outcome.only_generated if _main(outcome, r)]
    main_ref = [r for r in outcome.only_reference if _main(outcome, r)]
    if main_gen:
        parts.append(f"generated also matches {_describe(main_gen[0], outcome.names)}")
    if main_ref:
        parts.append(f"reference also matches {_describe(main_ref[0], outcome.names)}")
    phrase = {
        "broader": "generated is broader",
        "narrower": "generated is narrower",
        "different": "they differ",
    }
    text = f"{phrase[relation]}: " + "; ".join(parts)
    return text


def _coverage(outcome: _Outcome) -> str:
    table = outcome.table
    scope = (
        f"{outcome.matched} of {len(table.rows)} test rows match both, the rows covering every satisfiable "
        f"combination of {outcome.atom_count} atoms on {outcome.field_count} fields"
    )
    if not outcome.undecided:
        return scope + " (decided)"
    if not table.complete:
        scope = f"{outcome.matched} of {len(table.rows)} test rows match both"
    return f"{scope} (tested, not decided: {'; '.join(outcome.undecided)})"


def _describe(row: dict, names: list[str]) -> str:
    """The predicate fields of *row* (its other columns are filler), e.g. ``RemoteUrl='x.com'``."""
    return ", ".join(f"{k}={row.get(k)!r}" for k in names) or f"{TIME_COLUMN}={row[TIME_COLUMN]}"


def _disagreement(kind: Kind, reason: str, examples: tuple[dict, ...], outcome: _Outcome) -> Verdict:
    """Report a model/execution mismatch loudly; never let it pass as 'equivalent', 'broader' or 'narrower'.

    The relation came from rows the engine may have read wrongly (a containment is as much a
    claim as an equality), so only 'different' (which fails anyway) is kept.
    """
    detail = "; ".join(outcome.problems[:3]) + (
        f"; and {len(outcome.problems) - 3} more" if len(outcome.problems) > 3 else ""
    )
    warnings.warn(f"z3 model and duckdb-kql disagree: {detail}", ModelDisagreement, stacklevel=3)
    if kind in (Kind.EQUIVALENT, Kind.TESTED_EQUIVALENT, Kind.BROADER, Kind.NARROWER):
        claim = "equivalence" if kind in (Kind.EQUIVALENT, Kind.TESTED_EQUIVALENT) else f"'{kind}'"
        reason = f"cannot certify {claim}: " + reason
        kind = Kind.UNSUPPORTED
    return Verdict(kind, f"MODEL/EXECUTION DISAGREEMENT: {detail} -- {reason}", examples)
