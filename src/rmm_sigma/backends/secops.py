"""Google SecOps (UDM search, YARA-L 2.0): pysigma-backend-secops, with its string handling made exact.

The stock backend writes most string tests as UDM regular expressions (``field = /re/ nocase``), but
three of its shortcuts change what a rule means or break the query:

* An or-list of values on one field becomes one regex ``/a|b/``. For ``contains`` values that is
  right; for exact or ``startswith`` values it is not (the regex is unanchored, and plain values are
  not regex-escaped, so ``a.b`` also matches ``aXb``). Here only pure ``contains`` lists are joined.
* An exact value is a quoted string, but one holding a literal ``*`` or ``?`` is written unquoted,
  and a value with an inner wildcard (``a*b``) becomes an unquoted, unanchored regex body. Here every
  string test on a non-enum field is a regex anchored as the Sigma modifier says, built by pySigma's
  ``SigmaString.to_regex``'s text (all regex metacharacters and ``/`` escaped). Enum fields such as
  ``metadata.event_type`` keep the backend's exact ``field = "VALUE"``.
* The ``yara_l`` format (SecOpsYaraLBackend: keywords in lower case, as YARA-L documents them)
  names the rule after its title (spaces become ``_`` but ``-`` stays, which a
  YARA-L rule name cannot hold) and writes the meta strings unescaped. Here the name keeps only
  letters, digits and ``_``, and meta strings escape ``\\`` and ``"``, on one line.

A line break in a value is refused (guarded.py): a UDM regular expression literal is one line.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from sigma.backends.secops import SecOpsBackend
from sigma.conditions import ConditionAND, ConditionFieldEqualsValueExpression, ConditionOR
from sigma.conversion.state import ConversionState
from sigma.pipelines.secops.transformations import PrependEventVariableTransformation
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline, QueryPostprocessingItem
from sigma.processing.postprocessing import QueryPostprocessingTransformation
from sigma.rule import SigmaRule
from sigma.types import SigmaString, SpecialChars

from rmm_sigma.artefact_ids import TARGET_OPTION, artefact_id
from rmm_sigma.backends.guarded import RefuseUnwritableValues
from rmm_sigma.safety import line_breaks

#: Pipeline state key through which the backend hands the artefact id to the YARA-L wrapper.
ARTEFACT_ID_STATE = "artefact_id"


def _meta(value: object) -> str:
    """A YARA-L meta string: one line, ``\\`` and ``"`` escaped, quoted."""
    text = " ".join(str(value).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yara_l_rule_name(title: str) -> str:
    """A YARA-L rule name from a title: lower case letters, digits and single underscores."""
    name = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "rule"
    return name if name[0].isalpha() else "r_" + name


class YaraLRule(QueryPostprocessingTransformation):
    """Wrap the events section in a YARA-L 2.0 rule with the Sigma rule's metadata."""

    def apply(self, rule: SigmaRule, query: str) -> str:  # type: ignore[override]
        state = self._pipeline.state if self._pipeline is not None else {}
        meta = {
            "id": state.get(ARTEFACT_ID_STATE, rule.id),
            "sigma_id": rule.id,
            "title": rule.title,
            "description": rule.description,
            "author": rule.author,
            "reference": ", ".join(rule.references),
            "date": rule.date,
            "tags": ", ".join(str(t) for t in rule.tags),
            "severity": rule.level,
            "falsepositives": ", ".join(rule.falsepositives) if rule.falsepositives else "Unknown",
        }
        lines = [f"rule {yara_l_rule_name(rule.title)} {{", "  meta:"]
        lines += [f"    {key} = {_meta(value)}" for key, value in meta.items() if value is not None]
        lines += ["", "  events:"]
        lines += [f"    {line.strip()}" for line in query.splitlines() if line.strip()]
        lines += ["", "  condition:", "    $event1", "}"]
        return "\n".join(lines)


def _yara_l_pipeline() -> ProcessingPipeline:
    return ProcessingPipeline(
        name="rmm-sigma YARA-L 2.0 output format",
        priority=60,
        items=[
            ProcessingItem(
                identifier="yara_l_prepend_event_variable",
                transformation=PrependEventVariableTransformation(mapping={}),
            )
        ],
        postprocessing_items=[QueryPostprocessingItem(identifier="yara_l_rule", transformation=YaraLRule())],
    )


def _pure_contains(value: object) -> bool:
    return (
        isinstance(value, SigmaString)
        and len(value) > 2
        and value.startswith(SpecialChars.WILDCARD_MULTI)
        and value.endswith(SpecialChars.WILDCARD_MULTI)
        and not value[1:-1].contains_special()
    )


class SecOpsExactBackend(RefuseUnwritableValues, SecOpsBackend):
    """pysigma-backend-secops with exact string tests and valid YARA-L rules (see the module docstring)."""

    unwritable = line_breaks("a UDM regular expression literal is one line")
    output_format_processing_pipeline: ClassVar[dict[str, ProcessingPipeline]] = {
        "default": ProcessingPipeline(),
        "yara_l": _yara_l_pipeline(),
    }

    def decide_convert_condition_as_in_expression(
        self, cond: ConditionOR | ConditionAND, state: ConversionState
    ) -> bool:
        """Join an or-list into one ``/a|b/`` only when every value is a pure ``contains``."""
        return super().decide_convert_condition_as_in_expression(cond, state) and all(
            isinstance(arg, ConditionFieldEqualsValueExpression) and _pure_contains(arg.value)
            for arg in cond.args
        )

    def _is_enum(self, field: str) -> bool:
        bare = field.split(".", 1)[1] if field.startswith("$") else field
        return bare in self.udm_schema.get("Enums", {})

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Any:
        """Every string test on a non-enum field is a regex, anchored where the value has no wildcard."""
        value = cond.value
        if not isinstance(value, SigmaString):  # pySigma calls this for strings only
            return super().convert_condition_field_eq_val_str(cond, state)
        if self._is_enum(cond.field) and not value.contains_special():
            return super().convert_condition_field_eq_val_str(cond, state)
        regex = regex_text(value, self.add_escaped_re)
        if value.startswith(SpecialChars.WILDCARD_MULTI):
            regex = regex[2:]  # the leading ".*"
        else:
            regex = "^" + regex
        if value.endswith(SpecialChars.WILDCARD_MULTI) and len(value) > 1:
            regex = regex[:-2]  # the trailing ".*"
        else:
            regex += "$"
        return self.re_expression.format(field=self.escape_and_quote_field(cond.field), regex=regex)


#: What ``SigmaString.to_regex`` escapes besides a backend's own characters (pySigma 1.5).
REGEX_METACHARACTERS = ".*+?^$[](){}\\|"


def regex_text(value: SigmaString, custom_escaped: str = "") -> str:
    """``value.to_regex(custom_escaped).to_plain()``: the same text, without parsing it back into a
    SigmaString and compiling it, which was a fifth of a SecOps conversion (tests/test_targets_
    logscale_secops_sentinelone.py compares the two on hostile values)."""
    escaped = REGEX_METACHARACTERS + custom_escaped
    return value.convert(escape_char="\\", wildcard_multi=".*", wildcard_single=".", add_escaped=escaped)


class SecOpsYaraLBackend(SecOpsExactBackend):
    """The ``yara_l`` format: YARA-L 2.0 rules in the case Google's YARA-L reference writes them.

    UDM search writes its Boolean operators in upper case (``AND``, ``OR``, ``NOT``); YARA-L 2.0's
    syntax reference writes them, like every YARA-L keyword, in lower case (``and``, ``or``, ``not``,
    ``nocase``). The rule's ``id`` meta is its artefact id, ``sigma_id`` the Sigma rule's.
    """

    or_token: ClassVar[str] = "or"
    and_token: ClassVar[str] = "and"
    not_token: ClassVar[str] = "not"

    def finalize_query_yara_l(self, rule: SigmaRule, query: Any, index: int, state: ConversionState) -> Any:
        target = str(self.backend_options.get(TARGET_OPTION, "secops"))
        self.last_processing_pipeline.state[ARTEFACT_ID_STATE] = artefact_id(rule.id, target, "yara_l")
        return super().finalize_query_yara_l(rule, query, index, state)
