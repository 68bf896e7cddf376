"""Named repairs of known reference defects, applied to the token stream of a query.

A defective reference (a trailing comma, a group-by column the table does not have) cannot be
executed, so it cannot be proven equivalent to anything. A *named* repair turns it into the query
its author evidently meant; the round-trip test and ``rmm-sigma verify --accept`` then require the
generated query to match the repaired reference exactly (text) and equivalently (semantics), so an
accepted defect can never hide a converter regression on the same query.

Repairs (``name:argument``): ``drop_group_by:COLUMN``, ``drop_trailing_commas``,
``has_all_has_any:OPERATOR`` (the two operators in a row become OPERATOR).
"""

from __future__ import annotations

from rmm_sigma.verify.kql_text import Token, tokenize


class RepairError(ValueError):
    """A repair that does not apply: the defect it names is not in the query."""


def _drop_group_by(tokens: list[Token], column: str) -> list[Token]:
    by = max((i for i, t in enumerate(tokens) if t.value == "by"), default=-1)
    tail = [t for t in tokens[by + 1 :] if t.value != ","]
    kept = [t for t in tail if t.value != column]
    if by < 0 or len(kept) == len(tail):
        raise RepairError(f"no group-by column {column} to drop")
    joined: list[Token] = []
    for t in kept:
        joined += [Token("op", ","), t] if joined else [t]
    return tokens[: by + 1] + joined


def _drop_trailing_commas(tokens: list[Token], _: str) -> list[Token]:
    out = [
        t
        for i, t in enumerate(tokens)
        if not (t.value == "," and i + 1 < len(tokens) and tokens[i + 1].value == ")")
    ]
    if len(out) == len(tokens):
        raise RepairError("no trailing comma to drop")
    return out


def _has_all_has_any(tokens: list[Token], operator: str) -> list[Token]:
    pairs = [
        i for i in range(len(tokens) - 1) if (tokens[i].value, tokens[i + 1].value) == ("has_all", "has_any")
    ]
    if not pairs:
        raise RepairError("no 'has_all has_any' to repair")
    i = pairs[0]
    return tokens[:i] + [Token("name", operator)] + tokens[i + 2 :]


_REPAIRS = {
    "drop_group_by": _drop_group_by,
    "drop_trailing_commas": _drop_trailing_commas,
    "has_all_has_any": _has_all_has_any,
}


def apply_repairs(query: str, repairs: list[str]) -> str:
    """The query with each named repair applied, as KQL text (one token per space, comments gone)."""
    tokens = tokenize(query)
    for repair in repairs:
        name, _, argument = repair.partition(":")
        if name not in _REPAIRS:
            raise RepairError(f"unknown repair '{repair}' (known: {', '.join(_REPAIRS)})")
        tokens = _REPAIRS[name](tokens, argument)
    return " ".join(str(t) for t in tokens)
