"""Tests of the KQL analyzer: Microsoft's Kusto.Language run by node against the Defender schema.

These need node and `npm ci` in the repository. Without them they FAIL rather than skip: CI installs
the node modules, and a silently skipped analyzer would let broken KQL through.
"""

from __future__ import annotations

import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.verify import analyzer_snapshot as snapshots
from rmm_sigma.verify import kql_analyzer as ka
from rmm_sigma.verify.kql_analyzer import AnalyzerUnavailable, KqlDiagnostic, analyze, node_available

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference" / "rmm-tools"

ANYDESK_NETCONN = """\
let Time_start = now(-5d);
let Time_end = now();
//
DeviceNetworkEvents
| where Timestamp between (Time_start..Time_end)
| where RemoteUrl has_any ('anydesk.com', 'api.playanext.com')
    and InitiatingProcessVersionInfoProductName has 'AnyDesk'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp), Report=make_set(ReportId), Count=count()
    by DeviceId, DeviceName, RemoteUrl
"""

FILESIG = """\
let Time_start = now(-5d);
let Time_end = now();
//
DeviceFileCertificateInfo
| where Timestamp between (Time_start..Time_end)
| where Signer has_any ('a', 'b')
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp), Report=make_set(ReportId), Count=count()
    by DeviceId, DeviceName
"""

#: Every case is analyzed in one batch (one node start) by the `results` fixture.
CASES: dict[str, str] = {
    "valid_netconn": ANYDESK_NETCONN,
    "valid_filesig": FILESIG,
    "valid_crlf": FILESIG.replace("\n", "\r\n"),
    "valid_sigma_style": 'DeviceProcessEvents | where ProcessVersionInfoCompanyName contains "AnyDesk"',
    "valid_sha1_uppercase": "DeviceFileCertificateInfo | distinct SHA1",
    "account_upn": ANYDESK_NETCONN.replace("DeviceName, RemoteUrl", "DeviceName, AccountUpn"),
    "trailing_comma": FILESIG.replace("has_any ('a', 'b')", "has_any ('a', 'b',)"),
    "has_all_has_any": "DeviceProcessEvents\n| where FolderPath has_all has_any ('x')\n",
    "misspelled_table": FILESIG.replace("DeviceFileCertificateInfo", "DeviceFileCertificateInf"),
    "pipe_without_operator": "DeviceProcessEvents\n| Sha1 in (x)\n",
    "column_case": "DeviceFileCertificateInfo | distinct Sha1",
    "column_after_emoji": "DeviceFileCertificateInfo | where Signer has 'DWSNET OÜ 😀' and Nope == 1",
}


@pytest.fixture(scope="module")
def analyzer() -> None:
    """Fail (not skip) with the fix when node or the npm package is missing."""
    if not node_available():
        pytest.fail(
            f"KQL analyzer unavailable: run `npm ci` in {PROJECT_ROOT} (needs node on PATH); "
            f"looked in {ka.node_modules_dir()}",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def results(analyzer: None) -> dict[str, list[KqlDiagnostic]]:
    return dict(zip(CASES, analyze(list(CASES.values())), strict=True))


def only_error(diags: list[KqlDiagnostic]) -> KqlDiagnostic:
    assert len(diags) == 1, "\n".join(map(str, diags))
    return diags[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in CASES if name.startswith("valid_")])
def test_valid_queries_have_no_errors(results: dict[str, list[KqlDiagnostic]], name: str) -> None:
    assert results[name] == [], "\n".join(map(str, results[name]))


def test_unknown_column_is_named_with_its_position(results: dict[str, list[KqlDiagnostic]]) -> None:
    diag = only_error(results["account_upn"])
    assert diag.code == "KS142"
    assert "'AccountUpn'" in diag.message
    assert (diag.line, diag.excerpt) == (9, "AccountUpn")
    assert diag.source_line == "    by DeviceId, DeviceName, AccountUpn"


def test_trailing_comma_is_reported_right_after_the_comma(results: dict[str, list[KqlDiagnostic]]) -> None:
    diag = only_error(results["trailing_comma"])
    assert diag.message == "Missing expression"
    assert diag.line == 6
    assert diag.source_line == "| where Signer has_any ('a', 'b',)"
    assert diag.source_line[: diag.column - 1].endswith("'b',")


def test_has_all_has_any_names_the_stray_keyword(results: dict[str, list[KqlDiagnostic]]) -> None:
    diags = results["has_all_has_any"]
    assert diags, "has_all has_any must not pass"
    assert any("'has_any'" in d.message for d in diags), "\n".join(map(str, diags))
    assert {d.line for d in diags} == {2}


def test_misspelled_table_is_named(results: dict[str, list[KqlDiagnostic]]) -> None:
    diags = results["misspelled_table"]
    assert diags[0].code == "KS204"
    assert "'DeviceFileCertificateInf'" in diags[0].message
    assert (diags[0].line, diags[0].column, diags[0].excerpt) == (4, 1, "DeviceFileCertificateInf")


def test_pipe_without_operator_points_at_the_word(results: dict[str, list[KqlDiagnostic]]) -> None:
    first = results["pipe_without_operator"][0]
    assert first.code == "KS176"
    assert first.message == "Query operator expected."
    assert (first.line, first.column, first.excerpt) == (2, 3, "Sha1")


def test_columns_are_case_sensitive(results: dict[str, list[KqlDiagnostic]]) -> None:
    assert "'Sha1'" in only_error(results["column_case"]).message


def test_column_counts_characters_not_utf16_units(results: dict[str, list[KqlDiagnostic]]) -> None:
    diag = only_error(results["column_after_emoji"])
    assert "'Nope'" in diag.message
    assert diag.excerpt == "Nope"


def test_str_shows_the_line_and_carets(results: dict[str, list[KqlDiagnostic]]) -> None:
    text = str(only_error(results["account_upn"]))
    header, line, carets = text.splitlines()
    assert header.startswith("9:30:") and "KS142" in header
    assert carets.strip() == "^" * len("AccountUpn")
    assert line[carets.index("^") :].startswith("AccountUpn")


@pytest.mark.slow
def test_batch_of_200_runs_in_one_node_call(analyzer: None, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = ka.defender_schema()
    queries, bad = [], set()
    tables = sorted(schema)
    for i in range(200):
        table = tables[i % len(tables)]
        column = next(c for c, t in schema[table].items() if t == "string")
        if i % 10 == 0:
            column, _ = f"NoSuchColumn{i}", bad.add(i)
        queries.append(f"{table}\n| where {column} has 'x{i}'\n| take 10")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(ka.subprocess, "run", counting_run)
    start = time.perf_counter()
    results = analyze(queries)
    print(f"\nanalyzed {len(queries)} queries in one node call: {time.perf_counter() - start:.2f}s")
    assert len(calls) == 1  # a first use builds the startup snapshot in its own module's call
    assert [i for i, diags in enumerate(results) if diags] == sorted(bad)
    for i in bad:
        assert f"'NoSuchColumn{i}'" in only_error(results[i]).message


@pytest.mark.slow
def test_env_var_overrides_node_modules(
    analyzer: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "node_modules"
    elsewhere.symlink_to(PROJECT_ROOT / "node_modules", target_is_directory=True)
    monkeypatch.setenv(ka.NODE_MODULES_ENV, str(elsewhere))
    assert ka.node_modules_dir() == elsewhere
    assert analyze(["DeviceInfo | take 1", "DeviceInfo | take"])[0] == []


def test_missing_package_raises_with_npm_ci_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ka.NODE_MODULES_ENV, str(tmp_path))
    assert not node_available()
    with pytest.raises(AnalyzerUnavailable, match="npm ci"):
        analyze(["DeviceInfo"])


def test_missing_node_raises_with_npm_ci_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ka.shutil, "which", lambda _name: None)
    assert not node_available()
    with pytest.raises(AnalyzerUnavailable, match="node.*not on PATH.*npm ci"):
        analyze(["DeviceInfo"])


def test_empty_batch_needs_no_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ka.shutil, "which", lambda _name: None)
    assert analyze([]) == []


def test_schema_has_documented_certificate_columns() -> None:
    schema = ka.defender_schema()
    cert = schema["DeviceFileCertificateInfo"]
    documented = """Timestamp DeviceId DeviceName SHA1 IsSigned SignatureType Signer SignerHash Issuer
        IssuerHash CertificateSerialNumber CrlDistributionPointUrls CertificateCreationTime
        CertificateExpirationTime CertificateCountersignatureTime IsTrusted IsRootSignerMicrosoft ReportId"""
    assert set(documented.split()) <= set(cert)
    assert (cert["Signer"], cert["IsSigned"], cert["Timestamp"]) == ("string", "bool", "datetime")
    assert "AccountUpn" not in schema["DeviceNetworkEvents"]
    assert "AccountUpn" in schema["DeviceProcessEvents"]


def test_schema_column_names_are_cleaned_of_doc_markup() -> None:
    schema = ka.defender_schema()
    names = {col for columns in schema.values() for col in columns}
    assert all(name.isidentifier() for name in names), sorted(n for n in names if not n.isidentifier())
    assert {"Timestamp", "ReportId", "AccountDomain"} <= set(schema["IdentityInfo"])
    assert "LatestDeliveryAction" in schema["EmailEvents"]


def test_unknown_schema_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="T.c: 'geography'"):
        ka._kusto_type("T", "c", "geography")


def _reference_query(path: Path) -> str:
    """The `query: |` block of a reference file (the files are not strict YAML, the block is intact)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("query: |")) + 1
    body = []
    for line in lines[start:]:
        if line.strip() and not line[0].isspace():
            break
        body.append(line)
    return textwrap.dedent("\n".join(body)).strip() + "\n"


def _known_defect(path: Path, diag: KqlDiagnostic) -> bool:
    """The corpus' documented defects (see shared/reference/README.md), and nothing else."""
    if diag.code == "KS142" and diag.excerpt == "AccountUpn":
        return path.name.endswith("_netconn.yaml")  # DeviceNetworkEvents has no AccountUpn
    if diag.message == "Missing expression" and diag.source_line[: diag.column - 1].rstrip().endswith(","):
        return True  # trailing comma in a has_any list
    if path.parent.name == "Level":
        return "has_all has_any" in diag.source_line
    if path.parent.name == "DWService":
        return "Sha1" in diag.source_line  # `| distinct Sha1` (column is SHA1) and `| Sha1 in (...)`
    return False


@pytest.mark.slow
def test_reference_corpus_has_exactly_its_known_defects(analyzer: None) -> None:
    assert REFERENCE.is_dir(), f"reference corpus missing: {REFERENCE}"
    paths = sorted(REFERENCE.rglob("*.yaml"))
    start = time.perf_counter()
    results = analyze([_reference_query(p) for p in paths])
    print(f"\nanalyzed {len(paths)} reference queries in one node call: {time.perf_counter() - start:.2f}s")
    by_path = dict(zip(paths, results, strict=True))
    unexpected = [
        f"{p.relative_to(REFERENCE)}: {d}" for p, ds in by_path.items() for d in ds if not _known_defect(p, d)
    ]
    assert not unexpected, "\n".join(unexpected)
    defective = {p.relative_to(REFERENCE).as_posix() for p, ds in by_path.items() if ds}
    assert "RMM/Level/rmm_Level_createproc.yaml" in defective
    assert "RMM/MSP360_CloudBerry/rmm_MSP360_CloudBerry_netconn.yaml" in defective
    assert "RMM/AnyDesk/rmm_AnyDesk_filesig.yaml" not in defective
    assert all(not p.endswith("_filesig.yaml") for p in defective)


# --- the startup snapshot (analyzer_snapshot) ------------------------------------------------------


def _private_node_modules(tmp_path: Path) -> Path:
    """A node_modules of its own (the package symlinked in), so its snapshot cache is this test's."""
    modules = tmp_path / "node_modules"
    (modules / "@kusto").mkdir(parents=True)
    (modules / ka.PACKAGE).symlink_to(ka.node_modules_dir() / ka.PACKAGE, target_is_directory=True)
    return modules


@pytest.mark.slow
def test_a_snapshot_start_answers_as_a_plain_start(analyzer: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case above and a third of the reference queries (every third file, the defective ones
    among them), analyzed by a plain start and from the snapshot."""
    references = sorted(REFERENCE.rglob("*.yaml"))[::3]
    queries = [*CASES.values(), *(_reference_query(p) for p in references)]
    started: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        started.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording_run)
    monkeypatch.setenv(snapshots.SNAPSHOT_ENV, "0")
    plain = analyze(queries)
    assert started == [[ka._require_node(), str(ka._SCRIPT), str(ka.node_modules_dir())]]  # turned off
    monkeypatch.delenv(snapshots.SNAPSHOT_ENV)
    assert analyze(queries) == plain
    assert started[-1][1] == "--snapshot-blob" and str(ka._SCRIPT) not in started[-1]  # (built if missing)
    assert sum(bool(diags) for diags in plain) >= 10  # errors are compared, not only empty answers


@pytest.mark.slow
def test_a_blob_node_cannot_start_from_is_dropped_and_a_plain_start_answers(
    analyzer: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = _private_node_modules(tmp_path)
    monkeypatch.setenv(ka.NODE_MODULES_ENV, str(modules))
    package = tuple(modules / ka.PACKAGE / name for name in ("package.json", *ka._BRIDGE_FILES))
    blob = snapshots.snapshot_path(ka._require_node(), ka._SCRIPT, modules, package)
    blob.parent.mkdir(parents=True)
    blob.write_bytes(b"not a snapshot")
    diagnostics = analyze(["DeviceInfo | take 1", "DeviceInfo | where Nope == 1"])
    assert diagnostics[0] == [] and "'Nope'" in only_error(diagnostics[1]).message
    assert not blob.exists()  # dropped: the next analysis builds it again
