"""Compare many pairs in worker processes, each pair under a hard time limit.

The in-process budget (:mod:`.budget`) stops the loops between z3 questions, but one z3
regex question can run on past its timeout. So every comparison runs in a worker process;
a worker that is still busy :data:`GRACE_SECONDS` after a pair's budget ran out is killed
and replaced, and that pair gets an ``unsupported`` "over budget" verdict. Workers live for
many pairs, so their caches (parses, cells, executed atoms) keep paying off.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait

from .verdict import Kind, Verdict, compare

#: How long past its budget a pair may run before its worker is killed.
GRACE_SECONDS = 5.0


def _serve(conn: Connection, budget_seconds: float | None) -> None:
    from . import execute

    execute.reset_connection()  # never share the parent's DuckDB connection across fork
    while True:
        job = conn.recv()
        if job is None:
            return
        index, generated, reference = job
        conn.send((index, compare(generated, reference, budget_seconds)))


class _Worker:
    def __init__(self, budget_seconds: float | None) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, budget_seconds), daemon=True)
        self.process.start()
        child.close()
        self.job: int | None = None
        self.started = 0.0

    def give(self, index: int, pair: tuple[str, str]) -> None:
        self.job, self.started = index, time.monotonic()
        self.conn.send((index, *pair))

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(1)
        if self.process.is_alive():
            self.process.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


def compare_all(
    pairs: Sequence[tuple[str, str]],
    jobs: int,
    budget_seconds: float | None,
    tick: Callable[[], object] = lambda: None,
) -> list[Verdict]:
    """``compare`` on every pair, *jobs* at a time, in order; *tick* is called once per finished pair."""
    results: list[Verdict | None] = [None] * len(pairs)
    pending = list(range(len(pairs)))[::-1]
    workers = [_Worker(budget_seconds) for _ in range(max(1, min(jobs, len(pairs))))]
    limit = None if budget_seconds is None else budget_seconds + GRACE_SECONDS
    try:
        for worker in workers:
            if pending:
                index = pending.pop()
                worker.give(index, pairs[index])
        while any(w.job is not None for w in workers):
            busy = [w for w in workers if w.job is not None]
            ready = wait([w.conn for w in busy], timeout=0.5)
            for i, worker in enumerate(workers):
                if (job := worker.job) is None:
                    continue
                if worker.conn in ready:
                    try:
                        index, verdict = worker.conn.recv()
                    except (EOFError, OSError):  # the worker died (a crash in native code, the OOM killer)
                        index, verdict = job, _worker_died(worker)
                        worker = workers[i] = _Worker(budget_seconds)
                elif limit is not None and time.monotonic() - worker.started > limit:
                    index, verdict = job, _over_budget(budget_seconds)
                    worker.kill()
                    worker = workers[i] = _Worker(budget_seconds)
                else:
                    continue
                results[index] = verdict
                worker.job = None
                tick()
                if pending:
                    next_index = pending.pop()
                    worker.give(next_index, pairs[next_index])
    finally:
        for worker in workers:
            worker.stop()
    return [r for r in results if r is not None]


def _worker_died(worker: _Worker) -> Verdict:
    worker.process.join(1)
    return Verdict(
        Kind.UNSUPPORTED,
        f"the process comparing this pair ended (exit code {worker.process.exitcode}); not decided",
        (),
    )


def _over_budget(seconds: float | None) -> Verdict:
    return Verdict(
        Kind.UNSUPPORTED,
        f"over the time budget of {seconds:g} s per pair (stopped; not decided; see --budget-seconds)",
        (),
    )
