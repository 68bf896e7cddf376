"""Elastic rule documents that Kibana's rule import and detection-rules' schema take as they are.

The guarded Lucene, ES|QL and EQL backends (guarded.py) write the queries; their ``siem_rule_ndjson``
documents are adjusted here, as documents (dicts), never as text:

* **Ids.** ``rule_id`` is this artefact's own id (rmm_sigma.artefact_ids): the Lucene, EQL and ES|QL
  rules of one Sigma rule are three rules, and one ``rule_id`` would make each import overwrite the
  other. The Kibana saved-object ``id`` is left out (Kibana assigns it; importing with a fixed one
  collides across spaces), and so is ``version`` (detection-rules rejects it in rule files; Kibana
  counts versions itself). The Sigma id is a ``Sigma ID: <id>`` tag, in Elastic's ``Key: Value``
  tag style.
* **ATT&CK.** ``threat`` comes from rmm_sigma.attack (ATT&CK's tactic names, URLs with the trailing
  slash, each technique under a tactic it belongs to) instead of the backends' own mapping.
* **No version information.** Sysmon writes ``-`` (and ``?``) for a version-information field it has
  no value for; Elastic's ingest pipelines drop null, ``""`` and ``-`` but keep ``?``, and data
  indexed without them keeps all three. A Sigma ``null`` therefore matches a missing field or one of
  ``-``, ``?``, ``""`` (its negation: present and none of them), the same events the Splunk target's
  test and KQL ``isempty`` on Defender's tables (which write ``""``) catch.
* **References.** Kibana shows a rule's ``references`` as links: one with a ``javascript:``,
  ``vbscript:``, ``data:`` or ``file:`` scheme is refused (``link_formats``, rmm_sigma.safety).
* **ES|QL ``keep``.** A non-aggregating ES|QL rule must read ``metadata _id, _version, _index`` and
  keep those fields (alert de-duplication; detection-rules rejects a rule without ``keep``). The
  query keeps them, ``@timestamp``, the host and user, and every field the rule tests or lists.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from sigma.conditions import ConditionFieldEqualsValueExpression, ConditionNOT
from sigma.conversion.state import ConversionState
from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule
from sigma.types import SigmaNull

from rmm_sigma.artefact_ids import TARGET_OPTION, artefact_id, sigma_id_line
from rmm_sigma.attack import elastic_threat
from rmm_sigma.backends.guarded import GuardedEqlBackend, GuardedEsqlBackend, GuardedLuceneBackend

#: Fields every ES|QL rule keeps besides the rule's own: alert de-duplication, time, host, user.
ESQL_KEEP_ALWAYS = ("_id", "_version", "_index", "@timestamp", "host.name", "host.id", "user.name")
#: Keys of the stock documents that are dropped (see the module docstring).
_DROPPED = ("id", "version")


class DeployableRuleDocument:
    """Mixin: fix up the stock ``siem_rule_ndjson`` document of a pySigma Elasticsearch backend,
    and write Sigma ``null`` (and its negation) as "no version information" (module docstring)."""

    #: this backend's rule format, as rmm-sigma names it (part of the artefact id)
    rule_format: ClassVar[str] = "siem_rule_ndjson"
    #: Kibana shows a rule's references as links (rmm_sigma.safety refuses dangerous ones)
    link_formats: ClassVar[tuple[str, ...]] = ("siem_rule_ndjson",)
    #: ``not <null>``: the field is present and holds none of the "no value" markers
    field_not_null_expression: ClassVar[str]
    backend_options: dict[str, Any]

    def convert_condition_not(self, cond: ConditionNOT, state: ConversionState) -> Any:
        arg = cond.args[0]
        if isinstance(arg, ConditionFieldEqualsValueExpression) and isinstance(arg.value, SigmaNull):
            field = self.escape_and_quote_field(arg.field)  # type: ignore[attr-defined]
            return self.field_not_null_expression.format(field=field)
        return super().convert_condition_not(cond, state)  # type: ignore[misc]

    def finalize_query_siem_rule_ndjson(
        self, rule: SigmaRule, query: Any, index: int, state: ConversionState
    ) -> dict[str, Any]:
        # The stock ES|QL and EQL code removes the ATT&CK tags it reads from the rule's tag list: it
        # gets a copy with a list of its own, so the rule stays as converted for the other formats
        # finalized from the same conversion (rmm_sigma.convert.Converter.try_convert_formats).
        stock_view = copy.copy(rule)
        stock_view.tags = list(rule.tags)
        document: dict[str, Any] = super().finalize_query_siem_rule_ndjson(  # type: ignore[misc]
            stock_view, query, index, state
        )
        target = str(self.backend_options.get(TARGET_OPTION, "elastic"))
        fixed = {key: value for key, value in document.items() if key not in _DROPPED}
        fixed["rule_id"] = artefact_id(rule.id, target, self.rule_format)
        fixed["threat"] = elastic_threat(rule)
        fixed["tags"] = [*document.get("tags", []), sigma_id_line(rule.id)]
        return self.finish_document(rule, fixed)

    def finish_document(self, rule: SigmaRule, document: dict[str, Any]) -> dict[str, Any]:
        return document


class DeployableLuceneBackend(DeployableRuleDocument, GuardedLuceneBackend):  # type: ignore[misc]
    rule_format = "siem_rule_ndjson"
    field_null_expression = '(NOT _exists_:{field} OR {field}:("-" OR "?" OR ""))'
    field_not_null_expression = '(_exists_:{field} AND NOT {field}:("-" OR "?" OR ""))'


class DeployableEqlBackend(DeployableRuleDocument, GuardedEqlBackend):
    rule_format = "eql_rule_ndjson"
    field_null_expression = '(?{field} == null or ?{field} in ("-", "?", ""))'
    field_not_null_expression = '(?{field} != null and ?{field} not in ("-", "?", ""))'


def _detection_fields(detection: SigmaDetection | SigmaDetectionItem) -> list[str]:
    if isinstance(detection, SigmaDetectionItem):
        return [detection.field] if detection.field else []
    return [f for item in detection.detection_items for f in _detection_fields(item)]


def rule_fields(rule: SigmaRule) -> list[str]:
    """The fields a converted rule tests and lists, in rule order (names as the mapping made them)."""
    tested = [f for d in rule.detection.detections.values() for f in _detection_fields(d)]
    return [*tested, *rule.fields]


def esql_keep(rule: SigmaRule) -> str:
    """The ``keep`` command: the fixed fields, then the rule's own (mapped) fields, each once."""
    fields = dict.fromkeys([*ESQL_KEEP_ALWAYS, *rule_fields(rule)])
    return "| keep " + ", ".join(fields)


class DeployableEsqlBackend(DeployableRuleDocument, GuardedEsqlBackend):
    rule_format = "esql_rule_ndjson"
    field_null_expression = '({field} is null or {field} in ("-", "?", ""))'
    field_not_null_expression = '({field} is not null and {field} not in ("-", "?", ""))'

    def finalize_query_default(self, rule: SigmaRule, query: Any, index: int, state: ConversionState) -> Any:
        return f"{super().finalize_query_default(rule, query, index, state)} {esql_keep(rule)}"

    def finish_document(self, rule: SigmaRule, document: dict[str, Any]) -> dict[str, Any]:
        return document | {"query": f"{document['query']} {esql_keep(rule)}"}
