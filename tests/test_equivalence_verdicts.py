"""Verdict kinds, reasons, refusals, the loud disagreement path, determinism, and the whole corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from corpus_queries import reference_queries
from run_alone import matches_each

from rmm_sigma.verify.equivalence import ModelDisagreement, Verdict, clear_caches, compare, witnesses

HEADER = (
    "let Time_start = now(-5d);\nlet Time_end = now();\n//\n"
    "{table}\n| where Timestamp between (Time_start..Time_end)\n"
)
SUMMARY = (
    "| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),\n"
    "    Report=make_set(ReportId), Count=count() by {by}\n"
)


def q(predicate: str, table: str = "DeviceNetworkEvents", by: str = "DeviceId, DeviceName, RemoteUrl") -> str:
    """A query in the reference shape around *predicate*."""
    return HEADER.format(table=table) + f"| where {predicate}\n" + SUMMARY.format(by=by)


def assert_separates(verdict: Verdict, generated: str, reference: str) -> None:
    """Every counterexample, run alone, is matched by exactly one of the two queries."""
    rows = verdict.counterexamples
    assert rows
    for row, gen, ref in zip(rows, matches_each(generated, rows), matches_each(reference, rows), strict=True):
        assert gen != ref, row


# --- the kinds ---------------------------------------------------------------------------


def test_contains_is_broader_than_has() -> None:
    gen, ref = q("RemoteUrl contains 'mspbackups.com'"), q("RemoteUrl has 'mspbackups.com'")
    verdict = compare(gen, ref)
    assert verdict.kind == "broader", verdict.reason
    assert_separates(verdict, gen, ref)
    assert "generated also matches" in verdict.reason


def test_has_is_narrower_than_contains() -> None:
    gen, ref = q("RemoteUrl has 'mspbackups.com'"), q("RemoteUrl contains 'mspbackups.com'")
    verdict = compare(gen, ref)
    assert verdict.kind == "narrower", verdict.reason
    assert_separates(verdict, gen, ref)


def test_overlapping_predicates_are_different_with_rows_both_ways() -> None:
    gen, ref = q("RemoteUrl has_any ('a.com', 'b.com')"), q("RemoteUrl has_any ('b.com', 'c.com')")
    verdict = compare(gen, ref)
    assert verdict.kind == "different", verdict.reason
    assert_separates(verdict, gen, ref)
    rows = verdict.counterexamples
    matched = set(zip(matches_each(gen, rows), matches_each(ref, rows), strict=True))
    assert matched == {(True, False), (False, True)}


def test_equivalent_spellings_are_decided() -> None:
    gen = q("RemoteUrl has 'a.com' or RemoteUrl has 'b.com'")
    ref = q("RemoteUrl has_any ('B.COM', 'a.com')")
    verdict = compare(gen, ref)
    assert verdict == Verdict("equivalent", verdict.reason, ())
    assert "(decided)" in verdict.reason


@pytest.mark.parametrize(
    ("gen", "ref", "kind"),
    [
        ("X !has 'a' and not(X contains 'b')", "not(X has 'a') and X !contains 'b'", "equivalent"),
        ("X in~ ('A.exe', 'b.exe')", "X =~ 'a.exe' or X =~ 'B.EXE'", "equivalent"),
        ("X in ('a.exe')", "X =~ 'a.exe'", "narrower"),
        ("X has_all ('a', 'b')", "X has 'a' and X has 'b'", "equivalent"),
        ("isnotempty(X)", "not(isempty(X))", "equivalent"),
        ("X startswith_cs 'Ab'", "X startswith 'ab'", "narrower"),
        ("X endswith '.exe'", "X endswith '.EXE'", "equivalent"),
        ("X has 'a.b'", "X has 'a' and X has 'b'", "narrower"),
        ("X matches regex @'ab+c'", "X contains_cs 'abc'", "broader"),
        ("X matches regex @'(?i)^[a-z]+\\.exe$'", "X endswith '.exe'", "narrower"),
        ("X == 'abc'", "X matches regex '^abc$'", "equivalent"),
    ],
)
def test_atom_semantics(gen: str, ref: str, kind: str) -> None:
    generated, reference = q(gen), q(ref)
    verdict = compare(generated, reference)
    assert verdict.kind == kind, verdict.reason
    if kind != "equivalent":
        assert_separates(verdict, generated, reference)


def test_isempty_is_the_empty_string() -> None:
    """Issue 9 class 5: Kusto string columns are never null, so `isempty(X)` is `X == ''` (no null rows)."""
    assert compare(q("X == ''"), q("isempty(X)")).kind == "equivalent"
    assert compare(q("X != ''"), q("isnotempty(X)")).kind == "equivalent"


# --- shape -------------------------------------------------------------------------------


def test_group_by_difference_is_named() -> None:
    gen = q("RemoteUrl has 'a.com'", by="DeviceId, DeviceName, RemoteUrl")
    ref = q("RemoteUrl has 'a.com'", by="DeviceId, DeviceName, AccountUpn")
    verdict = compare(gen, ref)
    assert verdict.kind == "different"
    assert verdict.reason.startswith("group-by: reference has AccountUpn, generated has RemoteUrl")
    assert "where-predicates: equivalent" in verdict.reason


def test_table_difference_is_named() -> None:
    verdict = compare(q("X has 'a'", table="DeviceProcessEvents"), q("X has 'a'"))
    assert verdict.kind == "different"
    assert "table: reference DeviceNetworkEvents, generated DeviceProcessEvents" in verdict.reason


def test_longer_time_window_is_broader_and_shown_by_a_row() -> None:
    gen, ref = q("X has 'a'").replace("now(-5d)", "now(-7d)"), q("X has 'a'")
    verdict = compare(gen, ref)
    assert verdict.kind == "broader"
    assert "time window: reference now(-5d)..now(), generated now(-7d)..now()" in verdict.reason
    assert_separates(verdict, gen, ref)
    assert compare(ref, gen).kind == "narrower"


def test_same_window_spelled_differently_is_the_same_window() -> None:
    verdict = compare(q("X has 'a'").replace("now(-5d)", "ago(5d)"), q("X has 'a'"))
    assert verdict.kind == "equivalent", verdict.reason


def test_aggregation_difference_is_named() -> None:
    gen = q("X has 'a'").replace("Count=count()", "Count=dcount(DeviceId)")
    verdict = compare(gen, q("X has 'a'"))
    assert verdict.kind == "different"
    assert "aggregations: reference has Count=count(), generated has Count=dcount(DeviceId)" in verdict.reason


# --- refusals ------------------------------------------------------------------------------


def test_join_is_unsupported_and_named() -> None:
    gen = q("X has 'a'").replace("| summarize", "| join kind=inner (DeviceInfo) on DeviceId\n| summarize")
    verdict = compare(gen, q("X has 'a'"))
    assert verdict.kind == "unsupported"
    assert verdict.reason.startswith("generated uses an unsupported construct: operator `join`")


@pytest.mark.parametrize(
    ("predicate", "named"),
    [
        ("X hasprefix 'a'", "operator `hasprefix`"),
        ("strlen(X) > 3", "operator `>`"),
        ("X has_any (dynamic(['a']))", "dynamic literal"),
        ("X matches regex @'\\bword'", "word boundary"),
        ("X == Y", "column `Y`"),
    ],
)
def test_constructs_outside_the_fragment_are_named(predicate: str, named: str) -> None:
    verdict = compare(q(predicate), q("X has 'a'"))
    assert verdict.kind == "unsupported"
    assert named in verdict.reason


def test_unparseable_text_is_invalid_with_side_and_position() -> None:
    verdict = compare(q("X has 'a'"), "DeviceNetworkEvents | where X has (")
    assert verdict.kind == "invalid"
    assert verdict.reason.startswith("reference does not parse: 1:")


@pytest.mark.parametrize(
    ("fragment", "kind", "hint"),
    [
        ("X has_any ('a', 'b',\n)", "invalid", "trailing comma"),
        ("X has_all has_any ('a', 'b')", "invalid", "two operators in a row"),
    ],
)
def test_reference_defects_are_explained(fragment: str, kind: str, hint: str) -> None:
    verdict = compare(q("X has 'a'"), q(fragment))
    assert verdict.kind == kind
    assert hint in verdict.reason


def test_pipe_without_operator_is_invalid_with_hint() -> None:
    ref = HEADER.format(table="DeviceProcessEvents") + "| Sha1 in ('abc')\n" + SUMMARY.format(by="DeviceId")
    verdict = compare(q("X has 'a'"), ref)
    assert verdict.kind == "invalid"
    assert "missing `where`?" in verdict.reason


def test_tabular_let_subquery_is_unsupported_and_named() -> None:
    ref = (
        "let Time_start = now(-5d);\nlet Time_end = now();\n"
        "let files = DeviceFileCertificateInfo | where Signer has 'x' | distinct Sha1;\n"
        "DeviceNetworkEvents\n| where Timestamp between (Time_start..Time_end)\n"
        "| where RemoteUrl has 'a.com' and InitiatingProcessSHA1 in (files)\n" + SUMMARY.format(by="DeviceId")
    )
    verdict = compare(q("RemoteUrl has 'a.com'"), ref)
    assert verdict.kind == "unsupported"
    assert "`InitiatingProcessSHA1 in (...)` over a tabular subquery" in verdict.reason


# --- tested, not decided ----------------------------------------------------------------------


@pytest.mark.slow
def test_too_many_combinations_is_tested_not_decided() -> None:
    fields = "ABCDEFGH"  # 4 cells per field: 4^8 combinations exceed the table limit
    gen = " and ".join(f"({f} has 'p{f}' or {f} has 'q{f}')" for f in fields)
    ref = " and ".join(f"({f} has 'q{f}' or ({f} has 'p{f}' and {f} has 'p{f}'))" for f in fields)
    verdict = compare(q(gen), q(ref))
    assert verdict.kind == "tested_equivalent"
    assert "tested, not decided" in verdict.reason
    assert "z3 finds no separating combination" in verdict.reason
    mutated = ref.replace("H has 'qH'", "H contains 'qH'")
    caught = compare(q(gen), q(mutated))
    # a separating row is found, but "narrower" (no row the other way) would be a claim about every
    # row, which a covering sample cannot make: the pair is `different`, and says so
    assert caught.kind == "different"
    assert "which one contains the other is not decided" in caught.reason
    assert_separates(caught, q(gen), q(mutated))


def test_cells_only_where_kql_and_duckdb_kql_disagree_are_reported_untested() -> None:
    """`== 'aü'` with `has 'ü'`: KQL says 'aü' has 'ü' (ü is no term character), duckdb-kql says not."""
    verdict = compare(q("X == 'aü' and X has 'ü'"), q("X == 'aü'"))
    assert verdict.kind == "tested_equivalent"
    assert "non-ASCII letter next to a needle were not tested" in verdict.reason


def test_non_ascii_needles_compare_without_disagreement() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelDisagreement)
        assert compare(q("Signer has 'DWSNET OÜ'"), q("Signer has 'dwsnet oÜ'")).kind == "equivalent"
        assert compare(q("Signer has 'DWSNET OÜ'"), q("Signer contains 'DWSNET OÜ'")).kind == "narrower"


# --- the loud path -------------------------------------------------------------------------


def test_a_wrong_prediction_is_reported_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Break the model's ground truth for `has` (substring, not term): the probes expose it."""
    real = witnesses.atom_truth

    def broken(atom, value):  # type: ignore[no-untyped-def]
        if atom.kind == "has" and value is not None:
            return atom.value in value.lower()
        return real(atom, value)

    clear_caches()
    monkeypatch.setattr(witnesses, "atom_truth", broken)
    try:
        with pytest.warns(ModelDisagreement):
            verdict = compare(q("RemoteUrl has 'mspbackups.com'"), q("RemoteUrl has 'mspbackups.com'"))
    finally:
        monkeypatch.undo()
        clear_caches()
    assert verdict.kind == "unsupported"
    assert verdict.reason.startswith("MODEL/EXECUTION DISAGREEMENT")
    assert "cannot certify equivalence" in verdict.reason


def test_a_wrong_z3_encoding_cannot_produce_a_false_equivalent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encode `has` as `contains` in z3 itself: its cells then cannot tell the two apart, yet the verdict
    must not be 'equivalent' -- execution on the probe rows separates them, and the mismatch is loud."""
    real = witnesses._Enc.atom

    def broken(self, atom):  # type: ignore[no-untyped-def]
        if atom.kind == "has":
            atom = witnesses.Atom.make(atom.field, "contains", atom.value, atom.cs)
        return real(self, atom)

    clear_caches()
    monkeypatch.setattr(witnesses._Enc, "atom", broken)
    try:
        with pytest.warns(ModelDisagreement):
            verdict = compare(q("RemoteUrl has 'mspbackups.com'"), q("RemoteUrl contains 'mspbackups.com'"))
    finally:
        monkeypatch.undo()
        clear_caches()
    # Execution says narrower, but with the model disagreeing no containment is certified either.
    assert verdict.kind == "unsupported"
    assert verdict.reason.startswith("MODEL/EXECUTION DISAGREEMENT")
    assert "cannot certify 'narrower'" in verdict.reason


# --- determinism -------------------------------------------------------------------------------

_PAIR = (
    q("RemoteUrl has_any ('rm.mspbackups.com', 'connect.ra.msp360.com') and Company has 'MSP360'"),
    q("RemoteUrl has_any ('connect.ra.msp360.com', 'client.rmm.mspbackups.com', 'rm.mspbackups.com')"),
)


def test_same_inputs_same_verdict_in_process() -> None:
    clear_caches()
    first = compare(*_PAIR)
    clear_caches()
    assert compare(*_PAIR) == first


@pytest.mark.slow
def test_same_inputs_same_verdict_across_processes() -> None:
    """Fresh interpreters with different hash seeds give the same verdict and counterexample order."""
    code = (
        "import json, sys; from rmm_sigma.verify.equivalence import compare; "
        "g, r = json.load(sys.stdin); v = compare(g, r); "
        "print(json.dumps([v.kind, v.reason, v.counterexamples], default=str))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(_PAIR),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    kind, _, rows = json.loads(outputs.pop())
    assert kind == "narrower" and rows


# --- the whole corpus -----------------------------------------------------------------------

#: References the brief lists as defective, and what the checker must say about them.
DEFECTS = {
    "DWService/rmm_DWService_createproc.yaml": "invalid",  # `| Sha1 in (...)` without `where`
    "DWService/rmm_DWService_netconn.yaml": "unsupported",  # `in (tabular let)`: a join
    "Level/rmm_Level_createproc.yaml": "invalid",  # `has_all has_any (...)`
    "MSP360_CloudBerry/rmm_MSP360_CloudBerry_netconn.yaml": "invalid",  # trailing comma
    "ZohoAssist/rmm_ZohoAssist_netconn.yaml": "invalid",  # trailing comma
}


@pytest.mark.slow
def test_corpus_queries_are_equivalent_to_themselves(corpus_root: Path) -> None:
    """Every defective query and every sixth other one, by name: the corpus verify in test_verify.py
    compares all 167 with their generated twins, which for 106 of them are the same text, so this
    sample only needs to reach the defective queries verify compares after repair, and a spread of
    the others."""
    every = reference_queries(corpus_root)
    assert len(every) >= 160
    names = sorted(every)
    queries = {n: every[n] for i, n in enumerate(names) if n in DEFECTS or i % 6 == 0}
    assert set(DEFECTS) <= set(queries) and len(queries) >= 30
    started = time.perf_counter()
    verdicts = {name: compare(text, text) for name, text in queries.items()}
    elapsed = time.perf_counter() - started
    print(f"\ncorpus self-comparison: {len(queries)} queries in {elapsed:.1f}s")
    for name, verdict in verdicts.items():
        expected = DEFECTS.get(name, "equivalent")
        assert verdict.kind == expected, (name, verdict.reason)
        if expected == "equivalent":
            assert verdict.reason.endswith("(decided)"), (name, verdict.reason)
