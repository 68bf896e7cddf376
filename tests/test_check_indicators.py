"""Indicator quality rules in detail: what is generic, when it is only a warning, what is a pattern."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.report import ERROR, WARNING, Finding


def _findings(tmp_path: Path, detection: dict, category: str = "network_connection") -> list[Finding]:
    prefix = {"network_connection": "net_connection_win", "process_creation": "proc_creation_win"}[category]
    rule = {
        "title": "Remote Management and Monitoring tool - Probe - test",
        "id": "7f1c8e7e-2b1d-4c59-9a53-4f0e8a1c0d11",
        "status": "experimental",
        "description": "Probe rule for indicator checks.",
        "references": ["https://example.com/probe"],
        "author": "tests",
        "date": "2024-08-01",
        "tags": ["attack.command-and-control", "attack.t1219"],
        "logsource": {"category": category, "product": "windows"},
        "detection": detection,
        "falsepositives": ["None"],
        "level": "medium",
    }
    path = tmp_path / "Probe" / f"{prefix}_rmm_probe.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    found = run_check([tmp_path], CheckOptions(analyzer=False)).findings
    return [f for f in found if f.check.startswith("indicator.")]


def _kinds(findings: list[Finding]) -> list[tuple[str, str]]:
    return sorted((f.check, f.severity) for f in findings)


@pytest.mark.parametrize("value", ["com", ".net", "corp.local", "*.local", "remote", "Desktop", "abc"])
def test_generic_value_alone_is_an_error(tmp_path: Path, value: str) -> None:
    detection = {"selection": {"DestinationHostname|endswith": value}, "condition": "selection"}
    assert ("indicator.generic", ERROR) in _kinds(_findings(tmp_path, detection))


def test_generic_value_anded_with_a_specific_one_is_a_warning(tmp_path: Path) -> None:
    detection = {
        "selection": {"Company|contains": "Probe Software Ltd", "Product|contains": "Remote"},
        "condition": "selection",
    }
    assert _kinds(_findings(tmp_path, detection, "process_creation")) == [("indicator.generic", WARNING)]


def test_conjunction_of_selections_anchors_too(tmp_path: Path) -> None:
    detection = {
        "selection": {"Company|contains": "Probe Software Ltd"},
        "selection_product": {"Product|contains": ["Remote", "Probe Agent"]},
        "condition": "selection and selection_product",
    }
    assert _kinds(_findings(tmp_path, detection, "process_creation")) == [("indicator.generic", WARNING)]


def test_or_does_not_anchor(tmp_path: Path) -> None:
    detection = {
        "selection": {"Company|contains": "Probe Software Ltd"},
        "selection_product": {"Product|contains": "Remote"},
        "condition": "selection or selection_product",
    }
    assert _kinds(_findings(tmp_path, detection, "process_creation")) == [("indicator.generic", ERROR)]


def test_specific_values_pass(tmp_path: Path) -> None:
    detection = {
        "selection": {"DestinationHostname|contains": ["relay.probe-remote.com", "probe.app"]},
        "condition": "selection",
    }
    assert _findings(tmp_path, detection) == []


@pytest.mark.parametrize("value", ["relay.*.probe.com", "probe?.example.com", "*probe.com"])
def test_unescaped_wildcard_is_an_error(tmp_path: Path, value: str) -> None:
    detection = {"selection": {"DestinationHostname": value}, "condition": "selection"}
    assert ("indicator.wildcard", ERROR) in _kinds(_findings(tmp_path, detection))


def test_escaped_wildcard_is_a_literal_not_a_finding(tmp_path: Path) -> None:
    detection = {"selection": {"DestinationHostname|contains": "probe\\*relay.com"}, "condition": "selection"}
    assert _findings(tmp_path, detection) == []


@pytest.mark.parametrize(
    "value", ["relay\\.probe\\.com", "^probe", "probe.*relay", "(probe|relay)x.com", "probe[0-9].com"]
)
def test_regex_without_re_modifier_is_an_error(tmp_path: Path, value: str) -> None:
    detection = {"selection": {"DestinationHostname|contains": value}, "condition": "selection"}
    assert ("indicator.regex", ERROR) in _kinds(_findings(tmp_path, detection))


def test_regex_with_re_modifier_is_fine(tmp_path: Path) -> None:
    detection = {
        "selection": {"DestinationHostname|re": "relay[0-9]+\\.probe\\.com$"},
        "condition": "selection",
    }
    found = _findings(tmp_path, detection)
    assert not any(f.check in ("indicator.regex", "indicator.wildcard") for f in found)


def test_windows_paths_are_not_taken_for_regexes(tmp_path: Path) -> None:
    detection = {"selection": {"Image|contains": "\\ProbeRemote\\bin\\probe.exe"}, "condition": "selection"}
    assert _findings(tmp_path, detection, "process_creation") == []


def test_wildcard_inside_a_modified_value_names_its_modifier(tmp_path: Path) -> None:
    detection = {
        "selection": {"DestinationHostname|endswith": "relay*.probe.example"},
        "condition": "selection",
    }
    [finding] = [f for f in _findings(tmp_path, detection) if f.check == "indicator.wildcard"]
    assert "inside a |endswith value" in finding.message and "use |contains" not in finding.message
