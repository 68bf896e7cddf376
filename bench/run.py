"""Benchmark: wall time and peak memory of rmm-sigma's commands, and of sigma-cli doing the same conversion.

    python bench/run.py [--repeat 3] [--no-verify]

Each measurement is a fresh process (as a user runs it), timed from start to exit; peak memory is the
child's maximum resident set size from ``os.wait4`` (for ``check``, node's analyzer process is a
grandchild and counted in it only as far as the kernel folds it in: its peak is reported by
``ru_maxrss`` of the waited subtree). Times are the median of ``--repeat`` runs, memory the maximum.

The sigma-cli rows convert the same rules with the same mapping pipeline (``sigma convert -t <backend>
-p mappings/<target>.yml``): for targets whose mapping refuses some rules on purpose, both tools get
only the rules that target supports, so the work is the same. The sql target's backend (duckdb) is not
a sigma-cli plugin, and the SentinelOne backend forces its own pipeline before ours in sigma-cli, so
neither has a sigma-cli row. The build row does more work than the sigma-cli sum (every format of
every target, one file per rule, plus bundles and reports); it is compared for scale only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RULES = ROOT / "sigma"
#: our target -> sigma-cli backend identifier (targets sigma-cli cannot run are absent)
SIGMA_CLI_BACKENDS = {
    "kql": "kusto",
    "asim": "kusto",
    "splunk": "splunk",
    "elastic": "lucene",
    "logscale": "log_scale",
    "secops": "secops",
}


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    exit_code: int


def measure(argv: list[str], repeat: int) -> Measurement:
    """Median wall time and maximum peak RSS of ``repeat`` fresh runs of ``argv``."""
    times, peaks, codes = [], [], set()
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
        codes.add(os.waitstatus_to_exitcode(status))
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: keep Popen from waiting again
    return Measurement(statistics.median(times), max(peaks), max(codes))


def fresh_builds(rmm: str, scratch: Path, repeat: int) -> Measurement:
    """``repeat`` fresh builds, each into a folder of its own (``build0`` ...): deleting the last
    build's 14,000 files just before the next makes the kernel charge it for the deletion's aftermath."""
    runs = [measure([rmm, "build", "--output", str(scratch / f"build{i}")], 1) for i in range(repeat)]
    seconds = statistics.median(r.seconds for r in runs)
    return Measurement(seconds, max(r.peak_mb for r in runs), max(r.exit_code for r in runs))


def supported_rules(target_name: str) -> list[str]:
    """The rule files the target converts (its mapping refuses the others with a stated reason)."""
    sys.path.insert(0, str(ROOT / "src"))
    from rmm_sigma.convert import Converter, RuleError, load_rules
    from rmm_sigma.targets import TARGETS

    target = TARGETS[target_name]
    converter = Converter(target)
    fmt = next(iter(target.formats))
    ok = []
    for loaded in load_rules([RULES]):
        try:
            converter.convert(loaded, fmt)
        except RuleError:
            continue
        ok.append(str(loaded.path.relative_to(ROOT)))
    return ok


def has_command(name: str) -> bool:
    result = subprocess.run([str(BIN / "rmm-sigma"), name, "--help"], capture_output=True, check=False)
    return result.returncode == 0


def rows(repeat: int, verify: bool, scratch: Path) -> list[tuple[str, Measurement, str, Measurement | None]]:
    from rmm_sigma.targets import TARGETS

    rmm, sigma = str(BIN / "rmm-sigma"), str(BIN / "sigma")
    out: list[tuple[str, Measurement, str, Measurement | None]] = []
    for name, target in TARGETS.items():
        rules = supported_rules(name)
        ours = measure([rmm, "convert", "-t", name, "-o", str(scratch / f"{name}.out"), *rules], repeat)
        theirs, label = None, f"(no sigma-cli backend for {name})"
        if name in SIGMA_CLI_BACKENDS:
            pipelines = [a for p in target.pipelines for a in ("-p", f"mappings/{p}")]
            argv = [
                sigma,
                "convert",
                "-t",
                SIGMA_CLI_BACKENDS[name],
                *pipelines,
                "-o",
                str(scratch / f"{name}.cli"),
                *rules,
            ]
            theirs, label = measure(argv, repeat), f"sigma convert -t {SIGMA_CLI_BACKENDS[name]}"
        out.append((f"convert -t {name} ({len(rules)} rules)", ours, label, theirs))
    cli_total = sum(m.seconds for _, _, _, m in out if m)
    build = fresh_builds(rmm, scratch, repeat)
    out.append(
        (
            "build (all rules x targets x formats, fresh)",
            build,
            "sum of the sigma-cli rows (1 format each)",
            Measurement(cli_total, max((m.peak_mb for _, _, _, m in out if m), default=0), 0),
        )
    )
    again = measure([rmm, "build", "--output", str(scratch / "build0")], repeat)
    out.append(("build (nothing changed)", again, "", None))
    out.append(("check sigma/ (with KQL analyzer)", measure([rmm, "check"], repeat), "", None))
    out.append(("check sigma/ --no-analyzer", measure([rmm, "check", "--no-analyzer"], repeat), "", None))
    if verify and has_command("verify"):
        accept = str(ROOT / "tests" / "data" / "reference_defects.yml")
        command = [rmm, "verify", "-q", "--accept", accept]
        out.append(("verify (167 references + 3 seeds)", measure(command, 1), "", None))
    return out


def table(results: list[tuple[str, Measurement, str, Measurement | None]]) -> str:
    lines = [
        f"{'rmm-sigma':48} {'s':>7} {'MB':>6} {'exit':>4}   {'sigma-cli':28} {'s':>7} {'MB':>6}  ratio",
        "-" * 122,
    ]
    for label, ours, cli_label, cli in results:
        right = (
            f"{cli_label:28} {cli.seconds:7.2f} {cli.peak_mb:6.0f}  {ours.seconds / cli.seconds:5.2f}x"
            if cli
            else cli_label
        )
        lines.append(f"{label:48} {ours.seconds:7.2f} {ours.peak_mb:6.0f} {ours.exit_code:4}   {right}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median time)")
    parser.add_argument("--no-verify", action="store_true", help="skip `rmm-sigma verify` (slow)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="rmm-sigma-bench-") as scratch:
        results = rows(args.repeat, not args.no_verify, Path(scratch))
    print(f"{len(list(RULES.rglob('*.yml')))} rules, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(table(results))
    print("ratio = rmm-sigma time / sigma-cli time; exit is rmm-sigma's exit code (check: 0 = no errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
