"""young_garbage_collected: automatic collection off while converting, cyclic copies freed between rules,
and the collector's state given back as it was."""

from __future__ import annotations

import gc
import weakref

from rmm_sigma.convert import young_garbage_collected


class Node:
    """A cycle, as a converted rule copy is (detection items point back at their parents)."""

    def __init__(self) -> None:
        self.me = self


def test_cycles_are_freed_every_n_rules_and_not_before() -> None:
    with young_garbage_collected(every=3) as rule_done:
        assert not gc.isenabled()
        cycle = Node()
        ref = weakref.ref(cycle)
        del cycle
        rule_done()
        rule_done()
        assert ref() is not None  # no collection yet: the collector is off
        rule_done()
        assert ref() is None


def test_the_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    with young_garbage_collected():
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with young_garbage_collected():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
