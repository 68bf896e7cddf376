"""Benchmark `rmm-sigma verify` on the corpus: time per pair, and whole-command wall time at -j 1 and -j 2.

    .venv/bin/python bench/verify_bench.py

Per-pair times come from running ``compare`` on every pair verify compares (collected from one
``verify`` call), one after another in this process, so they include the first-use cost of each
pair's z3 and DuckDB work. Whole-command times are fresh processes of ``rmm-sigma verify --accept
tests/data/reference_defects.yml -q`` at ``-j 1`` and ``-j 2``, run back to back in one invocation,
so the -j ratio is measured under the same load.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from rmm_sigma.cli.options import DEFAULT_RULES
from rmm_sigma.cli.verify import DEFAULT_REFERENCES
from rmm_sigma.convert import Converter, load_rules
from rmm_sigma.targets import TARGETS
from rmm_sigma.verify import run as v
from rmm_sigma.verify.equivalence import clear_caches, compare

ROOT = Path(__file__).resolve().parents[1]
ACCEPT = ROOT / "tests" / "data" / "reference_defects.yml"


def pairs() -> list[tuple[str, str]]:
    captured: list[tuple[str, str]] = []
    original = v._compare_all

    def capture(batch, jobs, progress, budget_seconds):  # type: ignore[no-untyped-def]
        captured.extend(batch)
        return original(batch, jobs, progress, budget_seconds)

    v._compare_all = capture  # type: ignore[assignment]
    refs = v.read_references([p for p in DEFAULT_REFERENCES if p.is_dir()])
    v.verify(Converter(TARGETS["kql"]), load_rules([DEFAULT_RULES]), refs, v.load_known(ACCEPT), 2)
    v._compare_all = original  # type: ignore[assignment]
    return captured


def wall(jobs: int) -> float:
    start = time.perf_counter()
    cmd = [
        str(Path(sys.executable).parent / "rmm-sigma"),
        "verify",
        "--accept",
        str(ACCEPT),
        "-q",
        "-j",
        str(jobs),
    ]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    batch = pairs()
    clear_caches()
    times = []
    for gen, ref in batch:
        start = time.perf_counter()
        compare(gen, ref)
        times.append(time.perf_counter() - start)
    print(
        f"pairs: {len(times)}; per pair max {max(times):.2f} s, median {statistics.median(times):.3f} s, "
        f"over 2 s: {sum(t > 2 for t in times)}; sum {sum(times):.1f} s"
    )
    one, two = wall(1), wall(2)
    print(f"verify wall: -j 1 {one:.1f} s, -j 2 {two:.1f} s, ratio -j2/-j1 {two / one:.2f}")


if __name__ == "__main__":
    main()
