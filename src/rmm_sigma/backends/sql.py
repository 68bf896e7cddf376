"""DuckDB SQL backend: the rules run locally on exported telemetry shaped like the Defender tables.

It is pysigma-backend-duckdb's backend with three corrections, each a token or a small override:

* **Wildcards are escaped.** The stock backend writes ``ILIKE '%a_b%'`` with no ``ESCAPE`` clause,
  so a literal ``_`` or ``%`` in a value is a wildcard there (``'aXb' ILIKE 'a_b'`` is true). Here
  every pattern carries ``ESCAPE '\\'`` and literal ``%``, ``_`` and ``\\`` are escaped.
* **Equality is case-insensitive**, as Sigma says: a plain value is ``ILIKE 'value'`` (no wildcard
  left in it), not the stock case-sensitive ``= 'value'``.
* **Empty is null**, as in the KQL backend: exported Defender tables hold ``''`` for a missing
  string, so Sigma ``null`` is ``IS NULL OR = ''``.
* **Regular expressions stay inside their string**: the stock backend writes a ``'`` of a regex
  as it is, which ends the SQL string (``regexp_matches(f, 'a' OR TRUE OR 'b')``); here it is
  doubled (``''``), SQL's own escape, through pySigma's ``re_escape`` tokens.
* **Untrusted values are checked** (rmm_sigma.safety): field names and ``fields:`` entries must be
  plain identifiers, a modifier the stock backend lacks is a one-line refusal.
* **The table comes from the pipeline** (state ``query_table``, set per logsource in the mapping
  YAML), not the stock fixed table ``logs``.

What SQL cannot say is stated, not hidden: there is no term match, so a ``match.term`` rule is a
substring match here (``ILIKE '%anydesk.com%'`` also matches ``xanydesk.com``); see semantics.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sigma.conditions import ConditionFieldEqualsValueExpression
from sigma.conversion.state import ConversionState
from sigma.exceptions import SigmaBackendError
from sigma.rule import SigmaRule
from sigma.types import SigmaString
from sigma_backend_duckdb import DuckDBBackend

from rmm_sigma.backends.guarded import RefuseUnwritableValues


class DuckDbSqlBackend(RefuseUnwritableValues, DuckDBBackend):
    """DuckDB SQL with escaped LIKE patterns, case-insensitive equality and per-logsource tables."""

    name: ClassVar[str] = "rmm-sigma DuckDB SQL backend"
    identifier: ClassVar[str] = "sql"
    formats: ClassVar[dict[str, str]] = {"default": "DuckDB SQL: SELECT * FROM <table> WHERE ..."}

    escape_char: ClassVar[str] = "\\"
    add_escaped: ClassVar[str] = "\\"  # wildcard characters % and _ are escaped by pySigma already
    startswith_expression: ClassVar[str] = "{field} ILIKE '{value}%' ESCAPE '\\'"
    endswith_expression: ClassVar[str] = "{field} ILIKE '%{value}' ESCAPE '\\'"
    contains_expression: ClassVar[str] = "{field} ILIKE '%{value}%' ESCAPE '\\'"
    wildcard_match_expression: ClassVar[str] = "{field} ILIKE '{value}' ESCAPE '\\'"
    field_null_expression: ClassVar[str] = "({field} IS NULL OR {field} = '')"
    # a regex is written inside '...': a quote in it is doubled, as in any SQL string literal
    re_escape_char: ClassVar[str] = "'"
    re_escape: ClassVar[tuple[str, ...]] = ("'",)
    re_escape_escape_char: ClassVar[bool] = False

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Any:
        """A value without wildcards is a case-insensitive whole-value match (the stock ``=`` is not)."""
        if not isinstance(cond.value, SigmaString) or cond.value.contains_special():
            return super().convert_condition_field_eq_val_str(cond, state)
        return self.wildcard_match_expression.format(
            field=self.escape_and_quote_field(cond.field),
            value=self.convert_value_str(cond.value, state, True),
        )

    def finalize_query_default(self, rule: SigmaRule, query: str, index: int, state: ConversionState) -> str:
        table = state.processing_state.get("query_table")
        if not table:
            raise SigmaBackendError("the mapping pipeline set no query_table for this logsource")
        return f"SELECT * FROM {self.escape_and_quote_field(str(table))} WHERE {query}"
