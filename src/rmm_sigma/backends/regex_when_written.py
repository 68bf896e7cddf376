"""String values converted without a regular expression that no template writes.

pySigma's ``TextQueryBackend.convert_condition_field_eq_val_str`` picks an expression template for a
string value (``eq``, ``startswith``, ``endswith``, ``contains`` or ``wildcard_match``) and formats it
with the value and with ``value.to_regex()`` as ``{regex}``. ``to_regex`` escapes the value, parses the
result again character by character and compiles it: about 20 µs a value, 6-8% of a build. Most
templates have no ``{regex}`` (Splunk's, Lucene's, ES|QL's, EQL's and PowerQuery's, and KQL's but its
wildcard match), so that work is thrown away.

``RegexWhenWritten`` skips it where no template pySigma can pick for the value writes ``{regex}``: a
value without wildcards can only get ``eq_expression``; any other value any of the five. The stock
method then runs as it is on the same string, whose ``to_regex`` returns a stand-in that no template
reads. Every other value, and every backend whose templates do write ``{regex}``, goes the stock way.
tests/test_regex_when_written.py converts hostile and ordinary values both ways with every backend
that has it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from sigma.conditions import ConditionFieldEqualsValueExpression
from sigma.conversion.base import TextQueryBackend
from sigma.conversion.state import ConversionState
from sigma.types import SigmaRegularExpression, SigmaString

#: The templates ``convert_condition_field_eq_val_str`` chooses from (pySigma 1.5).
STRING_TEMPLATES = (
    "eq_expression",
    "startswith_expression",
    "endswith_expression",
    "contains_expression",
    "wildcard_match_expression",
)


class _Unread(SigmaRegularExpression):
    """The stand-in for a regular expression that no template reads: the backend's ``convert_value_re``
    still escapes it, and there is nothing to escape."""

    def escape(self, *args: Any, **kwargs: Any) -> str:
        return ""


class _RegexUnread(SigmaString):
    """The same string (and its slices: pySigma slices keep the class), with a ``to_regex`` that
    returns a stand-in: for a template without ``{regex}``, which never reads it."""

    STAND_IN: ClassVar[SigmaRegularExpression] = _Unread("unread")

    @classmethod
    def of(cls, value: SigmaString) -> _RegexUnread:
        unread = cls()
        unread.__dict__.update(value.__dict__)  # its parts as they are: not parsed again
        return unread

    def to_regex(self, custom_escaped: str = "") -> SigmaRegularExpression:
        return self.STAND_IN


class RegexWhenWritten(TextQueryBackend):
    """Mixin for a stock backend: listed after it among the bases, so that it sits just above
    ``TextQueryBackend`` and below the backend's own ``convert_condition_field_eq_val_str``."""

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Any:
        value = cond.value
        if type(value) is not SigmaString or self._may_write_regex(value):
            return super().convert_condition_field_eq_val_str(cond, state)
        cond.value = _RegexUnread.of(value)
        try:
            return super().convert_condition_field_eq_val_str(cond, state)
        finally:
            cond.value = value

    def _may_write_regex(self, value: SigmaString) -> bool:
        """Whether a template pySigma may choose for ``value`` has a ``{regex}`` field."""
        plain_value, any_value = self._templates_writing_regex
        return any_value if value.contains_special() else plain_value

    @cached_property
    def _templates_writing_regex(self) -> tuple[bool, bool]:
        """(``eq_expression`` writes ``{regex}``, any of the five does)."""
        writes = ["{regex}" in str(getattr(self, name, None) or "") for name in STRING_TEMPLATES]
        return writes[0], any(writes)
