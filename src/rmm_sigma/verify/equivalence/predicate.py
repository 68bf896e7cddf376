"""The predicate fragment: string atoms on fields, combined with and / or / not.

Every supported KQL string test is normalised to one :class:`Atom` kind so that
spellings with the same meaning (``has_any ('a')`` and ``has 'a'``, ``X !has 'a'``
and ``not(X has 'a')``, ``in~`` and or-ed ``=~``) become the same formula, and the
solver and the execution cross-check talk about the same objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

_CS_SPELLING = {
    "has": "has_cs",
    "contains": "contains_cs",
    "startswith": "startswith_cs",
    "endswith": "endswith_cs",
    "eq": "==",
    "regex": "matches regex",
}
_CI_SPELLING = {
    "has": "has",
    "contains": "contains",
    "startswith": "startswith",
    "endswith": "endswith",
    "eq": "=~",
}


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only: KQL's case-insensitive operators fold ASCII (see witnesses.py)."""
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def ascii_upper(text: str) -> str:
    """Upper-case ASCII letters only, the counterpart of :func:`ascii_lower`."""
    return "".join(c.upper() if "a" <= c <= "z" else c for c in text)


def kql_string(value: str) -> str:
    """Quote *value* as a single-quoted KQL literal, escaping what KQL requires."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f"'{escaped}'"


def kql_column(name: str) -> str:
    """A column reference, bracket-quoted only when it is not a plain identifier."""
    if name.replace("_", "a").isalnum() and not name[0].isdigit():
        return name
    return f"[{kql_string(name)}]"


@dataclass(frozen=True, order=True)
class Atom:
    """One string test on one field.

    Case-insensitive atoms store their value ASCII-lower-cased, so ``=~ 'Foo'`` and
    ``=~ 'foo'`` are the same atom (and the same solver variable).
    """

    field: str
    kind: str
    value: str
    cs: bool

    @staticmethod
    def make(field: str, kind: str, value: str, cs: bool) -> Atom:
        """Build a normalised atom (``empty`` has no value or case; ci values are folded)."""
        if kind == "empty":
            return Atom(field, kind, "", True)
        return Atom(field, kind, value if cs else ascii_lower(value), cs)

    def kql(self, column: str | None = None) -> str:
        """This atom as KQL text, on *column* (default: its own field)."""
        col = kql_column(column or self.field)
        if self.kind == "empty":
            return f"isempty({col})"
        spelling = _CS_SPELLING[self.kind] if self.cs else _CI_SPELLING[self.kind]
        return f"{col} {spelling} {kql_string(self.value)}"

    def __str__(self) -> str:
        return self.kql()


@dataclass(frozen=True)
class Not:
    arg: Pred


@dataclass(frozen=True)
class And:
    args: tuple[Pred, ...]


@dataclass(frozen=True)
class Or:
    args: tuple[Pred, ...]


@dataclass(frozen=True)
class Const:
    value: bool


Pred = Atom | Not | And | Or | Const

TRUE = Const(True)
FALSE = Const(False)


def conj(parts: list[Pred]) -> Pred:
    """And of *parts*, flattened; a single part stands alone, none is true."""
    return _joined(parts, And, TRUE)


def disj(parts: list[Pred]) -> Pred:
    """Or of *parts*, flattened; a single part stands alone, none is false."""
    return _joined(parts, Or, FALSE)


def _joined(parts: list[Pred], kind: type[And] | type[Or], empty: Const) -> Pred:
    flat: list[Pred] = []
    for part in parts:
        flat.extend(part.args if isinstance(part, kind) else (part,))
    if not flat:
        return empty
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def evaluate(pred: Pred, truth: Callable[[Atom], bool]) -> bool:
    """Two-valued evaluation, given each atom's truth on the row (null is handled by *truth*)."""
    if isinstance(pred, Atom):
        return truth(pred)
    if isinstance(pred, Not):
        return not evaluate(pred.arg, truth)
    if isinstance(pred, And):
        return all(evaluate(a, truth) for a in pred.args)
    if isinstance(pred, Or):
        return any(evaluate(a, truth) for a in pred.args)
    return pred.value


def walk_atoms(pred: Pred) -> Iterator[Atom]:
    """Every atom occurrence, left to right."""
    if isinstance(pred, Atom):
        yield pred
    elif isinstance(pred, Not):
        yield from walk_atoms(pred.arg)
    elif isinstance(pred, And | Or):
        for arg in pred.args:
            yield from walk_atoms(arg)


def atoms(pred: Pred) -> list[Atom]:
    """Distinct atoms in first-occurrence order (deterministic, unlike a set)."""
    return list(dict.fromkeys(walk_atoms(pred)))


def fields(pred: Pred) -> list[str]:
    """Distinct fields the predicate tests, in first-occurrence order."""
    return list(dict.fromkeys(a.field for a in walk_atoms(pred)))


def render(pred: Pred) -> str:
    """KQL text for the predicate (for messages and for re-running a fragment)."""
    if isinstance(pred, Atom):
        return pred.kql()
    if isinstance(pred, Not):
        return f"not({render(pred.arg)})"
    if isinstance(pred, And | Or):
        joiner = " and " if isinstance(pred, And) else " or "
        return "(" + joiner.join(render(a) for a in pred.args) + ")"
    return "true" if pred.value else "false"
