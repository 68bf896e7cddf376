"""``rmm-sigma build``: every rule, every target and format, into output/ (or ``--check`` it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rmm_sigma import build_cache, forked
from rmm_sigma.build import build, check_output_paths
from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import DEFAULT_OUTPUT, RULES_FOLDER, jobs_option
from rmm_sigma.convert import RuleError, collector_paused, load_rules, rule_files
from rmm_sigma.files import sync_tree
from rmm_sigma.targets import MAPPINGS_DIR, TARGETS


@click.command("build")
@RULES_FOLDER
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Folder to write into.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; convert everything (no cache) and exit 1 if output/ is not what the rules produce.",
)
@click.option("--no-cache", is_flag=True, help="Convert every rule again; do not re-use unchanged results.")
@jobs_option(f"Convert in this many processes (from {forked.MIN_RULES} rules on; 1: all in this one).")
def build_command(rules: Path, output: Path, check: bool, no_cache: bool, jobs: int) -> None:
    """Convert every rule to every target and format, into OUTPUT/<target>/<format>/<Tool>/.

    Deterministic; the new tree is written beside OUTPUT and swapped in at once (unchanged files keep
    their inode and mtime, stale ones are gone). If any rule fails, nothing is written; symlinks in
    OUTPUT, two rules with the same <Tool>/<file>, folder or file names with anything but letters,
    digits, '.', '_' and '-', and an OUTPUT inside the rules folder (or around it) are refused.

    Incremental: results are cached by the hash of each rule file and of the code and mappings
    (.OUTPUT.build-cache beside OUTPUT); a rebuild with nothing changed converts and writes nothing,
    and a changed rule is converted again alone (bundles and reports are rebuilt).
    """
    # what a build makes (rules, 30,000 results) lives until the command ends: the collector pauses
    # (conversions collect their own garbage between rules, see young_garbage_collected)
    with collector_paused():
        _build(rules, output, check, no_cache, jobs)


def _refuse_nested(rules: Path, output: Path) -> None:
    """One folder inside the other: the next build would read its own YAML output as rules, or swap the
    output tree over the rules it was converting."""
    rules, output = rules.resolve(), output.resolve()
    if output == rules or rules in output.parents or output in rules.parents:
        raise InputError(f"--output {output} and --rules {rules} must not be inside one another")


def _build(rules: Path, output: Path, check: bool, no_cache: bool, jobs: int) -> None:
    _refuse_nested(rules, output)
    managed = [Path(name) for name in TARGETS]
    cache = None if check or no_cache else build_cache.load(output, build_cache.code_key(MAPPINGS_DIR))
    try:
        if cache is not None and cache.inputs:  # an earlier build's record: perhaps nothing changed
            inputs = build_cache.inputs_key(cache.code, build_cache.file_digests(rule_files([rules])))
            if build_cache.unchanged(output, cache, inputs, managed):
                click.echo(f"{output} is up to date: nothing converted, nothing written", err=True)
                return
        loaded = load_rules([rules])
        check_output_paths(loaded)
    except RuleError as exc:
        raise InputError(str(exc)) from None
    steps = sum(len(t.formats) for t in TARGETS.values())
    with click.progressbar(length=steps, label=f"Converting {len(loaded)} rules", file=sys.stderr) as bar:
        result = build(TARGETS.values(), loaded, tick=lambda: bar.update(1), cache=cache, processes=jobs)
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    if result.errors:
        raise InputError(f"{len(result.errors)} conversion(s) failed; output/ left as it was")
    if check:
        _check_fresh(output, result.files, managed)
        return
    written, removed, manifest = sync_tree(output, result.files, managed)
    if cache is not None:
        inputs = build_cache.inputs_key(cache.code, [(r.path, r.digest) for r in loaded])
        build_cache.save(output, cache, inputs, manifest)
        click.echo(f"{cache.converted} conversions run, the others re-used from the cache", err=True)
    click.echo(f"{len(result.files)} files in {output}: {written} written, {removed} removed", err=True)
    if result.unsupported:
        click.echo(
            f"{len(result.unsupported)} rule/target pairs refused with a reason: {output / 'UNSUPPORTED.md'}",
            err=True,
        )


def _check_fresh(output: Path, files: dict[str, str], managed: list[Path]) -> None:
    stale = [
        rel
        for rel, text in files.items()
        if not (output / rel).is_file() or (output / rel).read_text(encoding="utf-8") != text
    ]
    extra = [
        p
        for m in managed
        for p in sorted((output / m).rglob("*"))
        if p.is_file() and p.relative_to(output).as_posix() not in files
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
