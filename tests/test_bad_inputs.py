"""Robustness: hostile and broken inputs through ``convert`` and ``check``, as a user runs them.

Every input must end in a non-zero exit with one stderr line naming the file (``check`` prints its
findings on stdout and a one-line summary on stderr), without a traceback, and without
leaving a partial output file. The one valid member, a value holding every special character of every
target, must convert with the value intact.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_runner import run_cli

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.targets import TARGETS
from rmm_sigma.verify.kql_text import tokenize

BAD = PROJECT_ROOT / "tests" / "data" / "bad"
SPECIAL = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + " \t\n" + "é€😀"


def _generated(tmp_path: Path) -> dict[str, Path]:
    """The members too big or too binary to keep in git."""
    valid = (BAD / "invalid_modifier.yml").read_text(encoding="utf-8").replace("containz", "contains")
    made = {
        "empty.yml": b"",
        "binary.yml": bytes(range(256)) * 64,
        "huge.yml": (valid + "\n# " + "x" * 10_000_000 + "\n").encode(),
        "not_utf8.yml": valid.replace("Acme", "Acm\udce9", 1).encode("utf-8", "surrogateescape"),
        # libyaml's composer recurses in C: this used to crash the interpreter (SIGSEGV)
        "deep_yaml.yml": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in made}


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {p.name: p for p in sorted(BAD.glob("*.yml")) if p.name != "special_characters.yml"}
    return {**files, **_generated(tmp_path)}


CASES = [
    "duplicate_keys.yml",
    "invalid_modifier.yml",
    "unknown_logsource.yml",
    "deep_condition.yml",
    "yaml_bomb.yml",
    "empty.yml",
    "binary.yml",
    "huge.yml",
    "not_utf8.yml",
    "deep_yaml.yml",
    "correlation.yml",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=Path.cwd())


def test_corpus_is_complete(tmp_path: Path) -> None:
    assert sorted(_bad_files(tmp_path)) == sorted(CASES)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("previous", [None, "the previous query\n"], ids=["absent", "existing"])
def test_convert_rejects_bad_input(tmp_path: Path, name: str, previous: str | None) -> None:
    path = _bad_files(tmp_path)[name]
    out = tmp_path / "out.kql"
    if previous is not None:
        out.write_text(previous, encoding="utf-8")
    result = _run("convert", "-t", "kql", "-o", str(out), str(path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {path}: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if previous is None:
        assert not out.exists()
    else:
        assert out.read_text(encoding="utf-8") == previous
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.kql")] == []  # no temp file left


@pytest.mark.parametrize("name", CASES)
def test_check_reports_bad_input(tmp_path: Path, name: str) -> None:
    path = _bad_files(tmp_path)[name]
    result = _run("check", "--no-analyzer", str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}: error: ")
    assert result.stderr.count("\n") == 1 and "errors" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_special_characters_survive_kql(tmp_path: Path) -> None:
    out = tmp_path / "special.kql"
    result = _run("convert", "-t", "kql", "-o", str(out), str(BAD / "special_characters.yml"))
    assert result.returncode == 0, result.stderr
    query = out.read_text(encoding="utf-8")
    assert "\t" not in query and query.count("\n") == 2  # control characters escaped, not raw
    strings = [t.value for t in tokenize(query) if t.kind == "string"]
    assert strings == [SPECIAL]


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_special_characters_convert_or_are_refused_for_every_target(target: str) -> None:
    """Every target converts the value, or refuses it in one line naming the file (e.g. a line break
    cannot be a Lucene term); never a crash (exit 3) or a traceback."""
    path = BAD / "special_characters.yml"
    result = _run("convert", "-t", target, str(path))
    assert "Traceback" not in result.stdout + result.stderr
    if result.returncode != 0:
        assert result.returncode == 1 and result.stderr.startswith(f"error: {path}: "), result.stderr
        assert result.stderr.count("\n") == 1


def test_check_on_special_characters_names_the_file() -> None:
    result = _run("check", "--no-analyzer", str(BAD / "special_characters.yml"))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1  # it is not in a sigma/<Tool>/ layout: naming.path
    assert all(line.startswith(f"{BAD / 'special_characters.yml'}: ") for line in result.stdout.splitlines())


#: ``convert -p`` files that are not pipelines pySigma can load: pySigma fails on each with a Python error
#: of its content (AttributeError, TypeError, ...), which must reach the user as the file's problem.
BAD_PIPELINES = {
    "broken_yaml.yml": b"a: [\n",
    "a_list.yml": b"- a\n- b\n",
    "a_scalar.yml": b"hello\n",
    "empty.yml": b"",
    "not_utf8.yml": b"\xff\xfe",
    "transformations_not_a_list.yml": b"transformations: 5\n",
    "unknown_transformation.yml": b"transformations:\n  - type: nonsense_type\n",
}


@pytest.mark.parametrize("name", sorted(BAD_PIPELINES))
def test_convert_rejects_a_broken_pipeline_naming_it(tmp_path: Path, name: str) -> None:
    pipeline = tmp_path / name
    pipeline.write_bytes(BAD_PIPELINES[name])
    out = tmp_path / "out.kql"
    rule = str(PROJECT_ROOT / "sigma" / "AnyDesk")
    result = _run("convert", "-t", "kql", "-p", str(pipeline), "-o", str(out), rule)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {pipeline}: not a usable pySigma pipeline: "), result.stderr
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
    assert not out.exists()


def test_convert_refuses_a_pipeline_it_would_apply_twice(tmp_path: Path) -> None:
    """``-p mappings/defender.yml``, as sigma-cli needs it, or one file given twice."""
    rule = str(PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml")
    own = PROJECT_ROOT / "mappings" / "defender.yml"
    result = _run("convert", "-t", "kql", "-p", str(own), rule)
    assert result.returncode == 1
    message = "is the kql target's own mapping, which it applies already (-p adds pipelines after it)"
    assert result.stderr == f"error: {own}: {message}\n"
    extra = tmp_path / "extra.yml"
    extra.write_text("name: extra\ntransformations: []\n", encoding="utf-8")
    result = _run("convert", "-t", "kql", "-p", str(extra), "-p", str(extra), rule)
    assert (result.returncode, result.stderr) == (1, f"error: {extra}: is given twice with -p\n")
    assert _run("convert", "-t", "kql", "-p", str(extra), rule).returncode == 0


def test_a_correlation_rule_is_named_as_such(tmp_path: Path) -> None:
    result = _run("convert", "-t", "kql", str(BAD / "correlation.yml"))
    assert result.stderr.endswith(
        ": a Sigma correlation rule (event_count): rmm-sigma converts detection rules only\n"
    )


def _rule_named(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "rules" / "Tool"
    folder.mkdir(parents=True)
    rule = PROJECT_ROOT / "sigma" / "AnyDesk" / "net_connection_win_rmm_anydesk.yml"
    (folder / name).write_bytes(rule.read_bytes())
    return folder / name


@pytest.mark.parametrize("name", ["net_connection_a\nb.yml", "net_connection_a|b.yml", ".hidden.yml"])
def test_build_refuses_a_rule_file_name_that_is_no_plain_output_path(tmp_path: Path, name: str) -> None:
    """A rule's folder and file name become output paths, report table rows and package members."""
    _rule_named(tmp_path, name)
    result = _run("build", "--rules", str(tmp_path / "rules"), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path}/rules/Tool/") and "becomes an output path" in line
    assert not (tmp_path / "out").exists()


def test_a_file_name_with_a_line_break_is_shown_escaped_on_one_line(tmp_path: Path) -> None:
    path = _rule_named(tmp_path, "net_connection_win_rmm_a\nb.yml")
    shown = str(path).replace("\n", "\\n")
    result = _run("check", "--no-analyzer", str(path))
    assert result.returncode == 1 and result.stdout.splitlines()[0].startswith(f"{shown}: error: ")
    assert all(line.startswith(shown) for line in result.stdout.splitlines())
    result = _run("convert", "-t", "kql", "-f", "hunting", "-O", "lookback=bad", str(path))
    assert (
        result.stderr == f"error: {shown}: lookback must be a number and a unit d/h/m/s, like 5d, not 'bad'\n"
    )
