"""Writing output so that nothing is ever half-written.

Every file is written to a temporary sibling and renamed over its target (atomic on POSIX), and only
when its content changed, so ``git status`` after a build shows exactly what the rules changed.
A whole set of files is committed with SIGINT held back, so an interrupted build leaves ``output/``
either as it was or fully updated.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` via a temp file and rename; False if it was already there."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # backslashreplace: a report may name a path that is not UTF-8 (a surrogate escape)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block is done, then deliver it."""
    received: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    except ValueError:  # not the main thread: signals cannot be caught here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def sync_tree(root: Path, files: Mapping[Path, str], managed: list[Path]) -> tuple[int, int]:
    """Make ``managed`` folders under ``root`` hold exactly ``files``; returns (written, removed)."""
    with sigint_deferred():
        written = sum(write_atomic(root / rel, content) for rel, content in sorted(files.items()))
        wanted = {(root / rel).resolve() for rel in files}
        removed = 0
        for folder in managed:
            for stale in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
                if stale.is_file() and stale.resolve() not in wanted:
                    stale.unlink()
                    removed += 1
    return written, removed
