"""RegexWhenWritten: a value converted without its regular expression gives the stock query.

Every backend that has the mixin converts values with Sigma wildcards (leading, trailing, inside,
escaped), quotes, backslashes and pipes, under each string modifier, once as shipped and once
without the mixin's method (pySigma's own, ``to_regex`` and all); the queries must be the same, and
so must a refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sigma.conversion.base import Backend, TextQueryBackend
from sigma.rule import SigmaRule
from sigma.types import SigmaString

from rmm_sigma.backends.regex_when_written import RegexWhenWritten
from rmm_sigma.convert import Attempt, Converter, LoadedRule
from rmm_sigma.targets import TARGETS

#: Sigma spellings: ``*``/``?`` are wildcards, ``\\*`` a literal star.
VALUES = st.lists(
    st.sampled_from(["*", "?", "\\*", "\\\\", '"', "'", "|", " ", "a", "Z", ".", "\\"]),
    min_size=1,
    max_size=8,
).map("".join)
MODIFIERS = ["", "|contains", "|startswith", "|endswith"]
FORMATS = sorted(
    {
        (name, fmt)
        for name, target in TARGETS.items()
        for fmt in target.formats
        if issubclass(target.backend_for(fmt)[0], RegexWhenWritten)
    }
)
CONVERTERS = {name: Converter(TARGETS[name]) for name, _ in FORMATS}


def _rule(value: str, modifier: str) -> LoadedRule:
    rule = SigmaRule.from_dict(
        {
            "title": "regex when written",
            "status": "test",
            "level": "medium",
            "tags": ["attack.command-and-control", "attack.t1219"],
            "logsource": {"category": "process_creation", "product": "windows"},
            "detection": {"sel": {f"Company{modifier}": value}, "condition": "sel"},
        }
    )
    return LoadedRule(Path("sigma/Regex/regex.yml"), rule)


def _outcome(attempt: Attempt) -> object:
    return attempt.query if attempt.ok else (attempt.unsupported or attempt.error and attempt.error.message)


def test_the_mixin_sits_below_each_backends_own_string_conversion() -> None:
    assert {name for name, _ in FORMATS} == {"kql", "asim", "splunk", "elastic", "sentinelone"}
    for name, fmt in FORMATS:
        mro = TARGETS[name].backend_for(fmt)[0].__mro__
        owners = [c for c in mro if "convert_condition_field_eq_val_str" in c.__dict__]
        assert owners[-3:] == [RegexWhenWritten, TextQueryBackend, Backend], (name, fmt)


@pytest.mark.parametrize("modifier", MODIFIERS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_every_value_converts_as_the_stock_path_converts_it(modifier: str, value: str) -> None:
    loaded = _rule(value, modifier)
    shipped = {(n, f): _outcome(CONVERTERS[n].try_convert(loaded, f)) for n, f in FORMATS}
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(RegexWhenWritten, "convert_condition_field_eq_val_str")  # pySigma's own, as it is
        stock = {(n, f): _outcome(CONVERTERS[n].try_convert(loaded, f)) for n, f in FORMATS}
    assert shipped == stock


def test_no_regex_is_built_where_no_template_writes_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Splunk has no ``{regex}`` template: its ``*a*`` needs none. KQL's wildcard match writes one."""
    built: list[str] = []
    stock = SigmaString.to_regex
    monkeypatch.setattr(SigmaString, "to_regex", lambda self, *a: built.append(str(self)) or stock(self, *a))
    assert "*a*" in str(CONVERTERS["splunk"].convert(_rule("*a*", ""), "default"))
    assert built == []
    assert "matches regex" in str(CONVERTERS["kql"].convert(_rule("a*b", ""), "default"))
    assert built == ["a*b"]
