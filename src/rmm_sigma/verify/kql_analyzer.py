"""Check KQL for syntax errors and unknown tables/columns with Microsoft's own analyzer.

Our KQL is generated, so a typo or a column that Defender does not have only shows up when a person
pastes the query into the portal. Kusto.Language (npm ``@kusto/language-service-next``, the engine
behind the Kusto editors) parses and binds a query against a schema, headless in node. The schema is
the Defender XDR table list that pysigma-backend-kusto already ships, handed to node as JSON, so no
copy of it lives in this repository.

Node loads a 16 MB bridge per start, so :func:`analyze` sends a whole batch to one node process,
started from a snapshot of a process that has the analyzer loaded (:mod:`.analyzer_snapshot`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.verify import analyzer_snapshot

NODE_MODULES_ENV = "RMM_SIGMA_NODE_MODULES"
PACKAGE = "@kusto/language-service-next"
_SCRIPT = Path(__file__).resolve().parent / "js" / "kql_analyze.js"
_BRIDGE_FILES = ("bridge.js", "Kusto.Language.Bridge.js")
_TIMEOUT_S = 300
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: pysigma-backend-kusto type names -> Kusto scalar type names (``boolean`` and ``bool`` both occur).
_KUSTO_TYPES = {
    "string": "string",
    "datetime": "datetime",
    "long": "long",
    "int": "int",
    "bool": "bool",
    "boolean": "bool",
    "real": "real",
    "double": "real",
    "decimal": "decimal",
    "dynamic": "dynamic",
    "guid": "guid",
    "timespan": "timespan",
}


_QUERIES_PER_PROCESS = 300  # below this a second node process costs more than it saves


class AnalyzerUnavailable(RuntimeError):
    """node or the npm package is missing; the message says how to install it."""


@dataclass(frozen=True)
class KqlDiagnostic:
    """One error reported by Kusto.Language (warnings and suggestions are not kept).

    ``line`` and ``column`` are 1-based, in characters of the query string; ``length`` is how many
    characters the error covers (0 for "something is missing here"); ``source_line`` is the query line
    it is on, because messages such as "Missing expression" only make sense next to the code.
    """

    message: str
    line: int
    column: int
    code: str
    length: int = 0
    source_line: str = ""

    @property
    def excerpt(self) -> str:
        """The text the error covers, e.g. the unknown column name; '' for a zero-length error."""
        return self.source_line[self.column - 1 : self.column - 1 + self.length]

    def __str__(self) -> str:
        # Keep the line's tabs in the indent so the carets stay under the code in a terminal.
        indent = "".join(c if c == "\t" else " " for c in self.source_line[: self.column - 1])
        caret = indent + "^" * max(1, min(self.length, len(self.source_line) - self.column + 1))
        return f"{self.line}:{self.column}: {self.code} {self.message}\n    {self.source_line}\n    {caret}"


def node_modules_dir() -> Path:
    """Where the npm package is looked for: ``$RMM_SIGMA_NODE_MODULES`` or the checkout's node_modules."""
    override = os.environ.get(NODE_MODULES_ENV)
    return Path(override) if override else PROJECT_ROOT / "node_modules"


def _unavailable_reason() -> str | None:
    """Say what is missing to run the analyzer, or None when node and the package are both there."""
    if shutil.which("node") is None:
        return "`node` is not on PATH (install Node.js 18 or later)"
    package = node_modules_dir() / PACKAGE
    missing = [name for name in _BRIDGE_FILES if not (package / name).is_file()]
    if missing:
        return f"{package} lacks {', '.join(missing)}"
    return None


def node_available() -> bool:
    """True when node is on PATH and the Kusto language package is installed where we look for it."""
    return _unavailable_reason() is None


def _require_node() -> str:
    """Return node's path, or raise AnalyzerUnavailable with the command that fixes the setup."""
    reason = _unavailable_reason()
    if reason is not None:
        raise AnalyzerUnavailable(
            f"KQL analyzer unavailable: {reason}. Run `npm ci` in {PROJECT_ROOT} "
            f"(or point {NODE_MODULES_ENV} at a node_modules that holds {PACKAGE})."
        )
    return shutil.which("node") or "node"


def _kusto_type(table: str, column: str, type_name: str) -> str:
    """Map one schema type name; an unknown one is an error so schema drift is noticed, not guessed."""
    try:
        return _KUSTO_TYPES[type_name.lower()]
    except KeyError:
        raise ValueError(f"no Kusto type for {table}.{column}: {type_name!r}") from None


def _column_name(raw: str) -> str:
    """Strip the Markdown the docs scrape left in some names (``'ReportId` [*](#mdi-only)'``, ``' X'``).

    Without this, IdentityInfo.Timestamp, EmailEvents.LatestDeliveryAction and a few others would look
    unknown to the analyzer.
    """
    match = _IDENTIFIER.match(raw.strip())
    if match is None:
        raise ValueError(f"not a column name: {raw!r}")
    return match.group(0)


@functools.cache
def defender_schema() -> dict[str, dict[str, str]]:
    """The Defender XDR tables as ``{table: {column: kusto type}}``, from pysigma-backend-kusto.

    Its table module (generated from Microsoft's docs) already holds DeviceFileCertificateInfo with
    Signer and the other documented columns, so nothing needs adding here.
    """
    from sigma.pipelines.microsoftxdr.tables import MICROSOFT_XDR_TABLES

    return {table: _columns(table, columns) for table, columns in MICROSOFT_XDR_TABLES.items()}


def _columns(table: str, columns: dict[str, dict[str, str]]) -> dict[str, str]:
    """One table's ``{column: kusto type}`` from the backend's ``{column: {"data_type": ...}}``."""
    return {_column_name(col): _kusto_type(table, col, spec["data_type"]) for col, spec in columns.items()}


@functools.cache
def _schema_json() -> str:
    """The schema serialized once per process; it is the bulk of every request to node."""
    return json.dumps(defender_schema(), separators=(",", ":"))


def _run_node(queries: list[str]) -> list[list[dict]]:
    """Send the batch to one node process and return its decoded JSON answer.

    The process starts from the analyzer's startup snapshot where there is one (analyzer_snapshot);
    if node cannot answer from it, the blob is dropped and a plain start answers."""
    node = _require_node()
    payload = '{"schema":' + _schema_json() + ',"queries":' + json.dumps(queries) + "}"
    modules = node_modules_dir()
    package = tuple(modules / PACKAGE / name for name in ("package.json", *_BRIDGE_FILES))
    blob = analyzer_snapshot.snapshot(node, _SCRIPT, modules, package)
    if blob is not None:
        proc = _node(node, ["--snapshot-blob", str(blob)], payload)
        with contextlib.suppress(ValueError):
            if proc.returncode == 0:
                return json.loads(proc.stdout)
        analyzer_snapshot.discard(blob)
    proc = _node(node, [str(_SCRIPT), str(modules)], payload)
    if proc.returncode != 0:
        raise RuntimeError(f"{_SCRIPT.name} failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def _node(node: str, arguments: list[str], payload: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node, *arguments],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=_TIMEOUT_S,
        check=False,
    )


def analyze(queries: list[str]) -> list[list[KqlDiagnostic]]:
    """Return the errors of each query, in order (``[]`` = valid), using one node process per CPU
    for large batches (one for small ones).

    Raises AnalyzerUnavailable when node or ``@kusto/language-service-next`` is missing.
    """
    if not queries:
        return []
    queries = list(queries)
    # A node process spends 1.8 s of CPU loading the analyzer (0.4 s from its snapshot), then ~10 ms
    # a query: a large batch (a third-party rule set) is split over the CPUs, one process each, in
    # the same order.
    parts = max(1, min(os.cpu_count() or 1, len(queries) // _QUERIES_PER_PROCESS))
    size = -(-len(queries) // parts)
    chunks = [queries[i : i + size] for i in range(0, len(queries), size)]
    with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        results = [result for part in pool.map(_run_node, chunks) for result in part]
    if len(results) != len(queries):
        raise RuntimeError(f"{_SCRIPT.name} answered {len(results)} results for {len(queries)} queries")
    return [[KqlDiagnostic(**diag) for diag in diags] for diags in results]
