"""Benchmark: how rmm-sigma's costs grow with the number of rules, next to sigma-cli on the same rules.

    python bench/scale.py [--scales 1,10] [--base reviewed|all] [--no-analyzer-row] [--no-verify-row]
        [--repeat N]

For each scale N it writes N copies of the rule set into a temporary folder (copy 0 is the rule set
itself; copy i renames every tool ``<Tool>`` to ``<Tool>X<i>`` in folder, file names, titles and
indicator values, and gives every rule id a fresh uuid5 of the old id and i), so the copies are
distinct rules with distinct tools and indicators, generated deterministically. ``--base reviewed``
(the default) starts from the 166 reviewed rules (×10 = 1,660 rules, the issue's reference sizes);
``--base all`` from every rule in sigma/.

Each command runs as a fresh process, ``--repeat N`` times (the median CPU is shown, with its system
time and wall; memory is the largest peak). CPU is user + system time of the process and everything
it waited for (node included), from ``os.wait4``, as is the peak resident memory. The system part is
also shown on its own (``sys s``): it is mostly the kernel creating files and folders, which on this
VM varies several-fold with the state of the file system (files deleted shortly before make it
slower), so each command starts after an ``os.sync()`` and each fresh build writes into a folder of
its own. Rows: ``convert -t kql`` and sigma-cli's ``sigma convert -t kusto -p
mappings/defender.yml`` on the same rules, a fresh ``build`` into an empty folder, the unchanged
rebuild right after it, and ``check`` without and with Microsoft's KQL analyzer (without it also at
``-j 1``, all in one process: less CPU, more wall time than the default's forked workers), and
``verify`` against the reference corpus and seeds (copy 0 keeps the rules' ids, so every scale has the
same 170 pairs to compare and the rest of its rules to load, convert and find unpaired). The last
columns are per-rule CPU in milliseconds and the kql/sigma-cli CPU ratio. Timing on a shared machine
varies by ±20%; compare rows of one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RULES = ROOT / "sigma"
NAMESPACE = uuid.UUID("6f0c5c1e-6d0a-4b7e-9f43-0d2b1f9a7c55")  # fixed: same copies every run
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
IMPORTED = "_lolrmm.yml"


@dataclass
class Run:
    cpu: float
    sys: float
    wall: float
    peak_mb: float
    exit_code: int


def slug(tool: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", tool.lower()).strip("_")


def base_rules(base: str) -> list[Path]:
    files = sorted(RULES.glob("*/*.yml"))
    return files if base == "all" else [f for f in files if not f.name.endswith(IMPORTED)]


KEY = re.compile(r"^(\s*(?:- )?[A-Za-z0-9_|.]+:)(.*)$", re.DOTALL)


def rename_in_values(line: str, tool: str, new_tool: str) -> str:
    """Rename the tool in a YAML line's value, never in its key (a tool may be called ``Level``)."""
    key, value = (m.group(1), m.group(2)) if (m := KEY.match(line)) else ("", line)
    value = re.sub(re.escape(tool), new_tool, value, flags=re.IGNORECASE)
    return key + re.sub(re.escape(slug(tool)), slug(new_tool), value)


def copy_rule(source: Path, copy: int, into: Path) -> None:
    """Copy ``copy`` of one rule: new tool name everywhere it appears, fresh ids (uuid5)."""
    tool = source.parent.name
    text = source.read_text(encoding="utf-8")
    name = source.name
    if copy:
        new_tool = f"{tool}X{copy}"
        text = "".join(rename_in_values(line, tool, new_tool) for line in text.splitlines(keepends=True))
        text = UUID.sub(lambda m: str(uuid.uuid5(NAMESPACE, f"{m.group(0)}/{copy}")), text)
        name = name.replace(f"_rmm_{slug(tool)}", f"_rmm_{slug(new_tool)}")
        tool = new_tool
    (into / tool).mkdir(parents=True, exist_ok=True)
    (into / tool / name).write_text(text, encoding="utf-8")


def generate(scale: int, base: str, into: Path) -> int:
    files = base_rules(base)
    for copy in range(scale):
        for source in files:
            copy_rule(source, copy, into)
    return len(files) * scale


def run(argv: list[str], cwd: Path) -> Run:
    os.sync()  # the kernel's writeback of earlier commands' files is not this command's time
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: keep Popen from waiting again
    return Run(usage.ru_utime + usage.ru_stime, usage.ru_stime, wall, usage.ru_maxrss / 1024, proc.returncode)


def median_run(runs: list[Run]) -> Run:
    """The run of median CPU (its system time and wall with it), and the largest peak memory."""
    middle = sorted(runs, key=lambda r: r.cpu)[len(runs) // 2]
    exit_code = next((r.exit_code for r in runs if r.exit_code), 0)
    return Run(middle.cpu, middle.sys, middle.wall, max(r.peak_mb for r in runs), exit_code)


def measure_scale(
    scale: int, base: str, analyzer: bool, scratch: Path, repeat: int = 1, verify: bool = True
) -> tuple[int, dict[str, Run]]:
    """Each command ``repeat`` times, the median reported. Every fresh build writes into a folder of
    its own: deleting 30,000 files just before a build makes the kernel charge it seconds of system
    time for the deletion's aftermath, and that is not the build's cost."""
    rules = scratch / f"x{scale}" / "sigma"
    count = generate(scale, base, rules)
    rmm, sigma = str(BIN / "rmm-sigma"), str(BIN / "sigma")
    runs: dict[str, list[Run]] = {}
    for attempt in range(repeat):
        output = str(scratch / f"x{scale}" / f"output{attempt}")
        commands = {
            "convert -t kql": [rmm, "convert", "-t", "kql", str(rules)],
            "sigma-cli kusto": [
                sigma,
                "convert",
                "-t",
                "kusto",
                "-p",
                str(ROOT / "mappings/defender.yml"),
                str(rules),
            ],
            "build (fresh)": [rmm, "build", "--rules", str(rules), "--output", output],
            "build (unchanged)": [rmm, "build", "--rules", str(rules), "--output", output],
            "check --no-analyzer": [rmm, "check", "--no-analyzer", str(rules)],
            "check --no-analyzer -j 1": [rmm, "check", "--no-analyzer", "-j", "1", str(rules)],
        }
        if analyzer:
            commands["check"] = [rmm, "check", str(rules)]
        if verify:
            accept = str(ROOT / "tests/data/reference_defects.yml")
            commands["verify"] = [rmm, "verify", "--accept", accept, "-q", str(rules)]
        for name, argv in commands.items():
            runs.setdefault(name, []).append(run(argv, ROOT))
    shutil.rmtree(scratch / f"x{scale}", ignore_errors=True)
    return count, {name: median_run(measured) for name, measured in runs.items()}


def report(results: list[tuple[int, int, dict[str, Run]]]) -> str:
    lines = [
        f"{'scale':>5} {'rules':>6}  {'command':24} {'CPU s':>7} {'sys s':>6} {'wall s':>7} {'MB':>6}"
        f" {'ms/rule':>8} exit",
    ]
    for scale, count, rows in results:
        for name, r in rows.items():
            per_rule = 1000 * r.cpu / count
            lines.append(
                f"{'x' + str(scale):>5} {count:>6}  {name:24} {r.cpu:7.2f} {r.sys:6.2f} {r.wall:7.2f}"
                f" {r.peak_mb:6.0f} {per_rule:8.2f} {r.exit_code:>4}"
            )
        ratio = rows["convert -t kql"].cpu / rows["sigma-cli kusto"].cpu
        lines.append(f"{'':>13}  convert kql / sigma-cli CPU = {ratio:.2f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated copy counts (default 1,10)")
    parser.add_argument("--base", choices=("reviewed", "all"), default="reviewed")
    parser.add_argument("--no-analyzer-row", action="store_true", help="skip `check` with node")
    parser.add_argument("--no-verify-row", action="store_true", help="skip `verify` (170 pairs)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command; the median is shown")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="rmm-sigma-scale-") as scratch:
        for scale in (int(s) for s in args.scales.split(",")):
            count, rows = measure_scale(
                scale, args.base, not args.no_analyzer_row, Path(scratch), args.repeat, not args.no_verify_row
            )
            results.append((scale, count, rows))
            print(report(results[-1:]), flush=True)
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
