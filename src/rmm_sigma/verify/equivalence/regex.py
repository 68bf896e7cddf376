"""``matches regex`` patterns as z3 regular expressions.

Only the constructs on which Microsoft's KQL regex documentation and RE2 (the
engine duckdb-kql runs, through DuckDB) agree are translated: literals, escapes
of punctuation, ``\\t \\n \\r \\f \\v \\xHH``, ``.`` (any character but a
newline), bracket classes of explicit characters and ranges, groups,
alternation, the quantifiers ``* + ? {n} {n,} {n,m}`` (lazy or greedy, which
does not change *whether* a string matches), a leading ``(?i)``, and ``^`` /
``$`` at the very start / end of the pattern (start / end of the text: ``$``
does not match before a trailing newline in either engine).

Refused (:class:`UnsupportedRegex`, naming the construct): the Perl classes
``\\d \\w \\s`` and their negations (Microsoft documents ``\\d`` as Unicode
``\\p{Nd}``, RE2 as ASCII ``[0-9]``), Unicode and POSIX classes, word
boundaries, other flags, backreferences, and under ``(?i)`` any non-ASCII
letter or class range beyond ASCII (their Unicode case folding is not
modelled). ``(?i)`` on ASCII letters is modelled exactly, including the two
non-ASCII members of ASCII letters' case-folding orbits in both engines:
``ſ`` (U+017F) folds with ``s``, the Kelvin sign (U+212A) with ``k``.

KQL's ``matches regex`` is a *search* (unanchored) and case-sensitive; the
translation wraps the pattern in ``.*`` on each unanchored side.

:func:`regex_points` gives the character-class boundaries a pattern uses, so
witness alphabets can hold one character of every class the pattern tells
apart (see :mod:`.witnesses`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3


class UnsupportedRegex(ValueError):
    """A regex construct outside the translated subset."""


_PERL_CLASSES = {
    c: f"Perl class `\\{c}` (Microsoft documents Unicode classes, RE2 runs ASCII ones)" for c in "dDwWsS"
}
#: Non-ASCII characters in the simple case-folding orbit of an ASCII letter (RE2 and Microsoft's engine).
_FOLD_EXTRA = {"k": "\u212a", "s": "\u017f"}
_CHAR_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}
_NAMED_UNSUPPORTED = _PERL_CLASSES | {
    "b": "word boundary `\\b`",
    "B": "`\\B`",
    "A": "`\\A`",
    "z": "`\\z`",
    "p": "Unicode class `\\p{..}`",
    "P": "Unicode class `\\P{..}`",
    "Q": "quoted literal `\\Q..\\E`",
    "C": "`\\C`",
}


def zstring(text: str, ctx: z3.Context | None = None) -> z3.SeqRef:
    """*text* as a z3 string constant, exactly.

    ``z3.StringVal`` reads ``\\u{..}`` escapes in its argument, so a literal
    backslash could change the value; every character outside printable ASCII,
    and the backslash, is passed as such an escape instead.
    """
    escaped = "".join(c if " " <= c <= "~" and c != "\\" else f"\\u{{{ord(c):x}}}" for c in text)
    return z3.StringVal(escaped, ctx)


def python_string(value: z3.SeqRef) -> str:
    """A concrete z3 string as Python text (``as_string`` escapes non-ASCII ambiguously)."""
    text = value.as_string()
    if "\\" not in text and text.isascii():
        return text
    length = z3.simplify(z3.Length(value)).as_long()
    codes = (z3.simplify(z3.StrToCode(z3.SubString(value, i, 1))).as_long() for i in range(length))
    return "".join(chr(c) for c in codes)


def _any_char() -> z3.ReRef:
    return z3.AllChar(z3.ReSort(z3.StringSort()))


def _ranges_re(ranges: list[tuple[str, str]], negated: bool) -> z3.ReRef:
    parts = [z3.Re(lo) if lo == hi else z3.Range(lo, hi) for lo, hi in ranges]
    inside = parts[0] if len(parts) == 1 else z3.Union(*parts)
    if not negated:
        return inside
    return z3.Intersect(_any_char(), z3.Complement(inside))


def _fold_ranges(ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Add the case-folding counterparts of every ASCII letter in *ranges* (for ``(?i)``).

    A range reaching beyond ASCII is refused: its Unicode folding is not modelled.
    """
    extra = []
    for lo, hi in ranges:
        if hi > "\x7f":
            raise UnsupportedRegex("a class range beyond ASCII under `(?i)` (Unicode case folding)")
        for letter, other in _FOLD_EXTRA.items():
            if lo <= letter <= hi or lo <= letter.upper() <= hi:
                extra.append((other, other))
    for lo, hi in ranges:
        for base, other in (("a", "A"), ("A", "a")):
            top = chr(ord(base) + 25)
            a, b = max(lo, base), min(hi, top)
            if a <= b:
                shift = ord(other) - ord(base)
                extra.append((chr(ord(a) + shift), chr(ord(b) + shift)))
    return ranges + extra


@dataclass
class _Parser:
    """Recursive descent over the pattern text; ``pos`` is the cursor."""

    text: str
    ci: bool = False
    pos: int = 0
    depth: int = 0
    top_alternation: bool = False
    #: Code points where a character class used by the pattern starts or ends (see :func:`regex_points`).
    points: set[int] = field(default_factory=set)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        char = self.peek()
        self.pos += 1
        return char

    def alternation(self) -> z3.ReRef:
        branches = [self.concat()]
        while self.peek() == "|":
            self.pos += 1
            self.top_alternation |= self.depth == 0
            branches.append(self.concat())
        return branches[0] if len(branches) == 1 else z3.Union(*branches)

    def concat(self) -> z3.ReRef:
        items: list[z3.ReRef] = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.repeat())
        if not items:
            return z3.Re("")
        return items[0] if len(items) == 1 else z3.Concat(*items)

    def repeat(self) -> z3.ReRef:
        node = self.atom()
        while self.peek() in ("*", "+", "?", "{"):
            node = self.quantifier(node)
            if self.peek() == "?":  # lazy: same language
                self.pos += 1
        return node

    def quantifier(self, node: z3.ReRef) -> z3.ReRef:
        char = self.take()
        if char == "*":
            return z3.Star(node)
        if char == "+":
            return z3.Plus(node)
        if char == "?":
            return z3.Option(node)
        end = self.text.find("}", self.pos)
        body = self.text[self.pos : end] if end >= 0 else ""
        low, _, high = body.partition(",")
        if not low.isdigit() or (high and not high.isdigit()):
            raise UnsupportedRegex(f"repetition `{{{body}}}`")
        self.pos = end + 1
        if "," not in body:
            return z3.Loop(node, int(low), int(low))
        if not high:
            return z3.Concat(z3.Loop(node, int(low), int(low)), z3.Star(node))
        return z3.Loop(node, int(low), int(high))

    def atom(self) -> z3.ReRef:
        char = self.take()
        if char == "(":
            return self.group()
        if char == "[":
            return self.char_class()
        if char == ".":
            self.note([("\n", "\n")])
            return z3.Intersect(_any_char(), z3.Complement(z3.Re("\n")))
        if char == "\\":
            return self.escape()
        if char in ("^", "$"):
            raise UnsupportedRegex(f"anchor `{char}` inside the pattern")
        if char in ("*", "+", "?", "{"):
            raise UnsupportedRegex(f"quantifier `{char}` with nothing to repeat")
        return self.literal(char)

    def note(self, ranges: list[tuple[str, str]]) -> None:
        for lo, hi in ranges:
            self.points |= {ord(lo), ord(hi) + 1}

    def literal(self, char: str) -> z3.ReRef:
        if ord(char) > _MAX_CODE_POINT:
            raise UnsupportedRegex(f"character U+{ord(char):X} beyond z3's alphabet")
        if self.ci and char.lower() != char.upper():
            if not char.isascii():
                raise UnsupportedRegex(f"non-ASCII letter `{char}` under `(?i)` (Unicode case folding)")
            orbit = char.lower() + char.upper() + _FOLD_EXTRA.get(char.lower(), "")
            self.note([(c, c) for c in orbit])
            return z3.Union(*(z3.Re(c) for c in orbit))
        self.note([(char, char)])
        return z3.Re(char)

    def group(self) -> z3.ReRef:
        if self.peek() == "?":
            if self.text[self.pos : self.pos + 2] != "?:":
                raise UnsupportedRegex(f"group flag `(?{self.text[self.pos + 1 : self.pos + 2]}`")
            self.pos += 2
        self.depth += 1
        inner = self.alternation()
        self.depth -= 1
        if self.take() != ")":
            raise UnsupportedRegex("unbalanced `(`")
        return inner

    def escape(self) -> z3.ReRef:
        char = self.take()
        if char in _NAMED_UNSUPPORTED or char.isdigit():
            raise UnsupportedRegex(_NAMED_UNSUPPORTED.get(char, f"backreference `\\{char}`"))
        if char == "x":
            return self.literal(self.hex_escape())
        if char in _CHAR_ESCAPES:
            return self.literal(_CHAR_ESCAPES[char])
        if char.isalnum() or not char:
            raise UnsupportedRegex(f"escape `\\{char}`")
        return self.literal(char)

    def hex_escape(self) -> str:
        digits = self.text[self.pos : self.pos + 2]
        if len(digits) != 2 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise UnsupportedRegex(f"escape `\\x{digits}`")
        self.pos += 2
        return chr(int(digits, 16))

    def char_class(self) -> z3.ReRef:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        ranges: list[tuple[str, str]] = []
        first = True
        while first or self.peek() != "]":
            if not self.peek():
                raise UnsupportedRegex("unterminated character class `[`")
            ranges.extend(self.class_item())
            first = False
        self.pos += 1
        if self.ci:
            ranges = _fold_ranges(ranges)
        self.note(ranges)
        return _ranges_re(ranges, negated)

    def class_item(self) -> list[tuple[str, str]]:
        if self.text.startswith("[:", self.pos):
            raise UnsupportedRegex("POSIX class `[:...:]`")
        low = self.class_char()
        if isinstance(low, list):
            return low
        if self.peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("]", ""):
            self.pos += 1
            high = self.class_char()
            if isinstance(high, list) or high < low:
                raise UnsupportedRegex(f"character range `{low}-...`")
            return [(low, high)]
        return [(low, low)]

    def class_char(self) -> str | list[tuple[str, str]]:
        char = self.take()
        if char != "\\":
            return char
        esc = self.take()
        if esc in _PERL_CLASSES:
            raise UnsupportedRegex(_PERL_CLASSES[esc])
        if esc == "x":
            return self.hex_escape()
        if esc in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[esc]
        if esc.isalnum() or not esc:
            raise UnsupportedRegex(f"escape `\\{esc}` inside a character class")
        return esc


#: The largest code point z3's strings hold (its default Unicode range).
_MAX_CODE_POINT = 0x2FFFF


def regex_points(pattern: str) -> set[int]:
    """Code points at which a character class the pattern distinguishes begins or ends.

    Two characters between consecutive points are matched alike by every part of
    the pattern, so one character per interval is enough for a complete witness
    alphabet.
    """
    return _parse(pattern)[1].points


def regex_to_z3(pattern: str) -> z3.ReRef:
    """The set of strings in which *pattern* finds a match, as a z3 regex."""
    return _parse(pattern)[0]


def _parse(pattern: str) -> tuple[z3.ReRef, _Parser]:
    ci = pattern.startswith("(?i)")
    body = pattern[4:] if ci else pattern
    anchored_start = body.startswith("^")
    if anchored_start:
        body = body[1:]
    anchored_end = body.endswith("$") and not _escaped(body, len(body) - 1)
    if anchored_end:
        body = body[:-1]
    parser = _Parser(body, ci)
    inner = parser.alternation()
    if parser.pos != len(body):
        raise UnsupportedRegex(f"unbalanced `)` at offset {parser.pos}")
    if parser.top_alternation and (anchored_start or anchored_end):
        raise UnsupportedRegex("`^`/`$` anchor combined with a top-level `|`")
    anything = z3.Star(_any_char())
    parts = ([] if anchored_start else [anything]) + [inner] + ([] if anchored_end else [anything])
    return (z3.Concat(*parts) if len(parts) > 1 else parts[0]), parser


def _escaped(text: str, index: int) -> bool:
    """Whether the character at *index* is preceded by an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1
