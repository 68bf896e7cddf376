"""What a target language can carry: the one place that decides, for every value of a rule.

Rules arrive as pull requests, so every piece of a rule that reaches a generated query or file is
untrusted: plain string values, the expansions of ``|windash`` (and any other modifier that expands
into several strings), ``|re`` regular expressions, field names (in the detection, in ``|fieldref``
and in ``fields:``), the metadata that a format writes into a file (title, description) and the
references a product shows as links (a ``javascript:`` reference in a Kibana rule).

A backend declares what its language cannot hold as a :class:`Carriage`; :func:`problems` walks the
rule *before* conversion (so before the pipeline rewrites it) and names each thing the language
cannot carry, in one line: :func:`content_problems` for the query (the same in every output format),
:func:`metadata_problems` for what one format writes besides it. The escaping itself stays
where pySigma puts it, in the backends' tokens (``str_quote``, ``escape_char``, ``re_escape`` ...);
this module refuses what no token can escape.

Field names and ``fields:`` entries are pasted into queries unquoted by several backends (the KQL
hunting ``summarize ... by``, SPL ``| table``, PowerQuery ``| columns``), so they must be plain
identifiers on every target: letters, digits, ``_`` and inner dots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule
from sigma.types import SigmaExpansion, SigmaFieldReference, SigmaRegularExpression, SigmaString, SigmaType

#: Every character Python (and YAML 1.1) treats as a line break: none of them may end up raw in a
#: one-line string literal, a savedsearches.conf line or a YAML scalar that is reloaded.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
#: The rule metadata that formats write into files (savedsearches.conf stanzas, YAML, meta sections).
METADATA = ("title", "description")


def reasons(chars: str, reason: str) -> dict[str, str]:
    """The same reason for each of ``chars`` (a Carriage maps character -> why it is refused)."""
    return dict.fromkeys(chars, reason)


def line_breaks(reason: str) -> dict[str, str]:
    return reasons(LINE_BREAKS, reason)


@dataclass(frozen=True)
class Carriage:
    """What a language cannot carry literally, with the reason shown when a rule is refused."""

    #: character -> reason, for plain and expanded string values
    values: dict[str, str] = field(default_factory=dict)
    #: character -> reason, for regular expressions (after the backend's own ``re_escape``)
    regexes: dict[str, str] = field(default_factory=lambda: line_breaks("a regular expression is one line"))
    #: output format -> metadata key (``title``, ``description``) -> (character -> reason), for the
    #: metadata that format writes into a file
    metadata: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    #: output formats that write the rule's ``references`` where the product shows them as links
    links: tuple[str, ...] = ()


def _plain(value: SigmaString) -> str:
    return "".join(part for part in value.s if isinstance(part, str))


def _leaves(value: SigmaType) -> Iterator[SigmaType]:
    """A value and, for an expansion (``|windash``, ...), every string it expands into."""
    if isinstance(value, SigmaExpansion):
        for inner in value.values:
            yield from _leaves(inner)
    else:
        yield value


def detection_items(detection: SigmaDetection | SigmaDetectionItem) -> Iterator[SigmaDetectionItem]:
    """Every field/value item of a detection, however deeply its maps and lists nest."""
    if isinstance(detection, SigmaDetectionItem):
        yield detection
        return
    for item in detection.detection_items:
        yield from detection_items(item)


def _char_problem(text: str, refused: dict[str, str], what: str) -> str | None:
    if refused.keys().isdisjoint(text):  # nearly always: then no reason needs looking up
        return None
    for char, reason in refused.items():
        if char in text:
            return f"{what} {text!r} holds {char!r}: {reason}"
    return None


def _identifier_problem(name: str, what: str) -> str | None:
    if IDENTIFIER.fullmatch(name):
        return None
    return f"{what} {name!r} is not a plain field name (letters, digits, _ and inner dots)"


#: One thing ``content_problems`` looks at: ("problem", message) for a field name that is no
#: identifier (a problem in every language), or ("value" / "regular expression", text) for a text
#: whose characters each language checks against its own Carriage.
ContentCheck = tuple[str, str]


def content_checks(rule: SigmaRule) -> tuple[ContentCheck, ...]:
    """What ``content_problems`` checks in ``rule``, in rule order, whatever the language: a rule is
    walked once, then checked against each language's Carriage (``content_problems(..., checks)``)."""
    checks: list[ContentCheck] = []
    for detection in rule.detection.detections.values():
        for item in detection_items(detection):
            if item.field is not None and (problem := _identifier_problem(item.field, "field name")):
                checks.append(("problem", problem))
            for value in (leaf for v in item.value for leaf in _leaves(v)):
                if isinstance(value, SigmaString):
                    checks.append(("value", _plain(value)))
                elif isinstance(value, SigmaRegularExpression):
                    checks.append(("regular expression", str(value.regexp)))
                elif isinstance(value, SigmaFieldReference):
                    if problem := _identifier_problem(value.field, "field reference"):
                        checks.append(("problem", problem))
    for name in rule.fields:
        if problem := _identifier_problem(str(name), "fields: entry"):
            checks.append(("problem", problem))
    return tuple(checks)


def problems(rule: SigmaRule, carriage: Carriage, output_format: str | None = None) -> Iterator[str]:
    """Everything in ``rule`` the language cannot carry, one line each, in rule order."""
    yield from content_problems(rule, carriage)
    yield from metadata_problems(rule, carriage, output_format)


def content_problems(
    rule: SigmaRule, carriage: Carriage, checks: tuple[ContentCheck, ...] | None = None
) -> Iterator[str]:
    """What every format of the language refuses: detection values and field names, ``fields:``.

    ``checks``: the rule's ``content_checks``, made once for every language (rmm_sigma.convert keeps
    them per loaded rule); made here from ``rule`` when not given.
    """
    for kind, text in content_checks(rule) if checks is None else checks:
        if kind == "problem":
            yield text
        elif problem := _char_problem(text, carriage.values if kind == "value" else carriage.regexes, kind):
            yield problem


def metadata_problems(rule: SigmaRule, carriage: Carriage, output_format: str | None = None) -> Iterator[str]:
    """What only ``output_format`` refuses: the metadata it writes into a file."""
    if output_format in carriage.links:
        yield from filter(None, map(_link_problem, map(str, rule.references)))
    refused_in_metadata = carriage.metadata.get(output_format or "", {})
    if not refused_in_metadata:  # most formats write no metadata that could break them
        return
    for key in METADATA:
        text = getattr(rule, key, None)
        if text and (problem := _char_problem(str(text), refused_in_metadata.get(key, {}), key)):
            yield problem


#: URL schemes that run code or open local files when a product shows a reference as a link.
UNSAFE_LINK_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
#: what browsers drop from a URL's scheme: spaces and control characters (``str.translate`` table)
_INVISIBLE = dict.fromkeys(range(ord(" ") + 1))


def _link_problem(reference: str) -> str | None:
    """A reference a product would turn into a dangerous link; text that is no link at all is fine
    (SigmaHQ's rules cite ``Internal Research``). Browsers drop spaces and control characters around
    and inside a scheme and ignore its case, so they are dropped before comparing."""
    if ":" not in reference:  # no scheme at all; dropping characters never adds a ':'
        return None
    scheme = reference.partition(":")[0].translate(_INVISIBLE).lower()
    if scheme in UNSAFE_LINK_SCHEMES:
        return f"reference {reference!r} is a {scheme}: URL, which would be a link in the product"
    return None


def escape_unescaped(regex: str, delimiter: str) -> str:
    """``regex`` with every ``delimiter`` not already escaped by a backslash escaped, so that a
    ``/regex/`` literal cannot end early; escape pairs (``\\/``, ``\\\\``) are kept as they are."""
    pattern = r"(\\.)|" + re.escape(delimiter)
    return re.sub(pattern, lambda m: m.group(1) or "\\" + delimiter, regex, flags=re.S)
