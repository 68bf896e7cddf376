"""``rmm-sigma verify``: prove each generated KQL query equivalent to its reference query."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path

import click

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.cli.errors import InputError
from rmm_sigma.cli.options import DEFAULT_RULES, jobs_option
from rmm_sigma.convert import Converter, RuleError, load_rules
from rmm_sigma.files import write_atomic
from rmm_sigma.targets import TARGETS

DEFAULT_REFERENCES = (
    PROJECT_ROOT.parent / "shared" / "reference" / "rmm-tools",
    PROJECT_ROOT.parent / "shared" / "seeds",
)


@click.command("verify")
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
@jobs_option("Compare this many pairs in parallel.")
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
    Rules (PATHS, default sigma/) and references are paired by id. Given PATHS and the default
    references, only the given rules' references are judged, and for a folder its tools' (a
    reference of the tool without a rule still fails); the others are counted as left out. Verdicts:
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

    try:
        from rmm_sigma.verify import run as v
    except ModuleNotFoundError as exc:  # the [verify] extra: installed by setup-tests.sh, not setup-build.sh
        raise InputError(
            f"verify needs duckdb-kql and z3-solver (missing: {exc.name}): pip install -e '.[verify]'"
        ) from None
    from rmm_sigma.verify.kql_analyzer import AnalyzerUnavailable

    refs = references or tuple(p for p in DEFAULT_REFERENCES if p.is_dir())
    if not refs:
        raise InputError("no reference queries: give --reference DIR|FILE")
    try:
        rules = load_rules(paths or [DEFAULT_RULES])
        corpus = v.read_references(refs)
        # some rules against the default references: theirs, not every tool's
        judged, left_out = v.in_scope(corpus, rules, paths) if paths and not references else (corpus, [])
        results = v.verify(
            Converter(TARGETS["kql"]),
            rules,
            judged,
            v.load_known(accept),
            jobs,
            _comparing,
            budget_seconds,
        )
    except (RuleError, AnalyzerUnavailable) as exc:  # the analyzer's message says how to install it
        raise InputError(str(exc)) from None
    if junit:
        write_atomic(junit, v.as_junit(results))
    if as_json:
        report = {"summary": v.summary(results), "pairs": [v.as_json(r) for r in results]}
        report["left_out"] = [str(ref.path) for ref in left_out]
        click.echo(json.dumps(report, indent=2))
    else:
        for result in results:
            if not (quiet and result.ok):
                click.echo(v.as_text(result))
        click.echo(v.summary(results))
        if left_out:
            click.echo(
                f"{len(left_out)} references left out: no rule in PATHS has their id (nor, for a folder, "
                "their tool's); without PATHS, every reference is judged against sigma/"
            )
    if not all(r.ok for r in results):
        raise click.exceptions.Exit(1)


def _comparing(count: int) -> AbstractContextManager[Iterable[object]]:
    """A progress bar on stderr for the comparisons, which take seconds each batch (a context manager)."""
    return click.progressbar(length=count, label=f"Comparing {count} query pairs", file=sys.stderr)
