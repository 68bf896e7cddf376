"""ATT&CK names for the Elastic rule formats' threat mapping, offline.

pySigma 1.5 downloads ATT&CK from GitHub the first time ``sigma.data.mitre_attack`` is read (a module
``__getattr__``); the Elastic NDJSON rule formats read it to map ``attack.t1219`` to TA0011/T1219.
A build must be offline and deterministic, so :func:`install` sets the two tables those formats
read, unless something (the project's validator data) already installed its own. Names follow the
Enterprise ATT&CK matrix; add a technique here when a rule is tagged with a new one.
"""

from __future__ import annotations

#: Enterprise ATT&CK tactics: ID -> tag name (``attack.<name>``).
TACTICS: dict[str, str] = {
    "TA0043": "reconnaissance",
    "TA0042": "resource-development",
    "TA0001": "initial-access",
    "TA0002": "execution",
    "TA0003": "persistence",
    "TA0004": "privilege-escalation",
    "TA0005": "defense-evasion",
    "TA0006": "credential-access",
    "TA0007": "discovery",
    "TA0008": "lateral-movement",
    "TA0009": "collection",
    "TA0011": "command-and-control",
    "TA0010": "exfiltration",
    "TA0040": "impact",
}

#: The techniques the rules are tagged with: ID -> name.
TECHNIQUES: dict[str, str] = {
    "T1219": "Remote Access Tools",
    "T1219.001": "IDE Tunneling",
    "T1219.002": "Remote Desktop Software",
    "T1219.003": "Remote Access Hardware",
}


def install() -> None:
    """Set pySigma's ATT&CK tactic and technique tables, unless some are already set."""
    from sigma.data import mitre_attack

    if "mitre_attack_tactics" in vars(mitre_attack):
        return
    mitre_attack.mitre_attack_tactics = dict(TACTICS)
    mitre_attack.mitre_attack_techniques = dict(TECHNIQUES)
