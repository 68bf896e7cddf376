"""LogsourceIndexedPipeline answers log-source-only rule conditions from a table: applying it must do
exactly what pySigma's own ``ProcessingPipeline.apply`` does with the same items."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from sigma.exceptions import SigmaError
from sigma.processing.pipeline import ProcessingPipeline
from sigma.rule import SigmaDetection, SigmaRule
from sigma.types import SigmaString

from rmm_sigma.convert import Converter, LoadedRule, load_rules
from rmm_sigma.logsource_index import LogsourceIndexedPipeline
from rmm_sigma.targets import TARGETS

SIGMAHQ = Path(__file__).resolve().parents[2] / "shared" / "reference" / "sigmahq" / "rules"


def _state(pipeline: ProcessingPipeline, rule: SigmaRule) -> tuple[Any, ...]:
    """Everything applying a pipeline leaves behind, in the pipeline and in the rule."""
    return (
        list(pipeline.applied),
        sorted(pipeline.applied_ids),
        repr(pipeline.state),
        repr(pipeline.field_mappings),
        sorted((k, sorted(v)) for k, v in pipeline.field_name_applied_ids.items()),
        {name: _shape(detection) for name, detection in rule.detection.detections.items()},
        repr(rule.logsource),
        list(rule.fields),
        repr(rule.custom_attributes),
        sorted(rule.applied_processing_items),
    )


def _shape(item: Any) -> Any:
    """A detection tree as plain data: fields, modifiers, values and which items processed it."""
    if isinstance(item, SigmaDetection):
        return (item.item_linking.__name__, [_shape(child) for child in item.detection_items])
    values = [
        (type(v).__name__, str(v) if isinstance(v, SigmaString) else repr(getattr(v, "__dict__", v)))
        for v in item.value
    ]
    return (
        item.field,
        [m.__name__ for m in item.modifiers],
        values,
        item.value_linking.__name__,
        item.negated,
        sorted(item.applied_processing_items),
    )


def _applied(apply: Any, pipeline: ProcessingPipeline, loaded: LoadedRule) -> tuple[Any, ...]:
    rule = loaded.fresh_rule()
    try:
        apply(pipeline, rule)
    except SigmaError as exc:  # a mapping's rule_failure: the same refusal, at the same item
        return ("refused", str(exc), list(pipeline.applied))
    return _state(pipeline, rule)


@pytest.fixture(scope="module")
def varied_rules(rules: list[LoadedRule]) -> list[LoadedRule]:
    """Our rules and SigmaHQ's, which bring log sources our mappings refuse or map differently."""
    sigmahq = load_rules(sorted(SIGMAHQ.rglob("*.yml"))[::12])
    return rules[::4] + sigmahq


def test_every_target_pipeline_applies_as_pysigma_does(varied_rules: list[LoadedRule]) -> None:
    compared = refused = 0
    for target in TARGETS.values():
        converter = Converter(target)
        for group in (group for family in converter._families(target.formats) for group in family):
            backend, backend_format = converter.backend(group[0])
            pipeline = converter._use_pipeline(backend, backend_format)
            assert isinstance(pipeline, LogsourceIndexedPipeline)
            for loaded in varied_rules:
                expected = _applied(ProcessingPipeline.apply, pipeline, loaded)
                assert _applied(LogsourceIndexedPipeline.apply, pipeline, loaded) == expected, (
                    target.name,
                    group[0],
                    loaded.path,
                )
                compared += 1
                refused += expected[0] == "refused"
    assert compared > 2500 and refused > 100  # both outcomes are compared, on every target


def _pipeline(text: str) -> LogsourceIndexedPipeline:
    return LogsourceIndexedPipeline.of(ProcessingPipeline.from_yaml(textwrap.dedent(text)))


def _rule(category: str) -> SigmaRule:
    return SigmaRule.from_dict(
        {
            "title": "t",
            "logsource": {"category": category, "product": "windows"},
            "detection": {"sel": {"Image": "x"}, "condition": "sel"},
        }
    )


CHANGED = """
transformations:
  - id: moved
    type: change_logsource
    category: network_connection
    rule_conditions: [{type: logsource, category: process_creation}]
  - id: old_source
    type: field_name_mapping
    mapping: {Image: OldSource}
    rule_conditions: [{type: logsource, category: process_creation}]
  - id: new_source
    type: field_name_mapping
    mapping: {Image: NewSource}
    rule_conditions: [{type: logsource, category: network_connection}]
"""


def test_items_after_a_log_source_change_answer_for_the_new_log_source() -> None:
    pipeline = _pipeline(CHANGED)
    pipeline.apply(_rule("network_connection"))  # fills the table for the new log source first
    rule = _rule("process_creation")
    pipeline.apply(rule)
    assert pipeline.applied == [True, False, True]
    assert rule.logsource.category == "network_connection"
    assert rule.detection.detections["sel"].detection_items[0].field == "NewSource"


def test_only_log_source_conditions_are_tabled() -> None:
    pipeline = _pipeline(
        """
        transformations:
          - id: marker
            type: add_condition
            conditions: {Marker: x}
            rule_conditions: [{type: logsource, category: process_creation}]
          - id: by_tag
            type: field_name_mapping
            mapping: {Image: Tagged}
            rule_conditions: [{type: tag, tag: attack.t1219}]
          - id: after_marker
            type: field_name_mapping
            mapping: {Image: AfterMarker}
            rule_conditions: [{type: processing_item_applied, processing_item_id: marker}]
          - id: always
            type: field_name_prefix
            prefix: "x."
        """
    )
    assert pipeline._decided == [True, False, False, True]
    tagged = _rule("process_creation")
    tagged.tags = []
    pipeline.apply(tagged)
    assert pipeline.applied == [True, False, True, True]
    assert tagged.detection.detections["sel"].detection_items[0].field == "x.AfterMarker"
