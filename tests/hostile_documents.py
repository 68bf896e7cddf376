"""Hypothesis strategies for JSON-like documents (what a Sentinel YAML or ARM JSON file holds) whose
strings and keys come from a test's own hostile string strategy."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def documents(strings: st.SearchStrategy[str]) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Up to three documents: dicts keyed by ``strings``, holding ``strings``, integers JSON and YAML
    keep exact, booleans, nulls, and lists and dicts of them."""
    values = st.recursive(
        st.one_of(strings, st.integers(-(2**53), 2**53), st.booleans(), st.none()),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(strings, inner, max_size=4)),
        max_leaves=12,
    )
    return st.lists(st.dictionaries(strings, values, max_size=5), max_size=3)
