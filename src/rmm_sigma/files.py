"""Writing output so that nothing is ever half-written, and never through a link.

One file (``convert -o``, reports) is written to a temporary sibling and renamed over its target
(atomic on POSIX), and only when its content changed. A path that exists but is not a regular file
(a symlink, a device node, a FIFO) is refused: replacing it would write where the link points or
destroy something that is not ours.

A whole tree (``build``) is transactional: the new tree is written beside it
(``<output>.tmp-<pid>-XXXX`` in the same parent), then swapped in with one atomic
``renameat2(RENAME_EXCHANGE)`` where Linux offers it, or else two renames. A failure before the swap
(any exception, SIGINT, SIGTERM, a full disk, a read-only folder) removes the temporary tree and
leaves the old one untouched; a SIGKILL leaves a ``.tmp-``/``.old-`` sibling that the next build
recovers (an ``.old-`` tree is renamed back if the swap stopped half-way). A file whose content is
unchanged is hard-linked from the old tree, so it keeps its inode and mtime ("not rewritten").
Symlinks inside the tree, or the tree itself being a symlink, are refused.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple


class UnsafeOutput(OSError):
    """An output path rmm-sigma will not write through (symlink, device, ...): one line, exit 1."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(0, why, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def _refuse_non_regular(path: Path) -> None:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise UnsafeOutput(path, "is a symbolic link; refusing to write through it")
    if not stat.S_ISREG(mode):
        raise UnsafeOutput(
            path, "exists and is not a regular file (device, FIFO or folder); refusing to replace it"
        )


def write_atomic(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` via a temp file and rename; False if it was already there."""
    _refuse_non_regular(path)
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600: give the file the mode a plain open() would (or the replaced file's)
        os.fchmod(fd, path.stat().st_mode & 0o7777 if path.is_file() else _umasked(0o666))
        # backslashreplace: a report may name a path that is not UTF-8 (a surrogate escape)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _umasked(mode: int) -> int:
    """``mode`` less the process's umask (read by setting it and putting it back)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return mode & ~umask


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done, then deliver Ctrl-C."""
    received: list[int] = []
    try:
        previous = {s: signal.signal(s, lambda signum, frame: received.append(signum)) for s in _HELD}
    except ValueError:  # not the main thread: signals cannot be caught here anyway
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            raise KeyboardInterrupt


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Make SIGTERM raise KeyboardInterrupt (like Ctrl-C) in the block, so cleanup code runs."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- the transactional tree -------------------------------------------------------------------


def _siblings(root: Path, kind: str) -> list[Path]:
    return sorted(root.parent.glob(f"{glob.escape(root.name)}.{kind}-*"))


def _pid_alive(sibling: Path) -> bool:
    """Whether the build that made ``sibling`` (``<name>.<kind>-<pid>-XXXX``) still runs."""
    try:
        pid = int(sibling.name.rsplit(".", 1)[1].split("-")[1])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def recover(root: Path) -> None:
    """Undo what a killed build left: put an ``.old-`` tree back if ``root`` is missing, drop the rest."""
    if not root.exists():
        for old in _siblings(root, "old"):
            if not _pid_alive(old):
                old.rename(root)
                break
    for leftover in _siblings(root, "tmp") + _siblings(root, "old"):
        if not _pid_alive(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


def refuse_links(root: Path) -> None:
    """Refuse a tree that is, or holds, a symbolic link: a build would write or delete through it."""
    if root.is_symlink():
        raise UnsafeOutput(root, "is a symbolic link; refusing to build into it")
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            if path.is_symlink():
                raise UnsafeOutput(path, "is a symbolic link inside the output folder; refusing to build")


def refuse_linked_folders(paths: Iterable[Path], root: Path) -> None:
    """Refuse to write or delete ``paths`` when a folder between ``root`` and one of them is a symbolic
    link: ``rules/<Tool>`` linked to ``/etc`` would put ``new``'s rules, or ``import``'s deletions, there.
    Paths outside ``root`` (import's exclusions file, wherever it is kept) are not checked."""
    for path in paths:
        folder = path.parent
        while folder != root and root in folder.parents:
            if folder.is_symlink():
                raise UnsafeOutput(folder, "is a symbolic link; refusing to write through it")
            folder = folder.parent


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if not available."""
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system or kernel cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(a))


def _swap_in(new: Path, root: Path) -> Path | None:
    """Make ``new`` the tree at ``root``; returns the old tree's new path (to delete), if any."""
    if not root.exists():
        new.rename(root)
        return None
    if _exchange(new, root):
        return new
    old = Path(tempfile.mkdtemp(dir=root.parent, prefix=f"{root.name}.old-{os.getpid()}-"))
    os.rmdir(old)
    root.rename(old)  # a SIGKILL between these two renames is undone by recover()
    try:
        new.rename(root)
    except BaseException:
        old.rename(root)
        raise
    return old


def _relative(rel: str) -> str:
    """``rel`` if it is a plain relative path (``a/b/c``: no leading ``/``, no empty, ``.`` or ``..``
    part), so that it names a file inside the output folder."""
    if any(part in ("", ".", "..") for part in rel.split("/")):
        raise ValueError(f"output path {rel!r} is not a plain path inside the output folder")
    return rel


#: relative path -> (size, mtime_ns, inode): what a tree holds, as rmm_sigma.build_cache compares it
Manifest = dict[str, tuple[int, int, int]]


class Synced(NamedTuple):
    written: int
    removed: int
    #: every file the tree now holds in its managed folders and at its top, read as each was written
    #: or linked (the incremental build's record, without walking 30,000 files again)
    manifest: Manifest


def _fill(new: Path, root: Path, files: Mapping[str, str], managed: list[Path]) -> tuple[int, Manifest]:
    """Write ``files`` into ``new``, hard-linking unchanged ones and everything unmanaged from ``root``;
    (files written, manifest).

    Paths are joined as strings and contents written as bytes: a build writes some 30,000 files,
    and pathlib's joins and text wrappers cost more than the writes themselves.
    """
    written = 0
    manifest: Manifest = {}
    had_root = root.is_dir()  # a first build has nothing to compare with: no stat per file
    made: set[str] = set()  # one mkdir per folder, not per file: a build writes ~20 files per folder
    # sorted as strings: comparing 30,000 Paths part by part took longer than writing them
    for name, content in sorted((_relative(rel), content) for rel, content in files.items()):
        target = os.path.join(new, name)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = content.encode("utf-8")
        if had_root and _same_file(previous := os.path.join(root, name), data):
            os.link(previous, target)
            manifest[name] = signature(os.stat(target))
            continue
        manifest[name] = signature(_write_bytes(target, data))
        written += 1
    if root.is_dir():
        claimed = {rel.split("/", 1)[0] for rel in files} | {m.parts[0] for m in managed}
        for entry in sorted(e for e in root.iterdir() if e.name not in claimed):
            if entry.is_dir():
                shutil.copytree(entry, new / entry.name, copy_function=os.link)
            else:
                os.link(entry, new / entry.name)
                manifest[entry.name] = signature(os.stat(new / entry.name))
    return written, manifest


def signature(info: os.stat_result) -> tuple[int, int, int]:
    """What a manifest records of a file: a rewrite changes its size, mtime or inode."""
    return info.st_size, info.st_mtime_ns, info.st_ino


def _write_bytes(path: str, data: bytes) -> os.stat_result:
    """Three system calls (a buffered ``open`` adds ``fstat``, ``ioctl`` and ``lseek``), 30,000 times,
    and an ``fstat`` for the manifest; the file's status as written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _same_file(path: str, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data``."""
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as handle:
        return handle.read(len(data) + 1) == data


def _stale(root: Path, files: Mapping[str, str], managed: list[Path]) -> int:
    if not root.is_dir():
        return 0
    old_files = (p for m in managed if (root / m).is_dir() for p in (root / m).rglob("*") if p.is_file())
    return sum(p.relative_to(root).as_posix() not in files for p in old_files)


def sync_tree(root: Path, files: Mapping[str, str], managed: list[Path]) -> Synced:
    """Make ``managed`` folders under ``root`` hold exactly ``files`` (``/``-separated paths under
    ``root`` -> text), all at once.

    Entries of ``root`` outside ``managed`` and ``files`` are carried over unchanged.
    """
    recover(root)
    if root.exists():
        refuse_links(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    with sigterm_interrupts():
        new = Path(tempfile.mkdtemp(dir=root.parent, prefix=f"{root.name}.tmp-{os.getpid()}-"))
        try:
            written, manifest = _fill(new, root, files, managed)
            removed = _stale(root, files, managed)
            new.chmod(root.stat().st_mode & 0o7777 if root.exists() else 0o755)
            with sigint_deferred():
                old = _swap_in(new, root)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return Synced(written, removed, manifest)
