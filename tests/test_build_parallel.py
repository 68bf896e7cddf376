"""A large rule set is built on every core (forked workers, one job per target and format group): the result
must be the build of one process, byte for byte, with the same refusals and errors."""

from __future__ import annotations

import pytest

from rmm_sigma import build as build_module
from rmm_sigma import forked
from rmm_sigma.build import build
from rmm_sigma.convert import LoadedRule
from rmm_sigma.targets import TARGETS


def _build(
    rules: list[LoadedRule], parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> build_module.BuildResult:
    monkeypatch.setattr(forked, "MIN_RULES", 1 if parallel else 10**9)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)
    return build([TARGETS["kql"], TARGETS["splunk"], TARGETS["logscale"]], rules)


def test_parallel_build_equals_the_one_process_build(
    rules: list[LoadedRule], imported_rules: list[LoadedRule], monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = rules[::8] + imported_rules[::25]  # reviewed and imported, converted and refused
    one = _build(sample, parallel=False, monkeypatch=monkeypatch)
    spread = _build(sample, parallel=True, monkeypatch=monkeypatch)
    assert one.unsupported, "the sample should hold rules a target refuses"
    assert spread.files == one.files
    assert [(u.target, str(u.rule.path), u.reason) for u in spread.unsupported] == [
        (u.target, str(u.rule.path), u.reason) for u in one.unsupported
    ]
    assert spread.converted == one.converted and spread.errors == one.errors == []


def test_one_process_asked_for_is_one_process(
    rules: list[LoadedRule], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build -j 1``: no worker is forked, however many rules and cores."""

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(forked, "MIN_RULES", 1)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forked, "ProcessPoolExecutor", no_pool)
    sample, targets = rules[::40], [TARGETS["splunk"], TARGETS["sql"]]  # two jobs
    assert build(targets, sample, processes=1).converted == {"splunk": len(sample), "sql": len(sample)}
    with pytest.raises(AssertionError, match="worker pool"):
        build(targets, sample)
