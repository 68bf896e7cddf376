"""``rmm-sigma new``: the rules for a new tool, written from its indicators.

A contributor knows the tool's domains, code-signing signers, company and product names; everything
else (ids, titles, tags, file names, the term-matching tag) follows the project's conventions and is
filled in here, so that a new tool is one command and a review, not an afternoon of copying YAML.
Each kind of indicator gives one rule, in the layout ``check`` enforces:

* domains -> ``net_connection_win_rmm_<tool>.yml`` (with the product or company of the process);
* companies/products -> ``proc_creation_win_rmm_<tool>.yml``;
* signers -> ``file_signature_win_rmm_<tool>.yml``.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rmm_sigma.naming import TOOL_NAME, rule_file_name

DEFAULT_AUTHOR = "rmm-sigma contributors"
TAGS = ["attack.command-and-control", "attack.t1219", "match.term"]
_WHY = (
    "Attackers abuse legitimate Remote Monitoring and Management (RMM) programs to persist or provide "
    "command-and-control channels."
)


class ScaffoldError(ValueError):
    """Bad input for ``new``: one line saying which option and why."""


@dataclass(frozen=True)
class Indicators:
    """What identifies the tool, as the contributor found it (vendor docs, a sandbox run, a certificate)."""

    domains: tuple[str, ...] = ()
    signers: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    author: str = DEFAULT_AUTHOR
    date: str = field(default_factory=lambda: datetime.date.today().isoformat())


#: A tool name is a folder name and part of three file names: keep every path component well under
#: the 255 bytes file systems allow.
MAX_TOOL_NAME = 64


def _check_inputs(tool: str, ind: Indicators) -> None:
    if not TOOL_NAME.fullmatch(tool):
        raise ScaffoldError(f"tool name '{tool}' must be letters, digits, '.', '_' or '-' (a folder name)")
    if len(tool) > MAX_TOOL_NAME:
        raise ScaffoldError(f"tool name is {len(tool)} characters long; at most {MAX_TOOL_NAME}")
    for option, values in [
        ("--domain", ind.domains),
        ("--signer", ind.signers),
        ("--company", ind.companies),
        ("--product", ind.products),
        ("--reference", ind.references),
    ]:
        for value in values:
            if not value.strip() or any(c in value for c in "\r\n\0"):
                raise ScaffoldError(f"{option} {value!r} must be a non-empty single line")
    if not (ind.domains or ind.signers or ind.companies or ind.products):
        raise ScaffoldError("give at least one indicator: --domain, --signer, --company or --product")
    if not ind.references:
        raise ScaffoldError("give at least one --reference URL: where the indicators come from")
    for reference in ind.references:
        if not reference.lower().startswith(("https://", "http://")) or " " in reference:
            raise ScaffoldError(
                f"--reference {reference!r} must be an http(s) URL: where the indicators come from"
            )


def _one(values: tuple[str, ...]) -> str | list[str]:
    return values[0] if len(values) == 1 else list(values)


def _rule(
    tool: str,
    ind: Indicators,
    kind: str,
    what: str,
    category: str,
    selection: dict[str, Any],
    fields: list[str],
) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "title": f"Remote Management and Monitoring tool - {tool} - {kind}",
        "id": str(uuid.uuid4()),
        "status": "experimental",
        "description": f"Detects {what}. {_WHY}",
        "references": list(ind.references),
        "author": ind.author,
        "date": ind.date,
        "tags": list(TAGS),
        "logsource": {"category": category, "product": "windows"},
        "detection": {"selection": selection, "condition": "selection"},
        "fields": fields,
        "falsepositives": [f"Legitimate use of {tool} by IT administrators"],
        "level": "medium",
    }
    if not fields:
        del rule["fields"]
    return rule


def _process_selection(ind: Indicators) -> dict[str, Any]:
    selection: dict[str, Any] = {}
    if ind.companies:
        selection["Company|contains"] = _one(ind.companies)
    if ind.products:
        selection["Product|contains"] = _one(ind.products)
    return selection


def rules_for(tool: str, ind: Indicators) -> dict[str, dict[str, Any]]:
    """File name -> rule document, one per kind of indicator given."""
    _check_inputs(tool, ind)
    out: dict[str, dict[str, Any]] = {}
    if ind.domains:
        selection = {"DestinationHostname|contains": _one(ind.domains), **_process_selection(ind)}
        out[rule_file_name("net_connection_win", tool)] = _rule(
            tool,
            ind,
            "Network Connection",
            f"network connections to {tool} infrastructure",
            "network_connection",
            selection,
            ["DestinationHostname"],
        )
    if ind.companies or ind.products:
        out[rule_file_name("proc_creation_win", tool)] = _rule(
            tool,
            ind,
            "Create Process",
            f"process creations whose version information names {tool}",
            "process_creation",
            _process_selection(ind),
            ["UserPrincipalName"],
        )
    if ind.signers:
        out[rule_file_name("file_signature_win", tool)] = _rule(
            tool,
            ind,
            "File Signature",
            f"files signed with a code-signing certificate issued to the publisher of {tool}",
            "file_signature",
            {"Signer|contains": _one(ind.signers)},
            [],
        )
    return out


def dump(rule: dict[str, Any]) -> str:
    """The rule as YAML, keys in the conventional order (as the rules in sigma/ are written)."""
    return yaml.safe_dump(rule, sort_keys=False, allow_unicode=True, width=100)


def planned_files(rules_dir: Path, tool: str, rules: dict[str, dict[str, Any]]) -> dict[Path, str]:
    """Target path -> content; refuses (ScaffoldError) when any of the files already exists."""
    files = {rules_dir / tool / name: dump(rule) for name, rule in rules.items()}
    existing = [str(p) for p in files if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists; `new` never overwrites a rule (edit it instead)")
    return files
