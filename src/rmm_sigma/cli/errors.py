"""The one error class of the command line: a problem with the user's input, shown on one line."""

from __future__ import annotations

import click


class InputError(click.ClickException):
    """A problem with the user's input: printed as ``error: ...``, exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.message}", err=True)
