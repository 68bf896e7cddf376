"""Conditions copied from a pickled parse tree (rmm_sigma.condition_templates) parse exactly as
pySigma's own ``SigmaCondition`` does, into a fresh tree every time."""

from __future__ import annotations

from typing import Any

import pytest
from sigma.collection import SigmaCollection
from sigma.conditions import ConditionAND, ConditionItem, SigmaCondition
from sigma.exceptions import SigmaConditionError
from sigma.rule import SigmaRule

from rmm_sigma import condition_templates
from rmm_sigma.condition_templates import TemplateCondition, use_templates

CONDITIONS = [
    "selection",
    "selection and not filter",
    "not (selection or filter) and other",
    "1 of selection* and not 1 of filter*",
    "all of selection* or (other and not (filter_a or filter_b))",
    "all of them",
    "((selection))",
]


def _rule(condition: str | list[str]) -> SigmaRule:
    detections = {
        name: {"Image|endswith": f"\\{name}.exe"}
        for name in ("selection", "selection_b", "filter", "filter_a", "filter_b", "other")
    }
    document = {
        "title": "t",
        "logsource": {"category": "process_creation", "product": "windows"},
        "detection": {**detections, "condition": condition},
    }
    return SigmaCollection.from_dicts([document]).rules[0]


def _fields(tree: Any) -> Any:
    """The tree as nested plain values, each node with its class name (``==`` on pySigma's dataclasses
    ignores the parent links, which postprocessing sets)."""
    if isinstance(tree, ConditionItem):
        return (type(tree).__name__, [_fields(arg) for arg in tree.args])
    if hasattr(tree, "detection_items"):
        return (type(tree).__name__, [_fields(item) for item in tree.detection_items])
    return (type(tree).__name__, getattr(tree, "field", None), str(getattr(tree, "value", "")))


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("postprocess", [True, False])
def test_same_tree_as_pysigma(condition: str, postprocess: bool) -> None:
    stock = _rule(condition).detection.parsed_condition[0]
    templated = _rule(condition)
    use_templates(templated)
    (ours,) = templated.detection.parsed_condition
    assert type(ours) is TemplateCondition
    assert ours.parse(postprocess) == stock.parse(postprocess)
    assert _fields(ours.parse(postprocess)) == _fields(stock.parse(postprocess))


def test_every_parse_is_a_fresh_tree() -> None:
    """Postprocessing rewrites the tree it is given: two parses must never share one."""
    rule = _rule("selection and not filter")
    use_templates(rule)
    (condition,) = rule.detection.parsed_condition
    first, second = condition.parse(False), condition.parse(False)
    assert isinstance(first, ConditionAND) and first == second
    assert first is not second and first.args[0] is not second.args[0]
    first.args.clear()
    assert condition.parse(False) == second


def test_follows_a_condition_rewritten_in_place() -> None:
    """Processing may change the condition text after loading; the next parse must follow it."""
    rule = _rule("selection")
    use_templates(rule)
    (condition,) = rule.detection.parsed_condition
    condition.condition = "selection and not filter"
    assert condition.parse(False) == SigmaCondition("selection and not filter", rule.detection).parse(False)


@pytest.mark.parametrize(
    "condition", ["selection | count() > 5", "selection and", "selection or (filter", "x" * 5000]
)
def test_unusual_conditions_fail_as_pysigma_does(condition: str) -> None:
    stock = _rule(condition).detection.parsed_condition[0]
    templated = _rule(condition)
    use_templates(templated)
    (ours,) = templated.detection.parsed_condition
    with pytest.raises(SigmaConditionError) as expected:
        stock.parse()
    with pytest.raises(SigmaConditionError) as got:
        ours.parse()
    assert str(got.value) == str(expected.value)
    assert condition not in condition_templates._templates


def test_several_conditions_each_templated() -> None:
    rule = _rule(["selection", "filter and other"])
    use_templates(rule)
    assert [type(c) for c in rule.detection.parsed_condition] == [TemplateCondition, TemplateCondition]
    assert [c.condition for c in rule.detection.parsed_condition] == ["selection", "filter and other"]


def test_the_number_of_templates_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(condition_templates, "_templates", {})
    monkeypatch.setattr(condition_templates, "_MAX_TEMPLATES", 2)
    for condition in CONDITIONS[:4]:
        rule = _rule(condition)
        use_templates(rule)
        stock = _rule(condition).detection.parsed_condition[0].parse()
        assert rule.detection.parsed_condition[0].parse() == stock
    assert len(condition_templates._templates) == 2
