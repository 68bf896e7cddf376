"""Defaults and options shared by several commands."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

SKIP_UNSUPPORTED = click.option(
    "-s",
    "--skip-unsupported",
    is_flag=True,
    help="Skip rules the target cannot express (or that do not load) instead of stopping; "
    "a summary of what was skipped and why goes to stderr.",
)
VERBOSE = click.option("-v", "--verbose", is_flag=True, help="With -s: one line per skipped rule.")


def jobs_option(help: str) -> Callable[[Any], Any]:  # noqa: A002 - click's own parameter name
    """``-j/--jobs``: how many processes a command spreads its work over (default: one per CPU)."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(1, 64),
        default=os.cpu_count() or 1,
        show_default="CPU count",
        help=help,
    )


def shown(path: Path) -> Path:
    """``path`` relative to the working directory if below it: findings name files as people type them."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


#: A backend option's name: what savedsearches.conf and pySigma's backends take as a key.
_OPTION_NAME = re.compile(r"[A-Za-z0-9_.]+")


def parse_backend_options(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-O key=value`` pairs, as sigma-cli takes backend options: a plain name and a one-line value
    (a value is written into queries and files, such as a savedsearches.conf setting, where a line
    break would start a setting of its own)."""
    from rmm_sigma.safety import LINE_BREAKS  # here: the other commands' options need no pySigma

    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="-O/--backend-option")
        if not _OPTION_NAME.fullmatch(key):
            raise click.BadParameter(
                f"{key!r} is not an option name (letters, digits, _ and .)", param_hint="-O/--backend-option"
            )
        if any(char in LINE_BREAKS for char in value):
            raise click.BadParameter(f"the value of {key} must be one line", param_hint="-O/--backend-option")
        options[key] = value
    return options
