"""KQL backend for Microsoft Defender advanced hunting and Microsoft Sentinel.

It is pySigma's Kusto backend with four decisions of its own, each declared as a token or a small
override, never as string surgery on finished queries:

* **Term matching.** KQL ``has`` matches whole terms, Sigma ``contains`` matches substrings. A rule
  that asks for term matching (tag ``match.term``, which the mapping pipeline turns into the state
  ``match: term``) gets ``has`` / ``has_any``; every other rule keeps ``contains``. Nothing is
  narrowed silently.
* **Empty is null.** Kusto string columns are never null (a missing value is ``''``), so the stock
  ``isnull(field)`` for Sigma ``null`` would never match; ``isempty`` is what the rule means.
* **Single-quoted strings**, as in the reference queries, with backslash, quote and control
  characters escaped so that no value can change the query's structure.
* **Output formats**: ``default`` (table and where clause), ``hunting`` (the reference hunting-query
  form with a time window and a summarize), ``sentinel`` (a Sentinel hunting-query YAML document),
  ``sentinel_rule`` (a Sentinel scheduled analytic rule: the default query, schedule, trigger,
  ATT&CK mapping and a Host entity mapping), ``sentinel_arm`` (the same rule as an ARM template of a
  ``Microsoft.SecurityInsights/alertRules`` resource with a ``workspace`` parameter; the bundle
  ``all.json`` holds every rule). Ids are per artefact (rmm_sigma.artefact_ids); ATT&CK spellings
  come from rmm_sigma.attack. Each format is an output-format processing pipeline of the backend
  whose postprocessing runs after the mapping's (see "output formats" below), so pySigma's own
  ``convert`` and sigma-cli (``sigma convert -t kql -p rmm_defender -f hunting``) give them too.

Which columns name the host and which connector feeds the table are facts of the data source, so
``sentinel_rule`` takes them from pipeline state set in the mapping YAML (``host_column``,
``host_identifier``, ``data_connector``); the defaults are Defender's (``DeviceName`` as the Host
entity's FullName, connector ``MicrosoftThreatProtection``). The ``hunting`` and ``sentinel``
formats reproduce the Defender reference queries (``Timestamp``, ``DeviceId``, ``ReportId``) and are
only built for the Defender target; the ASIM target builds ``default`` and ``sentinel_rule``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson
import yaml
from sigma.backends.kusto import KustoBackend
from sigma.conditions import ConditionAND, ConditionFieldEqualsValueExpression, ConditionOR
from sigma.conversion.state import ConversionState
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaBackendError
from sigma.processing.pipeline import ProcessingPipeline, QueryPostprocessingItem
from sigma.processing.postprocessing import QueryPostprocessingTransformation
from sigma.rule import SigmaRule
from sigma.types import SigmaCIDRExpression, SigmaNumber, SigmaString, SpecialChars

from rmm_sigma.artefact_ids import TARGET_OPTION, artefact_id, sigma_id_line
from rmm_sigma.attack import sentinel_mapping
from rmm_sigma.backends.guarded import RefuseUnwritableValues
from rmm_sigma.backends.regex_when_written import RegexWhenWritten

#: Columns every hunting query groups by, before the rule's own ``fields``.
HOST_COLUMNS = ("DeviceId", "DeviceName")
DEFAULT_LOOKBACK = "5d"
_LOOKBACK = re.compile(r"^\d+(d|h|m|s)$")
#: Sentinel scheduled-rule defaults (backend options ``frequency`` and ``period`` override them).
DEFAULT_FREQUENCY = "1h"
DEFAULT_PERIOD = "1h"
_SCHEDULE = re.compile(r"^\d+(d|h|m)$")
#: Data-source facts for ``sentinel_rule`` when the pipeline sets none: Defender XDR's.
STATE_DEFAULTS = {
    "host_column": "DeviceName",
    "host_identifier": "FullName",
    "data_connector": "MicrosoftThreatProtection",
}
_MAX_CHAIN = 32  # terms of one and/or chain before it is split into parenthesized groups
#: Sentinel duration units (ISO 8601) of our ``1h``-style schedule options, for the ARM template.
_ISO_UNITS = {"d": ("P", "D"), "h": ("PT", "H"), "m": ("PT", "M")}
#: API version of Microsoft.SecurityInsights/alertRules in the ARM templates (GA).
ARM_API_VERSION = "2023-02-01"
KQL_IDENTIFIER = "kql"
ARM_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def _term(value: SigmaString) -> SigmaString | None:
    """The needle of a plain ``*needle*`` value, or None when the value is not a pure contains."""
    parts = value.s
    if len(parts) < 3 or parts[0] != SpecialChars.WILDCARD_MULTI or parts[-1] != SpecialChars.WILDCARD_MULTI:
        return None
    return None if _inner_special(value) else value[1:-1]


def _inner_special(value: SigmaString) -> bool:
    """``value[1:-1].contains_special()`` without building the slice (a SigmaString slice is slow):
    a special character is one part of its own, so it is inside unless it is the first or last part."""
    parts = [part for part in value.s if part != ""]
    return any(isinstance(part, SpecialChars) for part in parts[1:-1])


# --- output formats ------------------------------------------------------------------------------
#
# pySigma builds a backend's pipeline as backend + user (the mapping) + output format
# (``Backend.init_processing_pipeline``, pySigma 1.5.1 sigma/conversion/base.py:175) and runs every
# postprocessing item of it, in that order, on what ``finalize_query_<format>`` returns
# (``Backend.finalize_query``, base.py:995-998). A format's steps are
# therefore postprocessing items of its output-format pipeline: they see the default query after the
# mapping's ``prepend_table`` (``Table\n| where ...``), which a ``finalize_query_<format>`` method
# does not. Backend options reach them as pipeline vars (``backend_<option>``), the mapping's facts as
# pipeline state. sigma-cli gets the same formats: ``sigma convert -t kql -p rmm_defender -f hunting``.


def _option(
    pipeline_vars: dict[str, Any], name: str, default: str, pattern: re.Pattern[str], example: str
) -> str:
    """A backend option as pySigma hands it to the pipeline (var ``backend_<name>``), validated."""
    value = str(pipeline_vars.get(f"backend_{name}", default))
    if not pattern.match(value):
        raise SigmaBackendError(f"{name} must be a number and a unit {example}, not '{value}'")
    return value


@dataclass
class _FormatStep(QueryPostprocessingTransformation):
    """One step of a KQL output format, with the backend options and the mapping's state."""

    @property
    def vars(self) -> dict[str, Any]:
        return self._pipeline.vars if self._pipeline is not None else {}

    @property
    def state(self) -> dict[str, Any]:
        return self._pipeline.state if self._pipeline is not None else {}

    def rule_and_query(self, rule: SigmaRule | SigmaCorrelationRule, query: Any) -> SigmaRule:
        """The plain Sigma rule of a finished text query; anything else is refused in one line."""
        super().apply(rule, query)
        if not isinstance(rule, SigmaRule) or not isinstance(query, str):
            output_format = self.vars.get("output_format")
            raise SigmaBackendError(f"format '{output_format}' is for plain Sigma rules only")
        return rule

    def artefact_id(self, rule: SigmaRule, output_format: str) -> str:
        """This rule's id in ``output_format`` on the converting target (see rmm_sigma.artefact_ids)."""
        target = str(self.vars.get(f"backend_{TARGET_OPTION}", KQL_IDENTIFIER))
        return artefact_id(rule.id, target, output_format)


@dataclass
class HuntingQuery(_FormatStep):
    """``hunting``: the reference hunting form around the default query (``Table\\n| where ...``).

    The time window goes between the table and the where clause; the backend option ``lookback``
    (``-O lookback=7d``) sets it.
    """

    def apply(self, rule: SigmaRule | SigmaCorrelationRule, query: Any) -> str:
        rule = self.rule_and_query(rule, query)
        lookback = _option(self.vars, "lookback", DEFAULT_LOOKBACK, _LOOKBACK, "d/h/m/s, like 5d")
        table, where = query.split("\n", 1)  # the mapping's template: the table, then "| where"
        group_by = ", ".join(dict.fromkeys([*HOST_COLUMNS, *rule.fields]))
        return (
            f"let Time_start = now(-{lookback});\n"
            "let Time_end = now();\n"
            "//\n"
            f"{table}\n"
            "| where Timestamp between (Time_start..Time_end)\n"
            f"{where}\n"
            "| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),\n"
            f"    Report=make_set(ReportId), Count=count() by {group_by}\n"
        )


@dataclass
class SentinelHuntingDocument(_FormatStep):
    """``sentinel``: the hunting query as a Sentinel hunting-query document (the reference metadata)."""

    def apply(self, rule: SigmaRule | SigmaCorrelationRule, query: Any) -> dict[str, Any]:
        rule = self.rule_and_query(rule, query)
        return {
            "id": self.artefact_id(rule, "sentinel"),
            "name": rule.title,
            "description": rule.description or rule.title,
            "requiredDataConnectors": [
                {"connectorId": "MicrosoftThreatProtection", "dataTypes": [self.state["query_table"]]}
            ],
            **sentinel_mapping(rule),
            "query": query,
        }


@dataclass
class SentinelRule(_FormatStep):
    """``sentinel_rule``: a Sentinel scheduled analytic rule (the Azure-Sentinel detection YAML schema).

    The query is the default one: a scheduled rule's time window is its ``queryPeriod``. Every
    result row raises an alert (``gt 0``), mapped to the Host entity by the pipeline's host column.
    The backend options ``frequency`` and ``period`` set the schedule.
    """

    def apply(self, rule: SigmaRule | SigmaCorrelationRule, query: Any) -> dict[str, Any]:
        rule = self.rule_and_query(rule, query)
        facts = STATE_DEFAULTS | {k: v for k, v in self.state.items() if k in STATE_DEFAULTS}
        connector = facts["data_connector"]
        return {
            "id": self.artefact_id(rule, "sentinel_rule"),
            "name": rule.title,
            "description": rule.description or rule.title,
            "severity": rule.level.name.capitalize() if rule.level else "Medium",
            "requiredDataConnectors": (
                [{"connectorId": connector, "dataTypes": [self.state["query_table"]]}] if connector else []
            ),
            "queryFrequency": _option(self.vars, "frequency", DEFAULT_FREQUENCY, _SCHEDULE, "d/h/m, like 1h"),
            "queryPeriod": _option(self.vars, "period", DEFAULT_PERIOD, _SCHEDULE, "d/h/m, like 1h"),
            "triggerOperator": "gt",
            "triggerThreshold": 0,
            **sentinel_mapping(rule),
            "query": query + "\n",
            "entityMappings": [
                {
                    "entityType": "Host",
                    "fieldMappings": [
                        {"identifier": facts["host_identifier"], "columnName": facts["host_column"]}
                    ],
                }
            ],
            "version": "1.0.0",
            "kind": "Scheduled",
            # the Sigma rule it was made from; a tag, as descriptions are kept short (hunting: 255 chars)
            "tags": [sigma_id_line(rule.id)],
        }


@dataclass
class ArmResource(_FormatStep):
    """``sentinel_arm``: the scheduled rule as a ``Microsoft.SecurityInsights/alertRules`` resource.

    The resource name is the rule YAML's id: the ARM template and the YAML are two ways to deploy
    one analytic rule, and deploying both updates that rule instead of creating a second one. The
    ATT&CK mapping is the rule document's, not computed again.
    """

    def apply(self, rule: SigmaRule | SigmaCorrelationRule, query: Any) -> dict[str, Any]:
        super().apply(rule, query)
        document: dict[str, Any] = query
        properties = {
            "displayName": document["name"],
            # the API has no tags: the Sigma id is the description's last line
            "description": f"{document['description']}\n\n{document['tags'][0]}",
            "severity": document["severity"],
            "enabled": True,
            "query": document["query"],
            "queryFrequency": _iso_duration(document["queryFrequency"]),
            "queryPeriod": _iso_duration(document["queryPeriod"]),
            "triggerOperator": "GreaterThan",
            "triggerThreshold": document["triggerThreshold"],
            "suppressionDuration": "PT5H",
            "suppressionEnabled": False,
            "tactics": document["tactics"],
            # the API takes techniques (T####) only; relevantTechniques has no duplicates
            "techniques": [t for t in document["relevantTechniques"] if "." not in t],
            "entityMappings": document["entityMappings"],
        }
        return {
            "type": "Microsoft.SecurityInsights/alertRules",
            "apiVersion": ARM_API_VERSION,
            "name": document["id"],
            "scope": "[format('Microsoft.OperationalInsights/workspaces/{0}', parameters('workspace'))]",
            "kind": "Scheduled",
            "properties": properties,
        }


#: Each non-default format's steps, in order (the first receives the default query).
_FORMAT_STEPS: dict[str, tuple[type[_FormatStep], ...]] = {
    "hunting": (HuntingQuery,),
    "sentinel": (HuntingQuery, SentinelHuntingDocument),
    "sentinel_rule": (SentinelRule,),
    "sentinel_arm": (SentinelRule, ArmResource),
}


def _format_pipeline(name: str, *steps: type[_FormatStep]) -> ProcessingPipeline:
    """The output-format pipeline of ``name``: its steps as postprocessing items (own instances)."""
    return ProcessingPipeline(
        name=f"rmm-sigma KQL {name} output format",
        postprocessing_items=[
            QueryPostprocessingItem(identifier=f"kql_{name}_{step.__name__}", transformation=step())
            for step in steps
        ],
    )


class KqlBackend(RefuseUnwritableValues, KustoBackend, RegexWhenWritten):
    """Defender/Sentinel KQL with term matching, isempty and hunting/Sentinel output formats."""

    name: ClassVar[str] = "rmm-sigma KQL backend"
    identifier: ClassVar[str] = KQL_IDENTIFIER
    formats: dict[str, str] = {  # type: ignore[misc]  # pySigma declares it ClassVar, the Kusto backend not
        "default": "KQL query: the table and its where clause",
        "hunting": "Defender hunting query: time window, detection and summarize by host and rule fields",
        "sentinel": "Microsoft Sentinel hunting-query YAML",
        "sentinel_rule": "Microsoft Sentinel scheduled analytic rule YAML (schedule, trigger, Host entity)",
        "sentinel_arm": "Microsoft Sentinel scheduled analytic rule as an ARM template (portal import)",
    }

    # KQL precedence is strict (not is a function, and binds tighter than or): parenthesize only where
    # precedence needs it, as a person writes KQL.
    parenthesize = False
    str_quote: ClassVar[str] = "'"
    field_null_expression: ClassVar[str] = "isempty({field})"
    term_expression: ClassVar[str] = "{field} has {value}"
    term_any_expression: ClassVar[str] = "{field} has_any ({list})"
    _control_escapes: ClassVar[dict[str, str]] = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
    # a value with a wildcard inside: an anchored, case-insensitive regex is exactly Sigma's match
    wildcard_match_expression: ClassVar[str] = '{field} matches regex "(?i)^{regex}$"'
    # Sigma's fieldref modifier (one field compared with another), case-insensitive like Sigma's `=`
    field_equals_field_expression: ClassVar[str] = "{field1} =~ {field2}"
    field_equals_field_startswith_expression: ClassVar[str] = "{field1} startswith {field2}"
    field_equals_field_endswith_expression: ClassVar[str] = "{field1} endswith {field2}"
    field_equals_field_contains_expression: ClassVar[str] = "{field1} contains {field2}"

    # --- term matching -------------------------------------------------------------------------

    @staticmethod
    def _term_mode(state: ConversionState) -> bool:
        return state.processing_state.get("match") == "term"

    def convert_value_str(self, s: SigmaString | SigmaNumber, state: ConversionState) -> str:
        """Quote and escape a value; control characters become escapes, never raw line breaks.

        Written from the value's parts, not by the Kusto backend's text substitution: that one
        removes the backslash before every ``*``, so a literal backslash followed by a literal
        ``*`` (Sigma ``\\\\*``) lost one and made an invalid KQL string (analyzer KS002).
        KQL strings have no wildcards: a literal ``*`` stays as it is.
        """
        if not isinstance(s, SigmaString):
            s = SigmaString(str(s))
        quote = self.str_quote
        text = "".join(
            part.replace("\\", "\\\\").replace(quote, "\\" + quote)
            if isinstance(part, str)
            else ("*" if isinstance(part, SpecialChars) else str(part))
            for part in s.s
        )
        text = "".join(self._control_escapes.get(ch, ch) for ch in text)
        return self.quote_string(text) if self.decide_string_quoting(s) else text

    def decide_convert_condition_as_in_expression(
        self, cond: ConditionOR | ConditionAND, state: ConversionState
    ) -> bool:
        """No list for values with a wildcard inside: the Kusto backend's list form splits such a
        value at its wildcards into ``contains`` terms (broader, and it re-reads the parts as Sigma
        text, losing escapes); one by one each becomes an exact ``matches regex``."""
        inner = any(
            isinstance(arg, ConditionFieldEqualsValueExpression)
            and isinstance(arg.value, SigmaString)
            and _inner_special(arg.value)
            for arg in cond.args
        )
        values = [getattr(arg, "value", None) for arg in cond.args]
        wildcards = any(isinstance(v, SigmaString) and v.contains_special() for v in values)
        if inner or (wildcards and len(cond.args) > _MAX_CHAIN):  # long contains-lists: balanced or-trees
            return False
        return super().decide_convert_condition_as_in_expression(cond, state)

    def convert_condition_or(self, cond: ConditionOR, state: ConversionState) -> Any:
        """A long or-chain as a balanced tree of parenthesized groups (the analyzer's depth limit)."""
        return self._balanced(ConditionOR, list(cond.args), state, super().convert_condition_or)

    def convert_condition_and(self, cond: ConditionAND, state: ConversionState) -> Any:
        """A long and-chain as a balanced tree of parenthesized groups (the analyzer's depth limit)."""
        return self._balanced(ConditionAND, list(cond.args), state, super().convert_condition_and)

    def _balanced(self, cls: type, args: list[Any], state: ConversionState, convert: Any) -> Any:
        """Microsoft's analyzer refuses deeply nested syntax (KS245), and every ``or`` of a chain
        nests one level deeper; chunks of at most ``_MAX_CHAIN`` terms, each in parentheses,
        keep the depth logarithmic without changing the logic."""
        if len(args) <= _MAX_CHAIN:
            return convert(cls(args), state)
        step = -(-len(args) // _MAX_CHAIN)  # ceil: at most _MAX_CHAIN chunks
        token = self.or_token if cls is ConditionOR else self.and_token
        chunks = (self._balanced(cls, args[i : i + step], state, convert) for i in range(0, len(args), step))
        return f" {token} ".join(self.group_expression.format(expr=chunk) for chunk in chunks)

    def convert_condition_field_eq_val_cidr(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Any:
        """IPv6 networks need ``ipv6_is_in_range`` (``ipv4_is_in_range`` is false for every IPv6 address)."""
        if isinstance(cond.value, SigmaCIDRExpression) and cond.value.network.version == 6:
            field = self.escape_and_quote_field(cond.field)
            # quoted as the stock IPv4 form: a parsed network holds only hex digits, ':' and '/'
            return f'ipv6_is_in_range({field}, "{cond.value.network}")'
        return super().convert_condition_field_eq_val_cidr(cond, state)

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Any:
        needle = _term(cond.value) if self._term_mode(state) and isinstance(cond.value, SigmaString) else None
        if needle is None:
            return super().convert_condition_field_eq_val_str(cond, state)
        return self.term_expression.format(
            field=self.escape_and_quote_field(cond.field), value=self.convert_value_str(needle, state)
        )

    def _term_needles(self, cond: Any, state: ConversionState) -> tuple[str, list[SigmaString]] | None:
        """The field and needles of an or-list of term values on one field, or None for anything else."""
        if not (self._term_mode(state) and isinstance(cond, ConditionOR)):
            return None
        if not self.decide_convert_condition_as_in_expression(cond, state):
            return None
        needles = [
            _term(arg.value)
            if isinstance(arg, ConditionFieldEqualsValueExpression) and isinstance(arg.value, SigmaString)
            else None
            for arg in cond.args
        ]
        found = [n for n in needles if n is not None]
        first = cond.args[0]
        if len(found) < len(needles) or not isinstance(first, ConditionFieldEqualsValueExpression):
            return None
        return first.field, found

    def convert_condition_as_in_expression(
        self, cond: ConditionOR | ConditionAND, state: ConversionState
    ) -> Any:
        """An or-list of term needles on one field collapses into one ``has_any``."""
        terms = self._term_needles(cond, state)
        items = [arg for arg in cond.args if isinstance(arg, ConditionFieldEqualsValueExpression)]
        if (
            terms is None
            and len(items) == len(cond.args)
            and all(isinstance(a.value, SigmaNumber) for a in items)
        ):
            # numbers compare with `in`: `in~` is for strings (analyzer KS107 on a numeric column)
            numbers = self.list_separator.join(str(arg.value) for arg in items)
            op = "in" if isinstance(cond, ConditionOR) else self.and_in_operator
            return f"{self.escape_and_quote_field(items[0].field)} {op} ({numbers})"
        if terms is None:
            return super().convert_condition_as_in_expression(cond, state)
        field, needles = terms
        return self.term_any_expression.format(
            field=self.escape_and_quote_field(field),
            list=self.list_separator.join(self.convert_value_str(n, state) for n in needles),
        )

    def convert_condition_group(self, cond: Any, state: ConversionState) -> Any:
        """A ``has_any`` list is one atom: it needs no parentheses of its own."""
        if self._term_needles(cond, state) is not None:
            return self.convert_condition(cond, state)
        return super().convert_condition_group(cond, state)

    # --- output formats: pySigma's output-format pipelines (see _FormatStep) ---------------------

    output_format_processing_pipeline: ClassVar[dict[str, ProcessingPipeline]] = defaultdict(
        ProcessingPipeline, {name: _format_pipeline(name, *steps) for name, steps in _FORMAT_STEPS.items()}
    )

    # Each format's work is its pipeline's: the query leaves finalize_query_<format> as it is and is
    # dressed by the pipeline's postprocessing, after the mapping's (which puts the table in front).
    finalize_query_hunting = KustoBackend.finalize_query_default
    finalize_query_sentinel = KustoBackend.finalize_query_default
    finalize_query_sentinel_rule = KustoBackend.finalize_query_default
    finalize_query_sentinel_arm = KustoBackend.finalize_query_default

    def finalize_output_sentinel_arm(self, resources: list[dict[str, Any]]) -> str:
        """One ARM deployment template holding every given alert rule, for one Sentinel workspace."""
        template = {
            "$schema": ARM_SCHEMA,
            "contentVersion": "1.0.0.0",
            "parameters": {
                "workspace": {
                    "type": "string",
                    "metadata": {"description": "The Log Analytics workspace that Microsoft Sentinel uses"},
                }
            },
            "resources": resources,
        }
        # orjson writes what json.dumps(indent=2, ensure_ascii=False) writes (tests/test_arm_json.py),
        # ten times faster: a build writes an ARM template per rule and two bundles of all of them
        return orjson.dumps(template, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"

    def finalize_output_sentinel_rule(self, queries: list[dict[str, Any]]) -> str:
        return self.finalize_output_sentinel(queries)

    def finalize_output_hunting(self, queries: list[str]) -> str:
        return "\n".join(queries)

    def finalize_output_sentinel(self, queries: list[dict[str, Any]]) -> str:
        return yaml.dump_all(queries, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=1000)


def _iso_duration(value: str) -> str:
    """``1h`` -> ``PT1H``, ``1d`` -> ``P1D``: our schedule options as ARM's ISO 8601 durations."""
    prefix, unit = _ISO_UNITS[value[-1]]
    return f"{prefix}{value[:-1]}{unit}"


class _BlockDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes multi-line strings as ``|`` blocks, so the query stays readable in the YAML.

    libyaml's emitter when installed: the same bytes, ten times faster (a build writes thousands).
    """

    def represent_data(self, data: Any) -> yaml.Node:
        """A string, three nodes in four of a Sentinel document, goes straight to the node that
        ``_str_representer`` makes, without the alias, type and style lookups on the way there
        (a string is never aliased): a fifth of a KQL build's YAML time."""
        if type(data) is str:
            self.alias_key = None
            style = _str_style(data)
            return yaml.ScalarNode(_STR_TAG, data, style=self.default_style if style is None else style)
        return super().represent_data(data)


#: Line breaks that PyYAML writes raw inside a plain or block scalar but folds on reading (NEL): a
#: string holding one is written double-quoted, where YAML escapes it (``\\N``), so it round-trips.
_YAML_UNSAFE_BREAKS = "\x85\u2028\u2029"
_YAML_UNSAFE = re.compile(f"[{_YAML_UNSAFE_BREAKS}]")


_STR_TAG = "tag:yaml.org,2002:str"


def _str_style(data: str) -> str | None:
    """``|`` block for a multi-line string, double quotes where a block would not reload the same."""
    if _YAML_UNSAFE.search(data):
        return '"'
    return "|" if "\n" in data else None


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR_TAG, data, style=_str_style(data))


_BlockDumper.add_representer(str, _str_representer)
