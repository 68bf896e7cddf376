"""Parse a hunting query into table, time window, where-predicate and summarize shape.

The parsing itself is duckdb-kql's (its ANTLR grammar is Microsoft's ``Kql.g4`` and
its IR resolves ``let`` bindings and string literal escapes); this module only
reads the resulting IR and refuses, by name, everything outside the fragment the
equivalence check understands. Nothing is skipped silently: an operator, a
function or a literal kind that is not modelled raises :class:`UnsupportedQuery`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeGuard

import duckdb_kql
from antlr4 import CommonTokenStream, InputStream, Token
from duckdb_kql import ir
from duckdb_kql._antlr.KqlLexer import KqlLexer
from duckdb_kql.lower import lower

from .literals import LiteralError, canonical_literals
from .predicate import Atom, Const, Not, Pred, conj, disj, fields, walk_atoms
from .regex import UnsupportedRegex, regex_to_z3

#: The column the time window filters, and the one that identifies a row.
TIME_COLUMN = "Timestamp"
ROW_ID = "ReportId"
#: The table the summarize-only texts read: the rows both queries matched.
MATCHED_TABLE = "__matched"


class QueryProblem(Exception):
    """A query the checker cannot compare; ``kind`` is the verdict kind it leads to."""

    kind = "unsupported"


class InvalidQuery(QueryProblem):
    """The text does not parse as KQL."""

    kind = "invalid"


class UnsupportedQuery(QueryProblem):
    """Valid KQL, but outside the compared fragment; the message names the construct."""

    kind = "unsupported"


@dataclass(frozen=True)
class TimeWindow:
    """``Timestamp between (low .. high)``, bounds as KQL text with ``let`` names resolved."""

    low: str
    high: str
    #: The bounds as duckdb-kql IR, read symbolically by :mod:`.window`.
    low_expr: Any = dataclasses.field(default=None, compare=False)
    high_expr: Any = dataclasses.field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.low}..{self.high}"


@dataclass(frozen=True)
class Shape:
    """What ``summarize`` produces: named aggregations and the group-by column set."""

    aggregates: tuple[tuple[str, str], ...]
    by: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    table: str
    window: TimeWindow | None
    predicate: Pred
    shape: Shape | None
    #: The same query with the summarize replaced by ``project ReportId``: which rows match.
    membership_text: str
    #: Its ``let`` statements and summarize stage over :data:`MATCHED_TABLE` (None without a summarize).
    summary_text: str | None = None

    @property
    def columns(self) -> list[str]:
        """Columns the query reads besides the time column, in a stable order."""
        cols = fields(self.predicate)
        if self.shape:
            cols += [c for c in self.shape.by if c.isidentifier()]
            cols += [
                c for _, agg in self.shape.aggregates for c in re.findall(r"\b[A-Za-z_]\w*\b(?!\()", agg)
            ]
        return list(dict.fromkeys(c for c in cols if c != TIME_COLUMN))


_STRING_OPS = {
    "has": ("has", False),
    "has_cs": ("has", True),
    "contains": ("contains", False),
    "contains_cs": ("contains", True),
    "startswith": ("startswith", False),
    "startswith_cs": ("startswith", True),
    "endswith": ("endswith", False),
    "endswith_cs": ("endswith", True),
    "==": ("eq", True),
    "=~": ("eq", False),
    "matches regex": ("regex", True),
}
_NEGATED_OPS = {f"!{op}": op for op in _STRING_OPS if op[0].isalpha()} | {"!=": "==", "!~": "=~"}
_SYMMETRIC = {"==", "=~", "!=", "!~"}
_OPERATOR_NAMES = {
    "MvExpand": "mv-expand",
    "ProjectAway": "project-away",
    "ProjectRename": "project-rename",
    "GetSchema": "getschema",
}


@lru_cache(maxsize=1024)
def parse_query(text: str) -> ParsedQuery:
    """Parse *text*; raises :class:`InvalidQuery` or :class:`UnsupportedQuery`.

    String literals are first read per Microsoft's documentation (:mod:`.literals`),
    so duckdb-kql only ever sees plain single-quoted ones.
    """
    try:
        text = canonical_literals(text)
    except LiteralError as exc:
        raise UnsupportedQuery(f"string literal: {exc}") from exc
    try:
        query = lower(text)
    except duckdb_kql.KqlSyntaxError as exc:
        raise InvalidQuery(_syntax_message(text, exc)) from exc
    except duckdb_kql.KqlError as exc:
        raise UnsupportedQuery(f"duckdb-kql cannot translate it: {exc}") from exc
    table = _table(query)
    wheres, summarize = _operators(query)
    window, predicate = _where_parts(wheres)
    tabular = [name for name, value in query.lets if not isinstance(value, ir.Expr)]
    if tabular:
        raise UnsupportedQuery(f"`let {tabular[0]} = <tabular query>` (a let bound to a table)")
    _check_regexes(predicate)
    shape = _shape(summarize) if summarize else None
    return ParsedQuery(text, table, window, predicate, shape, *_split_texts(text, summarize))


def _table(query: ir.Query) -> str:
    source = query.source
    if not isinstance(source, ir.TableRef):
        raise UnsupportedQuery(f"source `{type(source).__name__}` (only a plain table name is compared)")
    if source.database or source.cluster:
        raise UnsupportedQuery(f"qualified table `{source.qualified}`")
    return source.name


def _operators(query: ir.Query) -> tuple[list[ir.Where], ir.Summarize | None]:
    """The `where` stages and an optional final `summarize`; any other operator is refused."""
    wheres: list[ir.Where] = []
    summarize = None
    for op in query.operators:
        if summarize is not None:
            raise UnsupportedQuery(f"operator `{_op_name(op)}` after summarize")
        if isinstance(op, ir.Where):
            wheres.append(op)
        elif isinstance(op, ir.Summarize):
            summarize = op
        else:
            raise UnsupportedQuery(f"operator `{_op_name(op)}`")
    return wheres, summarize


def _op_name(op: ir.Operator) -> str:
    name = type(op).__name__
    return _OPERATOR_NAMES.get(name, name.lower())


def _where_parts(wheres: list[ir.Where]) -> tuple[TimeWindow | None, Pred]:
    """Split the `where` conjuncts into the time window and the string predicate."""
    window = None
    parts: list[Pred] = []
    for where in wheres:
        for conjunct in _conjuncts(where.predicate):
            if _is_window(conjunct):
                if window is not None:
                    raise UnsupportedQuery("more than one `Timestamp between` window")
                low, high = conjunct.low, conjunct.high
                window = TimeWindow(_render(low), _render(high), low, high)
            else:
                parts.append(to_pred(conjunct))
    return window, conj(parts)


def _conjuncts(expr: ir.Expr) -> list[ir.Expr]:
    if isinstance(expr, ir.BinaryOp) and expr.op == "and":
        return _conjuncts(expr.left) + _conjuncts(expr.right)
    return [expr]


def _is_window(expr: ir.Expr) -> TypeGuard[ir.Between]:
    return (
        isinstance(expr, ir.Between)
        and not expr.negated
        and isinstance(expr.value, ir.ColumnRef)
        and expr.value.name == TIME_COLUMN
    )


def _unlet(expr: Any) -> Any:
    while isinstance(expr, ir.LetRef):
        expr = expr.value
    return expr


def to_pred(expr: ir.Expr) -> Pred:
    """Translate one IR boolean expression into the predicate fragment, or refuse it by name."""
    expr = _unlet(expr)
    if isinstance(expr, ir.BinaryOp) and expr.op in ("and", "or"):
        parts = [to_pred(expr.left), to_pred(expr.right)]
        return conj(parts) if expr.op == "and" else disj(parts)
    if isinstance(expr, ir.FunctionCall) and expr.name == "not" and len(expr.args) == 1:
        return Not(to_pred(expr.args[0]))
    if isinstance(expr, ir.BinaryOp):
        return _binary(expr)
    if isinstance(expr, ir.HasList):
        return _has_list(expr)
    if isinstance(expr, ir.InList):
        return _in_list(expr)
    if isinstance(expr, ir.FunctionCall) and expr.name in ("isempty", "isnotempty"):
        # KQL string columns are never null, so `isempty(x)` is `x == ''`.
        atom = Atom.make(_column(expr.args[0] if expr.args else None, expr.name), "eq", "", True)
        return atom if expr.name == "isempty" else Not(atom)
    if isinstance(expr, ir.Literal) and expr.kind == "bool":
        return Const(bool(expr.value))
    raise UnsupportedQuery(_describe(expr))


def _binary(expr: ir.BinaryOp) -> Pred:
    op, left, right = expr.op, _unlet(expr.left), _unlet(expr.right)
    if op in _SYMMETRIC and isinstance(left, ir.Literal) and isinstance(right, ir.ColumnRef):
        left, right = right, left
    if any(isinstance(side, ir.ColumnRef) and side.name == TIME_COLUMN for side in (left, right)):
        raise UnsupportedQuery(
            f"time filter `{TIME_COLUMN} {op} ...` (only `{TIME_COLUMN} between (low .. high)` is compared)"
        )
    negated = op in _NEGATED_OPS
    base = _NEGATED_OPS.get(op, op)
    if base not in _STRING_OPS:
        raise UnsupportedQuery(f"operator `{op}`")
    kind, cs = _STRING_OPS[base]
    atom = Atom.make(_column(left, op), kind, _string(right, op), cs)
    return Not(atom) if negated else atom


def _has_list(expr: ir.HasList) -> Pred:
    name = "has_all" if expr.require_all else "has_any"
    if expr.subquery is not None:
        raise UnsupportedQuery(f"`{name}` over a tabular subquery")
    field = _column(expr.value, name)
    hs = [Atom.make(field, "has", _string(item, name), False) for item in expr.items]
    return conj(list(hs)) if expr.require_all else disj(list(hs))


def _in_list(expr: ir.InList) -> Pred:
    name = ("!" if expr.negated else "") + ("in~" if expr.case_insensitive else "in")
    field = _column(expr.value, name)
    if expr.subquery is not None:
        raise UnsupportedQuery(
            f"`{field} {name} (...)` over a tabular subquery (a `let` bound to a table, e.g. "
            "`let x = T | ... | distinct Sha1`), which is a join, not a string test"
        )
    eqs = [Atom.make(field, "eq", _string(item, name), not expr.case_insensitive) for item in expr.items]
    pred = disj(list(eqs))
    return Not(pred) if expr.negated else pred


def _column(expr: Any, op: str) -> str:
    expr = _unlet(expr)
    if not isinstance(expr, ir.ColumnRef):
        raise UnsupportedQuery(f"`{op}` applied to {_describe(expr)} rather than to a column")
    if expr.name == TIME_COLUMN:
        raise UnsupportedQuery(f"`{op}` on {TIME_COLUMN} (only `{TIME_COLUMN} between (..)` is compared)")
    return expr.name


def _string(expr: Any, op: str) -> str:
    expr = _unlet(expr)
    if isinstance(expr, ir.Literal) and expr.kind == "string" and isinstance(expr.value, str):
        return expr.value
    raise UnsupportedQuery(f"`{op}` with {_describe(expr)} (only string literals are compared)")


def _describe(expr: Any) -> str:
    """Name an IR node the way a KQL reader would recognise it."""
    if isinstance(expr, ir.Literal):
        return f"a {expr.kind} literal `{expr.value}`"
    if isinstance(expr, ir.ColumnRef):
        return f"column `{expr.name}`"
    if isinstance(expr, ir.FunctionCall):
        return f"function `{expr.name}()`"
    if isinstance(expr, ir.BinaryOp):
        return f"operator `{expr.op}`"
    if isinstance(expr, ir.UnaryOp):
        return f"unary `{expr.op}`"
    if isinstance(expr, ir.Between):
        return "`between` on something other than a plain `Timestamp` window"
    return f"expression `{type(expr).__name__}`"


def _check_regexes(pred: Pred) -> None:
    """Refuse untranslatable `matches regex` patterns now, so the refusal names its side."""
    for atom in walk_atoms(pred):
        if atom.kind == "regex":
            try:
                regex_to_z3(atom.value)
            except UnsupportedRegex as exc:
                raise UnsupportedQuery(f"`matches regex {atom.value!r}`: {exc}") from exc


def _render(expr: Any) -> str:
    """KQL text for a time-bound expression (``now(-5d)``, ``ago(7d)``, ``datetime(...)``)."""
    expr = _unlet(expr)
    if isinstance(expr, ir.Literal):
        if expr.kind == "timespan":
            return str(expr.value)
        if expr.kind in ("datetime", "long", "int", "real"):
            return f"{expr.kind}({expr.value})" if expr.kind == "datetime" else str(expr.value)
    if isinstance(expr, ir.FunctionCall) and expr.name in (
        "now",
        "ago",
        "datetime",
        "startofday",
        "todatetime",
    ):
        return f"{expr.name}({', '.join(_render(a) for a in expr.args)})"
    if isinstance(expr, ir.UnaryOp) and expr.op == "-":
        return f"-{_render(expr.operand)}"
    if isinstance(expr, ir.BinaryOp) and expr.op in ("+", "-", "*"):
        return f"({_render(expr.left)} {expr.op} {_render(expr.right)})"
    raise UnsupportedQuery(f"time bound {_describe(expr)}")


def _shape(summarize: ir.Summarize) -> Shape:
    aggs = tuple(sorted((n.name or _default_name(n.expr), _render_agg(n.expr)) for n in summarize.aggregates))
    by = tuple(sorted(_render_by(n) for n in summarize.by))
    return Shape(aggs, by)


def _default_name(expr: Any) -> str:
    """The column name KQL gives an unnamed aggregation: ``count()`` is ``count_``."""
    expr = _unlet(expr)
    if isinstance(expr, ir.FunctionCall) and expr.name == "count" and not expr.args:
        return "count_"
    return ""


def _render_agg(expr: Any) -> str:
    expr = _unlet(expr)
    if isinstance(expr, ir.ColumnRef):
        return expr.name
    if isinstance(expr, ir.FunctionCall):
        return f"{expr.name}({', '.join(_render_agg(a) for a in expr.args)})"
    if isinstance(expr, ir.Literal):
        return repr(expr.value)
    raise UnsupportedQuery(f"summarize aggregation with {_describe(expr)}")


def _render_by(named: ir.NamedExpr) -> str:
    text = _render_agg(named.expr)
    return f"{named.name}={text}" if named.name and named.name != text else text


# --- text surgery on the token stream -------------------------------------------------


def _split_texts(text: str, summarize: ir.Summarize | None) -> tuple[str, str | None]:
    """(membership text, summarize-only text) for *text*.

    The membership text is the query with its final summarize (or, without one,
    its end) replaced by ``| project ReportId``: the rows the where-stages keep.
    The summarize-only text applies the same ``let`` statements and summarize
    stage to :data:`MATCHED_TABLE`, so the summarize outputs of two queries that
    keep the same rows can be compared without running every where-clause again.

    Located with duckdb-kql's own lexer, so a ``|`` or ``summarize`` inside a
    string literal or a ``//`` comment is never mistaken for the operator.
    """
    statement = _main_statement(_tokens(text))
    end = statement[-1].stop + 1 if statement else len(text)
    pipes = [
        a.start
        for a, b, depth in zip(statement, statement[1:], _depths(statement), strict=False)
        if depth == 0 and a.text == "|" and b.text == "summarize"
    ]
    if summarize is None:
        return f"{text[:end]}\n| project {ROW_ID}\n{text[end:]}", None
    if not pipes:
        raise UnsupportedQuery("could not locate the summarize operator in the text")
    start = statement[0].start
    summary = f"{text[:start]}{MATCHED_TABLE}\n{text[pipes[-1] : end]}\n{text[end:]}"
    return f"{text[: pipes[-1]]}| project {ROW_ID}\n{text[end:]}", summary


def _depths(tokens: list[Any]) -> list[int]:
    """Bracket nesting depth at each token."""
    depth, depths = 0, []
    for tok in tokens:
        depth -= tok.text in (")", "]")
        depths.append(depth)
        depth += tok.text in ("(", "[")
    return depths


def _main_statement(tokens: list[Any]) -> list[Any]:
    """The tokens of the last non-empty top-level statement (statements end at a top-level `;`)."""
    statements: list[list[Any]] = [[]]
    for tok, depth in zip(tokens, _depths(tokens), strict=True):
        if depth == 0 and tok.text == ";":
            statements.append([])
        else:
            statements[-1].append(tok)
    return next((st for st in reversed(statements) if st), [])


def _tokens(text: str) -> list[Any]:
    """Default-channel tokens (no whitespace or comments) from duckdb-kql's ANTLR lexer."""
    lexer = KqlLexer(InputStream(text))
    lexer.removeErrorListeners()
    stream = CommonTokenStream(lexer)
    stream.fill()
    return [t for t in stream.tokens if t.channel == 0 and t.type != Token.EOF]


def _syntax_message(text: str, exc: Exception) -> str:
    """duckdb-kql's first diagnostic, plus a hint for the defects seen in the reference corpus."""
    message = str(exc).replace("could not parse KQL at ", "")
    message = re.sub(r" expecting \{[^}]*\}", "", message)
    diagnostics = getattr(exc, "diagnostics", None) or []
    hint = _hint(text, diagnostics[0].span) if diagnostics else ""
    return f"{message}{hint}"


def _hint(text: str, span: Any) -> str:
    lines = text.splitlines()
    line, column = getattr(span, "line", 0), getattr(span, "column", 0)
    if not 1 <= line <= len(lines):
        return ""
    before = re.sub(r"//[^\n]*", "", "\n".join(lines[: line - 1]) + "\n" + lines[line - 1][:column]).rstrip()
    after = lines[line - 1][column:]
    if after.startswith(")") and before.endswith(","):
        return " (a trailing comma before `)` in a list)"
    word = re.match(r"[A-Za-z_]\w*", after)
    if word and re.search(r"\b(has_all|has_any|has|contains|in)\s*$", before):
        return f" (two operators in a row: `{before.split()[-1]} {word.group(0)}`)"
    match = re.match(r"\|\s*([A-Za-z_]\w*)\s+(in|has|==|=~|contains)", after)
    if match:
        return f" (`| {match.group(1)} {match.group(2)} ...`: a pipe needs an operator; missing `where`?)"
    return ""
