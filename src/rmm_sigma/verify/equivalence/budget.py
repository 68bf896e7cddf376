"""Time and memory budgets for one comparison, so hostile or huge input ends in a verdict, not a hang.

:func:`limit` opens a budget around one :func:`~rmm_sigma.verify.equivalence.compare` call. The z3
questions inside get at most the time left (:func:`remaining_ms`) and z3 as a whole at most
:data:`MEMORY_MB`; the loops that ask many questions call :func:`check`, which raises
:class:`OverBudget` once the time is up. ``compare`` turns that into an ``unsupported`` verdict
naming the budget: work over budget is never a decided verdict.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import z3

#: Default seconds per comparison (``rmm-sigma verify --budget-seconds``).
DEFAULT_SECONDS = 20.0
#: z3's memory cap in megabytes (a process-wide z3 setting).
MEMORY_MB = 2048

_deadline: float | None = None


class OverBudget(Exception):
    """The comparison used up its time budget."""


@contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    """Run the body with a deadline *seconds* from now (None: no deadline)."""
    global _deadline
    previous = _deadline
    _deadline = None if seconds is None else time.monotonic() + seconds
    z3.set_param("memory_max_size", MEMORY_MB)
    try:
        yield
    finally:
        _deadline = previous


def check() -> None:
    """Raise :class:`OverBudget` if the deadline has passed."""
    if _deadline is not None and time.monotonic() > _deadline:
        raise OverBudget


def remaining_ms(cap: int) -> int:
    """Milliseconds a z3 question may take: what is left of the budget, at most *cap*, at least 1."""
    check()
    if _deadline is None:
        return cap
    return max(1, min(cap, int((_deadline - time.monotonic()) * 1000)))
