"""Read the reference corpus: Sentinel hunting-query files and the seed documents.

The corpus files do not parse as strict YAML (``dataTypes`` is mis-indented), so this module reads
them leniently: the scalar header keys line by line and the ``query: |`` block by indentation.
A strict YAML parse is still attempted so that its error can be reported as a reference defect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from rmm_sigma.convert import RuleError

_KEY_LINE = re.compile(r"^(id|name|tactics|relevantTechniques):\s*(.*?)\s*$")


class ReferenceFileError(RuleError):
    """A reference (or ``--accept``) file that cannot be read: ``path: message``, one line, exit 1."""


@dataclass(frozen=True)
class ReferenceQuery:
    """One reference hunting query, with where it came from."""

    id: str
    name: str
    query: str
    path: Path
    yaml_error: str | None  # why a strict YAML parser rejects the file, if it does


def _query_block(lines: list[str]) -> str:
    """The text of the ``query: |`` block scalar, de-indented ('' when there is none)."""
    start = next((i for i, line in enumerate(lines) if line.startswith("query:")), len(lines)) + 1
    body: list[str] = []
    for line in lines[start:]:
        if line.strip() and not line[:1].isspace():
            break
        body.append(line)
    indents = [len(x) - len(x.lstrip()) for x in body if x.strip()]
    cut = min(indents, default=0)
    return "\n".join(x[cut:] for x in body).strip("\n") + "\n"


def _strict_yaml_error(text: str) -> str | None:
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return " ".join(str(exc).split())
    except RecursionError:
        return "the YAML nests too deeply to be a reference query"
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ReferenceFileError(path, f"cannot read: {exc.strerror}") from None


def _required(path: Path, keys: dict[str, str], query: str) -> None:
    """A reference needs an ``id`` and a ``name`` line and a non-empty query."""
    for key in ("id", "name"):
        if not keys.get(key):
            raise ReferenceFileError(path, f"not a reference query: no '{key}:' line")
    if not query.strip():
        raise ReferenceFileError(path, "not a reference query: no query")


def read_reference(path: Path) -> ReferenceQuery:
    """Read one corpus ``.yaml`` file leniently, keeping the strict parser's complaint."""
    text = _read(path)
    lines = text.splitlines()
    keys = {m.group(1): m.group(2) for m in map(_KEY_LINE.match, lines) if m}
    query = _query_block(lines)
    _required(path, keys, query)
    return ReferenceQuery(keys["id"], keys["name"], query, path, _strict_yaml_error(text))


def read_seed(path: Path) -> ReferenceQuery:
    """Read a seed document: prose, ``KQL Query``, the query, then Sentinel metadata and scenarios."""
    text = _read(path)
    query = text.split("KQL Query\n", 1)[-1].split("\nid: ", 1)[0] if "KQL Query\n" in text else ""
    meta = {m.group(1): m.group(2) for m in map(_KEY_LINE.match, text.splitlines()) if m}
    _required(path, meta, query)
    return ReferenceQuery(meta["id"], meta["name"], query.strip("\n") + "\n", path, None)


def corpus_files(root: Path) -> list[Path]:
    """Every per-tool reference query under ``rmm-tools/RMM``, in a stable order."""
    return sorted(root.glob("RMM/*/rmm_*.yaml"))


def tool_folder(path: Path) -> Path | None:
    """The corpus tool folder (``RMM/<Tool>/``) holding a reference file, or None (a seed, a user's file)."""
    return path.parent if path.parent.parent.name == "RMM" else None


def load_references(root: Path) -> dict[str, ReferenceQuery]:
    """All corpus queries by id."""
    refs = (read_reference(p) for p in corpus_files(root))
    return {r.id: r for r in refs}
