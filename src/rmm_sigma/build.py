"""``rmm-sigma build``: every rule to every target and format, under ``output/``.

Everything is converted in memory first; only if every rule converts (or is listed as unsupported
for a target with its reason) is anything written. Output is deterministic: same rules, same bytes.

A rule that a target's mapping refuses on purpose (``rule_failure`` / ``detection_item_failure``:
the target has no data for it) is *unsupported*: recorded with its reason and listed in
``output/UNSUPPORTED.md``, never silently skipped. Any other failure is an error and stops the build.
Formats that are deployed as one file (a target's ``bundles``) are also written as
``<target>/<format>/all<ext>``, built by the backend's own finalizer over all the rule's queries,
with any package around it (the Splunk app folder, ``splunk/app/``; see rmm_sigma.packaging).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmm_sigma import coverage
from rmm_sigma.build_cache import BuildCache, rule_key
from rmm_sigma.build_reports import Unsupported, semantics_report, unsupported_report
from rmm_sigma.convert import Converter, LoadedRule, RuleError, as_text
from rmm_sigma.packaging import build_package_files
from rmm_sigma.targets import Target

SEMANTICS_REPORT = Path("SEMANTICS.md")
UNSUPPORTED_REPORT = Path("UNSUPPORTED.md")


@dataclass
class BuildResult:
    files: dict[Path, str] = field(default_factory=dict)  # path relative to output/ -> content
    unsupported: list[Unsupported] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    converted: dict[str, int] = field(default_factory=dict)  # target -> rules converted
    _unsupported_seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)  # O(1) dedupe


def output_path(target: Target, output_format: str, loaded: LoadedRule) -> Path:
    """``<target>/<format>/<Tool>/<rule file stem><ext>``."""
    return Path(target.name, output_format, loaded.tool, loaded.path.stem + target.extension(output_format))


def check_unique_outputs(rules: Iterable[LoadedRule]) -> None:
    """Refuse two rules that would write the same ``<Tool>/<file>`` (e.g. ``x.yml`` and ``x.yaml``,
    or ``A/x.yml`` and ``B/A/x.yml``): one would silently overwrite the other in every target."""
    seen: dict[tuple[str, str], Path] = {}
    for loaded in rules:
        key = (loaded.tool, loaded.path.stem)
        if key in seen:
            raise RuleError(
                loaded.path, f"writes the same output {'/'.join(key)}.* as {seen[key]}; rename one of them"
            )
        seen[key] = loaded.path


def bundle_path(target: Target, output_format: str) -> Path:
    return Path(target.name, output_format, "all" + target.extension(output_format))


def _attempt(
    converter: Converter, output_format: str, loaded: LoadedRule, cache: BuildCache | None
) -> tuple[str, Any, Any]:
    """("query", file text, query), ("unsupported", reason, None) or ("error", RuleError, None).

    With a cache, a result of the same rule bytes under the same code is re-used, not converted.
    """
    key = (converter.target.name, output_format, rule_key(loaded.path, loaded.digest))
    if cache is not None and loaded.digest and (entry := cache.get(key)) is not None:
        return entry  # type: ignore[return-value]
    attempt = converter.try_convert(loaded, output_format)
    if attempt.error:
        return "error", attempt.error, None
    if attempt.unsupported is not None:
        entry = ("unsupported", attempt.unsupported, None)
    else:
        entry = ("query", as_text(converter.finalize([attempt.query], output_format)), attempt.query)
    if cache is not None and loaded.digest:
        cache.put(key, entry)
    return entry


def _convert_format(
    converter: Converter,
    output_format: str,
    rules: list[LoadedRule],
    result: BuildResult,
    cache: BuildCache | None = None,
) -> list[tuple[LoadedRule, Any]]:
    """Per-rule files of one format; an unsupported rule is recorded once per (target, reason)."""
    target = converter.target
    done: list[tuple[LoadedRule, Any]] = []
    for loaded in rules:
        kind, value, query = _attempt(converter, output_format, loaded, cache)
        if kind == "error":
            result.errors.append(value)
        elif kind == "unsupported":
            if (key := (target.name, str(loaded.path), value)) not in result._unsupported_seen:
                result._unsupported_seen.add(key)
                result.unsupported.append(Unsupported(target.name, loaded, value))
        else:
            result.files[output_path(target, output_format, loaded)] = value
            done.append((loaded, query))
    return done


def build(
    targets: Iterable[Target],
    rules: list[LoadedRule],
    *,
    tick: Callable[[], None] = lambda: None,
    cache: BuildCache | None = None,
    **options: str,
) -> BuildResult:
    """Convert every rule for every target and format; ``tick`` is called once per (target, format).

    With ``cache`` (rmm_sigma.build_cache), rules converted before by the same code are not converted
    again; bundles and reports are always rebuilt from every rule's result.
    """
    check_unique_outputs(rules)
    if options:  # backend options are not part of the cache key: convert everything
        cache = None
    result = BuildResult()
    targets = list(targets)
    for target in targets:
        converter = Converter(target, (), **options)
        for output_format in target.formats:
            done = _convert_format(converter, output_format, rules, result, cache)
            if output_format == next(iter(target.formats)):
                result.converted[target.name] = len(done)
            if output_format in target.bundles and done:
                queries = [query for _, query in done]
                bundle = as_text(converter.finalize(queries, output_format))
                result.files[bundle_path(target, output_format)] = bundle
                result.files.update(build_package_files(target.name, output_format, bundle))
            tick()
    result.files[SEMANTICS_REPORT] = semantics_report(targets, rules, result.unsupported)
    result.files[UNSUPPORTED_REPORT] = unsupported_report(targets, rules, result.unsupported)
    result.files[coverage.COVERAGE_REPORT] = coverage.report(targets, rules, result.unsupported)
    result.files[coverage.COVERAGE_SVG] = coverage.svg(targets, rules, result.unsupported)
    return result


def coverage_lines(targets: list[Target], rules: list[LoadedRule]) -> list[str]:
    """``rmm-sigma list coverage``: convert with the default format of each target, then tabulate."""
    result = BuildResult()
    for target in targets:
        _convert_format(Converter(target), next(iter(target.formats)), rules, result)
    return coverage.text_lines(targets, rules, result.unsupported)
