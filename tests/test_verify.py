"""``rmm-sigma verify`` end to end: the whole corpus, and regressions it must catch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from cli_runner import run_cli

from rmm_sigma import PROJECT_ROOT

pytestmark = pytest.mark.slow

DEFECTS = PROJECT_ROOT / "tests" / "data" / "reference_defects.yml"
CORPUS = PROJECT_ROOT.parent / "shared" / "reference" / "rmm-tools"


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("verify", *args, timeout=600)


def test_whole_corpus_and_seeds_get_a_verdict_each_and_pass(
    tmp_path: Path, corpus_root: Path, seeds_root: Path
) -> None:
    """One run over the corpus and the seeds (the slowest test: every pair is compared), read twice:
    the JSON report and the JUnit file. One test, not two sharing a fixture: that needs xdist_group to
    keep them on one worker, which pytest 9.2 with pytest-xdist 3.8 silently stopped doing
    (pytest-xdist#1386), and then each worker ran the corpus again."""
    junit = tmp_path / "verify.xml"
    proc = verify(
        "--accept",
        str(DEFECTS),
        "--junit",
        str(junit),
        "--json",
        "-r",
        str(corpus_root),
        "-r",
        str(seeds_root),
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    report = json.loads(proc.stdout)
    pairs = report["pairs"]
    assert len(pairs) == 167 + 3
    verdicts = {p["verdict"] for p in pairs}
    assert verdicts <= {"equivalent", "reference_defect", "unsupported"}
    seeds = [p for p in pairs if p["reference"].endswith(".txt")]
    assert [p["verdict"] for p in seeds] == ["equivalent"] * 3
    equivalent = sum(p["verdict"] == "equivalent" for p in pairs)
    print(f"\nverify: {report['summary']}")
    assert equivalent == 109
    repaired = [p for p in pairs if any(n.startswith("after repair") for n in p["notes"])]
    assert len(repaired) == 59 and all(p["accepted"] for p in repaired)

    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "170" and suite.get("failures") == "0"
    assert len(suite.findall("testcase")) == 170


def _mutated_rule(tmp_path: Path, rule: str, old: str, new: str) -> Path:
    text = (PROJECT_ROOT / "sigma" / rule).read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / Path(rule).name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("rule", "reference", "old", "new", "verdict"),
    [
        # dropping the term tag turns has into contains: broader
        (
            "AnyViewer/file_signature_win_rmm_anyviewer.yml",
            "AnyViewer/rmm_AnyViewer_filesig.yaml",
            "- match.term\n",
            "",
            "broader",
        ),
        # a dropped clause: broader
        (
            "AnyViewer/proc_creation_win_rmm_anyviewer.yml",
            "AnyViewer/rmm_AnyViewer_createproc.yaml",
            "    Product|contains: AnyViewer\n",
            "",
            "broader",
        ),
        # one letter changed in a value: different
        (
            "AnyViewer/file_signature_win_rmm_anyviewer.yml",
            "AnyViewer/rmm_AnyViewer_filesig.yaml",
            "AOMEI International",
            "AOMEl International",
            "different",
        ),
    ],
)
def test_regression_on_a_valid_reference_is_caught_with_a_counterexample(
    tmp_path, rule, reference, old, new, verdict
) -> None:
    mutated = _mutated_rule(tmp_path, rule, old, new)
    proc = verify("--json", "-r", str(CORPUS / "RMM" / reference), str(mutated))
    assert proc.returncode == 1
    (pair,) = json.loads(proc.stdout)["pairs"]
    assert pair["verdict"] == verdict and pair["counterexamples"], pair


def test_regression_behind_an_accepted_reference_defect_is_still_caught(tmp_path) -> None:
    # AnyDesk netconn's reference groups by AccountUpn (a known, accepted defect); dropping a domain
    # from the rule must fail all the same, because acceptance needs equivalence after the repair.
    rule = "AnyDesk/net_connection_win_rmm_anydesk.yml"
    mutated = _mutated_rule(tmp_path, rule, "    - api.playanext.com\n", "")
    reference = str(CORPUS / "RMM" / "AnyDesk" / "rmm_AnyDesk_netconn.yaml")
    proc = verify("--json", "--accept", str(DEFECTS), "-r", reference, str(mutated))
    assert proc.returncode == 1
    (pair,) = json.loads(proc.stdout)["pairs"]
    assert pair["verdict"] == "reference_defect" and not pair["accepted"]
    assert any(n.startswith("after repair drop_group_by:AccountUpn: narrower") for n in pair["notes"])
    row = pair["counterexamples"][0]
    assert "api.playanext.com" in row["RemoteUrl"].lower()


def test_unlisted_reference_defect_fails(tmp_path) -> None:
    reference = str(CORPUS / "RMM" / "AnyDesk" / "rmm_AnyDesk_netconn.yaml")
    rule = str(PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml")
    proc = verify("-r", reference, rule)
    assert proc.returncode == 1
    assert "reference_defect" in proc.stdout and "AccountUpn" in proc.stdout


def test_a_tool_folder_is_a_reference_set() -> None:
    proc = verify("--json", "--accept", str(DEFECTS), "-r", str(CORPUS / "RMM" / "AnyDesk"))
    assert proc.returncode == 0, proc.stderr
    pairs = json.loads(proc.stdout)["pairs"]
    assert sorted(Path(p["reference"]).name for p in pairs) == [
        "rmm_AnyDesk_createproc.yaml",
        "rmm_AnyDesk_filesig.yaml",
        "rmm_AnyDesk_netconn.yaml",
    ]


ANYDESK_REFERENCES = ["rmm_AnyDesk_createproc.yaml", "rmm_AnyDesk_filesig.yaml", "rmm_AnyDesk_netconn.yaml"]


def test_a_tools_rules_are_judged_against_its_references_and_a_missing_rule_still_fails(tmp_path) -> None:
    """A contributor's ``verify sigma/<Tool>/``: the tool's references only, the rest left out; the
    tool's reference whose rule is gone still fails."""
    tool = tmp_path / "AnyDesk"
    tool.mkdir()
    for rule in (PROJECT_ROOT / "sigma" / "AnyDesk").glob("*_rmm_anydesk.yml"):
        if not rule.name.startswith("file_signature"):
            (tool / rule.name).write_bytes(rule.read_bytes())
    proc = verify("--json", "--accept", str(DEFECTS), str(tool))
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    by_name = {Path(p["reference"]).name: p for p in report["pairs"]}
    assert sorted(by_name) == ANYDESK_REFERENCES
    assert by_name["rmm_AnyDesk_filesig.yaml"]["verdict"] == "unsupported"
    assert by_name["rmm_AnyDesk_filesig.yaml"]["rule"] is None
    assert by_name["rmm_AnyDesk_createproc.yaml"]["verdict"] == "equivalent"
    left_out = {Path(p).name for p in report["left_out"]}
    assert len(left_out) == 167 + 3 - 3 and not left_out & set(ANYDESK_REFERENCES)


def test_references_given_with_rules_are_all_judged() -> None:
    """``-r`` names the references on purpose: none is left out, so one without a rule fails."""
    rules = str(PROJECT_ROOT / "sigma" / "SyncroMSP")
    proc = verify("--json", "-r", str(CORPUS / "RMM" / "AnyDesk"), rules)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert sorted(Path(p["reference"]).name for p in report["pairs"]) == ANYDESK_REFERENCES
    assert {p["verdict"] for p in report["pairs"]} == {"unsupported"} and report["left_out"] == []


def test_a_tool_without_references_has_nothing_to_judge() -> None:
    proc = verify("--json", str(PROJECT_ROOT / "sigma" / "Absolute_Computrace"))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["pairs"] == [] and len(report["left_out"]) == 167 + 3
    assert report["summary"].startswith("0 pairs: no reference to judge;")


def test_one_rule_file_is_judged_against_its_own_reference_alone() -> None:
    rule = PROJECT_ROOT / "sigma" / "AnyDesk" / "proc_creation_win_rmm_anydesk.yml"
    proc = verify("--json", str(rule))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [Path(p["reference"]).name for p in report["pairs"]] == ["rmm_AnyDesk_createproc.yaml"]
    assert {"rmm_AnyDesk_filesig.yaml", "rmm_AnyDesk_netconn.yaml"} <= {
        Path(p).name for p in report["left_out"]
    }


def test_verify_without_its_extra_dependencies_is_one_line() -> None:
    """``setup-build.sh`` installs no verify extra: verify says what to install, without a traceback."""
    code = (
        "import sys; sys.modules['duckdb'] = None; from rmm_sigma.cli import main; main(['verify', 'sigma'])"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert (
        proc.stderr
        == "error: verify needs duckdb-kql and z3-solver (missing: duckdb): pip install -e '.[verify]'\n"
    )


def test_verify_without_the_analyzer_is_one_line_naming_npm_ci(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RMM_SIGMA_NODE_MODULES", str(tmp_path))
    proc = verify(str(PROJECT_ROOT / "sigma" / "AnyDesk"))
    assert proc.returncode == 1
    (line,) = proc.stderr.splitlines()
    assert (
        line.startswith("error: KQL analyzer unavailable: ") and "npm ci" in line and "internal" not in line
    )


def test_junit_stays_valid_xml_when_a_reference_name_holds_a_control_character(tmp_path) -> None:
    reference = tmp_path / "rmm_a\x0cb.yaml"
    reference.write_text(
        "id: ed1ef511-c52a-4e07-a864-588e96a7eb91\nname: x\nquery: |\n  DeviceNetworkEvents\n"
        "  | where RemoteUrl has 'anydesk.com'\n",
        encoding="utf-8",
    )
    junit = tmp_path / "verify.xml"
    rule = str(PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml")
    proc = verify("--junit", str(junit), "-r", str(reference), rule)
    assert proc.returncode == 1 and "rmm_a\\x0cb.yaml" in proc.stdout and "\x0c" not in proc.stdout
    (case,) = ET.parse(junit).getroot().iter("testcase")
    assert case.get("name") == "rmm_a\\x0cb.yaml" and case.find("failure") is not None
