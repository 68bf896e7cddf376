"""``rmm-sigma import lolrmm``: the command around :mod:`rmm_sigma.lolrmm`.

Same contract as the other commands: a problem is one line on stderr with exit code 1; nothing is
written unless the whole catalog was reviewed, and each file is replaced atomically.
"""

from __future__ import annotations

from pathlib import Path

import click

from rmm_sigma import lolrmm
from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import DEFAULT_RULES
from rmm_sigma.files import refuse_linked_folders


@click.group("import")
def import_group() -> None:
    """Import detections from a third-party catalog into reviewed Sigma rules."""


@import_group.command("lolrmm")
@click.argument("catalog", type=click.Path(path_type=Path), default=lolrmm.DEFAULT_CATALOG)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_RULES,
    show_default=True,
    help="Rules folder: imported rules go to OUT/<Tool>/*_lolrmm.yml next to the reviewed ones.",
)
@click.option(
    "--exclusions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=lolrmm.DATA / "exclusions.yml",
    show_default=True,
    help="Where to record every indicator not put in a rule, with the reason.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Show what a re-run would change; write nothing.")
def lolrmm_command(catalog: Path, out: Path, exclusions: Path, show_diff: bool) -> None:
    """Review the LOLRMM catalog (its yaml/ folder, CATALOG) and write one rule per tool and kind.

    Kinds: network (domains), process (PE version information and file names), signer (code
    signing), file and registry (Windows artefacts). Indicators that do not identify one tool are
    recorded in the exclusions file instead, with the reason; hand decisions live in
    data/lolrmm/review.yml and tool names in data/lolrmm/aliases.yml. Ids derive from tool and kind,
    so re-runs are idempotent.
    """
    try:
        plan = lolrmm.plan_import(catalog, out)
    except lolrmm.CatalogError as exc:
        raise InputError(str(exc)) from None
    for defect in plan.defects:
        click.echo(f"catalog defect: {defect}", err=True)
    change = lolrmm.changes(plan, out, exclusions)
    refuse_linked_folders([*change.write, *change.remove], out)
    summary = plan.summary()
    numbers = (
        f"{summary['entries_with_rules']}/{summary['entries']} entries with rules, "
        f"{summary['real_domains_in_rules']}/{summary['real_domains']} real domains in rules "
        f"({summary['real_domains_in_rules_percent']}%), {summary['indicators_excluded']} indicators excluded"
    )
    if show_diff:
        for chunk in change.diff():
            click.echo(chunk, nl=False)
        click.echo(
            f"{len(change.write)} file(s) would be written, {len(change.remove)} removed, "
            f"{change.unchanged} unchanged; {numbers}",
            err=True,
        )
        return
    lolrmm.apply(change)
    click.echo(
        f"{len(change.write)} file(s) written, {len(change.remove)} removed, "
        f"{change.unchanged} unchanged; {numbers}",
        err=True,
    )
