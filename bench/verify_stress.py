"""Differential stress run of `verify`'s comparison against an independent brute-force oracle.

    .venv/bin/python bench/verify_stress.py [--pairs 10000] [--seed 0]

Generates random query pairs in the decided fragment (tests/kql_oracle.py), compares each with
``rmm_sigma.equivalence.compare`` and checks every verdict against the oracle, which evaluates both
queries per Microsoft's documented semantics over an exhaustive small universe of strings and several
values of now(). Prints the verdict counts, the number of unsound verdicts (must be 0) and the first
unsound pairs, and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import kql_oracle as oracle  # noqa: E402

from rmm_sigma.equivalence.pool import compare_all  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--budget-seconds", type=float, default=10.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds: Counter[str] = Counter()
    unsound = []
    separated = 0
    start = time.perf_counter()
    for batch_start in range(0, args.pairs, 100):
        batch = [oracle.random_pair(rng) for _ in range(min(100, args.pairs - batch_start))]
        verdicts = compare_all([(g.text(), r.text()) for g, r in batch], args.jobs, args.budget_seconds)
        for (gen, ref), verdict in zip(batch, verdicts, strict=True):
            only_gen, only_ref = oracle.separation(gen, ref)
            separated += only_gen or only_ref
            kinds[str(verdict.kind)] += 1
            if not oracle.sound(verdict.kind, only_gen, only_ref):
                unsound.append((gen.text(), ref.text(), verdict.kind, only_gen, only_ref, verdict.reason))
        done = batch_start + len(batch)
        counts = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
        elapsed = time.perf_counter() - start
        print(f"{done} pairs, {len(unsound)} unsound, {elapsed:.0f} s ({counts})", flush=True)
    elapsed = time.perf_counter() - start
    print(
        f"pairs: {args.pairs} (seed {args.seed}, -j {args.jobs}), "
        f"oracle separates {separated}, {elapsed:.0f} s"
    )
    print("verdicts: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common()))
    print(f"unsound: {len(unsound)}")
    for gen_text, ref_text, kind, og, orf, reason in unsound[:5]:
        print(
            f"--- {kind} but oracle: only generated={og}, only reference={orf}\n{gen_text}\n  vs\n{ref_text}"
        )
        print(f"  reason: {reason[:300]}")
    return 1 if unsound else 0


if __name__ == "__main__":
    sys.exit(main())
