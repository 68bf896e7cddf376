"""Defaults and options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from rmm_sigma import PROJECT_ROOT

DEFAULT_RULES = PROJECT_ROOT / "sigma"
DEFAULT_OUTPUT = PROJECT_ROOT / "output"

RULES_FOLDER = click.option(
    "--rules",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_RULES,
    show_default=True,
    help="Folder of Sigma rules.",
)


def shown(path: Path) -> Path:
    """``path`` relative to the working directory if below it: findings name files as people type them."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
