"""A hostile value cannot change a query's structure, in any target (hypothesis property tests).

Values are drawn from quote, apostrophe, backslash, both wildcards, space, pipe, line break, the SQL
LIKE metacharacters and a few letters. Each is put in a rule as a *literal* value (Sigma-escaped) and
converted; then, per language, a real parser or engine checks that the value is one literal that reads
back as itself:

* KQL (kql, asim): kql_text tokenizes the query; the only string token is the value.
* SQL: DuckDB runs the query over rows holding the value, the value inside other text, and text that
  does not hold it; exactly the right rows match (so ``%``/``_`` stayed literal).
* Lucene: luqum parses the query; the field holds one term.
* EQL: Elastic's ``eql`` parser parses it; the value is one string literal that decodes to itself.
* ES|QL and SPL (no parser installs): the value is one quoted string that decodes to itself.
* LogScale and SecOps (no parser installs): the value is one regex literal ``/…/`` in which every
  regex metacharacter and ``/`` is escaped, that decodes to itself, anchored as the modifier says;
  SentinelOne PowerQuery: one quoted string that decodes to itself. For these three the query with
  the hostile value also has exactly the skeleton (the text outside literals) of the same query with
  a harmless value, so the value cannot have changed the structure.

Where a language cannot hold a character literally (guarded.py: a line break in Lucene/ES|QL/EQL/
SPL/LogScale/SecOps/PowerQuery, a literal ``*``/``?`` in ES|QL/EQL, ``*`` in SPL and PowerQuery), the
conversion must fail naming the character, never produce a query.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import eql
import eql.ast
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from luqum.parser import parser as lucene_parser
from luqum.tree import SearchField, Word
from sigma.rule import SigmaRule

from rmm_sigma.backends.guarded import RefuseUnwritableValues
from rmm_sigma.convert import Converter, LoadedRule, RuleError
from rmm_sigma.targets import TARGETS
from rmm_sigma.verify.kql_text import tokenize

HOSTILE = st.text(alphabet="\"'\\*? |\n%_aZ.", min_size=1, max_size=12).filter(lambda v: v.strip())
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CONVERTERS = {name: Converter(t) for name, t in TARGETS.items()}
SPL_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
ESQL_STRING = re.compile(r'"((?:[^"\\\r\n]|\\[tnr"\\])*)"')


def sigma_literal(value: str) -> str:
    """The Sigma spelling of a literal value: wildcards and the escape character escaped."""
    return value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def rule_with(value: str, *, term: bool, modifier: str = "|contains", field: str = "Company") -> LoadedRule:
    rule = SigmaRule.from_dict(
        {
            "title": "hostile",
            "status": "test",
            "level": "medium",
            "tags": ["attack.command-and-control", "attack.t1219"] + (["match.term"] if term else []),
            "logsource": {"category": "process_creation", "product": "windows"},
            "detection": {"sel": {f"{field}{modifier}": sigma_literal(value)}, "condition": "sel"},
        }
    )
    return LoadedRule(Path("sigma/Hostile/hostile.yml"), rule)


def convert(target: str, value: str, fmt: str = "default", **kw: bool | str) -> str | None:
    """The query, or None when the target refuses the value for a character it cannot write."""
    converter = CONVERTERS[target]
    backend, _ = converter.backend(fmt)
    refused = getattr(backend, "unwritable", {}) if isinstance(backend, RefuseUnwritableValues) else {}
    loaded = rule_with(
        value,
        term=bool(kw.get("term", True)),
        modifier=str(kw.get("modifier", "|contains")),
        field=str(kw.get("field", "Company")),
    )
    if any(c in value for c in refused):
        with pytest.raises(RuleError, match="holds"):
            converter.convert(loaded, fmt)
        return None
    return converter.convert(loaded, fmt)


@pytest.mark.parametrize("target", ["kql", "asim"])
@pytest.mark.parametrize("term", [True, False])
@SETTINGS
@given(value=HOSTILE)
def test_kql_value_is_one_string_token(target: str, term: bool, value: str) -> None:
    strings = [t.value for t in tokenize(convert(target, value, term=term)) if t.kind == "string"]
    assert strings == [value]


@functools.cache
def _duckdb() -> duckdb.DuckDBPyConnection:
    """One connection for every example (opening one took most of an example's time)."""
    return duckdb.connect(config={"threads": 1})


@pytest.mark.slow
@pytest.mark.parametrize("modifier", ["|contains", ""])
@SETTINGS
@given(value=HOSTILE)
def test_sql_matches_exactly_the_rows_holding_the_value(modifier: str, value: str) -> None:
    sql = convert("sql", value, modifier=modifier)
    con = _duckdb()
    con.execute("CREATE OR REPLACE TABLE DeviceProcessEvents (ProcessVersionInfoCompanyName VARCHAR)")
    rows = {"exact": value, "inside": f"x{value}x", "other": "#" * len(value), "shorter": value[:-1]}
    con.execute("INSERT INTO DeviceProcessEvents VALUES (?), (?), (?), (?)", list(rows.values()))
    got = {r[0] for r in con.execute(sql).fetchall()}
    want = {value, f"x{value}x"} if modifier else {value}
    want |= {rows["shorter"]} if value[:-1].casefold() == value.casefold() else set()
    assert got == want


def _fields(tree: object) -> Iterator[SearchField]:
    if isinstance(tree, SearchField):
        yield tree
    for child in getattr(tree, "children", ()):
        yield from _fields(child)


@SETTINGS
@given(value=HOSTILE)
def test_lucene_field_holds_one_term(value: str) -> None:
    query = convert("elastic", value)
    if query is None:
        return
    (field,) = [f for f in _fields(lucene_parser.parse(query)) if f.name == "process.pe.company"]
    assert isinstance(field.expr, Word)
    unescaped = re.sub(r"\\(.)", r"\1", field.expr.value)
    assert unescaped == f"*{value}*"


def _eql_strings(node: object) -> Iterator[str]:
    if isinstance(node, eql.ast.String):
        yield node.value
    elif isinstance(node, eql.ast.BaseNode):
        for slot in node.__slots__:
            yield from _eql_strings(getattr(node, slot))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _eql_strings(item)


@SETTINGS
@given(value=HOSTILE)
def test_eql_value_is_one_string_literal(value: str) -> None:
    query = convert("elastic", value, "eql")
    if query is None:
        return
    with eql.parser.elasticsearch_syntax, eql.parser.ignore_missing_functions:
        parsed = eql.parse_query(query)
    assert [s for s in _eql_strings(parsed) if s not in ("process", "start")] == [f"*{value}*"]


@SETTINGS
@given(value=HOSTILE)
def test_esql_value_is_one_quoted_string(value: str) -> None:
    query = convert("elastic", value, "esql")
    if query is None:
        return
    where = query.split("| where ", 1)[1]
    assert ESQL_STRING.sub("", where).count('"') == 0
    decoded = [re.sub(r"\\(.)", r"\1", s) for s in ESQL_STRING.findall(where)]
    assert decoded == ["process", "start", f"*{value}*"]


@pytest.mark.parametrize("fmt", ["default", "savedsearches"])
@SETTINGS
@given(value=HOSTILE)
def test_spl_value_is_one_quoted_string(fmt: str, value: str) -> None:
    query = convert("splunk", value, fmt)
    if query is None:
        return
    search = query.split("search = ", 1)[1] if fmt == "savedsearches" else query
    assert SPL_STRING.sub("", search).count('"') == 0
    decoded = [re.sub(r"\\(.)", r"\1", s) for s in SPL_STRING.findall(search)]
    assert decoded == ["*WinEventLog:Microsoft-Windows-Sysmon/Operational", f"*{value}*"]
    if fmt == "savedsearches":
        assert "\n" not in search.strip() or search.count("\\\n") == search.strip().count("\n")


def test_refused_characters_are_named() -> None:
    with pytest.raises(RuleError, match=r"holds '\\n': a line break ends a Lucene term"):
        CONVERTERS["elastic"].convert(rule_with("a\nb", term=True), "default")
    with pytest.raises(RuleError, match="SPL has no escape for a literal"):
        CONVERTERS["splunk"].convert(rule_with("a*b", term=True), "default")


# --- LogScale, SecOps (regex literals) and SentinelOne PowerQuery (quoted strings) ----------------

REGEX_METACHARS = set("\\.^$*+?()[]{}|/")
LOGSCALE_REGEX = re.compile(r"=/((?:[^/\\\n]|\\.)*)/i")
UDM_REGEX = re.compile(r"= /((?:[^/\\\n]|\\.)*)/ nocase")
PQ_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
ANCHORS = {"|contains": ("", ""), "": ("^", "$"), "|startswith": ("^", "")}


def regex_literal_value(body: str) -> str:
    """The text a regex body matches literally; fails on an unescaped metacharacter."""
    chars = []
    for token in re.findall(r"\\.|.", body, re.S):
        if len(token) == 2:
            assert not token[1].isalnum(), f"{token!r} is a regex class, not an escaped literal"
        else:
            assert token not in REGEX_METACHARS, f"unescaped {token!r} in /{body}/"
        chars.append(token[-1])
    return "".join(chars)


def skeleton(query: str, literal: re.Pattern[str]) -> str:
    """The query with every literal replaced by the same placeholder: its structure."""
    return literal.sub("LITERAL", query)


@pytest.mark.parametrize("modifier", ["|contains", "", "|startswith"])
@SETTINGS
@given(value=HOSTILE)
def test_logscale_value_is_one_escaped_regex(modifier: str, value: str) -> None:
    query = convert("logscale", value, modifier=modifier, field="CommandLine")
    if query is None:
        return
    harmless = convert("logscale", "aZ", modifier=modifier, field="CommandLine")
    assert skeleton(query, LOGSCALE_REGEX) == skeleton(harmless, LOGSCALE_REGEX)
    body = LOGSCALE_REGEX.findall(query.split("CommandLine", 1)[1])[0]
    start, end = ANCHORS[modifier]
    assert body.startswith(start) and body.endswith(end)
    assert regex_literal_value(body[len(start) : len(body) - len(end)]) == value


@pytest.mark.parametrize("fmt", ["default", "yara_l"])
@pytest.mark.parametrize("modifier", ["|contains", "", "|startswith"])
@SETTINGS
@given(value=HOSTILE)
def test_secops_value_is_one_escaped_regex(fmt: str, modifier: str, value: str) -> None:
    query = convert("secops", value, fmt, modifier=modifier)
    if query is None:
        return
    harmless = convert("secops", "aZ", fmt, modifier=modifier)
    assert skeleton(query, UDM_REGEX) == skeleton(harmless, UDM_REGEX)
    (body,) = UDM_REGEX.findall(query)
    start, end = ANCHORS[modifier]
    assert body.startswith(start) and body.endswith(end)
    assert regex_literal_value(body[len(start) : len(body) - len(end)]) == value


@pytest.mark.parametrize("fmt", ["default", "json"])
@pytest.mark.parametrize("modifier", ["|contains", ""])
@SETTINGS
@given(value=HOSTILE)
def test_sentinelone_value_is_one_quoted_string(fmt: str, modifier: str, value: str) -> None:
    result = convert("sentinelone", value, fmt, modifier=modifier)
    if result is None:
        return
    query = result["query"] if fmt == "json" else result
    harmless = convert("sentinelone", "aZ", fmt, modifier=modifier)
    harmless = harmless["query"] if fmt == "json" else harmless
    assert skeleton(query, PQ_STRING) == skeleton(harmless, PQ_STRING)
    decoded = [re.sub(r"\\(.)", r"\1", s) for s in PQ_STRING.findall(query)]
    assert decoded == ["Process Creation", "windows", value]


def test_refused_characters_are_named_in_the_new_targets() -> None:
    for target in ("logscale", "secops", "sentinelone"):
        field = "CommandLine" if target == "logscale" else "Company"
        with pytest.raises(RuleError, match=r"holds '\\n': .* one line"):
            CONVERTERS[target].convert(rule_with("a\nb", term=True, field=field), "default")
    with pytest.raises(RuleError, match=r"holds '\*': the SentinelOne backend writes a literal"):
        CONVERTERS["sentinelone"].convert(rule_with("a*b", term=True), "default")
