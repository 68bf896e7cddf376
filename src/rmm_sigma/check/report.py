"""Findings of ``rmm-sigma check`` and their output formats: text, JSON, JUnit XML and SARIF.

Text is for people (one ``path: severity: check-id: message`` line per finding, grep-able); JUnit is
what CI systems show as test results (one test case per rule file); SARIF 2.1.0 is what GitHub code
scanning reads to annotate the rule files in a pull request; JSON is for anything else.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from rmm_sigma import __version__, printable


class Severity(StrEnum):
    """How bad a finding is; the value is what reports print (``error``, ``warning``)."""

    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING
FORMATS = ("text", "json", "junit", "sarif")

#: Every check id with what it finds; validator findings are ``validator.<pySigma validator name>``.
CHECKS: dict[str, str] = {
    "parse": "the file is valid UTF-8 YAML (no aliases, no duplicate keys) holding exactly one Sigma rule",
    "validator": "a pySigma core or SigmaHQ validator (validator.<name>) reported an issue",
    "id.unique": "rule ids are unique across the rule set",
    "naming.path": "the file is sigma/<Tool>/<prefix>_rmm_<tool>.yml with the prefix of its category",
    "metadata.required": "title, description, references, falsepositives and level are present",
    "metadata.attack": "tags include an ATT&CK technique (attack.t1219 style)",
    "target": "the rule converts for the target (target.<name>): every field maps to a real column",
    "schema.kql": "the KQL columns and table the rule maps to exist in the Defender XDR schema",
    "indicator.shared": "the same domain or signer is claimed by rules of two tools (no recorded reason)",
    "indicator.platform": "a shared platform's domain (cloud, CDN, code hosting) in a rule",
    "indicator.third_party": "the signer of bundled third-party files (Microsoft, PuTTY...) in a rule",
    "indicator.generic": "a value too generic to identify a tool (TLD, *.local, common word, too short)",
    "indicator.wildcard": "a wildcard (* or ?) left in a plain value instead of a modifier",
    "indicator.regex": "a regular expression left in a value without the |re modifier",
    "kql.analyzer": "Microsoft's Kusto analyzer accepts the generated KQL (syntax, tables, columns)",
    "reference.equivalence": "the generated KQL is equivalent to the reference hunting query",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where, how bad, which check, and what to do about it (one line)."""

    path: str
    severity: Severity
    check: str
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        # One finding, one line: values quoted in messages may hold line breaks and tabs.
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{printable(self.path)}: {self.severity}: {self.check}: {self.message}"


def _check_family(check: str) -> str:
    """``validator.sigmahq_title_case`` -> ``validator``, for descriptions of dynamic ids."""
    return check if check in CHECKS else check.split(".", 1)[0]


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    items = list(findings)
    return sum(f.severity == ERROR for f in items), sum(f.severity == WARNING for f in items)


def render(findings: list[Finding], files: list[str], fmt: str) -> str:
    """The report in ``fmt``; ``files`` are every rule file checked (for JUnit's passing cases)."""
    findings = sorted(findings)
    if fmt == "text":
        return "".join(f"{f}\n" for f in findings)
    if fmt == "json":
        return _json(findings, files)
    if fmt == "junit":
        return _junit(findings, files)
    if fmt == "sarif":
        return _sarif(findings)
    raise ValueError(f"unknown format {fmt!r}")


def _json(findings: list[Finding], files: list[str]) -> str:
    errors, warnings = counts(findings)
    doc = {
        "tool": "rmm-sigma check",
        "version": __version__,
        "summary": {"files": len(files), "errors": errors, "warnings": warnings},
        "findings": [asdict(f) for f in findings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _junit(findings: list[Finding], files: list[str]) -> str:
    by_path: dict[str, list[Finding]] = {p: [] for p in files}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    errors, _ = counts(findings)
    failed = sum(any(f.severity == ERROR for f in fs) for fs in by_path.values())
    suite = ET.Element(
        "testsuite", name="rmm-sigma check", tests=str(len(by_path)), failures=str(failed), errors="0"
    )
    for path, items in by_path.items():
        case = ET.SubElement(suite, "testcase", classname="rmm-sigma.check", name=printable(path))
        bad = [f for f in items if f.severity == ERROR]
        if bad:
            failure = ET.SubElement(case, "failure", message=f"{len(bad)} error(s): {bad[0].check}")
            failure.text = "\n".join(map(str, bad))
        notes = [f for f in items if f.severity == WARNING]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(map(str, notes))
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _sarif_location(f: Finding) -> dict:
    # a URI reference, as SARIF requires: a space, '#', '%' or a control character is percent-encoded
    uri = quote(Path(f.path).as_posix(), safe="/", errors="surrogateescape")
    region = {"startLine": f.line or 1}
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


def _sarif(findings: list[Finding]) -> str:
    rule_ids = sorted({f.check for f in findings} | set(CHECKS))
    rules = [{"id": rid, "shortDescription": {"text": CHECKS[_check_family(rid)]}} for rid in rule_ids]
    results = [
        {
            "ruleId": f.check,
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [_sarif_location(f)],
        }
        for f in findings
    ]
    run = {
        "tool": {"driver": {"name": "rmm-sigma check", "version": __version__, "rules": rules}},
        "results": results,
    }
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
