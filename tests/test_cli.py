"""The command line as a user meets it: real subprocesses, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run_cli, run_process

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.build import BuildResult
from rmm_sigma.cli import main

ANYDESK = PROJECT_ROOT / "sigma" / "AnyDesk"


run = run_cli


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_convert_prints_reference_style_kql() -> None:
    proc = run("convert", "-t", "kql", str(ANYDESK / "net_connection_win_rmm_anydesk.yml"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(
        "DeviceNetworkEvents\n| where RemoteUrl has_any ('anydesk.com', 'api.playanext.com')"
    )


def test_convert_hunting_format_with_lookback_option() -> None:
    proc = run("convert", "-t", "kql", "-f", "hunting", "-O", "lookback=14d", str(ANYDESK))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("let Time_start = now(-14d);") == len(list(ANYDESK.glob("*.yml")))


def test_missing_path_is_one_line_error() -> None:
    assert_one_line_error(run("convert", "-t", "kql", "no/such/rule.yml"), "no/such/rule.yml", "no such file")


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("title: x\ndetection: [unclosed\n", encoding="utf-8")
    assert_one_line_error(run("convert", "-t", "kql", str(bad)), str(bad), "invalid YAML at line")


def test_unknown_field_names_file_and_field(tmp_path: Path) -> None:
    text = (ANYDESK / "net_connection_win_rmm_anydesk.yml").read_text(encoding="utf-8")
    bad = tmp_path / "unknown_field.yml"
    bad.write_text(text.replace("Product|contains", "ProductNam|contains"), encoding="utf-8")
    assert_one_line_error(run("convert", "-t", "kql", str(bad)), str(bad), "ProductNam")


def test_unknown_target_is_a_usage_error() -> None:
    proc = run("convert", "-t", "nosuchsiem", str(ANYDESK))
    assert proc.returncode == 2 and "nosuchsiem" in proc.stderr and "Traceback" not in proc.stderr


def test_failed_conversion_writes_no_output_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("title: [\n", encoding="utf-8")
    out = tmp_path / "out.kql"
    proc = run("convert", "-t", "kql", "-o", str(out), str(ANYDESK), str(bad))
    assert proc.returncode == 1 and not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temp file left behind either


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "anydesk.kql"
    assert run("convert", "-t", "kql", "-o", str(out), str(ANYDESK)).returncode == 0
    assert out.read_text(encoding="utf-8").count("| where ") == len(list(ANYDESK.glob("*.yml")))


@pytest.mark.slow
@pytest.mark.xdist_group("build")  # shares the session build with the output tests
def test_build_is_deterministic_and_check_detects_staleness(
    tmp_path: Path, built: BuildResult, reviewed_rules_dir: Path
) -> None:
    """The CLI writes exactly what the session's in-memory build produced (same rules, same bytes);
    --check finds a hand edit and a stray file; a rebuild rewrites only those two."""
    reviewed = reviewed_rules_dir  # the rules of the session build: a build of a few seconds
    out = tmp_path / "output"
    first = run("build", "--rules", str(reviewed), "--output", str(out))
    assert first.returncode == 0, first.stderr
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len(snapshot) >= 166 * 3
    assert snapshot == {out / rel: text.encode("utf-8") for rel, text in built.files.items()}
    victim = next(iter(sorted(snapshot)))
    victim.write_text("edited by hand\n", encoding="utf-8")
    (out / "kql" / "default" / "Stray.kql").write_text("x\n", encoding="utf-8")
    assert_one_line_error(
        run("build", "--rules", str(reviewed), "--output", str(out), "--check"), "out of date"
    )
    again = run("build", "--rules", str(reviewed), "--output", str(out))
    assert again.returncode == 0 and "1 written, 1 removed" in again.stderr, again.stderr
    assert not (out / "kql" / "default" / "Stray.kql").exists()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_build_with_a_broken_rule_writes_nothing(tmp_path: Path) -> None:
    rules = tmp_path / "sigma"
    shutil.copytree(ANYDESK, rules / "AnyDesk")
    (rules / "AnyDesk" / "broken.yml").write_text("title: [\n", encoding="utf-8")
    out = tmp_path / "output"
    proc = run("build", "--rules", str(rules), "--output", str(out))
    assert proc.returncode == 1 and "broken.yml" in proc.stderr and not out.exists()


@pytest.mark.parametrize("what", ["targets", "formats", "tools", "rules"])
def test_list(what: str) -> None:
    proc = run("list", what)
    assert proc.returncode == 0 and proc.stdout.strip()
    if what == "tools":
        assert "AnyDesk" in proc.stdout.split() and "SyncroMSP" in proc.stdout.split()


def test_help_teaches_usage() -> None:
    proc = run("convert", "--help")
    assert proc.returncode == 0 and "-O, --backend-option" in proc.stdout and "lookback" in proc.stdout


@pytest.mark.slow
def test_the_console_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    """The one test that starts Python: ``python -m rmm_sigma`` reaches main() and its exit codes."""
    bad = tmp_path / "bad.yml"
    bad.write_text("title: [\n", encoding="utf-8")
    assert_one_line_error(run_process("convert", "-t", "kql", str(bad)), str(bad), "invalid YAML")
    assert run_process("--version").stdout.startswith("rmm-sigma, version ")


def test_debug_lets_an_internal_error_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --debug an unexpected exception is one line and exit 3; with it, the exception itself."""
    import rmm_sigma.cli.list as list_module

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(list_module, "load_rules", broken)
    proc = run("list", "tools")
    assert proc.returncode == 3 and proc.stderr == "error: internal error (RuntimeError): a bug\n"
    with pytest.raises(RuntimeError, match="a bug"):
        main(["--debug", "list", "tools"])


def test_an_interrupt_wrapped_in_another_error_is_an_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while a module defines a class reaches us as ``RuntimeError: Error calling
    __set_name__``, caused by the KeyboardInterrupt: that is an interrupt (130), not a bug (3)."""
    import rmm_sigma.cli.list as list_module

    def interrupted(*args: object) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance 'tables'") from exc

    monkeypatch.setattr(list_module, "load_rules", interrupted)
    proc = run("list", "tools")
    assert proc.returncode == 130 and proc.stderr == "error: interrupted\n"


def test_help_lists_each_commands_own_summary() -> None:
    """``--help`` lists the summaries of rmm_sigma.cli.COMMANDS (so it imports no command): they
    must read exactly as click would list the commands' own help texts."""
    import click

    from rmm_sigma.cli import cli

    ctx = click.Context(cli)
    listed, own = ctx.make_formatter(), ctx.make_formatter()
    cli.format_commands(ctx, listed)
    click.Group.format_commands(cli, ctx, own)  # imports every command and asks it
    assert listed.getvalue() == own.getvalue()
    assert "convert  Convert Sigma rules" in listed.getvalue()


_IMPORTS = """
import contextlib, io, sys
from rmm_sigma.cli import main

def run(*args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(list(args))

heavy = ("sigma", "rmm_sigma.build", "rmm_sigma.check", "rmm_sigma.verify", "rmm_sigma.lolrmm")
run("--help")
print("help", *[m for m in heavy if m in sys.modules])
run("convert", "-t", "kql", "sigma/AnyDesk")
print("convert", *[m for m in heavy if m in sys.modules])
"""


def test_each_command_imports_only_what_it_uses() -> None:
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", _IMPORTS], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.splitlines() == ["help", "convert sigma"], proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("cron_schedule=*/5 * * * *\nsearch = | delete", "the value of cron_schedule must be one line"),
        ("action.email.to=a@b.example\u2028[evil]", "the value of action.email.to must be one line"),
        ("action.email x=1", "'action.email x' is not an option name"),
        ("=x", "'=x' is not key=value"),
    ],
)
@pytest.mark.parametrize(
    "command", [("convert", "-t", "splunk", "-f", "savedsearches"), ("package", "splunk-app")]
)
def test_a_backend_option_that_would_break_a_file_is_a_usage_error(
    tmp_path: Path, command: tuple[str, ...], option: str, message: str
) -> None:
    """``-O`` values go into savedsearches.conf settings: a line break would start a setting of its own."""
    rules = (
        ("--rules", str(ANYDESK), "-o", str(tmp_path / "dist"))
        if command[0] == "package"
        else (str(ANYDESK),)
    )
    proc = run(*command, "-O", option, *rules)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"Invalid value for -O/--backend-option: {message}" in proc.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("output", ["rules/out", "rules", "."])
def test_build_refuses_an_output_folder_inside_the_rules_or_around_them(tmp_path: Path, output: str) -> None:
    """Inside the rules, a second build would read the first one's Sentinel YAML as rules."""
    shutil.copytree(ANYDESK, tmp_path / "rules" / "AnyDesk")
    proc = run("build", "--rules", str(tmp_path / "rules"), "--output", str(tmp_path / output))
    assert_one_line_error(proc, "must not be inside one another")
    assert (
        sorted(p.name for p in tmp_path.iterdir()) == ["rules"] and not (tmp_path / "rules" / "out").exists()
    )
