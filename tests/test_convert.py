"""convert.py: pySigma's messages reach the user whole, located by our own file name."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sigma.exceptions import SigmaRuleLocation, SigmaTransformationError

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.convert import _sigma_message, load_rule


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
