"""Indicator quality: values that cannot tell one RMM tool from everything else.

A rule is only as good as its values. These checks look at the values as the rule author wrote them
(before modifiers add wildcards), per detection item:

* ``indicator.generic``: too generic to be an indicator: a bare top-level domain (``com``), a
  local-only suffix (``*.local``), a common word from :data:`GENERIC_WORDS`, or fewer than
  ``min_length`` characters. Such a value matches far more than the tool: an error, unless it is
  ANDed with a specific value (``Company: CloudBerry`` and ``Product: Remote``), where it only
  narrows a match and is a warning.
* ``indicator.wildcard``: ``*`` or ``?`` in a plain value. Sigma modifiers (``|contains``,
  ``|startswith``, ``|endswith``) say this explicitly and convert correctly for every target. Error.
* ``indicator.regex``: a value that looks like a regular expression but has no ``|re`` modifier, so
  it is matched literally and never matches. Error.
* ``indicator.shared``: the same domain or signer claimed by two tools (one matches the other as a
  whole term), so an alert cannot say which tool it saw. Error, unless rmm-sigma-check.yml
  ``indicators.shared`` records why the indicator may be shared (vendors do share infrastructure).
* ``indicator.platform`` / ``indicator.third_party``: a domain of a shared platform (cloud, CDN, code
  hosting: ``indicators.platform_domains``) or the signer of third-party files bundled with many
  programs (``indicators.third_party_signers``). Error: they match far more than the tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sigma.modifiers import (
    SigmaContainsModifier,
    SigmaEndswithModifier,
    SigmaRegularExpressionModifier,
    SigmaStartswithModifier,
)
from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule
from sigma.types import SigmaString

from rmm_sigma.check.config import CheckConfig
from rmm_sigma.check.report import ERROR, WARNING, Finding
from rmm_sigma.convert import LoadedRule
from rmm_sigma.safety import detection_items

#: Fields whose values claim a tool: the kind of claim, for the shared-indicator check.
CLAIM_FIELDS = {"DestinationHostname": "domain", "Signer": "signer"}

TLDS = frozenset(
    "com net org io app dev co info biz us uk de eu ru cn me tv cc xyz online cloud site tech pro"
    " ai gg sh to ly ws link live".split()
)
LOCAL_SUFFIXES = frozenset("local localhost lan internal intranet home corp localdomain arpa".split())
#: Words that name what every RMM tool (and much other software) is, not which tool it is.
GENERIC_WORDS = frozenset(
    """remote desktop support software service services update updater client agent server admin
    administrator access help helper connect connection microsoft windows system systems viewer
    control manager management cloud tool tools inc ltd llc gmbh corp corporation company limited
    technologies technology solutions app api web www cdn login download monitor monitoring screen
    share session setup install installer launcher host network secure security online portal relay
    gateway proxy device computer user team""".split()
)
#: Regex syntax that plain text rarely holds. Windows paths (\bin\) are not matched; ``.*`` before a dot
#: is a glob in a domain (``relay.*.example.com``), which the wildcard check reports instead.
_REGEX_HINT = re.compile(r"\.\*(?!\.)|\.\+|\\[dws][+*?]|\\\.|^\^|\[[^\]]*-[^\]]*\]|\(\?|\([^()|]*\|[^()]*\)")
#: In Windows paths ``\.`` is a folder separator before a dot-name (``\Classes\.anydesk``), not an
#: escaped dot, so path fields are checked without that hint.
_PATH_REGEX_HINT = re.compile(r"\.\*(?!\.)|\.\+|\\[dws][+*?]|^\^|\[[^\]]*-[^\]]*\]|\(\?|\([^()|]*\|[^()]*\)")
PATH_FIELDS = frozenset({"Image", "ParentImage", "TargetFilename", "TargetObject", "ImageLoaded"})


_STRING_MODIFIERS = {
    SigmaContainsModifier: "contains",
    SigmaStartswithModifier: "startswith",
    SigmaEndswithModifier: "endswith",
}


@dataclass(frozen=True)
class Value:
    """One value as written in a rule, with where it is."""

    loaded: LoadedRule
    field: str
    text: str  # plain text, wildcards shown as * and ?
    has_wildcard: bool
    is_regex: bool
    anchored: bool = False  # ANDed with an item whose values are all specific
    modifier: str = ""  # the value's string modifier (contains, startswith, endswith), if any


def _maps(detection: SigmaDetection) -> list[list[SigmaDetectionItem]]:
    """The AND-groups of one detection: a map is one group, a list of maps one group per map."""
    items = [i for i in detection.detection_items if isinstance(i, SigmaDetectionItem)]
    if len(items) == len(detection.detection_items):
        return [items]
    return [g for sub in detection.detection_items if isinstance(sub, SigmaDetection) for g in _maps(sub)]


def and_groups(rule: SigmaRule) -> list[list[SigmaDetectionItem]]:
    """Groups of detection items that must all match together.

    A condition that is a plain conjunction of selections (``selection and selection_x``) joins the
    selections that are single maps to every group; any other condition keeps each map on its own,
    which can only make fewer values anchored (so more findings are errors, never fewer).
    """
    per = {name: _maps(d) for name, d in rule.detection.detections.items()}
    names = [n.strip() for n in re.split(r"\band\b", rule.detection.condition[0])]
    if len(rule.detection.condition) != 1 or not all(n in per for n in names):
        return [g for groups in per.values() for g in groups]
    shared = [i for n in names if len(per[n]) == 1 for i in per[n][0]]
    groups = [g for n in names for g in per[n]]
    return [g + [i for i in shared if all(i is not x for x in g)] for g in groups]


def _strings(item: SigmaDetectionItem) -> list[SigmaString]:
    return [v for v in item.original_value or [] if isinstance(v, SigmaString)] if item.field else []


def _specific(item: SigmaDetectionItem, config: CheckConfig) -> bool:
    values = _strings(item)
    return bool(values) and not any(_generic_reason(v.to_plain(), config) for v in values)


def _anchored(rule: SigmaRule, config: CheckConfig) -> dict[int, bool]:
    """id(item) -> whether the item is ANDed with a specific item in every group it is in."""
    anchored: dict[int, bool] = {}
    for group in and_groups(rule):
        for item in group:
            ok = any(other is not item and _specific(other, config) for other in group)
            anchored[id(item)] = anchored.get(id(item), True) and ok
    return anchored


def rule_values(loaded: LoadedRule, config: CheckConfig) -> Iterator[Value]:
    """Every string value of every field in the rule's detections, before modifiers were applied."""
    anchored = _anchored(loaded.rule, config)
    seen: set[int] = set()
    for detection in loaded.rule.detection.detections.values():
        for item in detection_items(detection):
            if id(item) in seen:
                continue
            seen.add(id(item))
            is_regex = SigmaRegularExpressionModifier in item.modifiers
            modifier = next((_STRING_MODIFIERS[m] for m in item.modifiers if m in _STRING_MODIFIERS), "")
            for value in _strings(item):
                yield Value(
                    loaded,
                    item.field or "",
                    value.to_plain(),
                    value.contains_special(),
                    is_regex,
                    anchored.get(id(item), False),
                    modifier,
                )


def _generic_reason(text: str, config: CheckConfig) -> str | None:
    core = text.strip().strip("*.").lower()
    if core in TLDS:
        return "a bare top-level domain"
    if core.rsplit(".", 1)[-1] in LOCAL_SUFFIXES and core.count(".") <= 1:
        return "a local-network name suffix"
    if core in GENERIC_WORDS or core in config.generic_words:
        return "a common word"
    if len(core) < config.min_length:
        return f"shorter than {config.min_length} characters"
    return None


def _generic(value: Value, reason: str) -> Finding:
    shown = f"{value.field}: '{value.text}' is {reason}"
    if value.anchored:
        return Finding(
            str(value.loaded.path),
            WARNING,
            "indicator.generic",
            f"{shown}; it only narrows the specific values it is ANDed with",
        )
    return Finding(
        str(value.loaded.path),
        ERROR,
        "indicator.generic",
        f"{shown} and nothing specific is ANDed with it, so it matches far more than the tool "
        "(use a tool-specific domain, company or signer)",
    )


def value_findings(value: Value, config: CheckConfig) -> list[Finding]:
    """The generic/wildcard/regex findings for one value."""
    path, shown = str(value.loaded.path), f"{value.field}: '{value.text}'"
    reason = _generic_reason(value.text, config)
    found = [_generic(value, reason)] if reason else []
    if value.is_regex:
        return found
    if (_PATH_REGEX_HINT if value.field in PATH_FIELDS else _REGEX_HINT).search(value.text):
        found.append(
            Finding(
                path,
                ERROR,
                "indicator.regex",
                f"{shown} looks like a regular expression but "
                "is matched literally; add the |re modifier or write the plain text",
            )
        )
    elif value.has_wildcard:
        advice = (
            f"has a wildcard inside a |{value.modifier} value, where it matches any text;"
            " escape a literal * or ? as \\* or \\?"
            if value.modifier
            else "has a wildcard in a plain value;"
            " use |contains, |startswith or |endswith (escape a literal * or ? as \\*)"
        )
        found.append(Finding(path, ERROR, "indicator.wildcard", f"{shown} {advice}"))
    return found


def _normal(text: str) -> str:
    return text.strip().strip("*.").lower()


def term_substrings(text: str) -> set[str]:
    """Every substring of ``text`` that starts and ends on a term boundary (``a.b.com`` -> ``b.com``, ...).

    ``x`` matches ``y`` as a whole term (KQL ``has``, DNS labels) exactly when ``x`` is one of these of
    ``y``; a value has a handful of terms, so this replaces a comparison of every pair of values by a
    dictionary look-up per substring.
    """
    runs = [(m.start(), m.end()) for m in re.finditer(r"[a-z0-9]+", text)]
    return {text[start:end] for i, (start, _) in enumerate(runs) for _, end in runs[i:]}


def _term_in(needle: str, hay: str) -> bool:
    """True when ``needle`` occurs in ``hay`` on term boundaries (as KQL ``has`` and DNS labels match)."""
    if needle not in hay:
        return False
    return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", hay) is not None


@dataclass(frozen=True)
class Claim:
    """One tool's claim on an indicator: a domain or signer value in one of its rules."""

    kind: str
    text: str  # normalised: lower case, no wildcards or dots around it
    tool: str
    path: str


def collisions(claims: list[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Pairs (a, b) of claims of different tools where ``a`` matches ``b`` as a whole term.

    Linear in the number of claims: each claim looks up its term substrings in a dict of claims by
    text. Each unordered pair is yielded once (``a`` the shorter, or the first in order when equal).
    """
    by_text: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        by_text.setdefault((claim.kind, claim.text), []).append(claim)
    for b in claims:
        for sub in sorted(term_substrings(b.text)):
            for a in by_text.get((b.kind, sub), []):
                if a.tool.lower() == b.tool.lower():
                    continue
                if sub == b.text and (a.text, a.tool.lower(), a.path) >= (b.text, b.tool.lower(), b.path):
                    continue  # equal texts: report the pair once
                yield a, b


def shared_findings(values: list[Value], shared: dict[str, str] | None = None) -> list[Finding]:
    """One error per pair of tools whose domain or signer values match each other as terms.

    ``shared`` maps an indicator to the recorded reason it may be claimed by several tools
    (rmm-sigma-check.yml ``indicators.shared``); such pairs are not reported.
    """
    allowed = {_normal(k) for k in shared or {}}
    claims = sorted(
        {
            Claim(CLAIM_FIELDS[v.field], _normal(v.text), v.loaded.tool, str(v.loaded.path))
            for v in values
            if v.field in CLAIM_FIELDS and _normal(v.text)
        },
        key=lambda c: (c.kind, c.text, c.tool, c.path),
    )
    found = []
    for a, b in collisions(claims):
        if a.text in allowed or b.text in allowed:
            continue
        shown = f"'{a.text}'" if a.text == b.text else f"'{a.text}' / '{b.text}'"
        message = (
            f"{a.kind} {shown} is claimed by both {a.tool} ({a.path}) and {b.tool} ({b.path}); "
            "an alert could not say which tool it saw (remove it, or record why in "
            "rmm-sigma-check.yml indicators.shared)"
        )
        found.append(Finding(a.path, ERROR, "indicator.shared", message))
    return found


def _third_party(
    text: str, signers: dict[str, str], terms: dict[str, str], config: CheckConfig
) -> str | None:
    """The listed third-party signer ``text`` names (either matches the other as whole terms), or None."""
    listed = next((s for s in sorted(term_substrings(text)) if s in signers), None)
    if listed:
        return listed
    return terms[text] if text in terms and _generic_reason(text, config) is None else None


def platform_findings(values: list[Value], config: CheckConfig) -> list[Finding]:
    """Domains of shared platforms (cloud, CDN, code hosting) and signers of third-party files.

    ``amazonaws.com`` or ``zoho.com`` in a rule matches every customer of the platform, and a
    ``Microsoft Corporation`` signer matches half of Windows: neither identifies a tool.
    """
    platforms = {_normal(d): r for d, r in config.platform_domains.items()}
    signers = {_normal(s): r for s, r in config.third_party_signers.items()}
    signer_terms = {sub: name for name in signers for sub in term_substrings(name)}
    found = []
    for v in values:
        text = _normal(v.text)
        if v.field == "DestinationHostname" and text in platforms:
            message = f"{v.field}: '{v.text}' is a shared platform domain ({platforms[text]})"
            found.append(Finding(str(v.loaded.path), ERROR, "indicator.platform", message))
        elif v.field == "Signer" and (hit := _third_party(text, signers, signer_terms, config)):
            message = f"{v.field}: '{v.text}' is a third-party signer ({hit}: {signers[hit]})"
            found.append(Finding(str(v.loaded.path), ERROR, "indicator.third_party", message))
    return found


def indicator_findings(rules: list[LoadedRule], config: CheckConfig) -> list[Finding]:
    """Every indicator finding for the rule set."""
    values = [v for r in rules for v in rule_values(r, config)]
    found = [f for v in values for f in value_findings(v, config)]
    return found + shared_findings(values, config.shared) + platform_findings(values, config)
