"""ATT&CK data: one table (attack_table), loaded into pySigma through its hook once, then free to read."""

from __future__ import annotations

import pytest
from sigma.data import mitre_attack
from sigma.rule import SigmaRule
from sigma.validators.core.tags import ATTACKTagValidator

from rmm_sigma import attack_table, offline_data


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    offline_data.install_attack()


def test_pysigma_reads_the_table_leaving_out_deprecated_techniques() -> None:
    live = {tid: name for tid, (name, _) in attack_table.TECHNIQUES.items()}
    for tid in attack_table.DEPRECATED_TECHNIQUES:
        del live[tid]
    assert "T1026" in attack_table.DEPRECATED_TECHNIQUES
    assert "T1026" in attack_table.TECHNIQUES and "T1026" not in mitre_attack.mitre_attack_techniques
    assert mitre_attack.mitre_attack_techniques == live
    assert mitre_attack.mitre_attack_techniques_tactics_mapping["T1219"] == ["command-and-control"]
    assert mitre_attack.mitre_attack_tactics["TA0011"] == "command-and-control"
    assert mitre_attack.mitre_attack_intrusion_sets["G0016"] == "APT29"
    assert mitre_attack.mitre_attack_software["S0029"] == "PsExec"
    assert mitre_attack.mitre_attack_mitigations == attack_table.MITIGATIONS
    assert mitre_attack.mitre_attack_version == attack_table.ATTACK_VERSION


@pytest.mark.parametrize(
    ("tag", "valid"),
    [("attack.g0016", True), ("attack.s0029", True), ("attack.t1219.002", True), ("attack.t1026", False)],
)
def test_the_attack_tag_validator_knows_groups_and_software(tag: str, valid: bool) -> None:
    rule = SigmaRule.from_dict(
        {
            "title": "Tagged",
            "logsource": {"category": "process_creation", "product": "windows"},
            "detection": {"sel": {"Image": "x"}, "condition": "sel"},
            "tags": [tag],
        }
    )
    assert (ATTACKTagValidator().validate(rule) == []) is valid


def test_reads_after_loading_never_reach_pysigmas_disk_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """pySigma's module ``__getattr__`` unpickles its disk cache on every read; the pinned values
    are found before it is called."""

    def _no_cache() -> None:
        raise AssertionError("read pySigma's ATT&CK disk cache again")

    monkeypatch.setattr(mitre_attack, "_load_mitre_attack_data", _no_cache)
    # the Elastic rule formats read it so, for every rule
    from sigma.data.mitre_attack import mitre_attack_tactics, mitre_attack_techniques

    assert mitre_attack_techniques["T1219"] == "Remote Access Tools"
    assert len(mitre_attack_tactics) == len(attack_table.TACTICS)
    assert all(name in vars(mitre_attack) for name in offline_data.PYSIGMA_ATTACK_DATA)
