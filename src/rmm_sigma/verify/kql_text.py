"""KQL as a token stream: the basis of the text-level round-trip comparison.

Comparing queries character by character fails on layout, comments and quote style, none of which
change meaning. Comparing token streams, with string literals reduced to their values, ignores
exactly those and nothing else. Semantic equivalence is the ``equivalence`` package's job; this
module only answers "is this the same text, up to layout?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*)
  | (?P<verbatim>@'[^']*'|@"[^"]*")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<number>\d+(?:\.\d+)?[a-z]*)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*~?)
  | (?P<op>\.\.|=~|!~|==|!=|<=|>=|[|(),;=<>!*+\-/.\[\]{}:~%])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"'}


class KqlTokenError(ValueError):
    """Text that is not made of KQL tokens (for example an unterminated string)."""


@dataclass(frozen=True)
class Token:
    kind: str  # 'string' | 'number' | 'name' | 'op'
    value: str  # for strings: the decoded value, not the literal

    def __str__(self) -> str:
        return quote(self.value) if self.kind == "string" else self.value


def _decode(literal: str) -> str:
    if literal.startswith("@"):
        return literal[2:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def quote(value: str) -> str:
    """A single-quoted KQL string literal for ``value`` (backslash, quote and control chars escaped)."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f"'{escaped}'"


def tokenize(text: str) -> list[Token]:
    """Split KQL into tokens, dropping whitespace and ``//`` comments."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise KqlTokenError(f"unexpected character {text[pos]!r} at offset {pos}")
        kind = m.lastgroup or ""
        if kind in ("string", "verbatim"):
            tokens.append(Token("string", _decode(m.group())))
        elif kind not in ("ws", "comment"):
            tokens.append(Token(kind, m.group()))
        pos = m.end()
    return tokens
