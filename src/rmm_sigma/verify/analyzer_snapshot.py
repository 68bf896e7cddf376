"""A node startup snapshot with Microsoft's KQL analyzer loaded: each analysis starts in a fifth of the CPU.

A node process that analyzes KQL spends about 1.8 s of CPU before the first query: 0.3 s loading the
16 MB Bridge.NET translation of Kusto.Language, and most of the rest in Kusto building its global
symbol tables on first use. ``check``, ``verify`` and ``new`` start one such process per command, and
a contributor runs them again and again. Node's own startup snapshots (``--build-snapshot``, Node 18.8
and later) keep that work: ``kql_analyze.js`` run as a snapshot builder loads the bridge, analyzes one
query, and node writes its heap to a blob; ``node --snapshot-blob <blob>`` then starts from that heap
and answers the same request (0.35 s of CPU).

The blob is built on first use, once per node binary, script and package version (its file name holds
a hash of them), into ``<node_modules>/.cache/rmm-sigma/``; a build takes about 3 s and 60 MB. Anything
that goes wrong (an older node, a read-only folder, a blob node cannot start from) falls back to a plain
start: the snapshot only ever saves time, and both paths give the same answers
(``tests/test_kql_analyzer.py``). ``RMM_SIGMA_NODE_SNAPSHOT=0`` turns it off.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

SNAPSHOT_ENV = "RMM_SIGMA_NODE_SNAPSHOT"
_BUILD_TIMEOUT_S = 120
_PREFIX = "kql-analyzer-"


def snapshot_path(node: str, script: Path, node_modules: Path, package_files: tuple[Path, ...]) -> Path:
    """Where the blob for this node binary, script and package lives (it may not exist yet).

    The name hashes the script and the real paths, sizes and times of node and the package files:
    the same package reached through a symlinked node_modules gets the same name."""
    digest = hashlib.sha256(script.read_bytes())
    paths: list[str | Path] = [node, *package_files]
    for path in paths:
        real = os.path.realpath(path)
        stat = os.stat(real)
        digest.update(f"\0{real}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return node_modules / ".cache" / "rmm-sigma" / f"{_PREFIX}{digest.hexdigest()[:20]}.blob"


def snapshot(node: str, script: Path, node_modules: Path, package_files: tuple[Path, ...]) -> Path | None:
    """The blob to start the analyzer from, built now if missing; None when turned off or not possible."""
    if os.environ.get(SNAPSHOT_ENV, "1") == "0":
        return None
    try:
        blob = snapshot_path(node, script, node_modules, package_files)
        if blob.is_file():
            return blob
        blob.parent.mkdir(parents=True, exist_ok=True)
        with _locked(blob.with_suffix(".lock")):  # one build at a time; the others wait and use it
            if not blob.is_file():
                _build(node, script, node_modules, blob)
        return blob if blob.is_file() else None
    except (OSError, subprocess.SubprocessError):
        return None


def discard(blob: Path) -> None:
    """Forget a blob node could not answer from: the next analysis builds it again."""
    with contextlib.suppress(OSError):
        blob.unlink()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _build(node: str, script: Path, node_modules: Path, blob: Path) -> None:
    """Write the blob through a temporary file, and remove the blobs of other node or package versions."""
    partial = blob.with_name(f"{blob.name}.{os.getpid()}.tmp")
    try:
        proc = subprocess.run(
            [node, "--snapshot-blob", str(partial), "--build-snapshot", str(script), str(node_modules)],
            capture_output=True,
            timeout=_BUILD_TIMEOUT_S,
            check=False,
        )
        if proc.returncode == 0 and partial.is_file():
            os.replace(partial, blob)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    for old in blob.parent.glob(f"{_PREFIX}*.blob"):
        if old != blob:
            discard(old)
