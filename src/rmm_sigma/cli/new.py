"""``rmm-sigma new``: the rules for a new tool from its indicators, checked before they are written."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from rmm_sigma.check import CheckOptions, run_check
from rmm_sigma.check.report import Severity
from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import DEFAULT_RULES
from rmm_sigma.files import refuse_linked_folders, write_atomic
from rmm_sigma.scaffold import Indicators, ScaffoldError, planned_files, rules_for


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
        raise InputError(str(exc)) from None
    refuse_linked_folders(files, rules_dir)
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
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    if errors:
        first = errors[0]
        raise InputError(
            f"the new rules would not pass `rmm-sigma check` ({len(errors)} errors), nothing "
            f"written; first: {Path(first.path).name}: {first.check}: {first.message}"
        )
