"""Text-level normal form of a KQL query, for the round-trip tests (tests/test_roundtrip.py) only."""

from __future__ import annotations

from rmm_sigma.verify.kql_text import Token, tokenize


def _sort_lists(tokens: list[Token]) -> list[Token]:
    """Sort the items of every ``( 'a', 'b', ... )`` literal list, so list order does not count."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        out.append(tokens[i])
        if tokens[i].value == "(":
            j = i + 1
            items: list[Token] = []
            while j + 1 < len(tokens) and tokens[j].kind == "string" and tokens[j + 1].value in (",", ")"):
                items.append(tokens[j])
                if tokens[j + 1].value == ")":
                    break
                j += 2
            if len(items) > 1 and tokens[j + 1].value == ")":
                for k, item in enumerate(sorted(items, key=lambda t: t.value.lower())):
                    out.extend([item, Token("op", ",")] if k < len(items) - 1 else [item])
                i = j + 1
                continue
        i += 1
    return out


def normalize(text: str, *, sort_lists: bool = False) -> str:
    """One canonical line per query: tokens joined by single spaces, comments and layout gone."""
    tokens = tokenize(text)
    if sort_lists:
        tokens = _sort_lists(tokens)
    return " ".join(str(t) for t in tokens)
