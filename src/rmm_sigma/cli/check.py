"""``rmm-sigma check``: everything wrong with Sigma rules, offline, as text, JSON, JUnit or SARIF.

Same contract as the other commands: a failure is one line on stderr, exit 1 for problems in the
input, 2 for wrong usage; output files are written atomically or not at all.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from rmm_sigma import forked
from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.config import DEFAULT_CONFIG, ConfigError
from rmm_sigma.check.report import CHECKS, FORMATS, counts, render
from rmm_sigma.check.validators import all_validators
from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import DEFAULT_RULES, jobs_option, shown
from rmm_sigma.convert import RuleError, collector_paused
from rmm_sigma.files import write_atomic
from rmm_sigma.skipping import summary
from rmm_sigma.targets import TARGETS


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
@jobs_option(
    f"Processes in all (from {forked.MIN_RULES} rules on): forked ones convert for the targets "
    "other than KQL while this one converts KQL and validates, then shares the targets left; "
    "compare this many pairs at a time with --reference. 1: all in this process."
)
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
    jobs: int,
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
        jobs=jobs,
    )
    try:
        with collector_paused():  # rules and findings live until the end (see young_garbage_collected)
            result = run_check(paths or (shown(DEFAULT_RULES),), options)
    except (ConfigError, RuleError) as exc:  # RuleError: a --reference file that cannot be read
        raise InputError(str(exc)) from None
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
