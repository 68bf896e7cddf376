"""Read hunting queries out of the reference YAML files and the seed texts.

The reference files do not parse with a strict YAML parser, so the ``query: |``
block is cut out by indentation, which is all a literal block scalar is.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

_BLOCK = re.compile(r"^(\s*)query:\s*\|[-+]?\s*$")


def query_block(yaml_text: str) -> str | None:
    """The dedented text of the first ``query: |`` block, or None when there is none."""
    lines = yaml_text.splitlines()
    for index, line in enumerate(lines):
        match = _BLOCK.match(line)
        if match:
            return _block_body(lines[index + 1 :], len(match.group(1)))
    return None


def _block_body(lines: list[str], key_indent: int) -> str:
    body: list[str] = []
    for line in lines:
        if line.strip() and len(line) - len(line.lstrip()) <= key_indent:
            break
        body.append(line)
    return textwrap.dedent("\n".join(body)).strip("\n") + "\n"


def reference_queries(root: Path) -> dict[str, str]:
    """``rmm_*.yaml`` path (relative to *root*) -> its query, for every file that has one."""
    found = {}
    for path in sorted(root.glob("*/rmm_*.yaml")):
        query = query_block(path.read_text(encoding="utf-8"))
        if query is not None:
            found[str(path.relative_to(root))] = query
    return found


def seed_query(seed_text: str) -> str:
    """The query after the ``KQL Query`` line of a seed, up to a blank line or the ``id:`` line."""
    lines = seed_text.splitlines()
    start = lines.index("KQL Query") + 1
    body = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("id:"):
            break
        body.append(line)
    return "\n".join(body) + "\n"
