"""The KQL backend: term matching only when asked, isempty for null, escaping that holds."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaBackendError

from rmm_sigma.convert import Converter, LoadedRule, RuleError
from rmm_sigma.targets import TARGETS
from rmm_sigma.verify.kql_text import tokenize


def rule(detection: str, *, tags: str = "[attack.t1219]", category: str = "network_connection") -> LoadedRule:
    text = textwrap.dedent(
        f"""
        title: Test rule
        id: 5d9b5d6e-2f6a-4c55-9a5e-0a6a5f1c2b3d
        status: test
        logsource: {{category: {category}, product: windows}}
        tags: {tags}
        detection:
        """
    ) + textwrap.indent(textwrap.dedent(detection), "  ")
    return LoadedRule(path="test.yml", rule=SigmaCollection.from_yaml(text).rules[0])  # type: ignore[arg-type]


def where(loaded: LoadedRule, output_format: str = "default", **options: str) -> str:
    return Converter(TARGETS["kql"], **options).convert(loaded, output_format).split("\n| where ", 1)[1]


TERM = "[attack.t1219, match.term]"


def test_contains_stays_substring_without_the_term_tag() -> None:
    r = rule("sel: {DestinationHostname|contains: [anydesk.com, playanext.com]}\ncondition: sel")
    assert where(r) == "RemoteUrl contains 'anydesk.com' or RemoteUrl contains 'playanext.com'"


def test_term_tag_turns_contains_into_has_and_lists_into_one_has_any() -> None:
    one = rule("sel: {DestinationHostname|contains: anydesk.com}\ncondition: sel", tags=TERM)
    many = rule("sel: {DestinationHostname|contains: [a.com, b.com]}\ncondition: sel", tags=TERM)
    assert where(one) == "RemoteUrl has 'anydesk.com'"
    assert where(many) == "RemoteUrl has_any ('a.com', 'b.com')"


def test_term_tag_leaves_other_modifiers_alone() -> None:
    r = rule(
        "sel:\n  ImageName|startswith: level\n  Image|endswith: '\\\\x.exe'\n  OriginalFileName: rdp.exe\n"
        "condition: sel",
        tags=TERM,
    )
    assert where(r) == (
        "InitiatingProcessFileName startswith 'level' and InitiatingProcessFolderPath endswith '\\\\x.exe' "
        "and InitiatingProcessVersionInfoOriginalFileName =~ 'rdp.exe'"
    )


def test_inner_wildcard_is_not_a_term() -> None:
    r = rule("sel: {DestinationHostname|contains: 'any*desk'}\ncondition: sel", tags=TERM)
    assert " has " not in where(r)


def test_null_is_isempty_because_kusto_strings_are_never_null() -> None:
    r = rule("sel: {Company: null}\ncondition: sel")
    assert where(r) == "isempty(InitiatingProcessVersionInfoCompanyName)"


def test_or_group_inside_and_keeps_its_parentheses() -> None:
    r = rule(
        "a: {DestinationHostname|contains: x.com}\nb: [{Product|contains: P}, {Description|contains: D}]\n"
        "condition: a and b",
        tags=TERM,
    )
    assert where(r) == (
        "RemoteUrl has 'x.com' and (InitiatingProcessVersionInfoProductName has 'P' "
        "or InitiatingProcessVersionInfoFileDescription has 'D')"
    )


def test_not_is_a_function_call() -> None:
    r = rule("a: {DestinationHostname|contains: x.com}\nb: {Company: Acme}\ncondition: a and not b")
    assert where(r) == "RemoteUrl contains 'x.com' and not(InitiatingProcessVersionInfoCompanyName =~ 'Acme')"


@pytest.mark.parametrize(
    "value", ["it's", 'say "hi"', "C:\\path\\", "two\nlines", "a | b", "tab\there", "x' or 1==1 //"]
)
@pytest.mark.parametrize("tags", ["[attack.t1219]", TERM])
def test_hostile_value_is_one_string_token_that_decodes_to_itself(value: str, tags: str) -> None:
    sigma_value = value.replace("\\", "\\\\")  # Sigma: a backslash escapes itself
    detection = yaml.safe_dump({"sel": {"DestinationHostname|contains": sigma_value}, "condition": "sel"})
    r = rule(detection, tags=tags)
    tokens = tokenize(where(r))
    assert [t.kind for t in tokens] == ["name", "name", "string"]
    assert tokens[2].value == value
    assert "\n" not in where(r)


def test_unknown_field_fails_naming_it() -> None:
    r = rule("sel: {NoSuchField: x}\ncondition: sel")
    with pytest.raises(RuleError, match="NoSuchField"):
        where(r)


def test_field_of_another_table_is_unknown_here() -> None:
    r = rule("sel: {Signer: x}\ncondition: sel")  # Signer exists for file_signature only
    with pytest.raises(RuleError, match="Signer"):
        where(r)


def test_unknown_logsource_fails_with_the_reason() -> None:
    r = rule("sel: {Image: x}\ncondition: sel", category="ps_script")
    with pytest.raises(RuleError, match="no Microsoft Defender table"):
        where(r)


def test_hunting_lookback_is_an_option_and_is_validated() -> None:
    r = rule("sel: {DestinationHostname|contains: x.com}\ncondition: sel")
    hunting = Converter(TARGETS["kql"], lookback="7d").convert(r, "hunting")
    assert hunting.startswith("let Time_start = now(-7d);\n")
    with pytest.raises(RuleError, match="lookback"):
        Converter(TARGETS["kql"], lookback="7 days; drop").convert(r, "hunting")


def test_hunting_groups_by_host_then_the_rules_fields() -> None:
    r = rule("sel: {DestinationHostname|contains: x.com}\ncondition: sel\nfields: [DestinationHostname]")
    r.rule.fields = ["DestinationHostname", "UserPrincipalName"]
    hunting = Converter(TARGETS["kql"]).convert(r, "hunting")
    assert hunting.rstrip().endswith("by DeviceId, DeviceName, RemoteUrl, InitiatingProcessAccountUpn")


@pytest.mark.parametrize("output_format", ["hunting", "sentinel_rule", "sentinel_arm"])
def test_formats_work_through_pysigmas_own_convert_as_in_sigma_cli(output_format: str) -> None:
    """The formats are the backend's output-format pipelines, so pySigma's plain ``convert`` (what
    sigma-cli calls for ``-t kql -f <format>``) gives what the build writes, table included."""
    from rmm_sigma.backends.kql import KqlBackend
    from rmm_sigma.targets import pipeline_for

    r = rule("sel: {DestinationHostname|contains: x.com}\ncondition: sel", tags="[attack.t1219.002]")
    converter = Converter(TARGETS["kql"], lookback="7d", artefact_target="kql")
    ours = converter.finalize([converter.convert(r, output_format)], output_format)
    backend = KqlBackend(pipeline_for(TARGETS["kql"]), lookback="7d", artefact_target="kql")
    plain = backend.convert(SigmaCollection([r.fresh_rule()]), output_format)
    assert plain == ours
    assert "DeviceNetworkEvents" in plain and "RemoteUrl contains 'x.com'" in plain


def test_a_format_of_a_correlation_rule_is_refused_in_one_line() -> None:
    from rmm_sigma.backends.kql import HuntingQuery

    with pytest.raises(SigmaBackendError, match="is for plain Sigma rules only"):
        HuntingQuery().apply(SigmaCorrelationRule.__new__(SigmaCorrelationRule), "T\n| where x")
