"""The ``rmm-sigma`` command line, shaped like sigma-cli: one module per command in this package.

Every failure is one line on stderr naming the file and the problem, with a non-zero exit code:
1 for problems in the input, 2 for wrong usage, 3 for a bug in rmm-sigma itself. ``--debug`` lets an
unexpected exception through with its traceback instead of the one-line error.

Commands are registered by name and imported when they run (:class:`LazyGroup`), so each command
loads only what it uses: ``convert`` never imports the build, check or verify machinery.
"""

from __future__ import annotations

import gc
import importlib
import sys

import click

from rmm_sigma import __version__

_debug = False

#: command name -> ("module:attribute" of its click command, the first paragraph of its help).
#: ``--help`` lists the summaries from here, so that it imports no command (a test keeps them equal).
COMMANDS = {
    "convert": (
        "rmm_sigma.cli.convert:convert",
        "Convert Sigma rules (files or folders) into queries for TARGET.",
    ),
    "build": (
        "rmm_sigma.cli.build:build_command",
        "Convert every rule to every target and format, into OUTPUT/<target>/<format>/<Tool>/.",
    ),
    "list": (
        "rmm_sigma.cli.list:list_command",
        "List targets, formats (per target), tools, rules, semantic notes per rule and target, or coverage",
    ),
    "verify": (
        "rmm_sigma.cli.verify:verify_command",
        "Prove each generated KQL query equivalent to its reference query, or show why not.",
    ),
    "check": (
        "rmm_sigma.cli.check:check_command",
        "Find everything wrong with Sigma rules (default: sigma/), offline.",
    ),
    "new": (
        "rmm_sigma.cli.new:new_command",
        "Write the rules for a new TOOL from its indicators, ready for `rmm-sigma check`.",
    ),
    "import": (
        "rmm_sigma.cli.import_lolrmm:import_group",
        "Import detections from a third-party catalog into reviewed Sigma rules.",
    ),
    "package": (
        "rmm_sigma.cli.package:package_command",
        "Build a deployable package (a Splunk app) from the rules.",
    ),
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when the command runs.

    Importing every command up front (pySigma's parsers, all backends, the check and verify
    machinery) was most of a small ``convert``'s time; this way a command pays only for itself, and
    ``--help`` lists the commands from the summaries in :data:`COMMANDS` without importing any.
    """

    def __init__(self, *args: object, lazy_commands: dict[str, tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lazy = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*self._lazy, *super().list_commands(ctx)])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._lazy:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self._lazy[cmd_name][0].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        # What is loaded now (modules, classes, pySigma's grammars) lives as long as the process:
        # the garbage collector need not walk it again on every full collection (a tenth of convert).
        gc.freeze()
        if command.name != cmd_name:
            raise RuntimeError(f"command {cmd_name} is registered as {command.name}")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list as click writes it, each summary shortened by click to the same width."""
        limit = formatter.width - 6 - max(map(len, self._lazy))
        summaries = sorted((name, click.Command(name, help=text)) for name, (_, text) in self._lazy.items())
        rows = [(name, stand_in.get_short_help_str(limit)) for name, stand_in in summaries]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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
        if _interrupted(exc):
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        if _debug:
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        click.echo(f"error: internal error ({type(exc).__name__}): {message}", err=True)
        sys.exit(3)


def _interrupted(exc: BaseException) -> bool:
    """Whether Ctrl-C is behind ``exc``: Python wraps a KeyboardInterrupt that arrives in some places
    into another error (``Error calling __set_name__``, while a lazily imported module defines a
    class), which is still the user's interrupt, not a bug."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False
