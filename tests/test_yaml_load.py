"""The strict rule loader: aliases and duplicate keys are refused, nesting is bounded."""

from __future__ import annotations

import pytest
import yaml

from rmm_sigma import yaml_load


def test_plain_rule_yaml_loads_like_safe_load() -> None:
    text = "title: x\ndetection:\n  sel: {a|contains: [b, c]}\n  condition: sel\n---\nb: 1\n"
    assert yaml_load.load_all(text) == list(yaml.safe_load_all(text))


@pytest.mark.parametrize("text", ["a: &x [1]\nb: *x\n", "a: &x {k: v}\nb:\n  <<: *x\n"])
def test_aliases_are_refused(text: str) -> None:
    with pytest.raises(yaml.YAMLError, match="aliases"):
        yaml_load.load_all(text)


@pytest.mark.parametrize("text", ["a: 1\nb: 2\na: 3\n", "x: {k: 1, k: 2}\n", "d:\n  s: 1\n  s: 2\n"])
def test_duplicate_keys_are_refused_with_both_lines(text: str) -> None:
    with pytest.raises(yaml.YAMLError, match="duplicate key") as info:
        yaml_load.load_all(text)
    assert info.value.problem_mark is not None


def test_anchor_without_alias_is_harmless() -> None:
    assert yaml_load.load_all("a: &x 1\n") == [{"a": 1}]


def test_nesting_limits() -> None:
    deep: object = "leaf"
    for _ in range(yaml_load.MAX_DEPTH + 5):
        deep = [deep]
    assert "levels deep" in (yaml_load.nesting_problem({"a": deep}) or "")
    condition = "(" * 40 + "sel" + ")" * 40
    assert "nests 40 deep" in (yaml_load.nesting_problem({"detection": {"condition": condition}}) or "")
    assert yaml_load.nesting_problem({"detection": {"condition": "(a and b) or (c and not d)"}}) is None


@pytest.mark.parametrize(
    ("condition", "depth"),
    [
        ("not " * 33 + "sel", 33),  # no parenthesis at all: pySigma's grammar recursed past Python's limit
        ("not (" * 17 + "sel" + ")" * 17, 34),
        ("NOT " * 40 + "sel", 40),
    ],
)
def test_a_condition_nesting_nots_is_refused(condition: str, depth: int) -> None:
    problem = yaml_load.nesting_problem({"detection": {"condition": [condition]}})
    assert problem == f"the condition nests {depth} deep in parentheses and 'not's (at most 32)"


@pytest.mark.parametrize(
    "condition",
    [
        " and ".join(["not sel"] * 100),  # many nots, each one deep
        "not " * 32 + "sel",
        "selection_not and not_filter or nothing",  # names are not operators
        "1 of sel* and not 1 of filter*",
    ],
)
def test_a_condition_within_the_limit_is_accepted(condition: str) -> None:
    assert yaml_load.nesting_problem({"detection": {"condition": condition}}) is None


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 100_000 + "]" * 100_000, "a: " + "{a: " * 5000 + "1" + "}" * 5000]
)
def test_deep_yaml_is_refused_before_composing(text: str) -> None:
    with pytest.raises(yaml.YAMLError, match="nests more than 64 levels"):
        yaml_load.load_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1:30\nb: 0x1F\nc: 017\nd: .inf\ne: ~\nf: yes\ng: 1_000\nh: -.5e+3\ni: 2020-01-01\n",
        "j: 2020-01-01 10:00:00Z\nk: 'quoted 1'\nl: |\n  block\nm: [1, {n: null}]\n1: int key\n",
        "a: !!str 1\nb: !!binary aGVsbG8=\n",  # tagged: the strict path
        "a: &x 1\nb: [2]\n",  # an anchor: the strict path
        "",
        "---\n...\n---\na: 1\n",
    ],
)
def test_every_scalar_kind_loads_like_safe_load(text: str) -> None:
    """The one-pass builder and the strict loader both give exactly yaml.safe_load's values."""
    assert yaml_load.load_all(text) == list(yaml.safe_load_all(text))


def test_one_and_true_are_the_same_key() -> None:
    with pytest.raises(yaml.YAMLError, match="duplicate key"):
        yaml_load.load_all("1: a\ntrue: b\n")
