"""The ``check`` and ``new`` commands of the ``rmm-sigma`` command line (registered in cli.py).

Same contract as the other commands: a failure is one line on stderr, exit 1 for problems in the
input, 2 for wrong usage; output files are written atomically or not at all.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.config import DEFAULT_CONFIG, ConfigError
from rmm_sigma.check.report import CHECKS, FORMATS, counts, render
from rmm_sigma.check.validators import all_validators
from rmm_sigma.files import write_atomic
from rmm_sigma.scaffold import Indicators, ScaffoldError, planned_files, rules_for
from rmm_sigma.skipping import summary
from rmm_sigma.targets import TARGETS

DEFAULT_RULES = PROJECT_ROOT / "sigma"


class Failure(click.ClickException):
    """A problem with the input: printed as ``error: ...``, exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory if below it: findings name files as people type them."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _list_checks() -> None:
    for check_id, text in CHECKS.items():
        click.echo(f"{check_id:22} {text}")
    click.echo("\nvalidators (check id validator.<name>):")
    for name in sorted(all_validators()):
        click.echo(f"  {name}")


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people, json, junit (CI test results), sarif (code scanning).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of standard output.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG,
    show_default=True,
    help="Validator configuration and documented extensions.",
)
@click.option(
    "--reference",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Reference corpus (folder with RMM/<Tool>/rmm_*.yaml): compare each rule's KQL with it.",
)
@click.option("--no-analyzer", is_flag=True, help="Skip Microsoft's KQL analyzer (node).")
@click.option("--list", "list_checks", is_flag=True, help="List the check ids and validators, and exit.")
@click.option(
    "-s",
    "--skip-unsupported",
    is_flag=True,
    help="A rule a target cannot convert is skipped, not an error; a summary by reason goes to stderr.",
)
@click.option("-v", "--verbose", is_flag=True, help="With -s: one line per skipped conversion.")
@click.option(
    "--profile",
    type=click.Choice(["auto", "project", "thirdparty"]),
    default="auto",
    show_default=True,
    help="thirdparty: skip the project's own conventions (file names, required metadata, RMM "
    "indicator quality); auto: project for rules inside this repository, thirdparty elsewhere.",
)
def check_command(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    strict: bool,
    config_path: Path,
    reference: Path | None,
    no_analyzer: bool,
    list_checks: bool,
    skip_unsupported: bool,
    verbose: bool,
    profile: str,
) -> None:
    """Find everything wrong with Sigma rules (default: sigma/), offline.

    One finding per line, `path: severity: check-id: message`, then a summary on stderr.
    Exit 1 when there are errors (or, with --strict, warnings); warnings alone exit 0.
    """
    if list_checks:
        _list_checks()
        return
    started = time.monotonic()
    options = CheckOptions(
        config_path=config_path,
        reference=reference,
        analyzer=not no_analyzer,
        skip_unsupported=skip_unsupported,
        profile=profile,
    )
    try:
        result = run_check(paths or (_shown(DEFAULT_RULES),), options)
    except ConfigError as exc:
        raise Failure(str(exc)) from None
    report = render(result.findings, result.files, fmt)
    if output:
        write_atomic(output, report)
    else:
        sys.stdout.write(report)
    errors, warnings = counts(result.findings)
    for line in summary(result.skipped, len(result.files) * len(TARGETS), verbose):
        click.echo(line.replace(" rules ", " rule/target conversions ", 1), err=True)
    click.echo(
        f"checked {len(result.files)} files in {time.monotonic() - started:.1f}s: "
        f"{errors} errors, {warnings} warnings",
        err=True,
    )
    if errors or (strict and warnings):
        sys.exit(1)


@click.command("new")
@click.argument("tool")
@click.option("--domain", "domains", multiple=True, help="A domain the tool connects to (repeatable).")
@click.option("--signer", "signers", multiple=True, help="Code-signing certificate subject (repeatable).")
@click.option("--company", "companies", multiple=True, help="Company in the version info (repeatable).")
@click.option("--product", "products", multiple=True, help="Product in the version info (repeatable).")
@click.option(
    "--reference",
    "references",
    multiple=True,
    required=True,
    help="URL where the indicators come from (repeatable, at least one).",
)
@click.option("--author", default="rmm-sigma contributors", show_default=True, help="Rule author.")
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_RULES,
    show_default=True,
    help="Rules folder; files go to RULES/<TOOL>/.",
)
def new_command(
    tool: str,
    domains: tuple[str, ...],
    signers: tuple[str, ...],
    companies: tuple[str, ...],
    products: tuple[str, ...],
    references: tuple[str, ...],
    author: str,
    rules_dir: Path,
) -> None:
    """Write the rules for a new TOOL from its indicators, ready for `rmm-sigma check`.

    \b
    Example:
      rmm-sigma new AcmeRemote --domain relay.acmeremote.com --company "Acme Remote Ltd" \\
        --signer "Acme Remote Ltd" --reference https://acmeremote.example/docs/firewall

    The rules are checked before anything is written; existing files are never overwritten.
    """
    indicators = Indicators(domains, signers, companies, products, references, author)
    try:
        files = planned_files(rules_dir, tool, rules_for(tool, indicators))
    except ScaffoldError as exc:
        raise Failure(str(exc)) from None
    _precheck(tool, files)
    for path, content in files.items():
        write_atomic(path, content)
        click.echo(path)


def _precheck(tool: str, files: dict[Path, str]) -> None:
    """Run ``check`` (without the analyzer) on the rules in a scratch folder; refuse to write on errors."""
    with tempfile.TemporaryDirectory(prefix="rmm-sigma-new-") as scratch:
        for path, content in files.items():
            write_atomic(Path(scratch) / tool / path.name, content)
        result = run_check([Path(scratch)], CheckOptions(analyzer=False, profile="project"))
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        first = errors[0]
        raise Failure(
            f"the new rules would not pass `rmm-sigma check` ({len(errors)} errors), nothing "
            f"written; first: {Path(first.path).name}: {first.check}: {first.message}"
        )
