"""``-s/--skip-unsupported``: convert what a target can express and say what was skipped, and why.

Third-party rule sets (SigmaHQ, a vendor's pack) always hold rules that a target has no data for.
Without ``-s`` the first such rule stops the command (nothing written); with it, each rule that does
not load or convert is skipped, and a summary on stderr counts the skipped rules by reason (one line
per rule with ``-v``), as sigma-cli's ``-s`` does but with the reasons.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rmm_sigma.convert import Converter, LoadedRule, RuleError, load_rule, rule_files


def load_rules(
    paths: Iterable[Path], skip: bool, single_use: bool = False
) -> tuple[list[LoadedRule], list[RuleError]]:
    """Every rule under ``paths``; with ``skip`` a file that does not load is set aside, not fatal.

    ``single_use``: each rule is converted once, so it needs no copy (LoadedRule.fresh_rule)."""
    loaded, skipped = [], []
    for path in rule_files(paths):
        try:
            rule = load_rule(path)
            loaded.append(replace(rule, single_use=True) if single_use else rule)
        except RuleError as exc:
            if not skip:
                raise
            skipped.append(exc)
    return loaded, skipped


def convert_rules(
    converter: Converter, rules: Iterable[LoadedRule], output_format: str, skip: bool
) -> tuple[list[Any], list[RuleError]]:
    """The queries of the rules that convert; with ``skip`` the others are returned, not raised."""
    queries, skipped = [], []
    for loaded in rules:
        try:
            queries.append(converter.convert(loaded, output_format))
        except RuleError as exc:
            if not skip:
                raise
            skipped.append(exc)
    return queries, skipped


def reason(message: str) -> str:
    """The reason of a message, with rule-specific names and values folded so equal reasons group."""
    return re.sub(r"'[^']*'", "'…'", message)


def summary(skipped: Sequence[RuleError], total: int, verbose: bool = False) -> list[str]:
    """Lines for stderr: how many rules were skipped, by reason (most frequent first), and with
    ``verbose`` each skipped rule with its own message."""
    if not skipped:
        return []
    lines = [f"skipped {len(skipped)} of {total} rules (--skip-unsupported):"]
    lines += [
        f"  {count:5}  {text}" for text, count in Counter(reason(e.message) for e in skipped).most_common()
    ]
    if verbose:
        lines += [f"skipped: {e}" for e in skipped]
    return lines
