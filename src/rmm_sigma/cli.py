"""The ``rmm-sigma`` command line: convert, build and list, shaped like ``sigma convert``.

Every failure is one line on stderr naming the file and the problem, with a non-zero exit code:
1 for problems in the input, 2 for wrong usage, 3 for a bug in rmm-sigma itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from rmm_sigma import PROJECT_ROOT, __version__, semantics
from rmm_sigma.build import build
from rmm_sigma.commands import check_command, new_command
from rmm_sigma.convert import Converter, LoadedRule, RuleError, as_text, load_rules
from rmm_sigma.files import sync_tree, write_atomic
from rmm_sigma.targets import TARGETS, Target

DEFAULT_RULES = PROJECT_ROOT / "sigma"
DEFAULT_OUTPUT = PROJECT_ROOT / "output"


RULES_FOLDER = click.option(
    "--rules",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_RULES,
    show_default=True,
    help="Folder of Sigma rules.",
)


class InputError(click.ClickException):
    """A problem with the user's input: printed as ``error: ...``, exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _options(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-O key=value`` pairs, as sigma-cli takes backend options."""
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"'{pair}' is not key=value", param_hint="-O/--backend-option")
        options[key] = value
    return options


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rmm-sigma")
def cli() -> None:
    """Sigma rules for Remote Monitoring and Management (RMM) tools, converted to SIEM queries.

    \b
    Typical use:
      rmm-sigma list                         targets, formats, tools and rules
      rmm-sigma convert -t kql sigma/AnyDesk one tool's rules as Defender KQL
      rmm-sigma convert -t kql -f hunting -O lookback=7d sigma/AnyDesk
      rmm-sigma build                        every rule, every target and format, into output/
    """


@cli.command()
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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def convert(
    target: str,
    pipelines: tuple[Path, ...],
    output_format: str,
    backend_options: tuple[str, ...],
    output: Path | None,
    paths: tuple[Path, ...],
) -> None:
    """Convert Sigma rules (files or folders) into queries for TARGET.

    Nothing is written unless every rule converts. Formats per target: see `rmm-sigma list`.
    """
    tgt = TARGETS[target]
    if output_format not in tgt.formats:
        raise click.BadParameter(
            f"target {target} has formats {', '.join(tgt.formats)}", param_hint="-f/--format"
        )
    try:
        converter = Converter(tgt, pipelines, **_options(backend_options))
        rules = load_rules(paths)
        queries = [converter.convert(r, output_format) for r in rules]
        text = converter.finalize(queries, output_format)
    except RuleError as exc:
        raise InputError(str(exc)) from None
    text = as_text(text, separator="\n\n")
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@cli.command("build")
@RULES_FOLDER
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Folder to write into.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if output/ is not what the rules produce.")
def build_command(rules: Path, output: Path, check: bool) -> None:
    """Convert every rule to every target and format, into OUTPUT/<target>/<format>/<Tool>/.

    Deterministic; only files whose content changed are rewritten, stale ones are removed.
    If any rule fails, nothing is written.
    """
    try:
        loaded = load_rules([rules])
    except RuleError as exc:
        raise InputError(str(exc)) from None
    steps = sum(len(t.formats) for t in TARGETS.values())
    with click.progressbar(length=steps, label=f"Converting {len(loaded)} rules", file=sys.stderr) as bar:
        result = build(TARGETS.values(), loaded, tick=lambda: bar.update(1))
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    if result.errors:
        raise InputError(f"{len(result.errors)} conversion(s) failed; output/ left as it was")
    managed = [Path(name) for name in TARGETS]
    if check:
        _check_fresh(output, result.files, managed)
        return
    written, removed = sync_tree(output, result.files, managed)
    click.echo(f"{len(result.files)} files in {output}: {written} written, {removed} removed", err=True)
    if result.unsupported:
        click.echo(
            f"{len(result.unsupported)} rule/target pairs refused with a reason: {output / 'UNSUPPORTED.md'}",
            err=True,
        )


def _check_fresh(output: Path, files: dict[Path, str], managed: list[Path]) -> None:
    stale = [
        rel
        for rel, text in files.items()
        if not (output / rel).is_file() or (output / rel).read_text(encoding="utf-8") != text
    ]
    extra = [
        p
        for m in managed
        for p in sorted((output / m).rglob("*"))
        if p.is_file() and p.relative_to(output) not in files
    ]
    if stale or extra:
        for rel in stale[:20]:
            click.echo(f"stale: {output / rel}", err=True)
        for path in extra[:20]:
            click.echo(f"not produced by any rule: {path}", err=True)
        raise InputError(
            f"{output} is out of date ({len(stale)} stale, {len(extra)} extra): run `rmm-sigma build`"
        )
    click.echo(f"{output} is up to date ({len(files)} files)", err=True)


@cli.command("list")
@click.argument(
    "what", type=click.Choice(["targets", "formats", "tools", "rules", "notes"]), default="targets"
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
def list_command(what: str, rules: Path, target_names: tuple[str, ...]) -> None:
    """List targets, formats (per target), tools, rules, or semantic notes per rule and target."""
    if what in ("targets", "formats"):
        for target in TARGETS.values():
            click.echo(f"{target.name:12} {target.description}")
            if what == "formats":
                for name, text in target.formats.items():
                    click.echo(f"  -f {name:16} {text}")
        return
    try:
        loaded = load_rules([rules])
    except RuleError as exc:
        raise InputError(str(exc)) from None
    if what == "tools":
        for tool in sorted({r.tool for r in loaded}, key=str.lower):
            click.echo(tool)
    elif what == "notes":
        _list_notes(loaded, rules, [TARGETS[n] for n in target_names] or list(TARGETS.values()))
    else:
        for r in loaded:
            click.echo(f"{r.rule.id}  {r.path.relative_to(rules)}  {r.rule.title}")


def _list_notes(loaded: list[LoadedRule], rules: Path, targets: list[Target]) -> None:
    """Per rule and target: unsupported (with the reason) or the semantic notes of the conversion."""
    for target in targets:
        converter = Converter(target)
        default = next(iter(target.formats))
        for r in loaded:
            where = f"{target.name:8} {r.path.relative_to(rules)}"
            try:
                converter.convert(r, default)
            except RuleError as exc:
                if not exc.unsupported:
                    raise InputError(str(exc)) from None
                click.echo(f"{where}  unsupported: {exc.message}")
                continue
            for note in semantics.notes_for(target, r.rule):
                scope = f" [{', '.join(note.formats)}]" if note.formats else ""
                click.echo(f"{where}  {note.id}{scope}: {note.text}")


DEFAULT_REFERENCES = (
    PROJECT_ROOT.parent / "shared" / "reference" / "rmm-tools",
    PROJECT_ROOT.parent / "shared" / "seeds",
)


@cli.command("verify")
@click.option(
    "-r",
    "--reference",
    "references",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Reference corpus folder, folder of seed .txt files, or one file (repeatable). "
    "Default: ../shared/reference/rmm-tools and ../shared/seeds.",
)
@click.option(
    "--accept",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML of known exceptions: reference file name -> {verdict: ...}, e.g. "
    "tests/data/reference_defects.yml.",
)
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Also write JUnit XML here.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failing pairs and the summary.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="CPU count",
    help="Compare this many pairs in parallel.",
)
@click.option(
    "--budget-seconds",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Time for one pair; a pair over it is `unsupported` (not decided), never a hang.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def verify_command(
    references: tuple[Path, ...],
    accept: Path | None,
    junit: Path | None,
    as_json: bool,
    quiet: bool,
    jobs: int,
    budget_seconds: float,
    paths: tuple[Path, ...],
) -> None:
    """Prove each generated KQL query equivalent to its reference query, or show why not.

    \b
    Rules (PATHS, default sigma/) and references are paired by id. Verdicts:
      equivalent        same table, time window, filter logic and summarize shape (decided, then executed)
      tested_equivalent no test row separates them, but the rows do not cover every case (not decided)
      broader/narrower  the generated query matches more/fewer rows; a counterexample row is printed
      different         neither, or table / summarize shape differ
      reference_defect  the reference is not valid KQL (Microsoft's analyzer message is printed)
      unsupported       a construct the checker cannot decide, or a reference without a rule
      generated_invalid the generated query is not valid KQL (a bug in rmm-sigma)
    Exit code 0 when every pair is (decided) equivalent or an accepted exception with exactly its listed
    verdict, 1 otherwise.
    """
    import json

    from rmm_sigma import verify as v

    refs = references or tuple(p for p in DEFAULT_REFERENCES if p.is_dir())
    if not refs:
        raise InputError("no reference queries: give --reference DIR|FILE")
    try:
        rules = load_rules(paths or [DEFAULT_RULES])
        results = v.verify(
            Converter(TARGETS["kql"]),
            rules,
            v.read_references(refs),
            v.load_known(accept),
            jobs,
            _comparing,
            budget_seconds,
        )
    except RuleError as exc:
        raise InputError(str(exc)) from None
    if junit:
        write_atomic(junit, v.as_junit(results))
    if as_json:
        click.echo(
            json.dumps({"summary": v.summary(results), "pairs": [v.as_json(r) for r in results]}, indent=2)
        )
    else:
        for result in results:
            if not (quiet and result.ok):
                click.echo(v.as_text(result))
        click.echo(v.summary(results))
    if not all(r.ok for r in results):
        raise click.exceptions.Exit(1)


cli.add_command(check_command)
cli.add_command(new_command)


def _comparing(count: int) -> click.progressbar:
    """A progress bar on stderr for the comparisons, which take seconds each batch."""
    return click.progressbar(length=count, label=f"Comparing {count} query pairs", file=sys.stderr)


def main() -> None:
    """Entry point: any unexpected exception becomes one line and exit code 3, never a traceback."""
    try:
        code = cli.main(standalone_mode=False)  # returns the code of a click Exit raised by a command
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
    except Exception as exc:  # noqa: BLE001 - the promise is: no traceback, ever
        message = " ".join(str(exc).split()) or type(exc).__name__
        click.echo(f"error: internal error ({type(exc).__name__}): {message}", err=True)
        sys.exit(3)
