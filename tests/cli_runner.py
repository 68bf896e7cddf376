"""Run ``rmm-sigma`` as a user does: its exit code and its two streams.

``run_cli`` runs the real entry point (``rmm_sigma.cli.main``, with its exit codes and one-line
errors) in this process, with click's test isolation for the streams: the same code path as the
console script without starting Python and loading pySigma again for each call. ``run_process``
starts a real subprocess, for what only a process shows (the console entry point, signals).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.cli import main


def run_cli(*args: str, cwd: Path = PROJECT_ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``rmm-sigma ARGS`` in-process; ``timeout`` is accepted for run_process compatibility."""
    with contextlib.chdir(cwd), CliRunner().isolation() as (stdout, stderr, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:  # what the command wrote with sys.stdout.write is still in the text buffer
            sys.stdout.flush()
            sys.stderr.flush()
    return subprocess.CompletedProcess(
        ["rmm-sigma", *args],
        code,
        stdout.getvalue().decode("utf-8", "replace"),
        stderr.getvalue().decode("utf-8", "replace"),
    )


def run_process(
    *args: str, cwd: Path = PROJECT_ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m rmm_sigma ARGS`` as a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "rmm_sigma", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
