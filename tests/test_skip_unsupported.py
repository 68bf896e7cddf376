"""``-s/--skip-unsupported``: a folder of third-party rules converts what the target can express."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_runner import run_cli

from rmm_sigma import PROJECT_ROOT

GOOD = PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml"
NO_TABLE = """title: A log source Defender has no table for
id: 0f6a5c36-55e2-4d3b-9a39-6d6b3c4b1e01
status: test
logsource: {product: windows, service: powershell-classic}
detection:
  selection: {Data|contains: x}
  condition: selection
level: low
"""


def _folder(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    shutil.copy(GOOD, tmp_path / "good.yml")
    (tmp_path / "no_table.yml").write_text(NO_TABLE, encoding="utf-8")
    (tmp_path / "broken.yml").write_text("title: x\ndetection: [unclosed\n", encoding="utf-8")
    return tmp_path


def test_without_skip_the_first_failure_stops_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out.kql"
    proc = run_cli("convert", "-t", "kql", "-o", str(out), str(_folder(tmp_path / "rules")))
    assert proc.returncode == 1
    assert not out.exists()


def test_skip_converts_the_rest_and_counts_the_skipped_by_reason(tmp_path: Path) -> None:
    proc = run_cli("convert", "-t", "kql", "-s", "-v", str(_folder(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("DeviceNetworkEvents\n| where RemoteUrl has_any")
    assert proc.stdout.count("DeviceNetworkEvents") == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == "skipped 2 of 3 rules (--skip-unsupported):"
    assert any("logsource has no Microsoft Defender table" in line for line in lines[1:3])
    assert any("invalid YAML at line" in line for line in lines[1:3])
    assert sum(line.startswith("skipped: ") for line in lines) == 2  # -v: one line per rule
