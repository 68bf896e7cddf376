"""Run ``rmm-sigma`` as a user does: a real subprocess, its exit code and its two streams."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rmm_sigma import PROJECT_ROOT


def run_cli(*args: str, cwd: Path = PROJECT_ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rmm_sigma", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
