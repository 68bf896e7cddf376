"""The reference data pySigma's validators need, shipped with rmm-sigma so ``check`` never goes online.

pySigma's ATT&CK tag validator and the SigmaHQ validators load their data lazily from GitHub on first
use (``sigma.data.mitre_attack``, ``sigma.validators.sigmahq.data.*``: a module ``__getattr__`` that
downloads JSON and caches it under ``~/.cache``). ``check`` must work offline, deterministically and in
CI without a home cache, so :func:`install` sets those module attributes from the tables below before
any validator runs; a module attribute that exists is found before ``__getattr__`` is ever called, so
neither the network nor the disk cache is touched.

ATT&CK is MITRE's Enterprise matrix, all 14 tactics and every technique not revoked (``attack_table``,
generated from ATT&CK 18.1 by scripts/gen_attack_table.py). The Sigma tables below cover what this
project's rules use, written from the public Sigma taxonomy, and are extended by ``rmm-sigma-check.yml``:

* Taxonomy: the Windows ``process_creation`` and ``network_connection`` fields of the Sigma taxonomy
  (Sysmon events 1 and 3); our documented extensions come from the check configuration.
* File name prefixes for the SigmaHQ prefix validator, and the categories that must not use EventID.

MITRE D3FEND data is not provided: the D3FEND tag validator is disabled in the configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType

from rmm_sigma import attack_table

ATTACK_VERSION = f"ATT&CK {attack_table.ATTACK_VERSION}"

#: Enterprise ATT&CK tactics: ID -> tag name (``attack.<name>``), from MITRE's data (attack_table).
ATTACK_TACTICS: dict[str, str] = {tid: short for tid, (_, short) in attack_table.TACTICS.items()}

#: Enterprise ATT&CK techniques: ID -> (name, tactics it belongs to), from MITRE's data.
ATTACK_TECHNIQUES: dict[str, tuple[str, tuple[str, ...]]] = dict(attack_table.TECHNIQUES)

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
            logsource_key(*_split(k)): sorted(v, key=str.casefold) for k, v in taxonomy.items()
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


_UNUSED_ATTACK_TABLES = ("intrusion_sets", "software", "datasources", "mitigations")


def install_attack() -> None:
    """Give pySigma's ATT&CK module our tables, so nothing that reads it (the ATT&CK tag validator, the
    Elastic rule formats' threat mapping) downloads anything. Idempotent: the tables are fixed data."""
    from sigma.data import mitre_attack

    _set(
        mitre_attack,
        mitre_attack_version=ATTACK_VERSION,
        mitre_attack_tactics=dict(ATTACK_TACTICS),
        mitre_attack_techniques={tid: name for tid, (name, _) in ATTACK_TECHNIQUES.items()},
        mitre_attack_techniques_tactics_mapping={
            tid: list(tactics) for tid, (_, tactics) in ATTACK_TECHNIQUES.items()
        },
        **{
            f"mitre_attack_{kind}": {}
            for kind in ("intrusion_sets", "software", "datasources", "mitigations")
        },
    )


def filename_prefixes(extra: Mapping[str, str] = {}) -> dict[str, str]:
    """``product/category`` -> file name prefix, ours plus the configured extensions."""
    return {**FILENAME_PREFIXES, **extra}
