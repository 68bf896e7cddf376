"""``rmm-sigma convert``: Sigma rules into queries for one target, as ``sigma convert``."""

from __future__ import annotations

from pathlib import Path

import click

from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import SKIP_UNSUPPORTED, VERBOSE, parse_backend_options
from rmm_sigma.convert import Converter, RuleError, as_text
from rmm_sigma.files import write_atomic
from rmm_sigma.skipping import convert_rules, load_rules, summary
from rmm_sigma.targets import TARGETS


@click.command("convert")
@click.option("-t", "--target", required=True, type=click.Choice(sorted(TARGETS)), help="Query language.")
@click.option(
    "-p",
    "--pipeline",
    "pipelines",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra pySigma pipeline YAML applied after the target's own mappings (repeatable).",
)
@click.option("-f", "--format", "output_format", default="default", show_default=True, help="Output format.")
@click.option(
    "-O",
    "--backend-option",
    "backend_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="Backend option, e.g. lookback=7d for the hunting formats.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@SKIP_UNSUPPORTED
@VERBOSE
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def convert(
    target: str,
    pipelines: tuple[Path, ...],
    output_format: str,
    backend_options: tuple[str, ...],
    output: Path | None,
    skip_unsupported: bool,
    verbose: bool,
    paths: tuple[Path, ...],
) -> None:
    """Convert Sigma rules (files or folders) into queries for TARGET.

    Nothing is written unless every rule converts, or with -s, every rule that converts (the
    others are counted by reason on stderr). Formats per target: see `rmm-sigma list`.
    """
    tgt = TARGETS[target]
    if output_format not in tgt.formats:
        raise click.BadParameter(
            f"target {target} has formats {', '.join(tgt.formats)}", param_hint="-f/--format"
        )
    try:
        converter = Converter(tgt, pipelines, **parse_backend_options(backend_options))
        rules, unloaded = load_rules(paths, skip_unsupported, single_use=True)
        queries, skipped = convert_rules(converter, rules, output_format, skip_unsupported)
        text = converter.finalize(queries, output_format)
    except RuleError as exc:
        raise InputError(str(exc)) from None
    for line in summary(unloaded + skipped, len(rules) + len(unloaded), verbose):
        click.echo(line, err=True)
    text = as_text(text, separator="\n\n")
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
