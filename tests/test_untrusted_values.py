"""Contributed rules are untrusted: no value, field name or metadata can change a query or file.

Hypothesis draws hostile values for the modifiers the plain-value tests (test_targets_escaping.py)
do not cover -- ``|re``, ``|windash``, ``fields:`` entries and field names, and the metadata written
into deployable files -- and every output is read back by the real parser where one installs:
Microsoft's KQL analyzer (one node call per batch), DuckDB's tokenizer and engine, luqum (Lucene),
Elastic's ``eql``, a reader of Splunk's .conf format, and YAML/JSON reloads. Elsewhere (ES|QL, SPL,
LogScale, SecOps, PowerQuery) the query's skeleton -- its text with every literal replaced by a
placeholder -- must equal the skeleton of the same rule with a harmless value, and the literal must
decode to the value. Or the rule is refused, in one line, naming what it holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
import eql
import eql.ast
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from luqum.parser import parser as lucene_parser
from luqum.tree import Regex, SearchField
from sigma.rule import SigmaRule

from rmm_sigma.convert import Converter, LoadedRule, RuleError, as_text
from rmm_sigma.safety import IDENTIFIER, LINE_BREAKS
from rmm_sigma.targets import TARGETS
from rmm_sigma.verify.kql_analyzer import analyze, node_available
from rmm_sigma.verify.kql_text import tokenize

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
CONVERTERS = {name: Converter(t) for name, t in TARGETS.items()}

#: pieces of hostile regular expressions: every string delimiter, escapes of them, line breaks
REGEX_PIECES = [
    '"',
    "'",
    "/",
    "\\/",
    "\\\\",
    "\\.",
    '\\"',
    "`",
    "a",
    " or true or ",
    "|",
    "$",
    "]",
    "[/]",
    "(x)",
]
REGEX_PIECES += ["\n", "\u2028"]


def _compiles(regex: str) -> bool:
    try:
        re.compile(regex)
    except re.error:
        return False
    return True


HOSTILE_REGEX = st.lists(st.sampled_from(REGEX_PIECES), min_size=1, max_size=6).map("".join).filter(_compiles)
HOSTILE_TEXT = st.text(alphabet="\"'\\[]=#;:|*? \t\n\r\x0b\x85\u2028\u2029aZ.", min_size=1, max_size=12)


def rule_with(item: dict[str, Any], **meta: Any) -> LoadedRule:
    rule = SigmaRule.from_dict(
        {
            "title": meta.get("title", "hostile"),
            "description": meta.get("description", "d"),
            "status": "test",
            "level": "medium",
            "tags": ["attack.command-and-control", "attack.t1219"],
            "logsource": {"category": meta.get("category", "process_creation"), "product": "windows"},
            "detection": {"sel": item, "condition": "sel"},
            **({"fields": meta["fields"]} if "fields" in meta else {}),
        }
    )
    return LoadedRule(Path("sigma/Hostile/proc_creation_win_rmm_hostile.yml"), rule)


def convert(target: str, fmt: str, loaded: LoadedRule) -> Any:
    """The converted query, or None when the rule is refused (then in one line, naming why)."""
    try:
        return CONVERTERS[target].convert(loaded, fmt)
    except RuleError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(loaded.path))
        assert "holds" in exc.message or "field name" in exc.message or "ends with" in exc.message, (
            exc.message
        )
        return None


def regex_rule(regex: str) -> LoadedRule:
    return rule_with({"CommandLine|re": regex})


def _unslash(body: str) -> str:
    """A regex with ``\\/`` read as ``/`` (the same regex: ``/`` is not a metacharacter)."""
    return re.sub(r"(\\.)", lambda m: "/" if m.group(1) == "\\/" else m.group(1), body)


def _decode_backslashes(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal, flags=re.S)


# --- |re: a literal the language reads back as the regex ------------------------------------------

QUOTED = {  # string literal pattern of the languages that write a regex as a quoted string
    "esql": re.compile(r'"((?:[^"\\\r\n]|\\.)*)"'),
    "splunk": re.compile(r'"((?:[^"\\\n]|\\.)*)"'),
    "sentinelone": re.compile(r'"((?:[^"\\\n]|\\.)*)"'),
}
SLASHED = {  # regex literal pattern of the languages that write /regex/
    "logscale": re.compile(r"=/((?:[^/\\\n]|\\.)*)/i?"),
    "secops": re.compile(r"= /((?:[^/\\\n]|\\.)*)/ nocase"),
}


def _skeleton(query: str, literal: re.Pattern[str]) -> str:
    return literal.sub("LITERAL", query)


def _refused_or(query: Any, regex: str) -> bool:
    """True when the query must be checked; a refused regex must hold a line break."""
    if query is None:
        assert any(c in regex for c in LINE_BREAKS), f"refused without a reason: {regex!r}"
        return False
    return True


@FAST
@given(regex=HOSTILE_REGEX)
def test_regex_stays_one_literal_in_quoted_languages(regex: str) -> None:
    for target, fmt, key in [
        ("elastic", "esql", "esql"),
        ("splunk", "default", "splunk"),
        ("sentinelone", "default", "sentinelone"),
    ]:
        query = convert(target, fmt, regex_rule(regex))
        if not _refused_or(query, regex):
            continue
        harmless = convert(target, fmt, regex_rule("aZ"))
        assert _skeleton(query, QUOTED[key]) == _skeleton(harmless, QUOTED[key]), query
        assert _decode_backslashes(QUOTED[key].findall(query)[-1]) == regex


@FAST
@given(regex=HOSTILE_REGEX)
def test_regex_stays_one_literal_in_slash_languages(regex: str) -> None:
    for target, fmts in [("logscale", ["default"]), ("secops", ["default", "yara_l"])]:
        for fmt in fmts:
            query = convert(target, fmt, regex_rule(regex))
            if not _refused_or(query, regex):
                continue
            harmless = convert(target, fmt, regex_rule("aZ"))
            assert _skeleton(query, SLASHED[target]) == _skeleton(harmless, SLASHED[target]), query
            body = SLASHED[target].findall(query)[-1]
            decoded = _unslash(body) if target == "logscale" else _decode_backslashes(body)
            assert decoded == (_unslash(regex) if target == "logscale" else regex)


@FAST
@given(regex=HOSTILE_REGEX)
def test_regex_in_sql_is_one_string_constant_for_duckdb(regex: str) -> None:
    query = convert("sql", "default", regex_rule(regex))
    if not _refused_or(query, regex):
        return
    tokens = duckdb.tokenize(query)
    ends = [pos for pos, _ in tokens[1:]] + [len(query)]
    constants = [
        query[pos:end].rstrip(" ,)")
        for (pos, kind), end in zip(tokens, ends, strict=True)
        if kind.name == "string_const"
    ]
    assert [c[1:-1].replace("''", "'") for c in constants] == [regex]
    try:
        DUCKDB.execute(query).fetchall()
    except duckdb.InvalidInputException as exc:  # RE2 rejects some Python regexes: not a structure change
        assert "regular expression" in str(exc).lower() or "regex" in str(exc).lower(), exc


DUCKDB = duckdb.connect()
DUCKDB.execute("CREATE TABLE DeviceProcessEvents (ProcessCommandLine VARCHAR)")


def _eql_strings(node: object) -> list[str]:
    if isinstance(node, eql.ast.String):
        return [node.value]
    if isinstance(node, eql.ast.BaseNode):
        return [s for slot in node.__slots__ for s in _eql_strings(getattr(node, slot))]
    if isinstance(node, list | tuple):
        return [s for item in node for s in _eql_strings(item)]
    return []


@FAST
@given(regex=HOSTILE_REGEX)
def test_regex_in_eql_and_lucene_parses_as_one_literal(regex: str) -> None:
    query = convert("elastic", "eql", regex_rule(regex))
    if _refused_or(query, regex):
        with eql.parser.elasticsearch_syntax, eql.parser.ignore_missing_functions:
            parsed = eql.parse_query(query)
        assert _eql_strings(parsed) == ["process", "start", regex]
    lucene = convert("elastic", "default", regex_rule(regex))
    if _refused_or(lucene, regex):
        tree = lucene_parser.parse(lucene)
        fields = [f for f in _walk(tree) if isinstance(f, SearchField)]
        assert [f.name for f in fields] == ["event.category", "event.type", "process.command_line"]
        assert isinstance(fields[-1].expr, Regex)
        assert _unslash(fields[-1].expr.value[1:-1]) == _unslash(regex)


def _walk(tree: object) -> list[object]:
    return [tree] + [n for child in getattr(tree, "children", ()) for n in _walk(child)]


@pytest.mark.slow
@pytest.mark.skipif(not node_available(), reason="Microsoft's KQL analyzer (node) is not installed")
@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    regexes=st.lists(HOSTILE_REGEX, min_size=60, max_size=60),
    values=st.lists(HOSTILE_TEXT, min_size=60, max_size=60),
)
def test_regex_and_values_in_kql_are_one_string_for_microsofts_analyzer(
    regexes: list[str], values: list[str]
) -> None:
    """One node call for 60 regexes and 60 plain values (every Unicode line break among them), in the
    default and hunting formats: every query is valid KQL and its only string is the value."""
    queries = {r: convert("kql", "default", regex_rule(r)) for r in regexes}
    kept = {r: q for r, q in queries.items() if _refused_or(q, r)}
    for regex, query in kept.items():
        assert [t.value for t in tokenize(query) if t.kind == "string"] == [regex]
    plain = []
    for value in values:
        literal = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
        for fmt in ("default", "hunting"):
            query = convert("kql", fmt, rule_with({"CommandLine|contains": literal}, fields=["AccountName"]))
            assert [t.value for t in tokenize(query) if t.kind == "string"] == [value]
            plain.append(query)
    diagnostics = analyze(list(kept.values()) + plain)
    assert [d for d in diagnostics if d] == []


# --- |windash: every expansion is checked like a plain value ---------------------------------------

WINDASH_TARGETS = [
    ("kql", "default"),
    ("splunk", "default"),
    ("elastic", "default"),
    ("elastic", "esql"),
    ("elastic", "eql"),
    ("sql", "default"),
    ("logscale", "default"),
    ("secops", "default"),
    ("secops", "yara_l"),
    ("sentinelone", "default"),
]


@FAST
@given(value=HOSTILE_TEXT)
def test_windash_expansions_are_refused_like_plain_values(value: str) -> None:
    """Each expansion of ``-avalue`` (``-``, ``/``, en dash ...) is refused where the plain value would be."""
    literal = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    for target, fmt in WINDASH_TARGETS:
        windash = convert(target, fmt, rule_with({"CommandLine|windash|contains": "-a" + literal}))
        plain = convert(target, fmt, rule_with({"CommandLine|contains": "-a" + literal}))
        assert (windash is None) == (plain is None), (target, fmt, value)
        if windash is not None and any(c in value for c in LINE_BREAKS) and target not in ("kql", "sql"):
            raise AssertionError(f"{target}/{fmt} wrote a raw line break: {windash!r}")


@FAST
@given(value=HOSTILE_TEXT)
def test_windash_expansions_stay_literals_in_kql(value: str) -> None:
    literal = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    query = convert("kql", "default", rule_with({"CommandLine|windash|contains": "-a" + literal}))
    strings = [t.value for t in tokenize(query) if t.kind == "string"]
    assert strings == [dash + "a" + value for dash in ("-", "/", "\u2013", "\u2014", "\u2015")]


# --- field names and fields: entries --------------------------------------------------------------

HOSTILE_NAME = st.text(alphabet="aZ_.| =\"'`()-,;\n", min_size=1, max_size=10)
ALL_FORMATS = [(name, fmt) for name, t in TARGETS.items() for fmt in t.formats]


@FAST
@given(name=HOSTILE_NAME)
def test_fields_entries_must_be_identifiers_on_every_target(name: str) -> None:
    loaded = rule_with({"CommandLine|contains": "x"}, fields=[name])
    for target, fmt in ALL_FORMATS:
        refused = convert(target, fmt, loaded) is None
        assert refused == (IDENTIFIER.fullmatch(name) is None), (target, fmt, name)


@FAST
@given(name=HOSTILE_NAME.filter(lambda n: "|" not in n))  # ``|`` starts the modifiers
def test_detection_field_names_must_be_identifiers(name: str) -> None:
    loaded = rule_with({f"{name}|contains": "x"})
    for target in TARGETS:
        fmt = next(iter(TARGETS[target].formats))
        try:
            query = CONVERTERS[target].convert(loaded, fmt)
        except RuleError as exc:
            assert "\n" not in str(exc)
            continue
        assert IDENTIFIER.fullmatch(name), (target, name, query)


# --- metadata in deployable files -----------------------------------------------------------------


def read_splunk_conf(text: str) -> list[tuple[str, dict[str, str]]]:
    """Splunk's .conf format: ``[stanza]`` headers, ``key = value`` lines, ``\\`` continues a line."""
    logical: list[str] = []
    for line in text.split("\n"):
        if logical and logical[-1].endswith("\\"):
            logical[-1] = logical[-1][:-1] + "\n" + line
        else:
            logical.append(line)
    stanzas: list[tuple[str, dict[str, str]]] = []
    for line in filter(str.strip, logical):
        if line.startswith("["):
            assert line.endswith("]"), line
            stanzas.append((line[1:-1], {}))
        else:
            key, sep, value = line.partition(" = ")
            assert sep and stanzas, f"not a conf line: {line!r}"
            stanzas[-1][1][key] = value
    return stanzas


@FAST
@given(title=HOSTILE_TEXT, description=HOSTILE_TEXT)
def test_metadata_cannot_add_or_split_savedsearches_stanzas(title: str, description: str) -> None:
    loaded = rule_with({"CommandLine|contains": "x"}, title=title, description=description)
    query = convert("splunk", "savedsearches", loaded)
    if query is None:
        return
    assert not any(c in title + description.replace("\n", "") for c in LINE_BREAKS)
    stanzas = read_splunk_conf(CONVERTERS["splunk"].finalize([query], "savedsearches"))
    assert [name for name, _ in stanzas] == ["default", title.translate({ord("["): None, ord("]"): None})]
    settings_ = stanzas[1][1]
    # continuation lines, then the Sigma id line the Splunk app adds when the rule has an id
    expected = description.strip().replace("\n", " \n")
    if loaded.rule.id:
        expected += f" \nSigma ID: {loaded.rule.id}"
    assert settings_["description"] == expected
    assert settings_["search"].startswith('source="*WinEventLog:')


@FAST
@given(title=HOSTILE_TEXT, description=HOSTILE_TEXT, value=HOSTILE_TEXT)
def test_metadata_and_values_survive_yaml_and_json_reload(title: str, description: str, value: str) -> None:
    literal = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    loaded = rule_with({"CommandLine|contains": literal}, title=title, description=description)
    for target, fmt in [("kql", "sentinel"), ("kql", "sentinel_rule"), ("asim", "sentinel_rule")]:
        document = convert(target, fmt, loaded)
        reloaded = yaml.safe_load(CONVERTERS[target].finalize([document], fmt))
        assert reloaded == document
        assert [t.value for t in tokenize(reloaded["query"]) if t.kind == "string"][-1] == value
    for target, fmt in [
        ("elastic", "siem_rule_ndjson"),
        ("elastic", "eql_rule_ndjson"),
        ("sentinelone", "json"),
    ]:
        document = convert(target, fmt, loaded)
        if document is None:
            continue
        text = as_text(CONVERTERS[target].finalize([document], fmt))
        if fmt == "json":  # one JSON document of all queries
            assert json.loads(text)["queries"] == [document]
        else:  # NDJSON: one object per "\n"-separated line
            assert [json.loads(line) for line in text.rstrip("\n").split("\n")] == [document]
        assert document["name" if "name" in document else "title"] in (title, f"SIGMA - {title}")


YARA_META = re.compile(r'^    (\w+) = "((?:[^"\\\n]|\\.)*)"$', re.M)


@FAST
@given(title=HOSTILE_TEXT, description=HOSTILE_TEXT)
def test_metadata_stays_in_yara_l_meta_strings(title: str, description: str) -> None:
    loaded = rule_with({"CommandLine|contains": "x"}, title=title, description=description)
    rule_text = convert("secops", "yara_l", loaded)
    harmless = convert(
        "secops", "yara_l", rule_with({"CommandLine|contains": "x"}, title="t", description="d")
    )
    assert (
        _skeleton(rule_text, YARA_META).split("\n", 1)[1] == _skeleton(harmless, YARA_META).split("\n", 1)[1]
    )
    meta = dict(YARA_META.findall(rule_text))
    assert _decode_backslashes(meta["title"]) == " ".join(title.split())


# --- |cidr: pySigma parses the network, so only address characters can reach a query --------------

HOSTILE_CIDR = st.one_of(
    st.ip_addresses().map(str).map(lambda a: a + ("/24" if "." in a else "/64")),
    st.text(alphabet="0123456789./:abf'\" |*\n", min_size=1, max_size=20),
)
ADDRESS_CHARS = set("0123456789abcdefABCDEF.:/*%_^$\\")  # plus each target's wildcard/regex spelling


@FAST
@given(network=HOSTILE_CIDR)
def test_cidr_values_add_nothing_but_address_characters(network: str) -> None:
    try:
        loaded = rule_with({"DestinationIp|cidr": network}, category="network_connection")
    except Exception as exc:  # noqa: BLE001 - pySigma refuses what is not a network; convert.load_rule reports it
        assert "\n" not in str(exc).strip() or "cidr" in str(exc).lower()
        return
    harmless = rule_with({"DestinationIp|cidr": "10.0.0.0/8"}, category="network_connection")
    for target in TARGETS:
        fmt = next(iter(TARGETS[target].formats))
        try:
            query = CONVERTERS[target].convert(loaded, fmt)
        except RuleError as exc:  # e.g. no destination address in LogScale's DNS events: one line
            assert "\n" not in str(exc)
            continue
        extra = set(str(query)) - set(str(CONVERTERS[target].convert(harmless, fmt)))
        assert extra <= ADDRESS_CHARS, (target, network, extra)
