"""The ``rmm-sigma`` command line, shaped like sigma-cli: one module per command in this package.

Every failure is one line on stderr naming the file and the problem, with a non-zero exit code:
1 for problems in the input, 2 for wrong usage, 3 for a bug in rmm-sigma itself. ``--debug`` lets an
unexpected exception through with its traceback instead of the one-line error.
"""

from __future__ import annotations

import sys

import click

from rmm_sigma import __version__
from rmm_sigma.cli.build import build_command
from rmm_sigma.cli.check import check_command
from rmm_sigma.cli.convert import convert
from rmm_sigma.cli.import_lolrmm import import_group
from rmm_sigma.cli.list import list_command
from rmm_sigma.cli.new import new_command
from rmm_sigma.cli.package import package_command
from rmm_sigma.cli.verify import verify_command

_debug = False


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rmm-sigma")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error instead of one line.")
def cli(debug: bool) -> None:
    """Sigma rules for Remote Monitoring and Management (RMM) tools, converted to SIEM queries.

    \b
    Typical use:
      rmm-sigma list                         targets, formats, tools and rules
      rmm-sigma convert -t kql sigma/AnyDesk one tool's rules as Defender KQL
      rmm-sigma convert -t kql -f hunting -O lookback=7d sigma/AnyDesk
      rmm-sigma build                        every rule, every target and format, into output/
    """
    global _debug
    _debug = debug


COMMANDS = (
    convert,
    build_command,
    list_command,
    verify_command,
    check_command,
    new_command,
    import_group,
    package_command,
)
for command in COMMANDS:
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: any unexpected exception becomes one line and exit code 3, never a traceback.

    ``argv`` defaults to the process's arguments; tests pass their own to run a command in-process.
    """
    global _debug
    _debug = False
    try:
        # returns the code of a click Exit raised by a command
        code = cli.main(args=argv, standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("error: interrupted; output/ left as it was or fully updated", err=True)
        sys.exit(130)
    except OSError as exc:  # the environment (permission, full disk, name too long), not a bug
        if _debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the promise is: no traceback, ever (unless --debug)
        if _debug:
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        click.echo(f"error: internal error ({type(exc).__name__}): {message}", err=True)
        sys.exit(3)
