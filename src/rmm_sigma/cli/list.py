"""``rmm-sigma list``: targets, formats, tools, rules, or the semantic notes per rule and target."""

from __future__ import annotations

from pathlib import Path

import click

from rmm_sigma import semantics
from rmm_sigma.build import coverage_lines
from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import RULES_FOLDER, SKIP_UNSUPPORTED, VERBOSE
from rmm_sigma.convert import Converter, LoadedRule, RuleError
from rmm_sigma.skipping import load_rules, summary
from rmm_sigma.targets import TARGETS, Target


@click.command("list")
@click.argument(
    "what",
    type=click.Choice(["targets", "formats", "tools", "rules", "notes", "coverage"]),
    default="targets",
)
@RULES_FOLDER
@click.option(
    "-t",
    "--target",
    "target_names",
    multiple=True,
    type=click.Choice(sorted(TARGETS)),
    help="With `notes`: only these targets (repeatable; default all).",
)
@SKIP_UNSUPPORTED
@VERBOSE
def list_command(
    what: str, rules: Path, target_names: tuple[str, ...], skip_unsupported: bool, verbose: bool
) -> None:
    """List targets, formats (per target), tools, rules, semantic notes per rule and target, or coverage
    (per tool and detection kind: rules, and the targets that refuse them with the reason)."""
    if what in ("targets", "formats"):
        for target in TARGETS.values():
            click.echo(f"{target.name:12} {target.description}")
            if what == "formats":
                for name, text in target.formats.items():
                    click.echo(f"  -f {name:16} {text}")
        return
    try:
        loaded, unloaded = load_rules([rules], skip_unsupported)
    except RuleError as exc:
        raise InputError(str(exc)) from None
    if what == "tools":
        for tool in sorted({r.tool for r in loaded}, key=str.lower):
            click.echo(tool)
    elif what == "coverage":
        click.echo("\n".join(coverage_lines(list(TARGETS.values()), loaded)))
    elif what == "notes":
        targets = [TARGETS[n] for n in target_names] or list(TARGETS.values())
        skipped = _list_notes(loaded, rules, targets, skip_unsupported)
        for line in summary(unloaded + skipped, len(loaded) + len(unloaded), verbose):
            click.echo(line, err=True)
    else:
        for r in loaded:
            click.echo(f"{r.rule.id}  {r.path.relative_to(rules)}  {r.rule.title}")


def _list_notes(loaded: list[LoadedRule], rules: Path, targets: list[Target], skip: bool) -> list[RuleError]:
    """Per rule and target: unsupported (with the reason) or the semantic notes of the conversion.

    With ``skip`` a rule the target cannot convert for another reason is listed as skipped and
    returned, instead of stopping the listing."""
    skipped: list[RuleError] = []
    for target in targets:
        converter = Converter(target)
        default = next(iter(target.formats))
        for r in loaded:
            where = f"{target.name:8} {r.path.relative_to(rules)}"
            attempt = converter.try_convert(r, default)
            if attempt.error and not skip:
                raise InputError(str(attempt.error))
            if attempt.error:
                click.echo(f"{where}  skipped: {attempt.error.message}")
                skipped.append(attempt.error)
                continue
            if attempt.unsupported is not None:
                click.echo(f"{where}  unsupported: {attempt.unsupported}")
                continue
            for note in semantics.notes_for(target, r.rule):
                scope = f" [{', '.join(note.formats)}]" if note.formats else ""
                click.echo(f"{where}  {note.id}{scope}: {note.text}")
    return skipped
