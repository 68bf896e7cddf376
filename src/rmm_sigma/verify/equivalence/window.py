"""Time windows as functions of ``now()``, compared for every value of ``now``.

Execution pins ``now()`` to one instant, and two windows that agree there (say
``ago(1d)`` and ``datetime(2025-01-14 12:00)``) can disagree at every other
instant. So the window bounds are read symbolically, in one of three forms:

* ``now + c`` — ``now()``, ``now(c)``, ``ago(c)``, plus or minus timespans;
* ``startofday(now + r) + c`` with ``0 <= r < 1d`` — ``startofday(<now form>[, n])``;
* ``t`` — a fixed instant (``datetime(...)`` plus or minus timespans);

and anything else (``bin()``, ``startofweek()``, arithmetic other than adding
timespans, ...) is refused. Timespan and datetime literals are evaluated by
duckdb-kql. Two windows are *equal* when their bounds have the same form and
constants (then they agree at every ``now``); one *contains* the other when
each bound's difference is of one sign at every ``now`` (a fixed instant
against a ``now``-relative bound never is). A window that is neither equal nor
provably containing or contained is ``different``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from duckdb_kql import ir

DAY = timedelta(days=1)


class WindowError(ValueError):
    """A time bound outside the forms above."""


@dataclass(frozen=True)
class Bound:
    """One bound: ``kind`` is ``now`` (now + offset), ``day`` (startofday(now + shift) + offset),
    ``fixed`` (at + offset, with offset 0), or ``-inf`` / ``+inf`` (no window)."""

    kind: str
    offset: timedelta = timedelta(0)
    shift: timedelta = timedelta(0)
    at: datetime | None = None

    def plus(self, span: timedelta) -> Bound:
        if self.kind == "fixed" and self.at is not None:
            return Bound("fixed", at=self.at + span)
        return Bound(self.kind, self.offset + span, self.shift, self.at)

    def at_now(self, now: datetime) -> datetime:
        """The instant this bound denotes when ``now()`` is *now* (finite kinds only)."""
        if self.kind == "fixed" and self.at is not None:
            return self.at
        if self.kind == "now":
            return now + self.offset
        moment = now + self.shift
        return datetime(moment.year, moment.month, moment.day) + self.offset


Window = tuple[Bound, Bound]
UNBOUNDED: Window = (Bound("-inf"), Bound("+inf"))


def read_window(low: Any, high: Any, span: Any, instant: Any) -> Window:
    """The symbolic window of ``between (low .. high)``; *span* / *instant* evaluate literals.

    A ``high`` that is a timespan counts from ``low``, as KQL's ``between`` does.
    """
    start = _bound(low, span, instant)
    try:
        return start, start.plus(_span(high, span))
    except WindowError:
        return start, _bound(high, span, instant)


def _unlet(expr: Any) -> Any:
    while isinstance(expr, ir.LetRef):
        expr = expr.value
    return expr


def _span(expr: Any, span: Any) -> timedelta:
    """A timespan-valued expression: a literal, a negated one, or a sum/difference of them."""
    expr = _unlet(expr)
    if isinstance(expr, ir.Literal) and expr.kind == "timespan":
        return span(str(expr.value))
    if isinstance(expr, ir.UnaryOp) and expr.op == "-":
        return -_span(expr.operand, span)
    if isinstance(expr, ir.BinaryOp) and expr.op in ("+", "-"):
        left, right = _span(expr.left, span), _span(expr.right, span)
        return left + right if expr.op == "+" else left - right
    raise WindowError(f"`{_name(expr)}` is not a timespan literal")


def _bound(expr: Any, span: Any, instant: Any) -> Bound:
    expr = _unlet(expr)
    if isinstance(expr, ir.Literal) and expr.kind == "datetime":
        return Bound("fixed", at=instant(f"datetime({expr.value})"))
    if isinstance(expr, ir.FunctionCall):
        return _call(expr, span, instant)
    if isinstance(expr, ir.BinaryOp) and expr.op in ("+", "-"):
        try:
            base, delta = _bound(expr.left, span, instant), _span(expr.right, span)
        except WindowError:
            if expr.op == "-":
                raise
            base, delta = _bound(expr.right, span, instant), _span(expr.left, span)
        return base.plus(delta if expr.op == "+" else -delta)
    raise WindowError(f"time bound `{_name(expr)}`")


def _call(expr: ir.FunctionCall, span: Any, instant: Any) -> Bound:
    name, args = expr.name, expr.args
    if name == "now" and len(args) <= 1:
        return Bound("now", _span(args[0], span) if args else timedelta(0))
    if name == "ago" and len(args) == 1:
        return Bound("now", -_span(args[0], span))
    if name == "datetime" and len(args) == 1:
        return _bound(args[0], span, instant)
    if name == "startofday" and len(args) in (1, 2):
        inner = _bound(args[0], span, instant)
        days = _days(args[1]) if len(args) == 2 else 0
        return _start_of_day(inner, days)
    raise WindowError(f"function `{name}()` in a time bound")


def _days(expr: Any) -> int:
    expr = _unlet(expr)
    if isinstance(expr, ir.Literal) and expr.kind in ("int", "long") and isinstance(expr.value, int):
        return expr.value
    if isinstance(expr, ir.UnaryOp) and expr.op == "-":
        return -_days(expr.operand)
    raise WindowError("`startofday()` offset that is not an integer literal")


def _start_of_day(inner: Bound, days: int) -> Bound:
    if inner.kind == "fixed" and inner.at is not None:
        return Bound("fixed", at=datetime(inner.at.year, inner.at.month, inner.at.day) + days * DAY)
    if inner.kind == "now":
        whole, rest = divmod(inner.offset, DAY)
        return Bound("day", whole * DAY + days * DAY, rest)
    if inner.kind == "day":  # startofday(startofday(now + r) + c): whole days of c only
        whole, _ = divmod(inner.offset, DAY)
        return Bound("day", whole * DAY + days * DAY, inner.shift)
    raise WindowError("`startofday()` of an unbounded time")


def _name(expr: Any) -> str:
    if isinstance(expr, ir.FunctionCall):
        return f"{expr.name}()"
    if isinstance(expr, ir.Literal):
        return f"{expr.kind} {expr.value}"
    return type(expr).__name__


# --- comparison ----------------------------------------------------------------------------


def _difference(b: Bound, a: Bound) -> tuple[timedelta, timedelta] | None:
    """The range [lo, hi] of ``b - a`` over every ``now`` (hi may not be attained), None if unbounded."""
    if a.kind in ("-inf", "+inf") or b.kind in ("-inf", "+inf"):
        return None
    if a.kind == "fixed" and b.kind == "fixed" and a.at is not None and b.at is not None:
        d = b.at - a.at
        return d, d
    if "fixed" in (a.kind, b.kind):
        return None  # a fixed instant against a moving one: both signs occur
    c = b.offset - a.offset
    if a.kind == b.kind == "now" or (a.kind == b.kind == "day" and a.shift == b.shift):
        return c, c
    if a.kind == b.kind == "day":
        return (c, c + DAY) if b.shift > a.shift else (c - DAY, c)
    if b.kind == "now":  # now + ob - startofday(now + ra) - oa = c - ra + [0, 1d)
        return c - a.shift, c - a.shift + DAY
    return c + b.shift - DAY, c + b.shift  # a is `now`: the negation of the case above


def _at_most(a: Bound, b: Bound) -> bool:
    """``a <= b`` at every ``now``."""
    if a.kind == "-inf" or b.kind == "+inf":
        return True
    if a.kind == "+inf" or b.kind == "-inf":
        return False
    diff = _difference(b, a)
    return diff is not None and diff[0] >= timedelta(0)


def relation(gen: Window, ref: Window) -> str:
    """``equal`` / ``broader`` (gen contains ref at every now) / ``narrower`` / ``different``."""
    if gen == ref:
        return "equal"
    if _at_most(gen[0], ref[0]) and _at_most(ref[1], gen[1]):
        return "broader"
    if _at_most(ref[0], gen[0]) and _at_most(gen[1], ref[1]):
        return "narrower"
    return "different"
