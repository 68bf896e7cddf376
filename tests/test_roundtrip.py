"""Round trip: the generated hunting queries against the seeds and the 167 reference queries.

Text-level only (layout, comments and quote style ignored; for the corpus also list order). Every
corpus query either matches exactly or is listed in tests/data/reference_defects.yml with a reason
and a repair; the repair is applied and must then give an exact match, so a reason cannot hide a
second difference. Semantic equivalence is tested separately (tests/test_verify*.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from corpus_queries import load_seeds, seed_scenarios
from kql_normalize import normalize

from rmm_sigma.verify.kql_analyzer import analyze
from rmm_sigma.verify.reference import ReferenceQuery, load_references
from rmm_sigma.verify.repairs import apply_repairs

DEFECTS_FILE = Path(__file__).parent / "data" / "reference_defects.yml"
DEFECTS: dict[str, dict] = yaml.safe_load(DEFECTS_FILE.read_text(encoding="utf-8"))


def repaired(query: str, repairs: list[str]) -> str:
    """The reference with the named repairs applied, normalised (lists sorted)."""
    return normalize(apply_repairs(query, repairs), sort_lists=True)


@pytest.fixture(scope="module")
def references(corpus_root: Path) -> dict[str, ReferenceQuery]:
    refs = load_references(corpus_root)
    assert len(refs) == 167
    return refs


@pytest.mark.parametrize(
    "seed_file", ["000_b7e5295d07ddd9db.txt", "001_c7f9563738213dc3.txt", "002_5e38732c50cb30ac.txt"]
)
def test_seed_hunting_query_round_trips_exactly(seed_file, seeds_root, rules_by_id, kql) -> None:
    seed = load_seeds(seeds_root)
    query = next(s for s in seed.values() if s.path.name == seed_file)
    generated = kql.convert(rules_by_id[query.id], "hunting")
    assert normalize(generated) == normalize(query.query)


def test_seed_sentinel_documents_carry_the_seed_metadata(seeds_root, rules_by_id, kql) -> None:
    for seed in load_seeds(seeds_root).values():
        doc = yaml.safe_load(kql.finalize([kql.convert(rules_by_id[seed.id], "sentinel")], "sentinel"))
        text = seed.path.read_text(encoding="utf-8")
        assert doc["id"] == seed.id
        assert doc["name"] == seed.name
        assert doc["requiredDataConnectors"][0]["connectorId"] == "MicrosoftThreatProtection"
        assert f"- {doc['requiredDataConnectors'][0]['dataTypes'][0]}\n" in text
        assert doc["tactics"] == ["CommandAndControl"] and doc["relevantTechniques"] == ["T1219"]
        assert normalize(doc["query"]) == normalize(seed.query)


def test_seed_tools_rules_carry_the_seed_false_positive_scenarios(seeds_root, rules) -> None:
    scenarios: dict[str, set[str]] = {}
    for seed in load_seeds(seeds_root).values():
        tool = seed.name.split(" - ")[1]
        scenarios.setdefault(tool, set()).update(seed_scenarios(seed.path))
    for tool, expected in scenarios.items():
        tool_rules = [r for r in rules if r.tool == tool]
        assert len(tool_rules) == 3
        for r in tool_rules:
            assert set(r.rule.falsepositives) <= expected and r.rule.falsepositives, r.path


@pytest.mark.slow
def test_every_corpus_query_matches_or_has_a_named_checked_defect(references, rules_by_id, kql) -> None:
    exact, repaired_ok, unsupported, failures = [], [], [], []
    for ref in references.values():
        name = ref.path.name
        defect = DEFECTS.get(name)
        if defect and "unsupported" in defect["repair"]:
            unsupported.append(name)
            continue
        generated = normalize(kql.convert(rules_by_id[ref.id], "hunting"), sort_lists=True)
        if defect is None:
            (exact if generated == normalize(ref.query, sort_lists=True) else failures).append(name)
        elif generated == repaired(ref.query, defect["repair"]):
            repaired_ok.append(name)
        else:
            failures.append(f"{name} (still differs after repair {defect['repair']})")
    print(
        f"\ncorpus round trip: {len(exact)} exact, {len(repaired_ok)} exact after a named repair, "
        f"{len(unsupported)} not expressible as one Sigma rule, {len(failures)} unexplained"
    )
    assert failures == []
    assert len(exact) + len(repaired_ok) >= 150


def test_defects_list_names_only_real_corpus_files_that_really_differ(references, rules_by_id, kql) -> None:
    by_name = {r.path.name: r for r in references.values()}
    for name, defect in DEFECTS.items():
        assert name in by_name, f"{name} is not in the corpus"
        assert defect["reason"].strip()
        ref = by_name[name]
        if "unsupported" in defect["repair"]:
            continue
        generated = normalize(kql.convert(rules_by_id[ref.id], "hunting"), sort_lists=True)
        assert generated != normalize(ref.query, sort_lists=True), f"{name} matches exactly: remove it"


def test_unsupported_references_have_no_or_a_documented_broader_rule(references, rules_by_id) -> None:
    for name, defect in DEFECTS.items():
        if "unsupported" not in defect["repair"]:
            continue
        ref = next(r for r in references.values() if r.path.name == name)
        rule = rules_by_id.get(ref.id)
        assert rule is None or "cannot express" in rule.rule.description


@pytest.mark.slow
def test_named_defects_are_what_microsofts_analyzer_reports(references) -> None:
    by_name = {r.path.name: r for r in references.values()}
    names = [n for n, d in DEFECTS.items() if d.get("analyzer")]
    diagnostics = analyze([by_name[n].query for n in names])
    for name, found in zip(names, diagnostics, strict=True):
        messages = " | ".join(d.message for d in found)
        assert DEFECTS[name]["analyzer"] in messages, f"{name}: analyzer says {messages or 'nothing'}"
