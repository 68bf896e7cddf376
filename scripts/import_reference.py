"""One-off importer: write a Sigma rule under sigma/ for each reference hunting query.

The rules in sigma/ are the source of truth; this script only produced their first version from the
facts of the corpus (indicators, signers, company names, ids), and its output was reviewed and
committed. It refuses to overwrite an existing rule unless --force is given.

    python scripts/import_reference.py ../shared/reference/rmm-tools ../shared/seeds sigma
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from rmm_sigma.verify.kql_text import Token, tokenize
from rmm_sigma.verify.reference import corpus_files, read_reference, read_seed

# Defender column -> Sigma field, per table. The inverse of mappings/defender.yml.
FIELDS = {
    "DeviceNetworkEvents": {
        "RemoteUrl": "DestinationHostname",
        "InitiatingProcessVersionInfoCompanyName": "Company",
        "InitiatingProcessVersionInfoProductName": "Product",
        "InitiatingProcessVersionInfoFileDescription": "Description",
        "InitiatingProcessVersionInfoOriginalFileName": "OriginalFileName",
        "InitiatingProcessFileName": "ImageName",
        "InitiatingProcessFolderPath": "Image",
    },
    "DeviceProcessEvents": {
        "ProcessVersionInfoCompanyName": "Company",
        "ProcessVersionInfoProductName": "Product",
        "ProcessVersionInfoFileDescription": "Description",
        "ProcessVersionInfoOriginalFileName": "OriginalFileName",
        "FileName": "ImageName",
        "FolderPath": "Image",
    },
    "DeviceFileCertificateInfo": {"Signer": "Signer"},
}
KIND = {  # table -> (file suffix in the corpus, Sigma category, filename prefix, title word)
    "DeviceNetworkEvents": ("netconn", "network_connection", "net_connection_win", "Network Connection"),
    "DeviceProcessEvents": ("createproc", "process_creation", "proc_creation_win", "Create Process"),
    "DeviceFileCertificateInfo": ("filesig", "file_signature", "file_signature_win", "File Signature"),
}
GROUP_BY = {  # Sigma fields whose Defender columns the hunting query groups by (after DeviceId, DeviceName)
    "DeviceNetworkEvents": ["DestinationHostname"],
    "DeviceProcessEvents": ["UserPrincipalName"],
    "DeviceFileCertificateInfo": [],
}
OPS = {
    "has": "contains",
    "has_any": "contains",
    "startswith": "startswith",
    "=~": None,
    "has_all": "contains",
}
WHAT = {
    "DeviceNetworkEvents": "network connections to {tool} infrastructure made by a process whose "
    "version information names {tool}",
    "DeviceProcessEvents": "process creations whose version information names {tool}",
    "DeviceFileCertificateInfo": "files signed with a code-signing certificate issued to the "
    "publisher of {tool}",
}
CORPUS_URL = "https://github.com/jischell-msft/RemoteManagementMonitoringTools"


class Parser:
    """Recursive descent over the where-predicate fragment the corpus uses."""

    def __init__(self, tokens: list[Token]) -> None:
        self.t = tokens
        self.i = 0

    def peek(self) -> str:
        return self.t[self.i].value if self.i < len(self.t) else ""

    def take(self) -> Token:
        self.i += 1
        return self.t[self.i - 1]

    def expr(self) -> tuple:
        parts = [self.conj()]
        while self.peek() == "or":
            self.take()
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def conj(self) -> tuple:
        parts = [self.atom()]
        while self.peek() == "and":
            self.take()
            parts.append(self.atom())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def atom(self) -> tuple:
        if self.peek() == "(":
            self.take()
            e = self.expr()
            assert self.take().value == ")"
            return e
        if self.peek() == "isempty":
            self.take(), self.take()
            field = self.take().value
            self.take()
            return ("atom", field, "isempty", [])
        field = self.take().value
        op = self.take().value
        if op == "has_all" and self.peek() == "has_any":  # reference defect: 'has_all has_any'
            op = self.take().value
        if self.peek() == "(":
            self.take()
            values = []
            while self.peek() != ")":
                tok = self.take()
                if tok.kind == "string":
                    values.append(tok.value)
            self.take()
        else:
            values = [self.take().value]
        return ("atom", field, op, values)


def where_clause(query: str) -> list[Token]:
    """Tokens of the detection's where clause (the one after the time window)."""
    tokens = tokenize(query)
    starts = [i for i, t in enumerate(tokens) if t.value == "where" and tokens[i + 1].value != "Timestamp"]
    start = starts[-1] + 1
    end = next(i for i in range(start, len(tokens)) if tokens[i].value == "|")
    return tokens[start:end]


def table_of(query: str) -> str:
    """The table of the final tabular statement (after any ';')."""
    tokens = tokenize(query)
    last = max((i for i, t in enumerate(tokens) if t.value == ";"), default=-1)
    return next(t.value for t in tokens[last + 1 :] if t.kind == "name" and t.value.startswith("Device"))


def to_item(table: str, atom: tuple) -> tuple[str, object]:
    _, column, op, values = atom
    field = FIELDS[table][column]
    if op == "isempty":
        return field, None
    modifier = OPS[op]
    key = f"{field}|{modifier}" if modifier else field
    return key, values[0] if len(values) == 1 else values


def detection(table: str, tree: tuple) -> dict:
    """Sigma detection for the predicate: one selection for the conjunction, one per or-group."""
    if tree[0] == "or":  # top-level or: a list of maps
        return {"selection": [dict([to_item(table, a)]) for a in tree[1]], "condition": "selection"}
    conjuncts = tree[1] if tree[0] == "and" else [tree]
    det: dict = {"selection": {}}
    groups = []
    for c in conjuncts:
        if c[0] == "atom":
            key, value = to_item(table, c)
            det["selection"][key] = value
        else:
            fields = "_or_".join(dict.fromkeys(FIELDS[table][a[1]].lower() for a in c[1]))
            name = f"selection_{fields}"
            det[name] = [dict([to_item(table, a)]) for a in c[1]]
            groups.append(name)
    det["condition"] = " and ".join(["selection", *groups])
    return det


def seed_scenarios(path: Path) -> list[str]:
    """The false-positive scenario titles of a seed document (they become the rules' falsepositives)."""
    return re.findall(r"^Scenario:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.M)


def slug(tool: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", tool.lower()).strip("_")


def rule_for(path: Path, seeds: dict[str, Path]) -> tuple[Path, dict]:
    ref = read_reference(path)
    tool = path.parent.name
    table = table_of(ref.query)
    suffix, category, prefix, word = KIND[table]
    tree = Parser(where_clause(ref.query)).expr()
    seed = seeds.get(ref.id)
    falsepositives = seed_scenarios(seed) if seed else [f"Legitimate use of {tool} by IT administrators"]
    rule = {
        "title": f"Remote Management and Monitoring tool - {tool} - {word}",
        "id": ref.id,
        "status": "experimental",
        "description": (
            f"Detects {WHAT[table].format(tool=tool)}. Attackers abuse legitimate Remote Monitoring "
            "and Management (RMM) programs to persist or provide command-and-control channels."
        ),
        "references": [CORPUS_URL, f"{CORPUS_URL}/tree/main/RMM/{tool}"],
        "author": "jischell-msft (reference KQL), rmm-sigma (Sigma conversion)",
        "date": "2024-08-01",
        "tags": ["attack.command-and-control", "attack.t1219", "match.term"],
        "logsource": {"category": category, "product": "windows"},
        "detection": detection(table, tree),
        "fields": GROUP_BY[table],
        "falsepositives": falsepositives,
        "level": "medium",
    }
    if not rule["fields"]:
        del rule["fields"]
    return Path(tool) / f"{prefix}_rmm_{slug(tool)}.yml", rule


def dump(rule: dict) -> str:
    return yaml.safe_dump(rule, sort_keys=False, allow_unicode=True, width=100)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("seeds", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    seeds = {read_seed(p).id: p for p in sorted(args.seeds.glob("*.txt"))}
    for path in corpus_files(args.corpus):
        try:
            rel, rule = rule_for(path, seeds)
        except (StopIteration, KeyError, AssertionError, IndexError) as exc:
            print(f"skipped {path.name}: not expressible ({exc!r})", file=sys.stderr)
            continue
        target = args.out / rel
        if target.exists() and not args.force:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(rule), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
