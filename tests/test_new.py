"""``rmm-sigma new``: a new tool's rules, scaffolded from its indicators, pass ``check`` as written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli

from rmm_sigma.check import run_check

NEW = [
    "new",
    "AcmeRemote",
    "--domain",
    "relay.acmeremote.com",
    "--domain",
    "api.acmeremote.com",
    "--signer",
    "Acme Remote Software Ltd",
    "--company",
    "Acme Remote Software",
    "--product",
    "AcmeRemote Desktop",
    "--reference",
    "https://acmeremote.example/docs/firewall",
]


_cli = run_cli


@pytest.mark.slow
def test_new_tool_passes_check(tmp_path: Path) -> None:
    result = _cli(*NEW, "--rules", str(tmp_path / "sigma"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "sigma" / "AcmeRemote"
    assert sorted(p.name for p in folder.iterdir()) == [
        "file_signature_win_rmm_acmeremote.yml",
        "net_connection_win_rmm_acmeremote.yml",
        "proc_creation_win_rmm_acmeremote.yml",
    ]
    net = yaml.safe_load((folder / "net_connection_win_rmm_acmeremote.yml").read_text(encoding="utf-8"))
    assert net["detection"]["selection"]["DestinationHostname|contains"] == [
        "relay.acmeremote.com",
        "api.acmeremote.com",
    ]
    assert "match.term" in net["tags"] and net["references"] == ["https://acmeremote.example/docs/firewall"]
    findings = run_check([tmp_path / "sigma"]).findings  # with the analyzer when node is there
    assert [f for f in findings if f.severity == "error"] == []


def test_new_ids_are_fresh_uuids(tmp_path: Path) -> None:
    _cli(*NEW, "--rules", str(tmp_path / "a"), cwd=tmp_path)
    _cli(*NEW, "--rules", str(tmp_path / "b"), cwd=tmp_path)
    ids = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in sorted(tmp_path.rglob("*.yml"))]
    assert len(ids) == 6 and len(set(ids)) == 6


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    rules = tmp_path / "sigma"
    existing = rules / "AcmeRemote" / "proc_creation_win_rmm_acmeremote.yml"
    existing.parent.mkdir(parents=True)
    existing.write_text("hand-written\n", encoding="utf-8")
    result = _cli(*NEW, "--rules", str(rules), cwd=tmp_path)
    assert result.returncode == 1 and "already exists" in result.stderr and str(existing) in result.stderr
    assert existing.read_text(encoding="utf-8") == "hand-written\n"
    assert sorted(p.name for p in existing.parent.iterdir()) == [existing.name]  # nothing else written


def test_new_refuses_indicators_that_fail_check(tmp_path: Path) -> None:
    result = _cli(
        "new",
        "Vague",
        "--domain",
        "com",
        "--reference",
        "https://x.example/",
        "--rules",
        str(tmp_path / "sigma"),
        cwd=tmp_path,
    )
    assert result.returncode == 1 and "indicator.generic" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "sigma").exists()


def test_new_bad_tool_name_and_missing_indicators(tmp_path: Path) -> None:
    bad_name = _cli(
        "new",
        "../evil",
        "--domain",
        "evil.example.com",
        "--reference",
        "https://x.example/",
        "--rules",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert bad_name.returncode == 1 and "tool name" in bad_name.stderr
    rules = ["--rules", str(tmp_path)]
    nothing = _cli("new", "Empty", "--reference", "https://x.example/", *rules, cwd=tmp_path)
    assert nothing.returncode == 1 and "at least one indicator" in nothing.stderr
    no_reference = _cli("new", "NoRef", "--domain", "relay.noref.example", *rules, cwd=tmp_path)
    assert no_reference.returncode == 2 and "--reference" in no_reference.stderr
    assert list(tmp_path.iterdir()) == []


def test_one_rule_per_kind_of_indicator() -> None:
    from rmm_sigma.scaffold import Indicators, rules_for

    indicators = Indicators(
        domains=("relay.xy.example",), signers=("XY Soft",), references=("https://xy.example/docs",)
    )
    rules = rules_for("x.y", indicators)
    assert set(rules) == {"net_connection_win_rmm_x_y.yml", "file_signature_win_rmm_x_y.yml"}
    assert rules["net_connection_win_rmm_x_y.yml"]["detection"]["selection"] == {
        "DestinationHostname|contains": "relay.xy.example"
    }


def test_new_refuses_a_tool_folder_that_is_a_symbolic_link(tmp_path: Path) -> None:
    """``rules/AcmeRemote`` linked to another folder (``/etc``): nothing is written there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "sigma").mkdir()
    (tmp_path / "sigma" / "AcmeRemote").symlink_to(elsewhere)
    result = _cli(*NEW, "--rules", str(tmp_path / "sigma"))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"error: {tmp_path / 'sigma' / 'AcmeRemote'}: is a symbolic link; refusing to write through it\n"
    )
    assert list(elsewhere.iterdir()) == []
