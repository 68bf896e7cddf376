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

Speed: even with libyaml, PyYAML builds a node tree and then walks it in Python, which was a third
of ``rmm-sigma convert``. A plain rule (no tags, anchors, aliases, duplicate or complex keys, at most
MAX_DEPTH levels) is therefore built straight from libyaml's event stream in one pass, with PyYAML's
own resolver and constructors for the scalars (the same values as ``yaml.safe_load``). Anything
else goes the slow, strict way above, which reports it in exactly the words it always has.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.error import Mark

MAX_DEPTH = 64  # nesting of mappings and lists; a rule needs about six
MAX_CONDITION_DEPTH = 32  # parentheses and nots in a condition; a person writes three or four
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
    try:
        return _load_plain(text)
    except _Unusual:
        pass
    _prescan(text)
    return list(yaml.load_all(text, Loader=StrictLoader))  # noqa: S506 - StrictLoader is a safe loader


class _Unusual(Exception):
    """Something the one-pass builder leaves to the strict loader (which may accept or refuse it)."""


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
#: the plain-scalar tags built here; any other (merge ``<<``, value ``=``) goes the strict way
_SCALAR_TAGS = {_STR, *(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))}
_NO_KEY = object()  # a mapping waiting for its next key
_plain_values: dict[str, Any] = {}  # plain scalar text -> its (immutable) value; rules repeat keys
_MAX_CACHED = 10_000  # entries, each at most _MAX_CACHED_TEXT characters: the cache stays small
_MAX_CACHED_TEXT = 64


def _plain(text: str) -> Any:
    """The value of an untagged plain scalar, resolved and constructed as ``yaml.safe_load`` does."""
    if text in _plain_values:
        return _plain_values[text]
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag not in _SCALAR_TAGS:
        raise _Unusual
    if tag == _STR:
        value: Any = text
    else:
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
        except (ValueError, yaml.YAMLError):  # e.g. a timestamp on 2024-02-30
            raise _Unusual from None
    if len(text) <= _MAX_CACHED_TEXT and len(_plain_values) < _MAX_CACHED:
        _plain_values[text] = value
    return value


def _load_plain(text: str) -> list[Any]:
    """The documents of a plain rule built from libyaml's events; raises _Unusual for anything else.

    Scanner and parser errors propagate: the strict path would meet the same one at the same place.
    """
    parser = _Base(text)
    try:
        return _build(parser.get_event)
    finally:
        parser.dispose()


def _build(next_event: Any) -> list[Any]:
    documents: list[Any] = []
    open_nodes: list[Any] = []  # the mappings and lists being filled, innermost last
    keys: list[Any] = []  # per open node: a mapping's pending key (or _NO_KEY)
    while (event := next_event()) is not None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = _plain(event.value) if event.implicit[0] else event.value
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(open_nodes) >= MAX_DEPTH:
                raise _Unusual
            open_nodes.append({} if kind is yaml.MappingStartEvent else [])
            keys.append(_NO_KEY)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = open_nodes.pop()
            keys.pop()
        elif kind is yaml.AliasEvent:
            raise _Unusual
        else:  # stream and document start and end
            continue
        if not open_nodes:
            documents.append(value)
        elif type(parent := open_nodes[-1]) is list:
            parent.append(value)
        elif keys[-1] is _NO_KEY:
            if type(value) in (dict, list) or value in parent:  # complex or duplicate key
                raise _Unusual
            keys[-1] = value
        else:
            parent[keys[-1]] = value
            keys[-1] = _NO_KEY
    return documents


def _too_deep(node: Any) -> bool:
    """Whether anything in ``node`` (itself level 1, values included) sits below level MAX_DEPTH.

    Level by level, without recursion, stopping at the first level past the limit (``node`` may
    be huge); this runs once per rule file.
    """
    level, nodes = 1, [node]
    while nodes:
        if level > MAX_DEPTH:
            return True
        below: list[Any] = []
        for item in nodes:
            if type(item) is dict:
                below.extend(item.values())
            elif type(item) is list:
                below.extend(item)
        level, nodes = level + 1, below
    return False


_CONDITION_TOKEN = re.compile(r"[()]|\b(?:not|and|or)\b", re.IGNORECASE)


def _condition_depth(condition: str) -> int:
    """How deep the condition's parse tree nests, counted from above: one level per open parenthesis
    and per ``not`` in a row (``not not not x`` is three deep; ``not a and not b`` one). pySigma's
    grammar and every backend recurse once per level or more."""
    deepest = 0
    levels = [0]  # per open group: the ``not``s in a row at its current operand
    for token in _CONDITION_TOKEN.findall(condition):
        token = token.lower()
        if token == "(":
            levels.append(levels[-1])
        elif token == ")":
            if len(levels) > 1:
                levels.pop()
        elif token == "not":
            levels[-1] += 1
        else:  # and/or: the next operand starts again from its group's depth
            levels[-1] = levels[-2] if len(levels) > 1 else 0
        deepest = max(deepest, len(levels) - 1 + levels[-1])
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
    if _too_deep(document):
        return f"the YAML nests more than {MAX_DEPTH} levels deep"
    for condition in _conditions(document) if isinstance(document, dict) else []:
        depth = _condition_depth(condition)
        if depth > MAX_CONDITION_DEPTH:
            return (
                f"the condition nests {depth} deep in parentheses and 'not's (at most {MAX_CONDITION_DEPTH})"
            )
    return None


def _mark(event: yaml.Event) -> Mark | None:
    """The event's start as a pure-Python Mark (libyaml's C Mark has the same fields)."""
    mark = event.start_mark
    return Mark(mark.name, mark.index, mark.line, mark.column, None, 0) if mark else None
