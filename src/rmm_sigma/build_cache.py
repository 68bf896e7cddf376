"""The incremental build: what ``rmm-sigma build`` converted last time, keyed by content hashes.

A build is a pure function of the rule files, the code (this package, mappings/, the installed
pySigma and backends) and nothing else. The cache records, under one *code key* (a hash of all of
that code), each (target, format, rule) result keyed by a hash of the rule file's path and bytes,
and the *inputs key* and output manifest (each file's size, mtime and inode) of the last build.

- Nothing changed (same inputs key, output/ exactly as the last build left it): nothing is loaded,
  converted or written.
- Some rules changed: only those are converted again; the others' results come from the cache, and
  the bundles and reports are rebuilt from all results (they include every rule).
- The code changed: the code key differs and the whole cache is ignored.

The cache lives beside the output folder (``.<output>.build-cache``, ignored by git), never inside
it: output/ is committed and must hold only what the rules produce. ``build --check`` never reads it
and converts everything, so a stale or tampered cache cannot make the check pass. Writing it is
best effort (a temporary file renamed over it); a cache that cannot be read is treated as empty.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmm_sigma import __version__
from rmm_sigma.convert import content_digest
from rmm_sigma.files import Manifest, signature

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_VERSION = 1
#: distributions whose code shapes the output, besides this package's own files
_DISTRIBUTIONS = ("pySigma", "pyyaml", "orjson")


def cache_path(output: Path) -> Path:
    return output.parent / f".{output.name}.build-cache"


def _tree_files(root: Path) -> list[Path]:
    skip = {"__pycache__", "node_modules"}
    return sorted(
        Path(folder, name)
        for folder, dirs, names in os.walk(root)
        if not skip.intersection(Path(folder).relative_to(root).parts)
        for name in names
        if not name.endswith(".pyc")
    )


def _distribution_versions() -> list[str]:
    """pySigma and every installed pySigma backend/pipeline, with their versions."""
    names = set(_DISTRIBUTIONS)
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"] or ""
        if name.lower().startswith("pysigma"):
            names.add(name)
    versions = []
    for name in sorted(names):
        try:
            versions.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return versions


def code_key(mappings: Path) -> str:
    """A hash of everything besides the rules that decides the output."""
    digest = hashlib.sha256(f"{CACHE_VERSION} {__version__}\n".encode())
    digest.update("\n".join(_distribution_versions()).encode())
    for root in (PACKAGE_DIR, mappings):
        for path in _tree_files(root):
            digest.update(f"\0{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache  # asked once per rule and format: 36,000 times in a build of 1,660 rules
def rule_key(path: Path, digest: str) -> str:
    """The rule's identity for the cache: its path (output names derive from it) and its bytes' hash."""
    return hashlib.sha256(f"{path}\0{digest}".encode()).hexdigest()


def inputs_key(code: str, rules: list[tuple[Path, str]]) -> str:
    """One hash of the code and every (rule path, content digest), in order."""
    digest = hashlib.sha256(code.encode())
    for path, content in rules:
        digest.update(rule_key(path, content).encode())
    return digest.hexdigest()


def file_digests(paths: list[Path]) -> list[tuple[Path, str]]:
    """(path, sha256 of its bytes) for each rule file, without parsing any of them."""
    return [(path, content_digest(path.read_bytes())) for path in paths]


def manifest(output: Path, managed: list[Path]) -> Manifest:
    """Every file under ``output`` that a build owns: relative path -> (size, mtime_ns, inode).

    Read with ``os.scandir`` and plain strings: an unchanged rebuild is mostly this walk, over
    some 30,000 files for 1,660 rules.
    """
    found: Manifest = {}
    top = {m.parts[0] for m in managed}
    for entry in os.scandir(output) if output.is_dir() else ():
        if entry.is_dir(follow_symlinks=False):
            if entry.name in top:
                _record_tree(entry.path, entry.name + os.sep, found)
        else:
            _record(entry, entry.name, found)
    return found


def _record_tree(folder: str, prefix: str, found: Manifest) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _record_tree(entry.path, prefix + entry.name + os.sep, found)
            else:
                _record(entry, prefix + entry.name, found)


def _record(entry: os.DirEntry[str], name: str, found: Manifest) -> None:
    info = entry.stat(follow_symlinks=False)
    found[name] = signature(info)


#: (target, format, rule key) -> ("query", file text, query object) or ("unsupported", reason)
Entry = tuple[Any, ...]


@dataclass
class BuildCache:
    code: str
    inputs: str = ""
    files: Manifest = field(default_factory=dict)
    #: read from ``source`` on first use: the nothing-changed check needs only the header
    source: Path | None = None
    _entries: dict[tuple[str, str, str], Entry] | None = field(default=None, repr=False)
    #: entries looked up or stored in this build: the next cache keeps only these
    used: dict[tuple[str, str, str], Entry] = field(default_factory=dict, repr=False)
    converted: int = 0  # conversions this build had to run (the rest came from the cache)

    @property
    def entries(self) -> dict[tuple[str, str, str], Entry]:
        if self._entries is None:
            self._entries = _read_entries(self.source) if self.source else {}
        return self._entries

    def get(self, key: tuple[str, str, str]) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used[key] = entry
        return entry

    def put(self, key: tuple[str, str, str], entry: Entry) -> None:
        self.converted += 1
        self.used[key] = entry


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError, ValueError)


def load(output: Path, code: str) -> BuildCache:
    """The cache of the last build into ``output`` if it was made by the same code, else an empty one.

    The file holds two pickles: a small header (code key, inputs key, output manifest), then the
    entries, which are read only when a rule has to be looked up.
    """
    path = cache_path(output)
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)  # noqa: S301 - our own file, beside our own output
        if saved.get("version") == CACHE_VERSION and saved.get("code") == code:
            return BuildCache(code, saved["inputs"], saved["files"], source=path)
    except _UNREADABLE:
        pass
    return BuildCache(code)


def _read_entries(path: Path) -> dict[tuple[str, str, str], Entry]:
    try:
        with path.open("rb") as handle:
            pickle.load(handle)  # noqa: S301 - the header, read by load()
            entries = pickle.load(handle)  # noqa: S301
        return entries if isinstance(entries, dict) else {}
    except _UNREADABLE:
        return {}


def save(output: Path, cache: BuildCache, inputs: str, files: Manifest) -> None:
    """Record this build, whose output holds ``files`` (its ``manifest``, as rmm_sigma.files.sync_tree
    read it while writing); best effort: a build that cannot write its cache still succeeded."""
    header = {"version": CACHE_VERSION, "code": cache.code, "inputs": inputs, "files": files}
    path = cache_path(output)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(cache.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        path.unlink(missing_ok=True)


def unchanged(output: Path, cache: BuildCache, inputs: str, managed: list[Path]) -> bool:
    """True when the last build had these exact inputs and ``output`` is still as it left it."""
    return bool(cache.inputs) and cache.inputs == inputs and manifest(output, managed) == cache.files
