"""Shared fixtures: where the rules and the reference corpus are, and one converter per format."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.build import BuildResult, build
from rmm_sigma.convert import Converter, LoadedRule, load_rules
from rmm_sigma.naming import IMPORTED_SUFFIX
from rmm_sigma.targets import TARGETS

SHARED = PROJECT_ROOT.parent / "shared"
CORPUS = SHARED / "reference" / "rmm-tools"
SEEDS = SHARED / "seeds"
RULES = PROJECT_ROOT / "sigma"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (``CI=true``) a skipped test fails the run: CI installs node, the analyzer and every
    extra, so a skip there means a dependency went missing and its tests silently stopped testing."""
    if os.environ.get("CI", "").lower() not in ("1", "true") or hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == pytest.ExitCode.OK:
        print(f"\n{skipped} test(s) skipped in CI: every dependency is installed there, so this is a failure")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    assert CORPUS.is_dir(), f"reference corpus missing at {CORPUS} (it lives in ../shared beside the repo)"
    return CORPUS


@pytest.fixture(scope="session")
def seeds_root() -> Path:
    assert SEEDS.is_dir(), f"seed documents missing at {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def rules() -> list[LoadedRule]:
    """The reviewed rules (reference corpus and seeds); the LOLRMM imports have their own tests."""
    return [r for r in load_rules([RULES]) if not r.path.stem.endswith(IMPORTED_SUFFIX)]


@pytest.fixture(scope="session")
def imported_rules() -> list[LoadedRule]:
    """The rules ``rmm-sigma import lolrmm`` wrote (``*_lolrmm.yml``)."""
    return [r for r in load_rules([RULES]) if r.path.stem.endswith(IMPORTED_SUFFIX)]


@pytest.fixture
def reviewed_rules_dir(tmp_path: Path, rules: list[LoadedRule]) -> Path:
    """The reviewed rules copied into ``tmp_path/sigma/<Tool>/``: a whole build of them takes seconds."""
    folder = tmp_path / "sigma"
    for loaded in rules:
        (folder / loaded.tool).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(loaded.path, folder / loaded.tool / loaded.path.name)
    return folder


@pytest.fixture(scope="session")
def rules_by_id(rules: list[LoadedRule]) -> dict[str, LoadedRule]:
    return {str(r.rule.id): r for r in rules}


@pytest.fixture(scope="session")
def built(rules: list[LoadedRule]) -> BuildResult:
    """One in-memory build of every rule for every target, shared by the output tests."""
    result = build(TARGETS.values(), rules)
    assert result.errors == []
    return result


@pytest.fixture(scope="session")
def kql() -> Converter:
    return Converter(TARGETS["kql"])
