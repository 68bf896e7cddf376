"""``rmm-sigma import lolrmm``: the review of catalog indicators, the rules it writes, and the numbers.

The small catalog in tests/data/lolrmm/ plants one indicator of every kind of problem; the real
catalog (../shared/reference/lolrmm/yaml) gives the coverage numbers the project promises.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli

from rmm_sigma import PROJECT_ROOT, lolrmm
from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.report import ERROR

CATALOG = PROJECT_ROOT / "tests" / "data" / "lolrmm"


@pytest.fixture(scope="module")
def plan() -> lolrmm.Plan:
    return lolrmm.plan_import(CATALOG, CATALOG / "no-reviewed-rules")


def _reasons(plan: lolrmm.Plan) -> dict[tuple[str, str], str]:
    return {(i.tool, i.raw): r for i, r in plan.excluded}


def test_every_planted_problem_is_excluded_with_its_reason(plan: lolrmm.Plan) -> None:
    reasons = _reasons(plan)
    assert reasons[("Alpha_RMM", "10.0.0.1")].startswith("an IP address")
    assert reasons[("Alpha_RMM", "user_managed")].startswith("a placeholder")
    assert reasons[("Alpha_RMM", "*.amazonaws.com")].startswith("a shared platform's domain")
    assert reasons[("Alpha_RMM", "Microsoft Corporation")].startswith("a signer of bundled third-party files")
    assert reasons[("Beta_Remote", "setup.exe")].startswith("a generic file name")
    assert reasons[("Beta_Remote", "shared-cdn-example.com")] == "shared: Gamma also claims it (the catalog)"
    assert reasons[("Gamma", "shared-cdn-example.com")] == "shared: Beta_Remote also claims it (the catalog)"
    # a host under another tool's domain is that tool's: excluded here, the parent stays with Beta
    assert "beta-remote.net" in reasons[("Gamma", "sub.beta-remote.net")]
    assert [i.value for i in plan.kept[("Beta_Remote", "network")]] == ["beta-remote.net"]


def test_kept_values_are_normalised_per_kind(plan: lolrmm.Plan) -> None:
    kept = {(t, k): sorted((i.field, i.value) for i in v) for (t, k), v in plan.kept.items()}
    # *.alpha-rmm.com -> alpha-rmm.com, which matches relay.alpha-rmm.com as a term: one value
    assert kept[("Alpha_RMM", "network")] == [("DestinationHostname|contains", "alpha-rmm.com")]
    assert ("Image|endswith", "\\alphaagent.exe") in kept[("Alpha_RMM", "process")]
    assert ("Image|contains", "\\Program Files\\AlphaRMM\\") in kept[("Alpha_RMM", "process")]
    assert kept[("Alpha_RMM", "file")] == [("TargetFilename|endswith", "\\AlphaRMM\\agent.log")]
    assert kept[("Alpha_RMM", "registry")] == [("TargetObject|contains", "\\SOFTWARE\\AlphaRMM")]
    assert kept[("Alpha_RMM", "signer")] == [("Signer|contains", "Alpha Software Ltd")]


def test_rule_carries_id_provenance_and_license(plan: lolrmm.Plan) -> None:
    text = lolrmm.rendered(plan)[Path("Alpha_RMM", "net_connection_win_rmm_alpha_rmm_lolrmm.yml")]
    rule = yaml.safe_load(text)
    # uuid5 of tool and kind: this literal must never change, or deployed rules lose their history
    assert rule["id"] == "d33dd3e2-2786-5466-9361-927b2270774f"
    assert rule["references"][0] == (
        "https://github.com/magicsword-io/LOLRMM/blob/3c75cf091b10bf7e8ecd576055c44d172b35ff21/yaml/alpha.yaml"
    )
    assert "Apache-2.0" in rule["author"] and "alpha.yaml" in rule["description"]
    assert rule["detection"]["selection_destinationhostname_contains"] == {
        "DestinationHostname|contains": "alpha-rmm.com"
    }
    assert "match.term" in rule["tags"]


def _import(tmp_path: Path, *extra: str):
    return run_cli(
        "import", "lolrmm", str(CATALOG), "--out", str(tmp_path / "sigma"),
        "--exclusions", str(tmp_path / "exclusions.yml"), *extra,
    )  # fmt: skip


def test_cli_writes_checked_rules_then_is_idempotent_and_diffs(tmp_path: Path) -> None:
    first = _import(tmp_path)
    assert first.returncode == 0, first.stderr
    defects = [line for line in first.stderr.splitlines() if line.startswith("catalog defect:")]
    assert defects == ["catalog defect: broken.yaml: line 3: did not find expected ',' or ']'"]
    files = sorted(p.relative_to(tmp_path) for p in (tmp_path / "sigma").rglob("*.yml"))
    assert len(files) == 9 and all(p.name.endswith("_lolrmm.yml") for p in files)
    findings = run_check([tmp_path / "sigma"], CheckOptions(analyzer=False)).findings
    assert [f for f in findings if f.severity == ERROR] == []
    before = {p: p.read_bytes() for p in (tmp_path / "sigma").rglob("*.yml")}

    again = _import(tmp_path)
    assert again.returncode == 0 and again.stderr.splitlines()[-1].startswith("0 file(s) written, 0 removed")
    assert {p: p.read_bytes() for p in (tmp_path / "sigma").rglob("*.yml")} == before

    edited = tmp_path / "sigma" / "Gamma" / "net_connection_win_rmm_gamma_lolrmm.yml"
    edited.write_text(edited.read_text().replace("gamma-desk.io", "edited.example"), encoding="utf-8")
    stray = tmp_path / "sigma" / "Gone" / "net_connection_win_rmm_gone_lolrmm.yml"
    stray.parent.mkdir()
    stray.write_text("title: stale\n", encoding="utf-8")
    diff = _import(tmp_path, "--diff")
    assert diff.returncode == 0
    assert "-    DestinationHostname|contains: edited.example" in diff.stdout
    assert "+    DestinationHostname|contains: gamma-desk.io" in diff.stdout
    assert f"--- {stray}" in diff.stdout and "1 removed" in diff.stderr
    assert "edited.example" in edited.read_text() and stray.exists()  # --diff writes nothing


def test_missing_catalog_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("import", "lolrmm", str(tmp_path / "nope"), "--out", str(tmp_path / "sigma"))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"error: {tmp_path / 'nope'}: no such catalog folder (expected LOLRMM's yaml/ folder)\n"
    )
    assert not (tmp_path / "sigma").exists()


@pytest.fixture(scope="module")
def real() -> lolrmm.Plan:
    if not lolrmm.DEFAULT_CATALOG.is_dir():
        pytest.fail(f"LOLRMM catalog missing at {lolrmm.DEFAULT_CATALOG}")
    return lolrmm.plan_import(lolrmm.DEFAULT_CATALOG, PROJECT_ROOT / "sigma")


def test_real_catalog_coverage_meets_the_promise(real: lolrmm.Plan) -> None:
    summary = real.summary()
    assert summary["entries"] == 319 and real.defects == []
    assert summary["entries_with_rules"] >= 300
    assert summary["real_domains_in_rules"] / summary["real_domains"] >= 0.90
    assert all(reason.strip() for _, reason in real.excluded)


def test_real_catalog_named_gaps_are_closed(real: lolrmm.Plan) -> None:
    kept = {(t, i.value) for (t, _), vs in real.kept.items() for i in vs}
    for tool, value in [
        ("NinjaRMM", "ninjaone.com"), ("NinjaRMM", "rmmservice.eu"), ("NinjaRMM", "NinjaOne LLC"),
        ("ChromeRDP", "remotedesktop.google.com"), ("RAdmin", "radmin.com"),
        ("Pulseway", "Kaseya Holdings Inc."), ("parsec.app", "Unity Technologies SF"),
    ]:  # fmt: skip
        assert (tool, value) in kept, (tool, value)
    assert {"UltraVNC", "FixMe.it", "Bluetrait"} <= {t for t, _ in real.kept}


def test_committed_rules_and_exclusions_are_what_the_importer_writes(real: lolrmm.Plan) -> None:
    change = lolrmm.changes(real, PROJECT_ROOT / "sigma", lolrmm.DATA / "exclusions.yml")
    assert sorted(map(str, change.write)) == [] and change.remove == [], "run `rmm-sigma import lolrmm`"


def test_import_refuses_a_tool_folder_that_is_a_symbolic_link(tmp_path: Path) -> None:
    """Writing and removing ``<Tool>/*_lolrmm.yml`` through a linked folder would reach outside the rules."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stale = elsewhere / "net_connection_win_rmm_gone_lolrmm.yml"
    stale.write_text("title: stale\n", encoding="utf-8")
    (tmp_path / "sigma").mkdir()
    (tmp_path / "sigma" / "Gone").symlink_to(elsewhere)
    result = _import(tmp_path)
    assert result.returncode == 1 and "is a symbolic link; refusing to write through it" in result.stderr
    assert stale.exists() and not (tmp_path / "exclusions.yml").exists()
