"""Read KQL string literals the way Microsoft documents them, before duckdb-kql sees the text.

duckdb-kql misreads several documented literal forms: an obfuscated ``h'..'`` /
``H@'..'`` becomes the text ``h'..'``, a multi-line ```` ```..``` ```` keeps its
backticks, and an undocumented escape such as ``'\\u0041'`` silently loses its
backslash. :func:`canonical_literals` therefore rewrites every string literal
into one plain single-quoted literal holding the value Microsoft's
documentation ("The string data type") gives it, and refuses what that
documentation does not define:

* ``'..'`` and ``".."``: a backslash escapes the enclosing quotes, ``\\t``,
  ``\\n`` and itself; any other escape, and a raw line break, is refused;
* ``@'..'`` and ``@".."`` (verbatim): the backslash stands for itself and a
  doubled quote stands for one;
* ```` ```..``` ```` and ``~~~..~~~`` (multi-line): the text as written, no escapes;
* an ``h`` or ``H`` prefix (obfuscated) does not change the value;
* literals separated only by whitespace and comments are one literal
  (concatenation).

The rewritten text has the same meaning with only single-quoted literals, so an
obfuscated literal and its plain form compare equal.
"""

from __future__ import annotations

import re

from .predicate import kql_string

_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "t": "\t", "n": "\n"}
_FENCES = ("```", "~~~")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9][A-Za-z0-9_.]*")
_GAP = re.compile(r"(?:\s+|//[^\n]*)*")


class LiteralError(ValueError):
    """A string literal Microsoft's documentation does not define (or that does not end)."""


def canonical_literals(text: str) -> str:
    """*text* with every string literal (run of adjacent literals) as one plain ``'..'`` literal."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        if text.startswith("//", pos):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            out.append(text[pos:end])
            pos = end
            continue
        start = _literal_start(text, pos)
        if start is not None:
            value, pos = _literal_run(text, pos)
            out.append(kql_string(value))
            continue
        match = _IDENTIFIER.match(text, pos) or _NUMBER.match(text, pos)
        end = match.end() if match else pos + 1
        out.append(text[pos:end])
        pos = end
    return "".join(out)


def _literal_start(text: str, pos: int) -> int | None:
    """Where the literal proper starts if one begins at *pos* (after an ``h``/``H`` prefix), else None."""
    body = pos + 1 if text[pos] in "hH" and (pos == 0 or not _word_char(text[pos - 1])) else pos
    if body != pos and _IDENTIFIER.match(text, pos).end() != pos + 1:  # type: ignore[union-attr]
        return None  # a longer identifier starting with h, e.g. `has`
    rest = text[body : body + 3]
    if rest[:1] in ("'", '"') or rest[:2] in ("@'", '@"') or rest in _FENCES:
        return body
    return None


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _literal_run(text: str, pos: int) -> tuple[str, int]:
    """The concatenated value of the literals from *pos* on, and the position after the last one."""
    parts = []
    while True:
        body = _literal_start(text, pos)
        assert body is not None
        value, pos = _one_literal(text, body)
        parts.append(value)
        after = _GAP.match(text, pos).end()  # type: ignore[union-attr]
        if after >= len(text) or _literal_start(text, after) is None:
            return "".join(parts), pos
        pos = after


def _one_literal(text: str, pos: int) -> tuple[str, int]:
    fence = text[pos : pos + 3]
    if fence in _FENCES:
        end = text.find(fence, pos + 3)
        if end < 0:
            raise LiteralError(f"multi-line string literal {fence} is not closed")
        return text[pos + 3 : end], end + 3
    if text[pos] == "@":
        return _verbatim(text, pos + 1)
    return _regular(text, pos)


def _verbatim(text: str, pos: int) -> tuple[str, int]:
    quote, value, i = text[pos], [], pos + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            if text[i + 1 : i + 2] == quote:
                value.append(quote)
                i += 2
                continue
            return "".join(value), i + 1
        if char in "\r\n":
            raise LiteralError("line break inside a verbatim string literal")
        value.append(char)
        i += 1
    raise LiteralError("verbatim string literal is not closed")


def _regular(text: str, pos: int) -> tuple[str, int]:
    quote, i = text[pos], pos + 1
    value: list[str] = []
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(value), i + 1
        if char in "\r\n":
            raise LiteralError("line break inside a string literal")
        if char == "\\":
            escaped = text[i + 1 : i + 2]
            if escaped not in _ESCAPES:
                raise LiteralError(
                    f"escape `\\{escaped}` in a string literal (Microsoft documents only "
                    "\\\\, \\', \\\", \\t and \\n)"
                )
            value.append(_ESCAPES[escaped])
            i += 2
            continue
        value.append(char)
        i += 1
    raise LiteralError("string literal is not closed")
