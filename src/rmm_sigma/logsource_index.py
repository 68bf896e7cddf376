"""A processing pipeline that decides its log-source-only items once per log source, not per rule.

Applying a pipeline asks every processing item whether its rule conditions match the rule. Most
items of the mappings (Splunk's 100, Elastic's 73, Defender's) are conditioned on the log source
alone (``rule_conditions`` of ``type: logsource``), so for a given log source the answer is always
the same: a build asked that question 700,000 times for 1,660 rules, a fifth of its time.

``LogsourceIndexedPipeline.apply`` does what ``ProcessingPipeline.apply`` does, but answers those
items, and the items without rule conditions (which always match), from a table kept per log source
(its category, product, service and definition: all that ``SigmaLogSource.__contains__`` compares).
The table is filled by asking the items themselves the first time a log source is seen, so it holds
pySigma's own answers; an item that matches is not asked again (``ProcessingItem.apply`` would), its
transformation is applied. Items with any other kind of condition, or of another class, are asked
for every rule as before. A transformation that changes the rule's log source (``change_logsource``)
makes the rest of the items answer from the new log source's table.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sigma.processing.conditions.rule import LogsourceCondition
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.tracking import FieldMappingTracking
from sigma.rule import SigmaLogSource, SigmaRule

LogsourceKey = tuple[type, str | None, str | None, str | None, str | None]


class LogsourceIndexedPipeline(ProcessingPipeline):
    """A ``ProcessingPipeline`` whose log-source-only rule conditions are evaluated once per log source."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._decided = [_logsource_only(item) for item in self.items]
        self._matches: dict[LogsourceKey, list[bool | None]] = {}

    @classmethod
    def of(cls, pipeline: ProcessingPipeline) -> LogsourceIndexedPipeline:
        """The same items and variables as ``pipeline``, which gives them up (as pySigma's ``+`` does)."""
        pipeline._clear_pipeline()
        return cls(
            items=pipeline.items,
            postprocessing_items=pipeline.postprocessing_items,
            finalizers=pipeline.finalizers,
            vars=dict(pipeline.vars),
            priority=pipeline.priority,
            name=pipeline.name,
            allowed_backends=pipeline.allowed_backends,
        )

    def apply(self, rule: Any) -> Any:
        if not isinstance(rule, SigmaRule):  # correlation rules match through the rules they refer to
            return super().apply(rule)
        self.applied = []  # fresh objects, as pySigma's apply makes: a conversion may keep the old ones
        self.applied_ids = set()
        self.field_name_applied_ids = defaultdict(set)
        self.field_mappings = FieldMappingTracking()
        self.state = {}
        logsource = rule.logsource
        matches = self._table(logsource, rule)
        for index, item in enumerate(self.items):
            match = matches[index]
            if match is None:  # asked for every rule
                applied = item.apply(rule)
            elif match:  # what ProcessingItem.apply does once its conditions match
                item.transformation.apply(rule)
                applied = True
            else:
                applied = False
            self.applied.append(applied)
            if applied and (itid := item.identifier):
                self.applied_ids.add(itid)
            if applied and rule.logsource is not logsource:  # changed: the rest answer for the new one
                logsource = rule.logsource
                matches = self._table(logsource, rule)
        return rule

    def _table(self, logsource: SigmaLogSource, rule: SigmaRule) -> list[bool | None]:
        """Per item: whether its rule conditions match ``logsource`` (``rule``'s), asked once per log
        source; None for an item that must be asked for every rule."""
        key = (
            type(logsource),
            logsource.category,
            logsource.product,
            logsource.service,
            logsource.definition,
        )
        if key not in self._matches:
            self._matches[key] = [
                item.match_rule_conditions(rule) if decided else None
                for item, decided in zip(self.items, self._decided, strict=True)
            ]
        return self._matches[key]


def _logsource_only(item: ProcessingItem) -> bool:
    """Whether ``item``'s answer to ``match_rule_conditions`` depends on the rule's log source alone,
    or on nothing: pySigma's answer for an item without rule conditions is always yes."""
    conditions = item.rule_conditions
    values = conditions.values() if isinstance(conditions, dict) else conditions
    return type(item) is ProcessingItem and all(type(condition) is LogsourceCondition for condition in values)
