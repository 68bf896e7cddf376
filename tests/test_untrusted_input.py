"""Regression tests for issue 13, one class at a time, with the corpus in tests/data/bad/<class>/.

* injection/: each value converts as one literal on every target, or that target refuses the rule in
  one line naming the file; ``check`` reports what any format would refuse.
* modifiers/: valid Sigma modifiers a backend lacks are a one-line refusal, never exit 3, and
  ``check`` still writes its report.
* references/: broken reference and ``--accept`` files are one-line errors with exit 1.
* Exit 3 never on unusual input: an empty folder, an unreadable file, a non-UTF-8 folder name, a
  300-character tool name.

The CLI runs in-process (``main()`` with its exit code and streams), which is what a user runs
without the interpreter start-up of a subprocess per case.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import duckdb
import eql
import pytest
import yaml
from test_untrusted_values import _eql_strings, read_splunk_conf

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.cli import main
from rmm_sigma.convert import Converter, RuleError, load_rule, load_rules
from rmm_sigma.targets import TARGETS
from rmm_sigma.verify.kql_text import tokenize

BAD = PROJECT_ROOT / "tests" / "data" / "bad"
ALL_FORMATS = [(name, fmt) for name, t in TARGETS.items() for fmt in t.formats]
CONVERTERS = {name: Converter(t) for name, t in TARGETS.items()}


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["rmm-sigma", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    captured = capsys.readouterr()
    return int(stop.value.code or 0), captured.out, captured.err


def one_line_error(code: int, err: str, path: object) -> None:
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith(f"error: {path}"), err
    assert "internal error" not in err and "Traceback" not in err


def converted_or_refused(path: Path) -> dict[tuple[str, str], object]:
    """Every (target, format) result; a refusal must be a one-line RuleError naming the file."""
    loaded = load_rule(path)
    results: dict[tuple[str, str], object] = {}
    for target, fmt in ALL_FORMATS:
        try:
            results[target, fmt] = CONVERTERS[target].convert(loaded, fmt)
        except RuleError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"{path}: ")
            results[target, fmt] = None
    return results


# --- injection/ -----------------------------------------------------------------------------------


def test_corpus_classes_are_all_tested() -> None:
    assert sorted(p.name for p in (BAD / "injection").glob("*.yml")) == sorted(
        ["re_quote_escape.yml", "windash_line_break.yml", "title_stanza.yml", "value_carriage_return.yml"]
        + ["fields_pipe.yml", "value_next_line.yml"]
    )
    assert sorted(p.name for p in (BAD / "modifiers").glob("*.yml")) == [
        "cased.yml",
        "exists.yml",
        "fieldref.yml",
    ]


def test_regex_quotes_stay_inside_their_literal() -> None:
    """The issue's examples: EQL ``" or true or``, SQL ``' OR TRUE OR '``, an unescaped ``/``."""
    results = converted_or_refused(BAD / "injection" / "re_quote_escape.yml")
    quote_regex, slash_regex = 'zzz" or true or process.name : "y', "a' OR TRUE OR 'b/ or x=/y\\/"
    with eql.parser.elasticsearch_syntax, eql.parser.ignore_missing_functions:
        parsed = eql.parse_query(str(results["elastic", "eql"]))
    assert _eql_strings(parsed) == ["process", "start", quote_regex, slash_regex]
    sql = str(results["sql", "default"])
    constants = [sql[pos:] for pos, kind in duckdb.tokenize(sql) if kind.name == "string_const"]
    assert len(constants) == 2 and "OR TRUE" not in sql.replace("'' OR TRUE OR ''", "")
    assert (
        duckdb.connect()
        .execute(
            "CREATE TABLE DeviceProcessEvents (ProcessCommandLine VARCHAR, FolderPath VARCHAR);"
            "INSERT INTO DeviceProcessEvents VALUES ('x', 'x');" + sql
        )
        .fetchall()
        == []
    )  # parses, and ``OR TRUE`` did not make it match everything
    logscale = str(results["logscale", "default"])
    assert "=/a' OR TRUE OR 'b\\/ or x=\\/y\\//" in logscale
    assert "/ or x=/" not in logscale.replace("\\/", "")
    assert 'matches "zzz\\" or true or process.name : \\"y"' in str(results["sentinelone", "default"])


@pytest.mark.parametrize(
    ("name", "value", "refused_on"),
    [
        ("windash_line_break.yml", "-a\nb*", {"splunk", "elastic", "logscale", "secops", "sentinelone"}),
        (
            "value_carriage_return.yml",
            "acme\r[evil]",
            {"splunk", "elastic", "logscale", "secops", "sentinelone"},
        ),
        ("fields_pipe.yml", None, set(TARGETS)),
    ],
)
def test_injections_are_refused_on_the_targets_that_cannot_carry_them(
    name: str, value: str | None, refused_on: set[str]
) -> None:
    results = converted_or_refused(BAD / "injection" / name)
    refused = {target for (target, _), query in results.items() if query is None}
    assert refused == refused_on
    if value is not None:  # KQL escapes the line break: the string token reads back as the value
        assert value in [t.value for t in tokenize(str(results["kql", "default"])) if t.kind == "string"]
        con = duckdb.connect()  # SQL keeps it in its string: exactly the row holding the value matches
        con.execute("CREATE TABLE DeviceProcessEvents (ProcessCommandLine VARCHAR)")
        con.executemany("INSERT INTO DeviceProcessEvents VALUES (?)", [[f"x{value}x"], ["x-ab*x"], ["acme"]])
        assert con.execute(str(results["sql", "default"])).fetchall() == [(f"x{value}x",)]


def test_title_cannot_create_a_savedsearches_stanza() -> None:
    results = converted_or_refused(BAD / "injection" / "title_stanza.yml")
    assert results["splunk", "savedsearches"] is None
    assert results["splunk", "default"] is not None  # the title is not in a plain SPL query
    for fmt in ("sentinel", "sentinel_rule"):
        document = results["kql", fmt]
        assert yaml.safe_load(CONVERTERS["kql"].finalize([document], fmt)) == document


def test_next_line_survives_the_sentinel_yaml_round_trip() -> None:
    results = converted_or_refused(BAD / "injection" / "value_next_line.yml")
    for target, fmt in [("kql", "sentinel"), ("kql", "sentinel_rule"), ("asim", "sentinel_rule")]:
        document = results[target, fmt]
        reloaded = yaml.safe_load(CONVERTERS[target].finalize([document], fmt))
        assert reloaded == document
        assert [t.value for t in tokenize(reloaded["query"]) if t.kind == "string"][-1] == "acme\x85remote"


def test_savedsearches_stay_two_stanzas_for_every_rule_of_the_repository() -> None:
    text = (PROJECT_ROOT / "output" / "splunk" / "savedsearches" / "all.conf").read_text(encoding="utf-8")
    stanzas = read_splunk_conf(text)
    assert len(stanzas) == 1 + len(list((PROJECT_ROOT / "output" / "splunk" / "default").rglob("*.spl")))


def test_check_reports_what_any_format_would_refuse(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        monkeypatch, capsys, "check", "--no-analyzer", "--format", "json", str(BAD / "injection")
    )
    findings = json.loads(out)["findings"] if isinstance(json.loads(out), dict) else json.loads(out)
    assert code == 1
    targets = {(Path(f["path"]).name, f["check"]) for f in findings if f["check"].startswith("target.")}
    assert ("title_stanza.yml", "target.splunk") in targets  # only savedsearches refuses it
    assert ("windash_line_break.yml", "target.elastic") in targets
    assert {("fields_pipe.yml", f"target.{t}") for t in TARGETS} <= targets


# --- modifiers/ -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cased.yml", "exists.yml", "fieldref.yml"])
def test_modifiers_a_backend_lacks_are_refused_in_one_line(name: str) -> None:
    results = converted_or_refused(BAD / "modifiers" / name)
    assert any(query is None for query in results.values())  # some backend lacks it ...
    assert any(query is not None for query in results.values())  # ... and another has it


def test_check_reports_modifiers_instead_of_aborting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, "check", "--no-analyzer", str(BAD / "modifiers"))
    assert code == 1 and "internal error" not in err
    assert "not supported by" in out and "checked 3 files" in err


def test_convert_refuses_a_lacking_modifier_with_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = BAD / "modifiers" / "cased.yml"
    code, _, err = run(monkeypatch, capsys, "convert", "-t", "kql", str(path))
    one_line_error(code, err, path)


# --- references/ and --accept ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["no_id.yaml", "no_query.yaml"])
def test_broken_reference_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = BAD / "references" / name
    code, _, err = run(
        monkeypatch, capsys, "verify", "-r", str(path), str(PROJECT_ROOT / "sigma" / "AnyDesk")
    )
    one_line_error(code, err, path)


def test_reference_nested_100k_deep_is_not_a_crash(tmp_path: Path) -> None:
    from rmm_sigma.verify.reference import read_reference

    path = tmp_path / "rmm_deep.yaml"
    path.write_text("id: x\nname: deep\nquery: |\n  T\ndeep: " + "[" * 100_000 + "]" * 100_000 + "\n")
    reference = read_reference(path)
    assert reference.query == "T\n" and "too deeply" in str(reference.yaml_error)


@pytest.mark.parametrize(
    "name",
    [
        "accept_not_mapping.yml",
        "accept_bad_verdict.yml",
        "accept_unknown_verdict.yml",
        "accept_invalid_yaml.yml",
    ],
)
def test_malformed_accept_file_is_one_line(name: str) -> None:
    from rmm_sigma.verify.run import load_known

    with pytest.raises(RuleError) as error:
        load_known(BAD / "references" / name)
    assert "\n" not in str(error.value) and str(error.value).startswith(f"{BAD / 'references' / name}: ")


# --- exit 3 never ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["convert", "-t", "kql"], ["build", "--output", "OUT", "--rules"], ["list", "rules", "--rules"]],
)
def test_empty_folder_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    code, _, err = run(monkeypatch, capsys, *args, str(empty))
    one_line_error(code, err, empty)
    assert not (tmp_path / "out").exists()


def test_unreadable_file_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As root no mode bit makes a file unreadable, so the read itself fails here as it would."""
    rule = tmp_path / "rule.yml"
    rule.write_text("title: x\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(RuleError, match=r"rule.yml: cannot read: Permission denied$"):
        load_rules([tmp_path])


def test_non_utf8_folder_name_is_reported_not_crashed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xffname")) / "Tool"
    folder.mkdir(parents=True)
    (folder / "rule.yml").write_bytes((BAD / "injection" / "fields_pipe.yml").read_bytes())
    report = tmp_path / "report.xml"
    code, _, err = run(
        monkeypatch, capsys, "check", "--no-analyzer", "--format", "junit", "-o", str(report), str(folder)
    )
    assert code == 1 and "internal error" not in err
    assert "\\udcff" in report.read_text(encoding="utf-8")  # valid UTF-8, the odd byte shown escaped


def test_300_character_tool_name_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        monkeypatch, capsys, "new", "A" * 300, "--domain", "relay.example.com",
        "--reference", "https://example.com", "--rules", str(tmp_path),
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1 and "at most 64" in err
    assert list(tmp_path.iterdir()) == []


# --- references that a product shows as links ------------------------------------------------------

ELASTIC_RULE_FORMATS = ("siem_rule_ndjson", "esql_rule_ndjson", "eql_rule_ndjson")


def _with_reference(tmp_path: Path, reference: str) -> Path:
    rule = yaml.safe_load(
        (PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml").read_text()
    )
    rule["references"] = [reference, *rule["references"]]
    path = tmp_path / "net_connection_win_rmm_x.yml"
    path.write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "reference",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "JavaScript\t:alert(1)",
        "vbscript:x",
        "data:text/html,x",
        "file:///etc/passwd",
    ],
)
def test_a_dangerous_link_is_refused_where_references_become_links(tmp_path: Path, reference: str) -> None:
    results = converted_or_refused(_with_reference(tmp_path, reference))
    assert all(results["elastic", fmt] is None for fmt in ELASTIC_RULE_FORMATS)
    assert results["elastic", "default"] is not None and results["kql", "sentinel_rule"] is not None


@pytest.mark.parametrize(
    "reference", ["Internal Research", "Note: javascript:x is text here", "https://example.com/a"]
)
def test_text_and_web_references_reach_the_rule_documents_as_written(tmp_path: Path, reference: str) -> None:
    results = converted_or_refused(_with_reference(tmp_path, reference))
    for fmt in ELASTIC_RULE_FORMATS:
        document = results["elastic", fmt]
        assert isinstance(document, dict) and document["references"][0] == reference


def test_new_takes_only_web_references(tmp_path: Path, monkeypatch, capsys) -> None:
    code, _, err = run(
        monkeypatch,
        capsys,
        "new",
        "Acme",
        "--domain",
        "acme.example",
        "--reference",
        "javascript:alert(1)",
        "--rules",
        str(tmp_path),
    )
    assert (
        code == 1
        and err
        == "error: --reference 'javascript:alert(1)' must be an http(s) URL: where the indicators come from\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_condition_too_deep_for_the_converter_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    """Past the load-time limit (lifted here), a condition deep enough to exhaust Python's recursion
    while converting is the rule's one-line error, not an internal error."""
    from rmm_sigma import yaml_load

    monkeypatch.setattr(yaml_load, "MAX_CONDITION_DEPTH", 100_000)
    rule = yaml.safe_load(
        (PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml").read_text()
    )
    rule["detection"]["condition"] = "not " * 400 + "selection"
    path = tmp_path / "net_connection_win_rmm_x.yml"
    path.write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, "convert", "-t", "kql", str(path))
    one_line_error(code, err, path)
    assert err.endswith("invalid Sigma: the condition nests too deeply to convert\n") and out == ""
