"""``rmm-sigma package``: a deployable package of every rule, as its product installs it."""

from __future__ import annotations

from pathlib import Path

import click

from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import RULES_FOLDER, parse_backend_options
from rmm_sigma.convert import Converter, RuleError, as_text, load_rules
from rmm_sigma.packaging import splunk_app_files, write_package
from rmm_sigma.targets import TARGETS


@click.group("package")
def package_command() -> None:
    """Build a deployable package (a Splunk app) from the rules."""


@package_command.command("splunk-app")
@RULES_FOLDER
@click.option(
    "-O",
    "--backend-option",
    "backend_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="savedsearches.conf setting, e.g. cron_schedule='*/15 * * * *', dispatch.earliest_time=-20m, "
    "actions=email, action.email.to=soc@example.com (a schedule makes every search an alert).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder for the app folder and its .tgz.",
)
def splunk_app(rules: Path, backend_options: tuple[str, ...], output: Path) -> None:
    """Write the Splunk app (folder and deterministic .tgz) of every rule Splunk supports."""
    target = TARGETS["splunk"]
    try:
        converter = Converter(target, (), **parse_backend_options(backend_options))
        attempts = [converter.try_convert(r, "savedsearches") for r in load_rules([rules])]
    except RuleError as exc:
        raise InputError(str(exc)) from None
    errors = [a.error for a in attempts if a.error]
    if errors:
        raise InputError(str(errors[0]))
    queries = [a.query for a in attempts if a.ok]
    files = splunk_app_files(as_text(converter.finalize(queries, "savedsearches")))
    tgz = write_package(output, files)
    click.echo(f"{tgz}: {len(queries)} saved searches", err=True)
