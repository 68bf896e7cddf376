"""The incremental build (rmm_sigma.build_cache): conversions are counted, never timed.

Two real rules are built into a temporary output folder. A second build with nothing changed must
run no conversion and rewrite no file; after one rule changes, only that rule is converted again,
and the result is exactly what a full, cache-free ``build --check`` expects.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_runner import run_cli

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.build_cache import cache_path
from rmm_sigma.convert import Converter
from rmm_sigma.targets import TARGETS

RULES = ("Absolute_Computrace", "AnyDesk")


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "sigma"
    for tool in RULES:
        source = sorted((PROJECT_ROOT / "sigma" / tool).glob("*.yml"))[0]
        (folder / tool).mkdir(parents=True)
        shutil.copy(source, folder / tool / source.name)
    return folder


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the rule files this test converted, once per (rule, format), in order."""
    calls: list[str] = []
    original = Converter.try_convert_formats

    def counting(self: Converter, loaded, formats):  # type: ignore[no-untyped-def]
        formats = tuple(formats)
        calls.extend(loaded.path.name for _ in formats)
        return original(self, loaded, formats)

    monkeypatch.setattr(Converter, "try_convert_formats", counting)
    return calls


def inodes(output: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns) for p in output.rglob("*") if p.is_file()}


def build(rules: Path, output: Path, *extra: str) -> None:
    result = run_cli("build", "--rules", str(rules), "--output", str(output), *extra)
    assert result.returncode == 0, result.stderr


def test_unchanged_rebuild_converts_and_writes_nothing(
    rules: Path, tmp_path: Path, converted: list[str]
) -> None:
    output = tmp_path / "output"
    build(rules, output)
    formats = sum(len(t.formats) for t in TARGETS.values())
    assert len(converted) == 2 * formats
    assert cache_path(output).is_file() and not (output / cache_path(output).name).exists()
    before = inodes(output)
    converted.clear()
    build(rules, output)
    assert converted == []
    assert inodes(output) == before


def test_a_changed_rule_alone_is_converted_again(rules: Path, tmp_path: Path, converted: list[str]) -> None:
    output = tmp_path / "output"
    build(rules, output)
    changed = next((rules / RULES[0]).glob("*.yml"))
    text = changed.read_text()
    assert text.startswith("title: ")
    changed.write_text(text.replace("title: ", "title: Changed ", 1))
    converted.clear()
    build(rules, output)
    assert converted and set(converted) == {changed.name}
    assert len(converted) == sum(len(t.formats) for t in TARGETS.values())
    converted.clear()
    build(rules, output, "--check")  # no cache: everything converted, and the output matches it
    assert len(converted) == 2 * sum(len(t.formats) for t in TARGETS.values())


def test_a_hand_edited_output_file_is_restored(rules: Path, tmp_path: Path, converted: list[str]) -> None:
    output = tmp_path / "output"
    build(rules, output)
    edited = next(output.glob("kql/*/*/*.kql"))
    original = edited.read_text()
    edited.write_text("tampered\n")
    converted.clear()
    build(rules, output)
    assert converted == []  # results re-used from the cache, but output/ was checked and rewritten
    assert edited.read_text() == original


def test_an_unreadable_cache_means_a_full_build(rules: Path, tmp_path: Path, converted: list[str]) -> None:
    output = tmp_path / "output"
    build(rules, output)
    expected = {str(p): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    cache_path(output).write_bytes(b"not a pickle")
    converted.clear()
    build(rules, output)
    assert len(converted) == 2 * sum(len(t.formats) for t in TARGETS.values())
    assert {str(p): p.read_bytes() for p in output.rglob("*") if p.is_file()} == expected
