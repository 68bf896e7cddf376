"""The EQL output, executed by the ``eql`` package's own Python engine, flags what KQL flags.

The events are those of the SQL/KQL agreement test (tests/test_targets_sql_kql.py): per rule, a base
event built from the rule's values, then one field changed at a time (exact, other case, between
separators, a letter glued on either side, empty, null). Here each event is also written in ECS shape,
as Elastic stores it: every field the mapping (mappings/elastic_ecs.yml) gives the Sigma field, the
logsource's own fields (``event.category``...), and no field for a null or empty value (Elastic's
ingest pipelines drop null, ``""`` and ``"-"``). KQL runs in duckdb-kql over the Defender-shaped rows,
EQL over the ECS documents; they must flag the same events except the documented note
``term-as-substring`` (EQL ``:`` matches substrings, so it may also flag a value with a letter glued
to the needle), and without the ``match.term`` tag they must agree on every event.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import duckdb_kql
import eql
import pytest
import yaml
from sigma.rule import SigmaRule
from test_targets_sql_kql import (
    GLUED,
    ITEMS,
    SHARES_KQL_RUNS,
    TABLES,
    events,
    fill_table,
    kql_flagged,
    rule_values,
    without_term_tag,
)

from rmm_sigma.convert import Converter, LoadedRule
from rmm_sigma.targets import MAPPINGS_DIR, TARGETS

ECS = yaml.safe_load((MAPPINGS_DIR / "elastic_ecs.yml").read_text(encoding="utf-8"))["transformations"]


@cache
def _ecs_logsource(category: str) -> dict[str, str]:
    """The fields the mapping adds to select the category's events (``event.category: process``...)."""
    for item in ECS:
        cond = item.get("rule_conditions", [{}])[0]
        if item["type"] == "add_condition" and cond.get("category") == category:
            return dict(item["conditions"])
    return {}


def _ecs_fields(category: str, sigma_field: str) -> list[str]:
    (mapping,) = [i["mapping"] for i in ECS if i["id"] == f"fields_{category}"]
    fields = mapping[sigma_field]
    return fields if isinstance(fields, list) else [fields]


def _defender_to_sigma(category: str) -> dict[str, str]:
    return {column: field for field, column in ITEMS[f"fields_{category}"]["mapping"].items()}


def _nest(flat: dict[str, str]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for dotted, value in flat.items():
        *parents, leaf = dotted.split(".")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return doc


def ecs_document(category: str, row: dict[str, str | None]) -> dict[str, Any]:
    """The Defender-shaped row as an ECS document; null and empty values are left out, as ingest does."""
    to_sigma = _defender_to_sigma(category)
    flat = dict(_ecs_logsource(category))
    for column, value in row.items():
        if value not in (None, "", "-"):
            flat |= dict.fromkeys(_ecs_fields(category, to_sigma[column]), value)
    return _nest(flat)


def eql_flagged(query_text: str, documents: list[dict[str, Any]]) -> set[int]:
    with eql.parser.elasticsearch_syntax, eql.parser.ignore_missing_functions:
        query = eql.parse_query(query_text)
    engine = eql.PythonEngine()
    engine.add_query(query)
    hits: list[int] = []
    engine.add_output_hook(lambda output: hits.extend(e.time for e in output.events))
    engine.stream_events([eql.Event("any", i, doc) for i, doc in enumerate(documents)])
    return set(hits)


@pytest.fixture(scope="module")
def engines() -> tuple[Converter, Converter, Any]:
    return Converter(TARGETS["elastic"]), Converter(TARGETS["kql"]), duckdb_kql.connect(config={"threads": 1})


def compare(loaded: LoadedRule, engines: tuple[Converter, Converter, Any]) -> tuple[list[str], list[str]]:
    """Kinds of the events only EQL flags, and of those only KQL flags."""
    elastic, kql, con = engines
    rule: SigmaRule = loaded.rule
    category = rule.logsource.category or ""
    values = rule_values(rule)
    rows = events(values)
    table, columns = TABLES[category], list(values)
    fill_table(con, table, columns, rows)
    by_kql = kql_flagged(con, table, columns, rows, kql.convert(loaded, "default"))
    by_eql = eql_flagged(elastic.convert(loaded, "eql"), [ecs_document(category, row) for _, row in rows])
    assert 0 in by_kql and 0 in by_eql, f"{loaded.path.name}: the base event must be flagged by both"
    return [rows[i][0] for i in sorted(by_eql - by_kql)], [rows[i][0] for i in sorted(by_kql - by_eql)]


#: one rule of each kind: term matching on a network rule, nulls (no version information), a signer
SAMPLE = [
    "ed1ef511-c52a-4e07-a864-588e96a7eb91",  # AnyDesk network connection (match.term)
    "42ee6265-ed2d-42b6-9c69-095092dce2e3",  # Level process creation (Company/Product null)
    "1525a733-192f-41f2-96ba-d3f631ca00d0",  # Action1 file signature
]


def test_eql_executes_like_kql_on_sample_rules(rules_by_id: dict[str, LoadedRule], engines) -> None:
    for rule_id in SAMPLE:
        loaded = rules_by_id[rule_id]
        only_eql, only_kql = compare(loaded, engines)
        assert only_kql == [] and set(only_eql) <= GLUED, loaded.path.name
        assert compare(without_term_tag(loaded), engines) == ([], []), loaded.path.name


def test_a_glued_value_is_the_documented_difference(rules_by_id: dict[str, LoadedRule], engines) -> None:
    only_eql, _ = compare(rules_by_id[SAMPLE[0]], engines)
    assert {"x_prefix", "x_suffix"} <= set(only_eql)


@pytest.mark.slow
@SHARES_KQL_RUNS
def test_eql_and_kql_differ_only_by_term_vs_substring(rules: list[LoadedRule], engines) -> None:
    kinds: list[str] = []
    for loaded in rules:
        only_eql, only_kql = compare(loaded, engines)
        assert only_kql == [], f"{loaded.path.name}: KQL flags events EQL does not: {only_kql}"
        assert set(only_eql) <= GLUED, f"{loaded.path.name}: undocumented difference {set(only_eql) - GLUED}"
        kinds += only_eql
        assert compare(without_term_tag(loaded), engines) == ([], []), loaded.path.name
    assert {"x_prefix", "x_suffix"} <= set(kinds)


def test_no_version_information_is_missing_empty_dash_or_question_mark(tmp_path, engines) -> None:
    """Sysmon's "-" and "?" mean no version information; only a real company name is information."""
    elastic = engines[0]

    def query(condition: str) -> str:
        rule = SigmaRule.from_dict(
            {
                "title": "t",
                "logsource": {"category": "process_creation", "product": "windows"},
                "detection": {"sel": {"Company": None}, "condition": condition},
            }
        )
        return elastic.convert(LoadedRule(tmp_path / "x.yml", rule), "eql")

    base = {"event": {"category": "process", "type": "start"}}
    companies = [None, "", "-", "?", "Vendor"]
    docs = [base | ({"process": {"pe": {"company": c}}} if c is not None else {}) for c in companies]
    assert eql_flagged(query("sel"), docs) == {0, 1, 2, 3}
    assert eql_flagged(query("not sel"), docs) == {4}
