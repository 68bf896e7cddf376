"""The pieces: query parsing, feature grouping, cell enumeration, the regex translation, and the
z3 model of every operator against duckdb-kql on random strings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmm_sigma.verify.equivalence import execute
from rmm_sigma.verify.equivalence.predicate import Atom, Not, Or, atoms
from rmm_sigma.verify.equivalence.query import InvalidQuery, UnsupportedQuery, parse_query
from rmm_sigma.verify.equivalence.witnesses import Feature, atom_truth, field_cells, group_features
from rmm_sigma.verify.reference import read_reference, read_seed

REFERENCE = """let Time_start = now(-5d);
let Time_end = now();
//
DeviceNetworkEvents
| where Timestamp between (Time_start..Time_end)
| where RemoteUrl has_any (
        'rm.mspbackups.com',		// MSP360 | summarize
        "client.rmm.mspbackups.com"
    )
    and InitiatingProcessVersionInfoCompanyName has_any ('CloudBerry', 'MSP360')
    and (X has @'a\\b' or isempty(Y))
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName, RemoteUrl
"""


def test_parse_reference_shape() -> None:
    parsed = parse_query(REFERENCE)
    assert parsed.table == "DeviceNetworkEvents"
    assert str(parsed.window) == "now(-5d)..now()"
    assert parsed.shape is not None and parsed.shape.by == ("DeviceId", "DeviceName", "RemoteUrl")
    assert ("Report", "make_set(ReportId)") in parsed.shape.aggregates
    found = {(a.field, a.kind, a.value) for a in atoms(parsed.predicate)}
    assert ("RemoteUrl", "has", "client.rmm.mspbackups.com") in found
    assert ("X", "has", "a\\b") in found  # verbatim literal: the backslash stays
    assert ("Y", "eq", "") in found  # isempty(Y) is Y == '' (KQL strings are never null)
    assert parsed.membership_text.rstrip().endswith("| project ReportId")
    assert "// MSP360 | summarize" in parsed.membership_text  # the comment is not the operator
    assert "count()" not in parsed.membership_text


def test_string_literal_forms_and_escapes() -> None:
    parsed = parse_query("T | where A == 'it\\'s' or B == \"say \\\"hi\\\"\" or C == @'c:\\temp'")
    values = sorted(a.value for a in atoms(parsed.predicate))
    assert values == ["c:\\temp", "it's", 'say "hi"']


def test_negations_normalise_to_not() -> None:
    pred = parse_query("T | where X !has 'a' and X !in~ ('b', 'C')").predicate
    assert pred.args[0] == Not(Atom.make("X", "has", "a", False))
    assert pred.args[1] == Not(Or((Atom.make("X", "eq", "b", False), Atom.make("X", "eq", "c", False))))


@pytest.mark.parametrize(
    ("text", "error", "named"),
    [
        ("T | where X has 'a' | take 5", UnsupportedQuery, "operator `take`"),
        ("T | where X has 'a' | summarize count() | where count_ > 1", UnsupportedQuery, "after summarize"),
        ("T | where Timestamp > ago(1d)", UnsupportedQuery, "time filter `Timestamp > ...`"),
        ("T | where X has", InvalidQuery, "1:"),
        ("T | where X == 5", UnsupportedQuery, "long literal"),
    ],
)
def test_refusals_name_the_construct(text: str, error: type, named: str) -> None:
    with pytest.raises(error, match=None) as caught:
        parse_query(text)
    assert named in str(caught.value)


def test_has_any_lists_share_one_feature_when_used_together() -> None:
    gen = parse_query("T | where U has_any ('a.com', 'b.com', 'c.com') and C has 'x'").predicate
    ref = parse_query("T | where U has_any ('b.com', 'a.com') and C has 'x'").predicate
    features = group_features([gen, ref])
    kinds = [(f.kind, len(f.atoms)) for f in features["U"]]
    assert sorted(kinds) == [("atom", 1), ("or", 2)]  # {a, b} shared, c alone


def test_cells_are_every_satisfiable_combination() -> None:
    has = Atom.make("U", "has", "b.com", False)
    contains = Atom.make("U", "contains", "b.com", False)
    cells = field_cells((Feature("atom", (contains,)), Feature("atom", (has,))))
    assert cells.complete
    assert sorted(cells.vectors) == [(False, False), (True, False), (True, True)]  # has implies contains
    for witness, (c, h) in zip(cells.witnesses, cells.vectors, strict=True):
        assert atom_truth(contains, witness) is c and atom_truth(has, witness) is h


def test_corpus_block_extraction(tmp_path: Path) -> None:
    reference = tmp_path / "rmm_x.yaml"
    reference.write_text(
        "id: x\nname: n\nquery: |\n  let a = 1;\n  T\n  | where X has 'a'\n\n  | take 1\n"
        "requiredDataConnectors:\n"
    )
    assert read_reference(reference).query == "let a = 1;\nT\n| where X has 'a'\n\n| take 1\n"
    seed = tmp_path / "000_x.txt"
    seed.write_text("Hypothesis text\nKQL Query\nT\n| where X has 'a'\nid: 1\nname: n\n")
    assert read_seed(seed).query == "T\n| where X has 'a'\n"


# --- the z3 model of each operator, against duckdb-kql, on random strings -----------------------

_ALPHABET = "aAbB.- _1é"
_OPERATORS = [
    ("has", False),
    ("has", True),
    ("contains", False),
    ("contains", True),
    ("startswith", False),
    ("startswith", True),
    ("endswith", False),
    ("endswith", True),
    ("eq", False),
    ("eq", True),
    ("empty", True),
]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    needle=st.text(alphabet=_ALPHABET.replace("é", ""), min_size=0, max_size=4),
    values=st.lists(st.text(alphabet=_ALPHABET.replace("é", ""), max_size=8), min_size=1, max_size=12),
)
def test_z3_model_matches_duckdb_kql_on_ascii(needle: str, values: list[str]) -> None:
    """Every operator, every value: the model's truth is duckdb-kql's (on ASCII, where both agree)."""
    cases = [(Atom.make("V", kind, needle, cs), values + [None]) for kind, cs in _OPERATORS]
    executed = execute.atom_truths(cases)
    for (atom, value), truth in executed.items():
        assert atom_truth(atom, value) is truth, (atom.kql(), value)


@pytest.mark.parametrize(
    ("pattern", "subject"),
    [
        (r"ab+c", "xxabbbcx"),
        (r"^ab+c$", "abbc"),
        (r"^ab+c$", "abbcx"),
        (r"(?i)^[a-z]+\.exe$", "Setup.EXE"),
        (r"[0-9]{2,3}-[a-z_]+", "a12-x_y"),
        (r"[0-9]{2,3}-[a-z_]+", "1-x"),
        (r"colou?r|grey", "gray"),
        (r"[^a-c]x", "cx"),
        (r"[^a-c]x", "dx"),
        (r"a.c", "a\nc"),
        (r"a\tb", "a\tb"),
        (r"(?i)^s$", "\u017f"),
        (r"^ab$", "ab\n"),
        (r"(?:ab){2}", "abab"),
    ],
)
def test_regex_translation_matches_duckdb_kql(pattern: str, subject: str) -> None:
    atom = Atom.make("V", "regex", pattern, True)
    executed = execute.atom_truths([(atom, [subject])])
    assert atom_truth(atom, subject) is executed[(atom, subject)]
