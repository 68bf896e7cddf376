"""An independent brute-force oracle for `verify`, and a generator of query pairs in its fragment.

The oracle shares no code with ``rmm_sigma.verify.equivalence``: it evaluates each predicate in plain
Python, per Microsoft's documented semantics, over an exhaustive small universe of strings (every
concatenation of up to two pieces from the needles and the boundary characters space, tab, newline,
dot, slash, a non-ASCII letter, a digit, in their case variants) and, for the time window, at several
values of ``now`` around day boundaries. If it finds a row that one query matches and the other does
not, `compare` must not call the pair ``equivalent`` (nor ``broader``/``narrower`` the wrong way).

Semantics used (Microsoft's docs): ``has`` matches a whole term, terms being maximal runs of ASCII
letters and digits (a needle edge that is no term character needs no boundary); case-insensitive
operators fold ASCII letters only; ``matches regex`` is an unanchored search (Python's ``re`` agrees
with RE2 on the generated patterns, with ``$`` read as end of text and ``(?i)`` folding ``ſ``/``K``);
``between`` is inclusive; string columns are never null.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

NEEDLES = ["ab", "Ab", "a.b", "b", "ab/", "x1", "a b", "é", "s", "K"]
BOUNDARY = [" ", "\t", "\n", ".", "/", "é", "1", "x", "ſ", "\u212a"]
COLUMNS = ("X", "Y")
TABLE = "DeviceProcessEvents"

#: now() values: around midnight, midday, and a month/year boundary.
NOWS = [
    datetime(2025, 1, 15, 0, 0, 0),
    datetime(2025, 1, 15, 0, 0, 1),
    datetime(2025, 1, 15, 12, 0, 0),
    datetime(2025, 1, 15, 23, 59, 59),
    datetime(2024, 12, 31, 23, 30, 0),
    datetime(2026, 3, 1, 6, 0, 0),
]

#: Window bound expressions the generator uses, and how the oracle evaluates them at a given now.
BOUNDS = {
    "ago(1d)": lambda n: n - timedelta(days=1),
    "now(-1d)": lambda n: n - timedelta(days=1),
    "ago(24h)": lambda n: n - timedelta(hours=24),
    "ago(2d)": lambda n: n - timedelta(days=2),
    "ago(12h)": lambda n: n - timedelta(hours=12),
    "startofday(now())": lambda n: datetime(n.year, n.month, n.day),
    "startofday(now(-1d))": lambda n: datetime(n.year, n.month, n.day) - timedelta(days=1),
    "(startofday(now()) - 1d)": lambda n: datetime(n.year, n.month, n.day) - timedelta(days=1),
    "datetime(2025-01-14 12:00:00)": lambda n: datetime(2025, 1, 14, 12),
    "now()": lambda n: n,
    "now(-1h)": lambda n: n - timedelta(hours=1),
}
HIGHS = ["now()", "now(-1h)"]


def ascii_fold(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _term(c: str) -> bool:
    return c.isascii() and c.isalnum()


def has(value: str, needle: str, cs: bool) -> bool:
    if not cs:
        value, needle = ascii_fold(value), ascii_fold(needle)
    if not needle:
        return True
    for i in range(len(value) - len(needle) + 1):
        if value[i : i + len(needle)] != needle:
            continue
        left = not _term(needle[0]) or i == 0 or not _term(value[i - 1])
        end = i + len(needle)
        right = not _term(needle[-1]) or end == len(value) or not _term(value[end])
        if left and right:
            return True
    return False


def regex(value: str, pattern: str) -> bool:
    flags = 0
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], re.IGNORECASE
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, value, flags) is not None


# --- predicates as small trees -------------------------------------------------------------


@dataclass(frozen=True)
class Test:
    """``column op needle`` (``needle`` is a tuple for list operators)."""

    column: str
    op: str
    needle: str | tuple[str, ...]

    def holds(self, row: dict[str, str]) -> bool:
        v, n, op = row[self.column], self.needle, self.op
        negated = op.startswith("!")
        base = op[1:] if negated and op not in ("!=", "!~") else op
        result = _OPS[{"!=": "==", "!~": "=~"}.get(base, base)](v, n)
        return not result if negated else result

    def kql(self) -> str:
        if self.op in ("isempty", "isnotempty"):
            return f"{self.op}({self.column})"
        if isinstance(self.needle, tuple):
            return f"{self.column} {self.op} ({', '.join(quote(n) for n in self.needle)})"
        return f"{self.column} {self.op} {quote(self.needle)}"


def _eq(v: str, n: str, cs: bool) -> bool:
    return v == n if cs else ascii_fold(v) == ascii_fold(n)


_OPS = {
    "has": lambda v, n: has(v, n, False),
    "has_cs": lambda v, n: has(v, n, True),
    "contains": lambda v, n: ascii_fold(n) in ascii_fold(v),
    "contains_cs": lambda v, n: n in v,
    "startswith": lambda v, n: ascii_fold(v).startswith(ascii_fold(n)),
    "startswith_cs": lambda v, n: v.startswith(n),
    "endswith": lambda v, n: ascii_fold(v).endswith(ascii_fold(n)),
    "endswith_cs": lambda v, n: v.endswith(n),
    "==": lambda v, n: _eq(v, n, True),
    "=~": lambda v, n: _eq(v, n, False),
    "in": lambda v, ns: any(_eq(v, n, True) for n in ns),
    "in~": lambda v, ns: any(_eq(v, n, False) for n in ns),
    "has_any": lambda v, ns: any(has(v, n, False) for n in ns),
    "has_all": lambda v, ns: all(has(v, n, False) for n in ns),
    "isempty": lambda v, n: v == "",
    "isnotempty": lambda v, n: v != "",
    "matches regex": regex,
}


def quote(value: str) -> str:
    """A KQL literal for *value*; which documented form is picked varies (plain, verbatim, obfuscated)."""
    plain = (
        "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t") + "'"
    )
    if "'" in value or "\n" in value or "\t" in value or "\\" in value:
        return plain
    forms = [plain, f"@'{value}'", f"h'{value}'", f'"{value}"']
    return forms[sum(map(ord, value)) % len(forms)]


Pred = Test | tuple  # ("and"|"or", [preds]) or ("not", pred)


def holds(pred: Pred, row: dict[str, str]) -> bool:
    if isinstance(pred, Test):
        return pred.holds(row)
    kind, arg = pred
    if kind == "not":
        return not holds(arg, row)
    values = (holds(p, row) for p in arg)
    return all(values) if kind == "and" else any(values)


def kql(pred: Pred) -> str:
    if isinstance(pred, Test):
        return pred.kql()
    kind, arg = pred
    if kind == "not":
        return f"not({kql(arg)})"
    return "(" + f" {kind} ".join(kql(p) for p in arg) + ")"


def tests_of(pred: Pred) -> list[Test]:
    if isinstance(pred, Test):
        return [pred]
    kind, arg = pred
    return tests_of(arg) if kind == "not" else [t for p in arg for t in tests_of(p)]


@dataclass(frozen=True)
class Query:
    pred: Pred
    window: tuple[str, str] | None = None

    def text(self) -> str:
        head = TABLE
        if self.window:
            head += f"\n| where Timestamp between ({self.window[0]} .. {self.window[1]})"
        return f"{head}\n| where {kql(self.pred)}"

    def in_window(self, now: datetime, moment: datetime) -> bool:
        if self.window is None:
            return True
        return BOUNDS[self.window[0]](now) <= moment <= BOUNDS[self.window[1]](now)


# --- the universe and the oracle -----------------------------------------------------------


def universe() -> list[str]:
    pieces = list(dict.fromkeys(NEEDLES + [n.upper() for n in NEEDLES] + BOUNDARY))
    strings = ["", *pieces]
    strings += [a + b for a, b in itertools.product(pieces, repeat=2)]
    return list(dict.fromkeys(strings))


_UNIVERSE = universe()


def _moments(queries: tuple[Query, Query], now: datetime) -> list[datetime]:
    points = {now - timedelta(days=400)}
    for q in queries:
        if q.window:
            for b in q.window:
                t = BOUNDS[b](now)
                points |= {t - timedelta(seconds=1), t, t + timedelta(seconds=1)}
    return sorted(points)


def separation(gen: Query, ref: Query) -> tuple[bool, bool]:
    """(a row only gen matches exists, a row only ref matches exists), over the universe and NOWS."""
    only_gen, only_ref = separating_rows(gen, ref)
    return only_gen is not None, only_ref is not None


def separating_rows(gen: Query, ref: Query) -> tuple[dict | None, dict | None]:
    """A row only gen matches and a row only ref matches (None: there is none), each with its ``now``."""
    columns = sorted({t.column for q in (gen, ref) for t in tests_of(q.pred)})
    per_column = {c: _distinct_rows(c, gen, ref) for c in columns}
    rows = [dict(zip(columns, combo, strict=True)) for combo in itertools.product(*per_column.values())]
    truths = [(r, holds(gen.pred, r), holds(ref.pred, r)) for r in rows] or [({}, True, True)]
    only_gen = only_ref = None
    for now in NOWS:
        for moment in _moments((gen, ref), now):
            wg, wr = gen.in_window(now, moment), ref.in_window(now, moment)
            for row, pg, pr in truths:
                g, r = pg and wg, pr and wr
                if g and not r and only_gen is None:
                    only_gen = _example(row, moment, now)
                if r and not g and only_ref is None:
                    only_ref = _example(row, moment, now)
    return only_gen, only_ref


def _example(row: dict[str, str], moment: datetime, now: datetime) -> dict[str, str]:
    return {**row, "Timestamp": moment.isoformat(), "now": now.isoformat()}


def _distinct_rows(column: str, *queries: Query) -> list[str]:
    """One string per distinct truth vector of the column's tests (the rest cannot change a verdict)."""
    tests = [t for q in queries for t in tests_of(q.pred) if t.column == column]
    seen: dict[tuple[bool, ...], str] = {}
    for value in _UNIVERSE:
        seen.setdefault(tuple(t.holds({column: value}) for t in tests), value)
    return list(seen.values())


def sound(kind: str, only_gen: bool, only_ref: bool) -> bool:
    """Whether a verdict is consistent with what the oracle found."""
    if kind == "equivalent":
        return not only_gen and not only_ref
    if kind == "broader":
        return not only_ref
    if kind == "narrower":
        return not only_gen
    return True


# --- the generator ---------------------------------------------------------------------------

_SCALAR_OPS = [
    "has", "has_cs", "!has", "contains", "contains_cs", "!contains", "startswith", "startswith_cs",
    "endswith", "endswith_cs", "==", "=~", "!=", "!~",
]  # fmt: skip
_LIST_OPS = ["in", "in~", "has_any", "has_all", "!in", "!in~"]
_REGEXES = [
    "^ab$",
    "a.b",
    "^a[^b]",
    "(?i)^s",
    "(?i)k$",
    "a\\tb",
    "^ab\n?$",
    "b$",
    "[.]",
    "a[ \\t]b",
    "^[^a]*$",
]


def random_test(rng: random.Random, column: str) -> Test:
    roll = rng.random()
    if roll < 0.6:
        return Test(column, rng.choice(_SCALAR_OPS), rng.choice(NEEDLES))
    if roll < 0.8:
        return Test(column, rng.choice(_LIST_OPS), tuple(rng.sample(NEEDLES, rng.randint(1, 3))))
    if roll < 0.9:
        return Test(column, rng.choice(["isempty", "isnotempty"]), "")
    return Test(column, "matches regex", rng.choice(_REGEXES))


def random_pred(rng: random.Random, depth: int = 2) -> Pred:
    column = rng.choice(COLUMNS) if rng.random() < 0.3 else "X"
    if depth == 0 or rng.random() < 0.35:
        return random_test(rng, column)
    if rng.random() < 0.15:
        return ("not", random_pred(rng, depth - 1))
    width = 2 if depth > 1 else rng.randint(2, 3)
    return (rng.choice(["and", "or"]), [random_pred(rng, depth - 1) for _ in range(width)])


def mutate(rng: random.Random, pred: Pred) -> Pred:
    """A nearby predicate: often equivalent by a rewrite, sometimes subtly different."""
    if isinstance(pred, Test):
        return _mutate_test(rng, pred)
    kind, arg = pred
    roll = rng.random()
    if kind == "not":
        if isinstance(arg, tuple) and arg[0] in ("and", "or") and roll < 0.5:  # De Morgan
            return ("or" if arg[0] == "and" else "and", [("not", p) for p in arg[1]])
        return ("not", mutate(rng, arg))
    if roll < 0.2:
        return (kind, list(reversed(arg)))
    if roll < 0.3:
        return ("and" if kind == "or" else "or", arg)
    i = rng.randrange(len(arg))
    return (kind, [mutate(rng, p) if j == i else p for j, p in enumerate(arg)])


_CASE_SWAP = {"has": "has_cs", "contains": "contains_cs", "startswith": "startswith_cs",
              "endswith": "endswith_cs", "==": "=~", "in": "in~"}  # fmt: skip
_CASE_SWAP |= {v: k for k, v in _CASE_SWAP.items()}


def _mutate_test(rng: random.Random, test: Test) -> Pred:
    roll = rng.random()
    n = test.needle
    if test.op == "has_any" and roll < 0.5:
        return ("or", [Test(test.column, "has", x) for x in n])
    if test.op == "in" and roll < 0.5:
        return ("or", [Test(test.column, "==", x) for x in n])
    if test.op == "isempty" and roll < 0.5:
        return Test(test.column, "==", "")
    if test.op == "matches regex" and test.needle == "^ab$" and roll < 0.5:
        return Test(test.column, "==", "ab")
    if roll < 0.3 and test.op in _CASE_SWAP:
        return Test(test.column, _CASE_SWAP[test.op], n)
    if roll < 0.5 and isinstance(n, str) and test.op not in ("isempty", "isnotempty", "matches regex"):
        return Test(test.column, test.op, rng.choice([n.upper(), n.lower(), n + ".", rng.choice(NEEDLES)]))
    if roll < 0.6:
        return ("not", ("not", test))
    if roll < 0.8:
        return random_test(rng, test.column)
    return test


def random_window(rng: random.Random) -> tuple[str, str] | None:
    if rng.random() < 0.5:
        return None
    return (rng.choice(list(BOUNDS)[:-2]), rng.choice(HIGHS))


def random_pair(rng: random.Random) -> tuple[Query, Query]:
    ref_pred = random_pred(rng)
    gen_pred = mutate(rng, ref_pred) if rng.random() < 0.85 else random_pred(rng)
    ref_window = random_window(rng)
    gen_window = ref_window if rng.random() < 0.6 else random_window(rng)
    return Query(gen_pred, gen_window), Query(ref_pred, ref_window)


def pair_at(seed: int, index: int) -> tuple[Query, Query]:
    """Pair number *index* of stream *seed*: a function of both alone, so any slice reproduces a run."""
    return random_pair(random.Random(seed * 1_000_003 + index))
