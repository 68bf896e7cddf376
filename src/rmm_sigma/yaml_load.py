"""A strict YAML loader for rule files: no aliases, no duplicate keys.

PyYAML's safe loader accepts two things a rule never needs and that hide mistakes or attacks:

* **Aliases** (``*name``). PyYAML keeps them as shared references, so a "billion laughs" document
  loads quickly, but pySigma then walks every reference as if it were a separate value and a few
  hundred bytes expand into billions of detection items. No Sigma rule uses aliases, so refusing
  them outright is both the safe and the simple answer.
* **Duplicate keys**. PyYAML silently keeps the last one, so a rule with two ``selection:`` blocks
  quietly loses the first. Here it is an error naming the key and both lines.

Both, and nesting deeper than any rule needs, are refused from the event stream before libyaml
composes the document (its composer recurses in C and crashes on a few thousand levels).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.error import Mark

MAX_DEPTH = 64  # nesting of mappings and lists; a rule needs about six
MAX_CONDITION_DEPTH = 32  # parentheses in a condition; a person writes three or four
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is ten times faster


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader (libyaml's when installed) with a constructor that rejects duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: let PyYAML report it in its own words
                break
            if duplicate:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first at line {seen[key]}); YAML would keep only the last one",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _prescan(text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before anything is composed.

    libyaml's composer recurses in C (a few thousand levels crash the interpreter) and its parser is
    slow on deep nesting, but the event stream stops at the first offence, after a few events.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(
                None, None, f"YAML aliases (*{event.anchor}) are not allowed in rules", _mark(event)
            )
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ComposerError(
                    None, None, f"the YAML nests more than {MAX_DEPTH} levels deep", _mark(event)
                )
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def load_all(text: str) -> list[Any]:
    """Every YAML document in ``text``, parsed strictly; raises ``yaml.YAMLError`` with a mark."""
    _prescan(text)
    return list(yaml.load_all(text, Loader=StrictLoader))  # noqa: S506 - StrictLoader is a safe loader


def _depth(node: Any, level: int = 1) -> int:
    """How deeply ``node`` nests, stopping early once past MAX_DEPTH (it may be huge)."""
    if level > MAX_DEPTH or not isinstance(node, dict | list):
        return level
    children = node.values() if isinstance(node, dict) else node
    return max((_depth(c, level + 1) for c in children), default=level)


def _paren_depth(condition: str) -> int:
    depth = deepest = 0
    for char in condition:
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
    return deepest


def _conditions(document: dict[str, Any]) -> list[str]:
    detection = document.get("detection")
    condition = detection.get("condition") if isinstance(detection, dict) else None
    items = condition if isinstance(condition, list) else [condition]
    return [c for c in items if isinstance(c, str)]


def nesting_problem(document: Any) -> str | None:
    """Why a parsed document nests too deeply to be a real rule, or None.

    pySigma parses conditions and walks detections recursively; a pathological file (50,000 nested
    parentheses) converts, slowly, instead of being rejected, and deeper ones exhaust the stack. No
    hand-written rule comes near these limits, so the file is refused at once.
    """
    if _depth(document) > MAX_DEPTH:
        return f"the YAML nests more than {MAX_DEPTH} levels deep"
    for condition in _conditions(document) if isinstance(document, dict) else []:
        depth = _paren_depth(condition)
        if depth > MAX_CONDITION_DEPTH:
            return f"the condition nests parentheses {depth} deep (at most {MAX_CONDITION_DEPTH})"
    return None


def _mark(event: yaml.Event) -> Mark | None:
    """The event's start as a pure-Python Mark (libyaml's C Mark has the same fields)."""
    mark = event.start_mark
    return Mark(mark.name, mark.index, mark.line, mark.column, None, 0) if mark else None
