"""convert.py: pySigma's messages reach the user whole, located by our own file name."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path, PurePath
from typing import Any
from uuid import UUID

import pytest
from sigma.exceptions import SigmaRuleLocation, SigmaTransformationError

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.convert import LoadedRule, _sigma_message, load_rule, load_rules


def test_sigma_message_keeps_its_words_after_in_and_drops_pysigma_location() -> None:
    hint = "no column for this field in Defender XDR; use the ASIM target in Sentinel"
    exc = SigmaTransformationError(hint, source=SigmaRuleLocation(Path("sigma/X/rule.yml"), 3))
    assert " in /" in str(exc)  # pySigma's own text ends with the location
    assert _sigma_message(exc) == hint


def test_a_single_use_rule_is_handed_out_once_without_a_copy() -> None:
    """``rmm-sigma convert`` converts each rule once: no copy, and a second request is a bug."""
    loaded = load_rule(sorted((PROJECT_ROOT / "sigma" / "AnyDesk").glob("*.yml"))[0])
    assert loaded.fresh_rule() is not loaded.rule  # reusable: a fresh copy each time
    once = dataclasses.replace(loaded, single_use=True)
    assert once.fresh_rule() is loaded.rule
    with pytest.raises(RuntimeError, match="single-use"):
        once.fresh_rule()


def test_fresh_copies_are_independent_and_share_only_immutable_leaves() -> None:
    loaded = load_rule(sorted((PROJECT_ROOT / "sigma" / "AnyDesk").glob("*.yml"))[0])
    first, second = loaded.fresh_rule(), loaded.fresh_rule()
    assert first == loaded.rule and second == loaded.rule
    assert first.source.path is loaded.rule.source.path and first.id is loaded.rule.id  # shared
    item = next(iter(first.detection.detections.values())).detection_items[0]
    item.field = "Rewritten"  # what a pipeline does to its copy
    assert next(iter(second.detection.detections.values())).detection_items[0].field != "Rewritten"
    assert first != loaded.rule and second == loaded.rule


ADDRESSES = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network, ipaddress.IPv6Network)
#: What a copy may share with its rule: objects nothing can rewrite in place.
IMMUTABLE = (str, int, float, bool, bytes, type(None), type, PurePath, UUID, date, Enum, *ADDRESSES)
SIGMAHQ = PROJECT_ROOT.parent / "shared" / "reference" / "sigmahq" / "rules"


def _children(obj: Any) -> list[Any]:
    """What a pipeline could reach from ``obj``: container items and instance attributes (not a
    function's globals, nor an immutable leaf's private caches)."""
    if isinstance(obj, IMMUTABLE):
        return []
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return list(obj)
    return list(vars(obj).values()) if hasattr(obj, "__dict__") else []


def _reachable(root: Any) -> Iterator[Any]:
    seen: set[int] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) not in seen:
            seen.add(id(obj))
            yield obj
            todo.extend(_children(obj))


def test_copies_share_nothing_a_pipeline_could_rewrite(rules: list[LoadedRule]) -> None:
    """Every rule of ours and a sixth of SigmaHQ's: a copy equals its rule, and every object the
    two (or two copies) have in common is immutable, so rewriting one copy changes nothing else."""
    sigmahq = load_rules(sorted(SIGMAHQ.rglob("*.yml"))[::6])
    assert len(rules) > 150 and len(sigmahq) > 350
    for loaded in rules + sigmahq:
        first, second = loaded.fresh_rule(), loaded.fresh_rule()
        assert first == loaded.rule, loaded.path
        elsewhere = {id(o) for o in _reachable(loaded.rule)} | {id(o) for o in _reachable(second)}
        common = [o for o in _reachable(first) if id(o) in elsewhere]
        mutable = [o for o in common if not isinstance(o, IMMUTABLE) and not (type(o) is tuple and not o)]
        assert mutable == [], f"{loaded.path}: a copy shares {type(mutable[0]).__name__} {mutable[0]!r:.80}"


def test_a_rule_file_location_reads_as_pysigmas_and_resolves_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rmm_sigma.convert import RuleFileLocation

    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    path = tmp_path / "link" / "rule.yml"
    ours, stock = RuleFileLocation(path), SigmaRuleLocation(path)
    resolved: list[Path] = []
    real_resolve = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a: resolved.append(self) or real_resolve(self, *a))
    assert str(ours) == str(stock) == str(tmp_path / "real" / "rule.yml")
    assert str(ours) == str(ours) and len(resolved) == 2  # one for each location's first str
    ours.line = stock.line = 7
    assert str(ours) == str(stock) == str(tmp_path / "real" / "rule.yml") + ":7"
    loaded = load_rule(PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml")
    assert isinstance(loaded.rule.source, RuleFileLocation)
