"""``build`` replaces output/ as one transaction; ``convert -o`` never writes through a link.

The tree is written beside output/ and swapped in (files.sync_tree). These tests make each way a
build can end early happen on purpose -- an exception such as a full disk, SIGTERM, SIGKILL at every
step of the write and of the swap -- and require output/ to be all old or all new afterwards, with
no temporary tree left once the next build has run. They use a small tree, so they take well under
a second each; tests/test_interrupt.py does the same with Ctrl-C on a real build.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_untrusted_input import one_line_error, run

from rmm_sigma import files
from rmm_sigma.build_cache import manifest
from rmm_sigma.files import UnsafeOutput, recover, sync_tree, write_atomic

OLD = {"kql/a.kql": "old a\n", "kql/b.kql": "same b\n", "kql/gone.kql": "stale\n"}
NEW = {"kql/a.kql": "new a\n", "kql/b.kql": "same b\n", "kql/sub/c.kql": "new c\n"}
MANAGED = [Path("kql")]


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.parent.iterdir() if p.name.startswith(f"{root.name}."))


@pytest.fixture
def output(tmp_path: Path) -> Path:
    root = tmp_path / "output"
    sync_tree(root, OLD, MANAGED)
    (root / "README.md").write_text("not managed\n")
    return root


def expected_new() -> dict[str, str]:
    return NEW | {"README.md": "not managed\n"}


def test_swap_replaces_the_tree_and_keeps_unchanged_files(output: Path) -> None:
    unchanged = (output / "kql/b.kql").stat()
    written, removed, written_manifest = sync_tree(output, NEW, MANAGED)
    assert snapshot(output) == expected_new()
    assert (written, removed) == (2, 1)
    assert written_manifest == manifest(output, MANAGED)  # what a rebuild will compare it with
    after = (output / "kql/b.kql").stat()
    assert (after.st_ino, after.st_mtime_ns) == (unchanged.st_ino, unchanged.st_mtime_ns)  # not rewritten
    assert leftovers(output) == []


def test_a_failed_write_leaves_the_old_tree(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(output)
    real = files._write_bytes

    def disk_full(path: str, data: bytes) -> os.stat_result:
        if path.endswith("c.kql"):
            raise OSError(errno.ENOSPC, "No space left on device", path)
        return real(path, data)

    monkeypatch.setattr(files, "_write_bytes", disk_full)
    with pytest.raises(OSError, match="No space left"):
        sync_tree(output, NEW, MANAGED)
    assert snapshot(output) == before
    assert leftovers(output) == []


def test_sigterm_during_the_write_leaves_the_old_tree(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(output)
    real = files._write_bytes

    def terminated(path: str, data: bytes) -> os.stat_result:
        os.kill(os.getpid(), signal.SIGTERM)
        return real(path, data)

    monkeypatch.setattr(files, "_write_bytes", terminated)
    with pytest.raises(KeyboardInterrupt):
        sync_tree(output, NEW, MANAGED)
    assert snapshot(output) == before
    assert leftovers(output) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


KILLER = """
import os, signal, sys
from pathlib import Path
from rmm_sigma import files
step, exchange = int(sys.argv[2]), sys.argv[3] == "exchange"
calls = [0]
def count(real):
    def wrapped(*args, **kwargs):
        calls[0] += 1
        if calls[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapped
files._write_bytes = count(files._write_bytes)
Path.rename = count(Path.rename)
if not exchange:
    files._exchange = lambda a, b: False
new = {"kql/a.kql": "new a\\n", "kql/b.kql": "same b\\n", "kql/sub/c.kql": "new c\\n"}
files.sync_tree(Path(sys.argv[1]), new, [Path("kql")])
"""


@pytest.mark.parametrize("mode", ["exchange", "two-renames"])
def test_sigkill_at_any_step_leaves_old_or_new_and_the_next_build_recovers(output: Path, mode: str) -> None:
    old = snapshot(output)
    outcomes = set()
    for step in range(1, 6):  # 2 writes, then (two-renames) the renames of the swap; then no kill
        result = subprocess.run(
            [sys.executable, "-c", KILLER, str(output), str(step), mode], capture_output=True, timeout=60
        )
        recover(output)
        after = snapshot(output)
        assert after in (old, expected_new()), (mode, step, result.returncode)
        assert leftovers(output) == []
        outcomes.add((result.returncode, after == old))
        sync_tree(output, OLD, MANAGED)  # back to the old tree for the next step
        old = snapshot(output)
    assert (-signal.SIGKILL, True) in outcomes and (0, False) in outcomes


def test_recover_puts_back_a_tree_moved_aside(tmp_path: Path) -> None:
    """The state a SIGKILL between the two renames leaves: no output/, the old tree beside it."""
    aside = tmp_path / "output.old-999999999-x"
    (aside / "kql").mkdir(parents=True)
    (aside / "kql" / "a.kql").write_text("old\n")
    (tmp_path / "output.tmp-999999999-y").mkdir()
    recover(tmp_path / "output")
    assert snapshot(tmp_path / "output") == {"kql/a.kql": "old\n"}
    assert leftovers(tmp_path / "output") == []


def test_symlinked_target_folder_is_refused_and_its_files_kept(output: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep\n")
    (output / "splunk").symlink_to(elsewhere)
    with pytest.raises(UnsafeOutput, match="symbolic link inside the output folder"):
        sync_tree(output, NEW, [*MANAGED, Path("splunk")])
    assert (elsewhere / "precious.txt").read_text() == "keep\n"
    assert leftovers(output) == []


def test_symlinked_output_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "output").symlink_to(real)
    with pytest.raises(UnsafeOutput, match="is a symbolic link"):
        sync_tree(tmp_path / "output", NEW, MANAGED)
    assert list(real.iterdir()) == []


def test_convert_output_refuses_symlinks_and_devices(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    link = tmp_path / "out.kql"
    link.symlink_to(victim)
    rules = str(Path(files.__file__).parents[2] / "sigma" / "AnyDesk")
    code, _, err = run(monkeypatch, capsys, "convert", "-t", "kql", "-o", str(link), rules)
    one_line_error(code, err, link)
    assert victim.read_text() == "keep\n" and link.is_symlink()
    with pytest.raises(UnsafeOutput, match="not a regular file"):
        write_atomic(Path("/dev/null"), "x")


def test_two_rules_with_the_same_output_path_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = Path(files.__file__).parents[2] / "sigma" / "AnyDesk" / "proc_creation_win_rmm_anydesk.yml"
    tool = tmp_path / "rules" / "AnyDesk"
    tool.mkdir(parents=True)
    (tool / "proc_creation_win_rmm_anydesk.yml").write_bytes(source.read_bytes())
    (tool / "proc_creation_win_rmm_anydesk.yaml").write_bytes(source.read_bytes())
    out = tmp_path / "out"
    code, _, err = run(monkeypatch, capsys, "build", "--rules", str(tmp_path / "rules"), "--output", str(out))
    one_line_error(code, err, tool / "proc_creation_win_rmm_anydesk.yml")
    assert "same output AnyDesk/proc_creation_win_rmm_anydesk" in err and not out.exists()


def test_written_files_get_the_usual_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    from rmm_sigma.files import write_atomic

    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "query.kql"
        write_atomic(fresh, "DeviceNetworkEvents\n")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.kql"
        kept.write_text("old\n", encoding="utf-8")
        kept.chmod(0o640)
        write_atomic(kept, "new\n")
        assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text(encoding="utf-8") == "new\n"
    finally:
        os.umask(umask)


def test_the_manifest_read_while_writing_is_the_one_a_walk_reads(tmp_path: Path) -> None:
    """Written, hard-linked as unchanged, carried over at the top, or in a folder the build does not
    manage (left out of both): the incremental build's record is what ``manifest`` finds later."""
    root = tmp_path / "output"
    sync_tree(root, OLD, MANAGED)
    (root / "notes").mkdir()
    (root / "notes" / "mine.txt").write_text("a folder of the user's\n")
    (root / "README.md").write_text("a file of the user's\n")
    synced = sync_tree(root, NEW | {"REPORT.md": "report\n"}, MANAGED)
    assert synced.manifest == manifest(root, MANAGED)
    assert {"kql/b.kql", "README.md", "REPORT.md"} <= synced.manifest.keys()
    assert not any(name.startswith("notes") for name in synced.manifest)


@pytest.mark.parametrize("name", ["../escape.kql", "/etc/escape.kql", "kql//a.kql", "kql/./a.kql", "kql/a/"])
def test_a_path_that_is_not_plain_is_refused_before_anything_is_written(output: Path, name: str) -> None:
    old = snapshot(output)
    with pytest.raises(ValueError, match="not a plain path inside the output folder"):
        sync_tree(output, NEW | {name: "x\n"}, MANAGED)
    assert snapshot(output) == old and leftovers(output) == []
    assert not (output.parent / "escape.kql").exists() and not Path("/etc/escape.kql").exists()
