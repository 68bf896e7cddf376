"""``check`` on third-party rules: the thirdparty profile, known log sources, complete ATT&CK data."""

from __future__ import annotations

from pathlib import Path

import yaml

from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.report import Finding

#: SigmaHQ's file name prefix per category (its filename validator checks them, on any profile)
SIGMAHQ_PREFIX = {
    "registry_set": "registry_set_",
    "registry_event": "registry_event_",
    "file_event": "file_event_win_",
    "image_load": "image_load_",
}


def _check(tmp_path: Path, logsource: dict, detection: dict, tags: list[str], profile: str) -> list[Finding]:
    rule = {
        "title": "Third-party rule",
        "id": "0b7c6a52-1f7e-4a3c-9d51-2c8e4f1a7b01",
        "status": "test",
        "description": "A rule as SigmaHQ writes them.",
        "author": "someone",
        "date": "2025-01-01",
        "tags": tags,
        "logsource": {"product": "windows", **logsource},
        "detection": {**detection, "condition": "selection"},
        "level": "medium",
    }
    path = tmp_path / "rules" / f"{SIGMAHQ_PREFIX[logsource['category']]}thirdparty.yml"
    for old in path.parent.glob("*.yml"):
        old.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    return run_check(
        [path.parent], CheckOptions(analyzer=False, profile=profile, skip_unsupported=True)
    ).findings


RUN_KEY = {"selection": {"TargetObject|contains": "\\CurrentVersion\\Run\\", "Details|contains": "\\Temp\\"}}


def test_thirdparty_profile_drops_the_projects_conventions_only(tmp_path: Path) -> None:
    tags = ["attack.persistence", "attack.privilege-escalation", "attack.t1547.001"]
    auto = {f.check for f in _check(tmp_path, {"category": "registry_set"}, RUN_KEY, tags, "auto")}
    project = {f.check for f in _check(tmp_path, {"category": "registry_set"}, RUN_KEY, tags, "project")}
    assert "naming.path" in project and "metadata.required" in project  # our conventions, on our rules
    assert auto == set()  # outside the repository: a correct SigmaHQ rule has no finding


def test_sysmon_log_sources_are_known_and_real_attack_tags_valid(tmp_path: Path) -> None:
    detections = {
        "file_event": {"selection": {"TargetFilename|endswith": "\\evil.exe"}},
        "registry_event": RUN_KEY,
        "image_load": {"selection": {"ImageLoaded|endswith": "\\evil.dll"}},
    }
    for category, detection in detections.items():
        tags = [
            "attack.persistence",
            "attack.privilege-escalation",
            "attack.t1547.001",
            "attack.g0016",
            "attack.s0002",
        ]
        found = _check(tmp_path, {"category": category}, detection, tags, "thirdparty")
        assert [f for f in found if f.check.startswith("validator.")] == [], category


def test_an_unknown_attack_technique_is_still_invalid(tmp_path: Path) -> None:
    found = _check(
        tmp_path, {"category": "registry_set"}, RUN_KEY, ["attack.persistence", "attack.t9999"], "auto"
    )
    assert [f.message for f in found if f.check == "validator.attacktag"] == [
        "Invalid MITRE ATT&CK tagging (tag=attack.t9999)"
    ]
