"""convert.py: pySigma's messages reach the user whole, located by our own file name."""

from __future__ import annotations

from pathlib import Path

from sigma.exceptions import SigmaRuleLocation, SigmaTransformationError

from rmm_sigma.convert import _sigma_message


def test_sigma_message_keeps_its_words_after_in_and_drops_pysigma_location() -> None:
    hint = "no column for this field in Defender XDR; use the ASIM target in Sentinel"
    exc = SigmaTransformationError(hint, source=SigmaRuleLocation(Path("sigma/X/rule.yml"), 3))
    assert " in /" in str(exc)  # pySigma's own text ends with the location
    assert _sigma_message(exc) == hint
