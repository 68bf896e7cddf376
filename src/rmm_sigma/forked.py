"""Forked worker processes for jobs over data they inherit (``build``'s and ``check``'s conversions).

The rules are loaded once, in the parent; each forked worker starts with them in memory, nothing is
sent to it but the job's name. Where ``fork`` does not exist (Windows, macOS's default) the callers
run their jobs in one process.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

#: From this many rules on, a command's conversions spread over forked workers (build's jobs, check's
#: targets other than KQL); below it forking costs more than it saves.
MIN_RULES = 200


def available(workers: int, rules: int) -> bool:
    """Whether ``workers`` forked processes are worth starting for ``rules`` rules here: two or more
    workers, at least MIN_RULES rules, and ``fork`` exists."""
    return workers >= 2 and rules >= MIN_RULES and "fork" in mp.get_all_start_methods()


@contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """``workers`` forked processes, started before any other thread exists (a fork copies only the
    forking thread).

    A worker's first act is ``gc.freeze()``: what it inherited is never its garbage, and kept out of its
    collections, whose walks would write to every inherited page and so copy it (copy-on-write). On
    leaving the block, normally or by Ctrl-C, jobs not started yet are dropped rather than waited for.
    """
    fork = mp.get_context("fork")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=fork, initializer=gc.freeze)
    try:
        yield executor
    finally:
        executor.shutdown(cancel_futures=True)


def counter() -> Any:
    """A counter from 0 that forked workers inherit and share with their parent (``take``)."""
    return mp.get_context("fork").Value("i", 0)


def take_all(shared: Any, end: int) -> None:
    """Leave nothing below ``end`` to take: the next ``take`` gets ``end`` or more."""
    with shared.get_lock():
        shared.value = max(int(shared.value), end)


def take(shared: Any) -> int:
    """The counter's value, raised by one for the next process to ask: each value is taken once."""
    with shared.get_lock():
        value = int(shared.value)
        shared.value += 1
    return value
