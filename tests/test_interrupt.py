"""Ctrl-C during ``rmm-sigma build`` leaves the output as it was or fully updated, never half-written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import run_cli

pytestmark = pytest.mark.slow

BUILD = [sys.executable, "-c", "from rmm_sigma.cli import main; main()", "build"]
#: Moments after conversion starts: at once, early, mid-way and late (near or during the write).
DELAYS_S = [0.0, 0.3, 1.0, 2.0]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _stale_copy(complete: Path, target: Path) -> None:
    """An earlier build: some files changed, one missing, one the rules no longer produce."""
    shutil.copytree(complete, target)
    files = sorted(p for p in target.rglob("*") if p.is_file())
    for path in files[::7]:
        path.write_text("-- an older build --\n", encoding="utf-8")
    files[1].unlink()
    # inside a target's folder, which the build manages (a file it does not produce beside the
    # reports at the top is the user's, and is kept)
    in_target = next(p for p in files if p.parent != target)
    (in_target.parent / "rmm_removed_tool.kql").write_text("stale\n", encoding="utf-8")


def _interrupt_after(rules: Path, output: Path, delay: float) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.Popen(
        [*BUILD, "--rules", str(rules), "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    seen = b""
    while b"Converting" not in seen:  # the build has started converting (Python is up, handlers set)
        chunk = proc.stderr.read1(4096)
        assert chunk, "build ended before it started converting"
        seen += chunk
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, seen + stderr)


def test_sigint_never_leaves_a_half_written_output(tmp_path: Path, reviewed_rules_dir: Path) -> None:
    reviewed = reviewed_rules_dir  # the rules of the session build: a build of a few seconds
    complete = tmp_path / "complete"
    assert run_cli("build", "--rules", str(reviewed), "--output", str(complete)).returncode == 0  # in-process
    new = _snapshot(complete)
    outcomes = []
    for i, delay in enumerate(DELAYS_S):
        output = tmp_path / f"run{i}"
        _stale_copy(complete, output)
        old = _snapshot(output)
        result = _interrupt_after(reviewed, output, delay)
        after = _snapshot(output)
        assert b"Traceback" not in result.stderr, result.stderr.decode()
        assert after in (old, new), f"half-written after SIGINT at +{delay}s (exit {result.returncode})"
        # -SIGINT: the signal came as the interpreter exited, after the build (CPython restores the
        # default handler while finalizing), so the output must be the new one
        assert result.returncode in (0, 130, -signal.SIGINT), result.stderr.decode()
        assert result.returncode != -signal.SIGINT or after == new
        outcomes.append((result.returncode, after == new))
    assert (130, False) in outcomes, f"no run was interrupted before writing: {outcomes}"


def test_sigint_during_a_spread_check_is_one_line_and_leaves_no_worker(tmp_path: Path) -> None:
    """``check`` of all rules forks workers for the other targets; Ctrl-C while they convert ends it all."""
    from rmm_sigma import PROJECT_ROOT

    rules = tmp_path / "sigma"  # a path of this test's own, to find its processes by
    rules.symlink_to(PROJECT_ROOT / "sigma", target_is_directory=True)
    check = [*BUILD[:-1], "check", "--no-analyzer", "-j", "3", str(rules)]
    proc = subprocess.Popen(check, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while len(_processes_of(rules)) < 3 and proc.poll() is None:  # the check and its two workers (-j 3)
        time.sleep(0.05)
    assert proc.poll() is None, "check ended before its workers were seen"
    os.kill(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert b"Traceback" not in stderr, stderr.decode()
    assert proc.returncode == 130 and stderr.strip().endswith(b"error: interrupted"), stderr.decode()
    time.sleep(0.5)
    assert _processes_of(rules) == [], "workers left running"


def _processes_of(marker: Path) -> list[str]:
    """The processes whose command line names ``marker``."""
    return subprocess.run(["pgrep", "-f", str(marker)], capture_output=True, text=True).stdout.split()
