"""Every target's output is valid in its language or document format, and the build reports honestly.

Parsed by a real parser where one installs (Lucene: luqum; EQL: Elastic's `eql` package; KQL:
Microsoft's Kusto.Language through kql_analyzer; ES|QL: test_targets_esql_parse.py), otherwise
checked for the structure the format needs (SPL quoting; savedsearches.conf stanzas; NDJSON and YAML
documents).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath

import eql
import pytest
import yaml
from deployable_ids import FAST_SAFE_LOADER
from luqum.exceptions import ParseError
from luqum.parser import parser as lucene_parser
from sigma.pipelines.sentinelasim.tables import SENTINEL_ASIM_TABLES

from rmm_sigma.artefact_ids import artefact_id
from rmm_sigma.build import BuildResult, build
from rmm_sigma.convert import LoadedRule, RuleError, load_rules
from rmm_sigma.targets import MAPPINGS_DIR, TARGETS
from rmm_sigma.verify import kql_analyzer

ASIM_SCHEMA = {"_Im_NetworkSession": "imNetworkSession", "_Im_ProcessCreate": "imProcessCreate"}
ESQL_STRING = re.compile(r'"(?:[^"\\\r\n]|\\[tnr"\\])*"')  # ES|QL QUOTED_STRING: only these escapes
SPL_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


#: The session build (conftest `built`) is made once per worker: keep its users on one worker.
pytestmark = pytest.mark.xdist_group("build")


@pytest.fixture(scope="module")
def result(built: BuildResult) -> BuildResult:
    return built


def outputs(result: BuildResult, target: str, fmt: str) -> dict[PurePosixPath, str]:
    paths = {PurePosixPath(p): t for p, t in result.files.items()}
    return {p: t for p, t in paths.items() if p.parts[:2] == (target, fmt) and p.name[:4] != "all."}


def test_counts_per_target(result: BuildResult, rules: list[LoadedRule]) -> None:
    """Every (rule, target) pair is converted or listed as unsupported with a reason, never both."""
    for name in TARGETS:
        refused = {u.rule.path for u in result.unsupported if u.target == name}
        assert result.converted[name] + len(refused) == len(rules), name
    assert result.converted == {
        "kql": 166,
        "asim": 54,
        "splunk": 109,
        "elastic": 166,
        "sql": 166,
        "logscale": 2,
        "secops": 161,
        "sentinelone": 107,
    }
    assert all(u.reason for u in result.unsupported)


def test_reports_list_every_refused_pair(result: BuildResult) -> None:
    unsupported = result.files["UNSUPPORTED.md"]
    for u in result.unsupported:
        assert f"| {u.rule.tool}/{u.rule.path.name} |" in unsupported
    semantics = result.files["SEMANTICS.md"]
    assert "| sql | 166 | 0 |" in semantics and "| asim | 54 | 112 |" in semantics
    assert "term-as-substring" in semantics and "ES\\|QL" in semantics


def test_lucene_parses(result: BuildResult) -> None:
    for fmt_path, text in outputs(result, "elastic", "default").items():
        try:
            lucene_parser.parse(text.strip())
        except ParseError as exc:
            pytest.fail(f"{fmt_path}: {exc}")


def test_eql_parses(result: BuildResult) -> None:
    with eql.parser.elasticsearch_syntax, eql.parser.ignore_missing_functions:
        for path, text in outputs(result, "elastic", "eql").items():
            try:
                eql.parse_query(text.strip())
            except eql.EqlError as exc:
                pytest.fail(f"{path}: {exc}")


def test_esql_structure(result: BuildResult) -> None:
    """The pipeline shape, string escapes and parentheses (the grammar: test_targets_esql_parse.py)."""
    for path, text in outputs(result, "elastic", "esql").items():
        assert text.startswith("from logs-endpoint.events.*,")
        assert " metadata _id, _index, _version | where " in text
        bare = ESQL_STRING.sub('""', text.strip())
        assert '"' not in bare.replace('""', ""), f"{path}: unbalanced or badly escaped string"
        where, keep = bare.split("| where ", 1)[1].split(" | keep ")
        assert bare.count("(") == bare.count(")") and "|" not in where + keep, path
        assert keep.startswith("_id, _version, _index, "), path


def test_spl_structure(result: BuildResult) -> None:
    """Balanced quoting; outside strings, the only pipe starts the `table` command."""
    for path, text in outputs(result, "splunk", "default").items():
        bare = SPL_STRING.sub('""', text.strip())
        assert '"' not in bare.replace('""', ""), path
        search, *commands = bare.split(" | ")
        assert "|" not in search and all(c.startswith("table ") for c in commands), path
        assert bare.startswith('source="" EventCode'), path


def test_savedsearches_bundle_is_one_importable_conf(result: BuildResult) -> None:
    text = result.files["splunk/savedsearches/all.conf"]
    stanzas: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    key = None
    for line in text.splitlines():
        if re.fullmatch(r"\[[^\[\]]+\]", line):
            assert line[1:-1] not in stanzas, f"duplicate stanza {line}"
            current, key = stanzas.setdefault(line[1:-1], {}), None
        elif line and current is not None:
            if key and current[key].endswith("\\"):
                current[key] = current[key][:-1] + "\n" + line
                continue
            key, sep, value = line.partition(" = ")
            assert sep, f"not key = value: {line!r}"
            current[key] = value
    assert len(stanzas) == 1 + 109 and "default" in stanzas
    assert all({"description", "search"} <= set(s) for n, s in stanzas.items() if n != "default")


@pytest.mark.parametrize(
    "fmt,language",
    [
        ("siem_rule_ndjson", "lucene"),
        ("esql_rule_ndjson", "esql"),
        ("eql_rule_ndjson", "eql"),
    ],
)
def test_elastic_rules_are_importable_ndjson(
    result: BuildResult, rules_by_id: dict, fmt: str, language: str
) -> None:
    lines = result.files[f"elastic/{fmt}/all.ndjson"].splitlines()
    assert len(lines) == 166
    for line in lines:
        doc = json.loads(line)
        (sigma_id,) = [t.removeprefix("Sigma ID: ") for t in doc["tags"] if t.startswith("Sigma ID: ")]
        assert sigma_id in rules_by_id and doc["rule_id"] == artefact_id(sigma_id, "elastic", fmt)
        assert "version" not in doc and "id" not in doc and doc["language"] == language
        assert doc["severity"] == "medium" and doc["risk_score"] == 47 and doc["description"] and doc["name"]
        assert doc["query"] and (language == "esql" or doc["index"])
        assert language != "esql" or " | keep _id, _version, _index, " in doc["query"]
        (threat,) = doc["threat"]
        assert threat["tactic"] == {
            "id": "TA0011",
            "name": "Command and Control",
            "reference": "https://attack.mitre.org/tactics/TA0011/",
        }
        assert threat["technique"][0]["id"] == "T1219"
        assert threat["technique"][0]["reference"] == "https://attack.mitre.org/techniques/T1219/"


@pytest.mark.parametrize("target", ["kql", "asim"])
def test_sentinel_rules_are_scheduled_rule_yaml(result: BuildResult, target: str) -> None:
    texts = outputs(result, target, "sentinel_rule").values()
    docs = [yaml.load(text, Loader=FAST_SAFE_LOADER) for text in texts]  # noqa: S506 - a safe loader
    assert len(docs) == result.converted[target]
    folder = [p for p in result.files if p.startswith(f"{target}/sentinel_rule/")]
    assert not any(p.rsplit("/", 1)[-1].startswith("all.") for p in folder), (
        "multi-document YAML is not deployable"
    )
    for doc in docs:
        assert doc["kind"] == "Scheduled" and doc["severity"] == "Medium"
        assert doc["triggerOperator"] == "gt" and doc["triggerThreshold"] == 0
        assert doc["queryFrequency"] == "1h" and doc["queryPeriod"] == "1h"
        assert doc["tactics"] == ["CommandAndControl"] and doc["relevantTechniques"] == ["T1219"]
        (entity,) = doc["entityMappings"]
        column = entity["fieldMappings"][0]["columnName"]
        assert entity["entityType"] == "Host"
        assert column == {"kql": "DeviceName", "asim": "DvcHostname"}[target]


@pytest.mark.slow
def test_kql_sentinel_rule_queries_pass_microsofts_analyzer(result: BuildResult) -> None:
    if not kql_analyzer.node_available():
        pytest.fail("KQL analyzer unavailable: run `npm ci` (needs node)", pytrace=False)
    template = json.loads(result.files["kql/sentinel_arm/all.json"])
    docs = [resource["properties"] for resource in template["resources"]]
    queries = [d["query"] for d in docs]
    for doc, diags in zip(docs, kql_analyzer.analyze(queries), strict=True):
        assert diags == [], f"{doc['displayName']}: {diags}"


def test_asim_columns_exist_in_the_shipped_schema() -> None:
    pipeline = yaml.safe_load((MAPPINGS_DIR / "sentinel_asim.yml").read_text(encoding="utf-8"))
    items = {i["id"]: i for i in pipeline["transformations"]}
    for item in items.values():
        if item["type"] != "field_name_mapping":
            continue
        parser = items[item["rule_conditions"][0]["processing_item_id"]]["val"]
        columns = set(SENTINEL_ASIM_TABLES[ASIM_SCHEMA[parser]])
        assert set(item["mapping"].values()) <= columns, (parser, set(item["mapping"].values()) - columns)


def test_deliberate_refusal_is_unsupported_but_a_real_error_stops(tmp_path: Path) -> None:
    rules = tmp_path / "sigma" / "AnyDesk"
    shutil.copytree(
        MAPPINGS_DIR.parent / "sigma" / "AnyDesk", rules, ignore=shutil.ignore_patterns("*_lolrmm.yml")
    )
    good = build([TARGETS["asim"]], load_rules([rules]))
    assert good.errors == [] and {u.rule.path.name for u in good.unsupported} == {
        "file_signature_win_rmm_anydesk.yml",
        "net_connection_win_rmm_anydesk.yml",
    }
    text = (rules / "proc_creation_win_rmm_anydesk.yml").read_text(encoding="utf-8")
    broken = text.replace("Product|contains", "Nope|contains")
    (rules / "proc_creation_win_rmm_anydesk.yml").write_text(broken, encoding="utf-8")
    bad = build([TARGETS["asim"]], load_rules([rules]))
    assert bad.errors and all(isinstance(e, RuleError) and not e.unsupported for e in bad.errors)
    assert {Path(e.path).name for e in bad.errors} == {"proc_creation_win_rmm_anydesk.yml"}
    assert all("Nope" in e.message for e in bad.errors)
