"""Differential stress run of `verify`'s comparison against an independent brute-force oracle.

    .venv/bin/python bench/verify_stress.py [--seed 0] [--start 0] [--count 10000] [-j 1]

Generates random query pairs in the decided fragment (tests/kql_oracle.py), compares each with
``rmm_sigma.verify.equivalence.compare`` and checks every verdict against the oracle, which evaluates both
queries per Microsoft's documented semantics over an exhaustive small universe of strings and several
values of now(). Pair *i* of seed *s* depends on (s, i) alone (``kql_oracle.pair_at``), so a slice
``--start N --count M`` reproduces exactly the pairs of a longer run. Each unsound pair is printed at
once (both queries, the verdict and the oracle's separating row); the end prints the verdict counts
and the number of unsound verdicts (must be 0). Exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import kql_oracle as oracle  # noqa: E402

from rmm_sigma.verify.equivalence.budget import DEFAULT_SECONDS  # noqa: E402
from rmm_sigma.verify.equivalence.pool import compare_all  # noqa: E402

BATCH = 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="index of the first pair")
    parser.add_argument("--count", "--pairs", type=int, default=10_000, help="number of pairs")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--budget-seconds", type=float, default=DEFAULT_SECONDS)
    args = parser.parse_args()
    kinds: Counter[str] = Counter()
    unsound = separated = 0
    began = time.perf_counter()
    stop = args.start + args.count
    for first in range(args.start, stop, BATCH):
        indices = range(first, min(first + BATCH, stop))
        batch = [oracle.pair_at(args.seed, i) for i in indices]
        verdicts = compare_all([(g.text(), r.text()) for g, r in batch], args.jobs, args.budget_seconds)
        for index, (gen, ref), verdict in zip(indices, batch, verdicts, strict=True):
            only_gen, only_ref = oracle.separating_rows(gen, ref)
            separated += only_gen is not None or only_ref is not None
            kinds[str(verdict.kind)] += 1
            if not oracle.sound(verdict.kind, only_gen is not None, only_ref is not None):
                unsound += 1
                _report(args.seed, index, gen, ref, verdict, only_gen, only_ref)
        counts = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
        done = indices.stop - args.start
        print(f"{done} pairs, {unsound} unsound, {time.perf_counter() - began:.0f} s ({counts})", flush=True)
    print(
        f"pairs: {args.count} (seed {args.seed}, indices {args.start}..{stop - 1}, -j {args.jobs}, "
        f"budget {args.budget_seconds:g} s), oracle separates {separated}, "
        f"{time.perf_counter() - began:.0f} s"
    )
    print("verdicts: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common()))
    print(f"unsound: {unsound}", flush=True)
    return 1 if unsound else 0


def _report(seed, index, gen, ref, verdict, only_gen, only_ref) -> None:
    print(f"=== UNSOUND seed {seed} index {index}: verdict {verdict.kind}", flush=True)
    print(f"--- generated:\n{gen.text()}\n--- reference:\n{ref.text()}")
    print(f"--- row only generated matches: {json.dumps(only_gen, ensure_ascii=False)}")
    print(f"--- row only reference matches: {json.dumps(only_ref, ensure_ascii=False)}")
    print(f"--- reason: {verdict.reason[:500]}\n===", flush=True)


if __name__ == "__main__":
    sys.exit(main())
