"""Benchmark: convert a third-party Sigma rule set (default: SigmaHQ's Windows rules) to every target.

    python bench/thirdparty.py [RULES] [-t kql -t splunk ...] [--out DIR] [--no-stock] [-v]

Per target it reports how many rules convert, how many are refused (grouped by reason, field
names folded so that one reason is one row) and how many crash (an exception that is not a
one-line refusal: a bug). For comparison it converts the same rules with stock pySigma as
``sigma convert -t kusto -p microsoft_xdr -s`` does (the Kusto backend with the microsoft_xdr
pipeline, rule by rule, a SigmaError counted as skipped), and prints the CPU-time ratio of the two
in the same process, so load on the machine affects both alike.

``--out DIR`` writes each target's converted queries to ``DIR/<target>/<rule>.txt``.
``--check`` also runs Microsoft's KQL analyzer on every KQL query (one node process) and every SQL
query in DuckDB over empty tables typed like the Defender tables, and counts the failures.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sigma.exceptions import SigmaError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RULES = ROOT.parent / "shared" / "reference" / "sigmahq" / "rules"


@dataclass
class Tally:
    """What happened to each rule on one target."""

    converted: dict[Path, str] = field(default_factory=dict)
    refused: Counter[str] = field(default_factory=Counter)
    refused_rules: dict[Path, str] = field(default_factory=dict)
    crashed: dict[Path, str] = field(default_factory=dict)
    cpu_seconds: float = 0.0

    def line(self, name: str, total: int) -> str:
        pct = 100 * len(self.converted) / total if total else 0.0
        return (
            f"{name:12} converted {len(self.converted):5} / {total} ({pct:5.1f}%)  "
            f"refused {len(self.refused_rules):5}  crashed {len(self.crashed):3}  "
            f"cpu {self.cpu_seconds:6.1f}s"
        )


def reason_key(message: str) -> str:
    """A refusal message with the rule-specific names folded, so equal reasons count together."""
    message = re.sub(r"'[^']*'", "'…'", message)
    message = re.sub(r'"[^"]*"', '"…"', message)
    return message[:160]


def run_ours(target_name: str, rules: list, verbose: bool) -> Tally:
    from rmm_sigma.convert import Converter, RuleError
    from rmm_sigma.targets import TARGETS

    tally = Tally()
    started = time.process_time()
    converter = Converter(TARGETS[target_name])
    for loaded in rules:
        try:
            tally.converted[loaded.path] = str(converter.convert(loaded, "default"))
        except RuleError as exc:
            tally.refused[reason_key(exc.message)] += 1
            tally.refused_rules[loaded.path] = exc.message
        except Exception as exc:  # noqa: BLE001 - a crash is what we count here
            tally.crashed[loaded.path] = f"{type(exc).__name__}: {exc}"
    tally.cpu_seconds = time.process_time() - started
    return tally


def run_stock_kusto(rules: list) -> Tally:
    """Stock pySigma: Kusto backend + microsoft_xdr pipeline, one rule at a time (sigma-cli -s)."""
    from sigma.backends.kusto import KustoBackend
    from sigma.pipelines.microsoftxdr import microsoft_xdr_pipeline

    tally = Tally()
    started = time.process_time()
    backend = KustoBackend(processing_pipeline=microsoft_xdr_pipeline())
    for loaded in rules:
        try:
            queries = backend.convert_rule(copy.deepcopy(loaded.rule))
            tally.converted[loaded.path] = "\n".join(map(str, queries))
        except SigmaError as exc:
            message = str(exc).split("\n", 1)[0]
            tally.refused[reason_key(message)] += 1
            tally.refused_rules[loaded.path] = message
        except Exception as exc:  # noqa: BLE001 - sigma-cli aborts the whole run on these
            tally.crashed[loaded.path] = f"{type(exc).__name__}: {exc}"
    tally.cpu_seconds = time.process_time() - started
    return tally


def load(rules_dir: Path) -> tuple[list, dict[Path, str]]:
    from rmm_sigma.convert import RuleError, load_rule, rule_files

    loaded, broken = [], {}
    for path in rule_files([rules_dir]):
        try:
            loaded.append(load_rule(path))
        except RuleError as exc:
            broken[path] = exc.message
    return loaded, broken


def write_out(out: Path, name: str, tally: Tally) -> None:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in tally.converted.items():
        (folder / f"{path.stem}.txt").write_text(text + "\n", encoding="utf-8")


_DUCKDB_TYPES = {"string": "VARCHAR", "int": "BIGINT", "long": "BIGINT", "datetime": "TIMESTAMP"}


def duckdb_failures(queries: dict[Path, str]) -> dict[Path, str]:
    """Every SQL query run in DuckDB over empty Defender-shaped tables: the ones that fail."""
    import duckdb
    from sigma.pipelines.microsoftxdr.tables import MICROSOFT_XDR_TABLES

    con = duckdb.connect()
    for table, columns in MICROSOFT_XDR_TABLES.items():
        cols = ", ".join(
            f'"{name.strip()}" {_DUCKDB_TYPES.get(spec["data_type"], "VARCHAR")}'
            for name, spec in columns.items()
            if name.strip()
        )
        con.execute(f"CREATE TABLE {table} ({cols})")
    failed = {}
    for path, sql in queries.items():
        try:
            con.execute(sql).fetchall()
        except duckdb.Error as exc:
            failed[path] = " ".join(str(exc).split())[:200]
    return failed


def analyzer_failures(queries: dict[Path, str]) -> dict[Path, str]:
    """Microsoft's analyzer on every KQL query (one node process): the ones with diagnostics."""
    from rmm_sigma.verify.kql_analyzer import analyze

    paths = list(queries)
    results = analyze([queries[p] for p in paths])
    return {
        p: "; ".join(f"{d.code} {d.message}" for d in diags)
        for p, diags in zip(paths, results, strict=True)
        if diags
    }


def report(name: str, tally: Tally, total: int, verbose: bool) -> None:
    print(tally.line(name, total))
    for reason, count in tally.refused.most_common(None if verbose else 8):
        print(f"    {count:5}  {reason}")
    for path, message in list(tally.crashed.items())[: None if verbose else 5]:
        print(f"    CRASH {path.name}: {message[:200]}")


def main() -> None:
    from rmm_sigma.targets import TARGETS

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rules", nargs="?", type=Path, default=DEFAULT_RULES)
    parser.add_argument("-t", "--target", action="append", choices=sorted(TARGETS), help="default: all")
    parser.add_argument("--out", type=Path, help="write converted queries here")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock sigma-cli comparison")
    parser.add_argument("--check", action="store_true", help="KQL through the analyzer, SQL through DuckDB")
    parser.add_argument("-v", "--verbose", action="store_true", help="every refusal reason and crash")
    args = parser.parse_args()

    rules, broken = load(args.rules)
    total = len(rules) + len(broken)
    print(f"{total} rule files in {args.rules}: {len(broken)} do not load")
    for path, message in list(broken.items())[:5]:
        print(f"    {path.name}: {message[:200]}")
    tallies = {}
    for name in args.target or list(TARGETS):
        tallies[name] = run_ours(name, rules, args.verbose)
        report(name, tallies[name], total, args.verbose)
        if args.out:
            write_out(args.out, name, tallies[name])
        checker = {"kql": analyzer_failures, "sql": duckdb_failures}.get(name) if args.check else None
        if checker:
            failed = checker(tallies[name].converted)
            engine = "analyzer" if name == "kql" else "DuckDB"
            print(f"    {engine}: {len(failed)} of {len(tallies[name].converted)} fail")
            for path, message in list(failed.items())[:10]:
                print(f"    FAIL {path.name}: {message}")
    if args.no_stock:
        return
    stock = run_stock_kusto(rules)
    report("stock kusto", stock, total, args.verbose)
    if args.out:
        write_out(args.out, "stock_kusto", stock)
    if "kql" in tallies:
        ours = tallies["kql"]
        only_stock = sorted(set(stock.converted) - set(ours.converted))
        print(
            f"kql vs stock microsoft_xdr: {len(ours.converted)} vs {len(stock.converted)} converted, "
            f"{len(only_stock)} converted by stock only; CPU ratio ours/stock "
            f"{ours.cpu_seconds / max(stock.cpu_seconds, 1e-9):.2f}"
        )
        for path in only_stock[: None if args.verbose else 10]:
            print(f"    stock only: {path.name}: {ours.refused_rules.get(path) or ours.crashed.get(path)}")


if __name__ == "__main__":
    sys.exit(main())
