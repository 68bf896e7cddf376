"""``rmm-sigma check``: every planted defect is found, the project's own rules pass, nothing goes online."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.config import DEFAULT_CONFIG, ConfigError, load_config
from rmm_sigma.check.report import CHECKS, ERROR, WARNING, Finding, render
from rmm_sigma.check.validators import all_validators
from rmm_sigma.convert import load_rules
from rmm_sigma.verify import kql_analyzer

FIXTURES = PROJECT_ROOT / "tests" / "data" / "check"
NO_NODE = CheckOptions(analyzer=False)

#: fixture folder -> (check id, severity, tool folder of the file it must be reported on)
PLANTED = {
    "parse": ("parse", ERROR, "Broken"),
    "validator": ("validator.dangling_detection", ERROR, "Dangling"),
    "id_unique": ("id.unique", ERROR, "TwinTwo"),
    "naming": ("naming.path", ERROR, "Misnamed"),
    "metadata_required": ("metadata.required", ERROR, "NoFalsePositives"),
    "metadata_attack": ("metadata.attack", ERROR, "NoTechnique"),
    "target": ("target.kql", ERROR, "Unmapped"),
    "schema": ("schema.kql", ERROR, "BadColumn"),
    "indicator_shared": ("indicator.shared", ERROR, "SharerOne"),
    "indicator_platform": ("indicator.platform", ERROR, "Platformer"),
    "indicator_third_party": ("indicator.third_party", ERROR, "Bundler"),
    "indicator_generic": ("indicator.generic", ERROR, "Generic"),
    "indicator_wildcard": ("indicator.wildcard", ERROR, "Wildcard"),
    "indicator_regex": ("indicator.regex", ERROR, "Regex"),
}


def _has(findings: list[Finding], check: str, severity: str, tool: str) -> bool:
    return any(f.check == check and f.severity == severity and f"/{tool}/" in f.path for f in findings)


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_planted_defect_is_found(case: str) -> None:
    check, severity, tool = PLANTED[case]
    findings = run_check([FIXTURES / case], NO_NODE).findings
    assert _has(findings, check, severity, tool), "\n".join(map(str, findings))


def test_every_check_id_has_a_fixture() -> None:
    planted = {
        c.split(".")[0] if c.startswith(("validator.", "target.")) else c for c, _, _ in PLANTED.values()
    }
    # the other two are tested below (they need node, or a reference corpus)
    assert set(CHECKS) - planted == {"kql.analyzer", "reference.equivalence"}


@pytest.mark.slow
def test_clean_fixture_has_no_findings() -> None:
    assert run_check([FIXTURES / "clean"]).findings == []


@pytest.mark.slow
@pytest.mark.skipif(not kql_analyzer.node_available(), reason="needs node and `npm ci`")
def test_analyzer_rejects_unknown_summarize_column() -> None:
    findings = run_check([FIXTURES / "analyzer"]).findings
    assert _has(findings, "kql.analyzer", ERROR, "BadSummarize"), findings
    assert any("TerminalSessionId" in f.message for f in findings if f.check == "kql.analyzer")


def test_missing_analyzer_is_a_warning_not_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kql_analyzer.shutil, "which", lambda name: None)
    findings = run_check([FIXTURES / "clean"]).findings
    assert [(f.severity, f.check) for f in findings] == [(WARNING, "kql.analyzer")]
    assert "node" in findings[0].message


@pytest.mark.slow
def test_reference_mismatch_is_found() -> None:
    options = CheckOptions(analyzer=False, reference=FIXTURES / "reference" / "corpus")
    findings = run_check([FIXTURES / "reference" / "rules"], options).findings
    assert _has(findings, "reference.equivalence", ERROR, "Referenced"), findings
    assert "relay.otherremote.com" in findings[0].message


@pytest.mark.slow
@pytest.mark.skipif(not kql_analyzer.node_available(), reason="needs node and `npm ci`")
def test_reference_that_microsofts_analyzer_rejects_is_a_warning() -> None:
    options = CheckOptions(analyzer=False, reference=FIXTURES / "reference" / "corpus_defect")
    findings = run_check([FIXTURES / "reference" / "rules"], options).findings
    assert [(f.severity, f.check) for f in findings] == [(WARNING, "reference.equivalence")]
    assert "reference defect" in findings[0].message and "AccountUpn" in findings[0].message


def test_reference_without_verifier_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rmm_sigma.verify.equivalence", None)  # import fails
    options = CheckOptions(analyzer=False, reference=FIXTURES / "reference" / "corpus")
    findings = run_check([FIXTURES / "reference" / "rules"], options).findings
    assert [(f.severity, f.check) for f in findings] == [(WARNING, "reference.equivalence")]


@pytest.mark.slow
def test_project_rules_have_no_errors() -> None:
    findings = run_check([PROJECT_ROOT / "sigma"]).findings
    assert [f for f in findings if f.severity == ERROR] == []


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("check tried to open a network connection")


def test_check_never_opens_a_socket(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from sigma.data import mitre_attack
    from sigma.validators.sigmahq.data import base

    monkeypatch.setattr(socket, "socket", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(base, "_DEFAULT_CACHE_DIR", tmp_path / "cache")  # no cached copy to fall back on
    monkeypatch.setattr(mitre_attack, "_DEFAULT_CACHE_DIR", tmp_path / "cache-attack")
    # a few tools of every detection kind load every validator's data (the whole set: test above)
    tools = [PROJECT_ROOT / "sigma" / tool for tool in ("AnyDesk", "SyncroMSP", "UltraVNC")]
    findings = run_check(tools, NO_NODE).findings
    assert [f for f in findings if f.severity == ERROR] == []


def test_socket_guard_would_catch_the_validators_going_online(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the offline data, the SigmaHQ data loader does reach for the network (and is stopped)."""
    from sigma.validators.sigmahq.data import base, data_taxonomy

    monkeypatch.setattr(socket, "socket", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(base, "_DEFAULT_CACHE_DIR", tmp_path / "cache")
    if "sigmahq_taxonomy_fieldsname" in vars(data_taxonomy):  # set by offline_data in this process
        # (looked up in vars(): getattr on a missing name would itself start the download)
        monkeypatch.delattr(data_taxonomy, "sigmahq_taxonomy_fieldsname")
    with pytest.raises((AssertionError, RuntimeError)):
        data_taxonomy.sigmahq_taxonomy_fieldsname  # noqa: B018 - the attribute access is the download


# --- configuration -----------------------------------------------------------------------------


def test_config_every_disabled_validator_exists_and_has_a_reason() -> None:
    config = load_config(DEFAULT_CONFIG, set(all_validators()))
    assert config.disabled and all(len(reason) > 20 for reason in config.disabled.values())
    assert "match.term" in config.tags


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("validators:\n  disabled:\n    no_such_validator: because\n", "no such validator"),
        ("validators:\n  disabled:\n    sigmahq_title_case:\n", "needs a reason"),
        ("validators:\n  exceptions:\n    sigmahq_github_link: {rules: [x], reason: r}\n", "not a rule id"),
        ("extensions:\n  tags:\n    match.term: ''\n", "needs a reason"),
        ("validators: [1, 2]\n", "expected a mapping"),
        ("a: [\n", "invalid YAML"),
        ("validator:\n  disabled: {}\n", "validator: unknown key"),
        ("indicators:\n  min_lenght: 3\n", "indicators.min_lenght: unknown key"),
        ("\udcff", "not UTF-8 text"),
    ],
)
def test_bad_config_is_one_located_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "check.yml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ConfigError, match=message) as info:
        run_check([FIXTURES / "clean"], CheckOptions(config_path=path, analyzer=False))
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_disabling_a_validator_silences_it(tmp_path: Path) -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace(
        "  disabled:\n", "  disabled:\n    dangling_detection: the test says so.\n", 1
    )
    config = tmp_path / "check.yml"
    config.write_text(text, encoding="utf-8")
    findings = run_check([FIXTURES / "validator"], CheckOptions(config_path=config, analyzer=False)).findings
    assert not any(f.check == "validator.dangling_detection" for f in findings)


def test_a_validator_that_fails_is_one_finding_and_the_others_still_run(monkeypatch) -> None:
    """A validator that raises (one needing data it would download: check works offline) is reported
    once, naming it, instead of ending check with an internal error."""
    from sigma.validators.base import SigmaRuleValidator

    import rmm_sigma.check.validators as validators

    class Downloading(SigmaRuleValidator):
        def validate(self, rule):  # type: ignore[no-untyped-def]
            raise RuntimeError("Failed to load data: <urlopen error>")

    known = {**all_validators(), "downloading": Downloading}
    monkeypatch.setattr(validators, "all_validators", lambda: known)
    config = load_config(DEFAULT_CONFIG, set(known))
    rules = load_rules([FIXTURES / "validator"])
    findings = validators.validator_findings(rules, config)
    (failed,) = [f for f in findings if f.check == "validator.downloading"]
    assert failed.severity == ERROR and failed.path == str(rules[0].path)
    assert "RuntimeError: Failed to load data: <urlopen error>" in failed.message
    assert any(f.check == "validator.dangling_detection" for f in findings)


# --- reports and the command line --------------------------------------------------------------

SAMPLE = [
    Finding("sigma/A/x.yml", ERROR, "naming.path", "bad name"),
    Finding("sigma/B/y.yml", WARNING, "indicator.shared", "shared <&> domain"),
]


def test_text_report_is_one_line_per_finding() -> None:
    assert render(SAMPLE, [], "text").splitlines() == [
        "sigma/A/x.yml: error: naming.path: bad name",
        "sigma/B/y.yml: warning: indicator.shared: shared <&> domain",
    ]


def test_json_report() -> None:
    doc = json.loads(render(SAMPLE, ["sigma/A/x.yml", "sigma/B/y.yml", "sigma/C/z.yml"], "json"))
    assert doc["summary"] == {"files": 3, "errors": 1, "warnings": 1}
    assert doc["findings"][0]["check"] == "naming.path"


def test_junit_report_has_a_case_per_file_and_fails_only_errors() -> None:
    suite = ET.fromstring(render(SAMPLE, ["sigma/A/x.yml", "sigma/B/y.yml", "sigma/C/z.yml"], "junit"))
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"sigma/A/x.yml", "sigma/B/y.yml", "sigma/C/z.yml"}
    assert cases["sigma/A/x.yml"].find("failure") is not None
    assert cases["sigma/B/y.yml"].find("failure") is None
    assert suite.get("failures") == "1"


def test_sarif_report() -> None:
    doc = json.loads(render(SAMPLE, [], "sarif"))
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("naming.path", "error"),
        ("indicator.shared", "warning"),
    ]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sigma/A/x.yml"
    spaced = json.loads(render([Finding("my rules/a#1.yml", ERROR, "naming.path", "m")], [], "sarif"))
    location = spaced["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20rules/a%231.yml"
    rule_ids = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rule_ids


def _cli(*args: str, cwd: Path = FIXTURES) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def test_cli_exit_codes_errors_warnings_strict() -> None:
    errors = _cli("check", "--no-analyzer", "naming")
    assert errors.returncode == 1
    expected = "naming/Misnamed/net_connection_win_rmm_misnamed.yml: error: naming.path: "
    assert errors.stdout.startswith(expected)
    assert errors.stderr.count("\n") == 1 and "1 files" in errors.stderr
    warnings = _cli("check", "--no-analyzer", "warning_only")
    assert warnings.returncode == 0 and ": warning: indicator.generic: " in warnings.stdout
    assert _cli("check", "--no-analyzer", "--strict", "warning_only").returncode == 1
    assert _cli("check", "--no-analyzer", "clean").returncode == 0


def test_cli_writes_report_file(tmp_path: Path) -> None:
    out = tmp_path / "check.sarif"
    result = _cli("check", "--no-analyzer", "--format", "sarif", "-o", str(out), "naming")
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]


def test_cli_bad_config_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "c.yml"
    config.write_text("validators:\n  disabled:\n    nope: x\n", encoding="utf-8")
    result = _cli("check", "--config", str(config), "clean")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert str(config) in result.stderr
    assert "Traceback" not in result.stderr


def _count_analyzer_batches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record every batch check hands to Microsoft's analyzer (one batch is one node start)."""
    batches: list[list[str]] = []

    def analyze(queries: list[str]) -> list[list[kql_analyzer.KqlDiagnostic]]:
        batches.append(list(queries))
        return [[] for _ in queries]

    monkeypatch.setattr(kql_analyzer, "analyze", analyze)
    return batches


def test_no_node_without_kql_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    batches = _count_analyzer_batches(monkeypatch)
    findings = run_check([FIXTURES / "parse"]).findings
    assert findings and batches == []  # nothing converted, so nothing to analyze


def test_generated_and_reference_queries_are_one_analyzer_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    batches = _count_analyzer_batches(monkeypatch)
    options = CheckOptions(reference=FIXTURES / "reference" / "corpus")
    findings = run_check([FIXTURES / "reference" / "rules"], options).findings
    assert _has(findings, "reference.equivalence", ERROR, "Referenced"), findings
    assert len(batches) == 1 and len(batches[0]) == 2  # the rule's hunting query and its reference
    assert "relay.otherremote.com" in batches[0][1]


SIGMAHQ = PROJECT_ROOT.parent / "shared" / "reference" / "sigmahq" / "rules"


def test_other_targets_in_forked_workers_find_what_one_process_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """``check -j 2`` and ``-j 3`` on third-party rules (errors and skips of every target) equal ``-j 1``, in
    order: the workers and this process share the targets, each converted once."""
    from concurrent.futures import ProcessPoolExecutor

    from rmm_sigma import forked

    worked: list[Any] = []  # what each worker's job returned: the targets it converted

    class Recording(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            future = super().submit(fn, *args, **kwargs)
            future.add_done_callback(lambda done: worked.append(done.result()))
            return future

    monkeypatch.setattr(forked, "MIN_RULES", 10)
    monkeypatch.setattr(forked, "ProcessPoolExecutor", Recording)
    sample = sorted(SIGMAHQ.rglob("*.yml"))[::40]
    for skip, jobs in ((False, 2), (True, 3)):
        options = CheckOptions(analyzer=False, profile="thirdparty", skip_unsupported=skip)
        alone = run_check(sample, options)
        spread = run_check(sample, CheckOptions(**{**vars(options), "jobs": jobs}))
        assert (spread.findings, [str(e) for e in spread.skipped]) == (
            alone.findings,
            [str(e) for e in alone.skipped],
        )
        # a telling sample: failures, or with -s skips, of targets converted here and in the workers
        skipped_targets = {e.message.split(":")[0].replace("target ", "target.") for e in alone.skipped}
        failed = {f.check for f in alone.findings} | skipped_targets
        assert failed > {"target.kql", "target.elastic", "target.logscale", "target.sql"}
    assert len(worked) == 1 + 2  # one job per worker: one worker at -j 2, two at -j 3
    assert any(worked), "no target was converted in a worker"
    second, third = ({index for index, _, _ in job} for job in worked[1:])  # the -j 3 run's two workers
    assert not second & third, "a target converted twice"


def test_unmapped_fields_are_named_in_the_same_order_in_every_process(tmp_path: Path) -> None:
    """pySigma lists the fields a strict mapping lacks in set order, which hash randomization changes."""
    fields = ["Zulu", "Yankee", "Xray", "Whiskey", "Victor", "Uniform"]
    rule = {
        "title": "Unmapped fields",
        "id": "0b7c5a1e-3c1d-4f53-9f8e-6d2d3c1e9a10",
        "logsource": {"category": "process_creation", "product": "windows"},
        "detection": {"sel": {field: "x" for field in fields}, "condition": "sel"},
    }
    path = tmp_path / "rule.yml"
    path.write_text(json.dumps(rule), encoding="utf-8")
    messages = set()
    for seed in ("1", "2", "3"):
        proc = subprocess.run(
            [sys.executable, "-m", "rmm_sigma", "convert", "-t", "elastic", str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 1
        messages.add(proc.stderr.strip())
    assert messages == {f"error: {path}: The following fields are not mapped: {', '.join(sorted(fields))}"}


def test_junit_stays_valid_xml_when_a_file_name_holds_a_control_character(tmp_path: Path) -> None:
    """XML 1.0 cannot hold a vertical tab even escaped: the name is written as ``\\x0b``."""
    rule = tmp_path / "net_connection_win_rmm_a\x0bb.yml"
    rule.write_bytes((PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml").read_bytes())
    report = tmp_path / "check.xml"
    _cli("check", "--no-analyzer", "--format", "junit", "-o", str(report), str(rule))
    (case,) = ET.parse(report).getroot().iter("testcase")
    assert case.get("name") == str(rule).replace("\x0b", "\\x0b")


def test_cli_unreadable_reference_is_one_line(tmp_path: Path) -> None:
    reference = tmp_path / "RMM" / "Acme" / "rmm_Acme_netconn.yaml"
    reference.parent.mkdir(parents=True)
    reference.write_text("a: [\n", encoding="utf-8")
    result = _cli("check", "--no-analyzer", "--reference", str(tmp_path), "clean")
    assert result.returncode == 1
    assert result.stderr == f"error: {reference}: not a reference query: no 'id:' line\n"
