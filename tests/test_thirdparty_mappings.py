"""Third-party (Sysmon-style) rules: what each mapping makes of them, checked on the output text.

Each test converts a small rule written as SigmaHQ writes them and asserts the decision stated in
the mapping's header (mappings/*.yml): Defender's registry spellings, Hashes and Initiated, the
event kinds of shared tables, refusals with their reason; Sysmon EventCodes and channels for
Splunk; ECS categories for Elastic; and the output defects found on SigmaHQ's rules (KQL escaping,
numeric lists, depth, IPv6 ranges; a quote in a SQL regex).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pytest
import yaml
from sigma.collection import SigmaCollection

from rmm_sigma.convert import Converter, LoadedRule, RuleError
from rmm_sigma.targets import MAPPINGS_DIR, TARGETS


@cache
def converter(target: str) -> Converter:
    return Converter(TARGETS[target])


def rule(logsource: dict, selection: dict | list, condition: str = "selection") -> LoadedRule:
    doc = {
        "title": "third-party rule",
        "id": "5b0b8b1e-3d7e-4c53-9a57-2f1d6f0d0c01",
        "status": "test",
        "logsource": {"product": "windows", **logsource},
        "detection": {"selection": selection, "condition": condition},
        "level": "low",
    }
    return LoadedRule(Path("rule.yml"), SigmaCollection.from_dicts([doc]).rules[0])


def kql(logsource: dict, selection: dict | list) -> str:
    return str(converter("kql").convert(rule(logsource, selection), "default"))


def refusal(target: str, logsource: dict, selection: dict) -> RuleError:
    with pytest.raises(RuleError) as caught:
        converter(target).convert(rule(logsource, selection), "default")
    return caught.value


# --- Defender ---------------------------------------------------------------------------------


def test_registry_keys_take_defenders_spelling() -> None:
    query = kql(
        {"category": "registry_set"},
        {
            "TargetObject|startswith": [
                "HKLM\\SYSTEM\\CurrentControlSet\\Services\\",
                "HKU\\S-1-5-21-1\\Software\\Run",
                "HKCR\\CLSID\\",
            ]
        },
    )
    assert query.startswith("DeviceRegistryEvents\n| where ActionType =~ 'RegistryValueSet' and ")
    assert "'HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\ControlSet001\\\\Services\\\\'" in query
    assert "'HKEY_CURRENT_USER\\\\S-1-5-21-1\\\\Software\\\\Run'" in query
    assert "'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Classes\\\\CLSID\\\\'" in query
    assert "HKLM" not in query and "CurrentControlSet" not in query


def test_registry_event_types_become_action_types() -> None:
    query = kql(
        {"category": "registry_event"}, {"EventType": "DeleteValue", "TargetObject|contains": "\\Run\\"}
    )
    assert "ActionType =~ 'RegistryValueDeleted'" in query


def test_hashes_go_to_their_columns_and_imphash_alone_is_refused() -> None:
    query = kql(
        {"category": "process_creation"}, {"Hashes|contains": ["MD5=AB12", "SHA256=CD34", "IMPHASH=EF56"]}
    )
    assert "MD5 =~ 'AB12'" in query and "SHA256 =~ 'CD34'" in query and "EF56" not in query
    error = refusal("kql", {"category": "image_load"}, {"Hashes|contains": "IMPHASH=EF56"})
    assert error.unsupported and "no import hash (IMPHASH)" in error.message


@pytest.mark.parametrize(
    ("initiated", "action_types"),
    [
        ("true", "('ConnectionSuccess', 'ConnectionFailed', 'ConnectionAttempt', 'ConnectionRequest')"),
        (True, "('ConnectionSuccess', 'ConnectionFailed', 'ConnectionAttempt', 'ConnectionRequest')"),
        ("false", "=~ 'InboundConnectionAccepted'"),
    ],
)
def test_initiated_is_the_connection_direction(initiated: object, action_types: str) -> None:
    query = kql({"category": "network_connection"}, {"Initiated": initiated, "DestinationPort": 445})
    assert f"ActionType {'in~ ' if '(' in action_types else ''}{action_types}" in query
    assert "RemotePort == 445" in query


def test_file_delete_is_a_file_event_of_its_kind_and_linux_processes_convert() -> None:
    query = kql({"category": "file_delete"}, {"TargetFilename|endswith": ".evtx"})
    assert query.startswith(
        "DeviceFileEvents\n| where ActionType =~ 'FileDeleted' and FolderPath endswith '.evtx'"
    )
    linux = converter("kql").convert(
        rule({"product": "linux", "category": "process_creation"}, {"Image": "/bin/sh"}), "default"
    )
    assert linux.startswith("DeviceProcessEvents\n| where FolderPath =~ '/bin/sh'")


@pytest.mark.parametrize(
    ("logsource", "selection", "reason"),
    [
        ({"category": "dns_query"}, {"QueryName": "x.example"}, "no DNS query table"),
        ({"category": "file_access"}, {"TargetFilename": "x"}, "no file reads"),
        ({"category": "process_creation"}, {"CurrentDirectory": "C:\\"}, "no working directory"),
        ({"category": "image_load"}, {"Signed": "false"}, "no signature columns"),
        (
            {"category": "file_event"},
            {"ParentImage|endswith": "\\cmd.exe"},
            "only the file name of the parent",
        ),
    ],
)
def test_what_defender_does_not_record_is_refused_with_the_reason(
    logsource: dict, selection: dict, reason: str
) -> None:
    error = refusal("kql", logsource, selection)
    assert error.unsupported and reason in error.message


def test_every_defender_column_exists_for_third_party_fields() -> None:
    """The columns the new decisions produce are Defender columns (the schema test covers all items)."""
    query = kql({"category": "image_load"}, {"CommandLine|contains": "x", "ImageLoaded|endswith": ".dll"})
    assert "InitiatingProcessCommandLine contains 'x'" in query and "FolderPath endswith '.dll'" in query


# --- KQL and SQL output defects -----------------------------------------------------------------


@pytest.mark.slow
def test_kql_values_and_lists_the_analyzer_accepts() -> None:
    from rmm_sigma.verify.kql_analyzer import analyze

    backslash_star = kql({"category": "process_creation"}, {"CommandLine|contains": [" ?:\\\\\\*.", "a\\*b"]})
    assert r'"(?i)^.* .:\\\\\\*\\..*$"' in backslash_star  # \ then a literal *, anchored regex
    assert "contains 'a*b'" in backslash_star  # a literal * needs no escape in KQL
    numbers = kql({"category": "network_connection"}, {"DestinationPort": [80, 443]})
    assert "RemotePort in (80, 443)" in numbers
    ipv6 = kql({"category": "network_connection"}, {"DestinationIp|cidr": ["fe80::/10", "10.0.0.0/8"]})
    assert 'ipv6_is_in_range(RemoteIP, "fe80::/10")' in ipv6 and "ipv4_is_in_range" in ipv6
    many = kql({"category": "process_creation"}, {"CommandLine|contains": [f"v{i}" for i in range(1000)]})
    assert many.count("(") > 30  # balanced groups, not one chain of 1000
    for query, diagnostics in zip(
        [backslash_star, numbers, ipv6, many], analyze([backslash_star, numbers, ipv6, many]), strict=True
    ):
        assert diagnostics == [], (query[:200], diagnostics)


def test_sql_regex_with_a_quote_runs_in_duckdb() -> None:
    sql = converter("sql").convert(
        rule({"category": "process_creation"}, {"CommandLine|re": "\\s['\"]?C:"}), "default"
    )
    con = duckdb.connect()
    con.execute("CREATE TABLE DeviceProcessEvents (ProcessCommandLine VARCHAR)")
    con.executemany("INSERT INTO DeviceProcessEvents VALUES (?)", [["x 'C:\\a"], ["x C:"], ["xC:"]])
    assert sorted(r[0] for r in con.execute(sql).fetchall()) == ["x 'C:\\a", "x C:"]


# --- Splunk and Elastic -------------------------------------------------------------------------


def test_splunk_sysmon_categories_and_event_log_channels() -> None:
    splunk = converter("splunk")
    image_load = splunk.convert(
        rule({"category": "image_load"}, {"ImageLoaded|endswith": "\\x.dll"}), "default"
    )
    assert (
        'source="*WinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=7 ImageLoaded="*\\\\x.dll"'
        in image_load
    )
    security = splunk.convert(rule({"service": "security"}, {"EventID": 4624, "LogonType": 9}), "default")
    assert security == 'source="*WinEventLog:Security" EventCode=4624 LogonType=9'
    error = refusal("splunk", {"category": "file_event"}, {"CommandLine": "x"})
    assert "CommandLine" in error.message  # Sysmon file events have no command line: not silently dropped


def test_elastic_ecs_categories_and_event_log_channels() -> None:
    elastic = converter("elastic")
    registry = elastic.convert(
        rule({"category": "registry_set"}, {"TargetObject|endswith": "\\Run\\x"}), "default"
    )
    assert (
        "event.type:change" in registry
        and "event.category:registry" in registry
        and "registry.path:" in registry
    )
    security = elastic.convert(rule({"service": "security"}, {"EventID": 4624, "LogonType": 9}), "default")
    assert security == "winlog.channel:Security AND (winlog.event_id:4624 AND winlog.event_data.LogonType:9)"
    ps = elastic.convert(rule({"category": "ps_script"}, {"ScriptBlockText|contains": "AADInt"}), "default")
    assert "winlog.event_id:4104" in ps and "powershell.file.script_block_text:*AADInt*" in ps


def test_every_mapping_names_the_backends_it_is_for() -> None:
    for path in sorted(MAPPINGS_DIR.glob("*.yml")):
        assert yaml.safe_load(path.read_text(encoding="utf-8")).get("allowed_backends"), path.name


@pytest.mark.slow
def test_sigma_cli_finds_our_backend_and_named_pipelines_and_checks_them() -> None:
    """The pySigma plugin modules (src/sigma/...): our KQL backend gives term matching in sigma-cli,
    and a named mapping refuses a backend it is not for."""
    import subprocess
    import sys

    sigma = Path(sys.executable).with_name("sigma")
    rules = MAPPINGS_DIR.parent / "sigma" / "AnyDesk"
    ours = subprocess.run(
        [sigma, "convert", "-t", "kql", "-p", "rmm_defender", rules], capture_output=True, text=True
    )
    assert ours.returncode == 0, ours.stderr
    assert "ProcessVersionInfoCompanyName has_any ('anydesk software'" in ours.stdout
    wrong = subprocess.run(
        [sigma, "convert", "-t", "splunk", "-p", "rmm_defender", rules], capture_output=True, text=True
    )
    assert wrong.returncode != 0 and wrong.stdout == ""


def test_service_installation_is_defenders_service_installed_event() -> None:
    selection = {
        "Provider_Name": "Service Control Manager",
        "EventID": 7045,
        "ImagePath|contains": "\\Temp\\",
    }
    query = kql({"service": "system"}, selection)
    assert (
        query
        == "DeviceEvents\n| where ActionType =~ 'ServiceInstalled' and FolderPath contains '\\\\Temp\\\\'"
    )
    error = refusal("kql", {"service": "system"}, {"EventID": 7045, "ServiceName": "x"})
    assert "ServiceName" in error.message
