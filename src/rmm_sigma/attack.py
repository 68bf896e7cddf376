"""One ATT&CK mapping for every target, from MITRE's own data (``attack_table``, ATT&CK 18.1).

Sigma tags name tactics by short name (``attack.command-and-control``) and techniques by ID
(``attack.t1219.002``). Each product wants them in its own spelling, and every spelling is derived
here from ATT&CK's names, never written by hand per tactic:

* ATT&CK and Elastic: the tactic's name exactly as ATT&CK writes it (``Command and Control``) and
  its page with the trailing slash ATT&CK uses (``https://attack.mitre.org/tactics/TA0011/``;
  sub-techniques ``.../techniques/T1219/002/``).
* Sentinel: the name without spaces, each word capitalised (``CommandAndControl``,
  ``LateralMovement``), the spelling of the ``tactics`` enum of Sentinel alert rules.

A tag this table does not know is left out of the product mapping rather than guessed (``rmm-sigma
check`` reports it as an invalid ATT&CK tag before a build).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sigma.rule import SigmaRule

from rmm_sigma.attack_table import ATTACK_VERSION, TACTICS, TECHNIQUES

__all__ = ["ATTACK_VERSION", "Tactic", "elastic_threat", "sentinel_mapping", "tactic_by_short_name"]

ATTACK_URL = "https://attack.mitre.org"
_TECHNIQUE = re.compile(r"^t\d{4}(\.\d{3})?$")


@dataclass(frozen=True)
class Tactic:
    id: str
    name: str  # as ATT&CK writes it: "Command and Control"
    short_name: str  # as Sigma tags write it: "command-and-control"

    @property
    def url(self) -> str:
        return f"{ATTACK_URL}/tactics/{self.id}/"

    @property
    def sentinel_name(self) -> str:
        """Sentinel's enum spelling: ``Command and Control`` -> ``CommandAndControl``."""
        return "".join(word[:1].upper() + word[1:] for word in self.name.split())


_BY_SHORT_NAME = {short: Tactic(tid, name, short) for tid, (name, short) in TACTICS.items()}


def tactic_by_short_name(short_name: str) -> Tactic | None:
    """The tactic of a Sigma tag name (``command-and-control``; ``_`` is read as ``-``)."""
    return _BY_SHORT_NAME.get(short_name.lower().replace("_", "-"))


def technique_url(technique_id: str) -> str:
    return f"{ATTACK_URL}/techniques/{technique_id.replace('.', '/')}/"


def _attack_tags(rule: SigmaRule) -> tuple[list[Tactic], list[str]]:
    """The rule's known tactics (tag order) and known technique IDs (upper case, tag order)."""
    names = [t.name.lower() for t in rule.tags if t.namespace == "attack"]
    tactics = [t for t in map(tactic_by_short_name, names) if t is not None]
    techniques = [n.upper() for n in names if _TECHNIQUE.match(n) and n.upper() in TECHNIQUES]
    return list(dict.fromkeys(tactics)), list(dict.fromkeys(techniques))


def sentinel_mapping(rule: SigmaRule) -> dict[str, list[str]]:
    """Sentinel's ``tactics`` and ``relevantTechniques`` from the rule's ``attack.*`` tags."""
    tactics, techniques = _attack_tags(rule)
    return {"tactics": [t.sentinel_name for t in tactics], "relevantTechniques": techniques}


def _tactics_of(technique_id: str, tagged: list[Tactic]) -> list[Tactic]:
    """The tagged tactics the technique belongs to; all of its tactics when the rule tags none of them."""
    own = [t for t in map(tactic_by_short_name, TECHNIQUES[technique_id][1]) if t is not None]
    chosen = [t for t in tagged if t in own]
    return chosen or own


def _technique_entry(technique_id: str) -> dict[str, Any]:
    return {"id": technique_id, "name": TECHNIQUES[technique_id][0], "reference": technique_url(technique_id)}


def elastic_threat(rule: SigmaRule) -> list[dict[str, Any]]:
    """Elastic's ``threat`` array: one entry per tactic, its techniques and sub-techniques beneath.

    Every technique sits under a tactic it belongs to in ATT&CK (detection-rules' threat-mapping
    test); a tagged tactic without any tagged technique gets an entry without techniques.
    """
    tactics, techniques = _attack_tags(rule)
    grouped: dict[Tactic, dict[str, list[str]]] = {t: {} for t in tactics}
    for tid in techniques:
        parent, _, sub = tid.partition(".")
        for tactic in _tactics_of(tid, tactics):
            subs = grouped.setdefault(tactic, {}).setdefault(parent, [])
            if sub:
                subs.append(tid)
    threat = []
    for tactic, by_parent in grouped.items():
        entry: dict[str, Any] = {
            "framework": "MITRE ATT&CK",
            "tactic": {"id": tactic.id, "name": tactic.name, "reference": tactic.url},
        }
        if by_parent:
            entry["technique"] = [
                _technique_entry(parent)
                | ({"subtechnique": [_technique_entry(s) for s in subs]} if subs else {})
                for parent, subs in by_parent.items()
                if parent in TECHNIQUES
            ]
        threat.append(entry)
    return threat
