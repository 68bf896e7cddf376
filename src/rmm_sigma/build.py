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

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmm_sigma import coverage, forked, offline_data
from rmm_sigma.build_cache import BuildCache, rule_key
from rmm_sigma.build_reports import Unsupported, semantics_report, unsupported_report
from rmm_sigma.convert import Attempt, Converter, LoadedRule, RuleError, as_text, young_garbage_collected
from rmm_sigma.packaging import build_package_files
from rmm_sigma.targets import Target

SEMANTICS_REPORT = "SEMANTICS.md"
UNSUPPORTED_REPORT = "UNSUPPORTED.md"


@dataclass
class BuildResult:
    #: path under output/ (``/``-separated, as ``output_path`` makes it) -> content. Strings, not
    #: Paths: a build records 30,000 files, and making and hashing Paths cost more than writing them.
    files: dict[str, str] = field(default_factory=dict)
    unsupported: list[Unsupported] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    converted: dict[str, int] = field(default_factory=dict)  # target -> rules converted
    _unsupported_seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)  # O(1) dedupe


def output_path(target: Target, output_format: str, loaded: LoadedRule) -> str:
    """``<target>/<format>/<Tool>/<rule file stem><ext>``."""
    return f"{target.name}/{output_format}/{loaded.tool}/{loaded.stem}{target.extension(output_format)}"


#: What a tool folder or rule file name may hold: it becomes part of an output path, a report's
#: table row and a file inside packages (a line break, ``|`` or a leading ``.`` would break them).
PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


def check_output_paths(rules: Iterable[LoadedRule]) -> None:
    """Refuse a rule whose ``<Tool>/<file>`` is not plain names (PLAIN_NAME), and two rules that would
    write the same ``<Tool>/<file>`` (e.g. ``x.yml`` and ``x.yaml``, or ``A/x.yml`` and ``B/A/x.yml``):
    one would silently overwrite the other in every target."""
    seen: dict[tuple[str, str], Path] = {}
    for loaded in rules:
        key = (loaded.tool, loaded.stem)
        for name in key:
            if not PLAIN_NAME.fullmatch(name):
                raise RuleError(
                    loaded.path,
                    f"{name!r} becomes an output path: use letters, digits, '.', '_' and '-' in folder and "
                    "file names",
                )
        if key in seen:
            raise RuleError(
                loaded.path, f"writes the same output {'/'.join(key)}.* as {seen[key]}; rename one of them"
            )
        seen[key] = loaded.path


def bundle_path(target: Target, output_format: str) -> str:
    return f"{target.name}/{output_format}/all{target.extension(output_format)}"


#: One rule's result for one format: ("query", file text, query or None where the format has no
#: bundle), ("unsupported", reason, None) or
#: ("error", (path, message), None) -- plain tuples, so a worker process can hand them back.
Entry = tuple[str, Any, Any]

#: What forked workers inherit (set just before the pool starts): rules, cache, backend options.
_shared: tuple[list[LoadedRule], BuildCache | None, dict[str, str]] = ([], None, {})


def _convert_job(target: Target, formats: tuple[str, ...]) -> dict[str, list[tuple[Entry, bool]]]:
    """Every rule in some formats of one target (a ``Converter.format_groups`` group): per format,
    each rule's entry and whether it was converted (not cached).

    A cached result of the same rule bytes under the same code is re-used, not converted; the
    formats a rule has no cached result for are converted together (``try_convert_formats``).
    """
    rules, cache, options = _shared
    converter = Converter(target, (), **options)
    results: dict[str, list[tuple[Entry, bool]]] = {output_format: [] for output_format in formats}
    with young_garbage_collected() as rule_done:
        for loaded in rules:
            cached = {f: _cached(cache, target, f, loaded) for f in formats}
            missing = [f for f, entry in cached.items() if entry is None]
            attempts = converter.try_convert_formats(loaded, missing) if missing else {}
            for output_format, entry in cached.items():
                if entry is None:
                    results[output_format].append(
                        (_entry(converter, attempts[output_format], output_format), True)
                    )
                else:
                    results[output_format].append((entry, False))
            rule_done()
    return results


def _cached(cache: BuildCache | None, target: Target, output_format: str, loaded: LoadedRule) -> Entry | None:
    if cache is None or not loaded.digest or not cache.entries:
        return None
    return cache.entries.get((target.name, output_format, rule_key(loaded.path, loaded.digest)))


def _entry(converter: Converter, attempt: Attempt, output_format: str) -> Entry:
    if attempt.error:
        return ("error", (attempt.error.path, attempt.error.message), None)
    if attempt.unsupported is not None:
        return ("unsupported", attempt.unsupported, None)
    # the query itself is kept only where a bundle is built from all of them: it travels back from
    # a worker and into the cache, which for the other formats would double what they carry
    query = attempt.query if output_format in converter.target.bundles else None
    return ("query", as_text(converter.finalize([attempt.query], output_format)), query)


def _jobs(targets: list[Target], options: dict[str, str]) -> list[tuple[Target, tuple[str, ...]]]:
    """One job per target and group of formats sharing one pipeline application (``format_groups``)."""
    return [
        (target, tuple(group))
        for target in targets
        for group in Converter(target, (), **options).format_groups(target.formats)
    ]


def _run_jobs(
    jobs: list[tuple[Target, tuple[str, ...]]],
    rules: list[LoadedRule],
    cache: BuildCache | None,
    tick: Callable[[], None],
    processes: int | None = None,
) -> dict[tuple[str, str], list[tuple[Entry, bool]]]:
    """Each (target, format)'s results: the jobs over ``processes`` forked workers (default: one per
    core) for a large rule set, in this process otherwise or where ``fork`` is not available.
    ``tick`` is called once per (target, format)."""
    workers = min(processes or os.cpu_count() or 1, len(jobs))
    if not forked.available(workers, len(rules)):
        done = []
        for job in jobs:
            done.append(_convert_job(*job))
            for _ in job[1]:
                tick()
    else:
        offline_data.install_attack()  # once, here: forked workers inherit it (and never clean it up)
        if cache is None or not cache.entries:  # every rule is converted: copy templates made once, here
            for loaded in rules:
                loaded.template  # noqa: B018 - a cached property, made here for the workers to inherit
        with forked.pool(workers) as pool:
            futures = {pool.submit(_convert_job, *job): job for job in jobs}
            for future in as_completed(futures):
                for _ in futures[future][1]:
                    tick()
            done = [future.result() for future in futures]
    return {
        (target.name, output_format): results
        for (target, _), by_format in zip(jobs, done, strict=True)
        for output_format, results in by_format.items()
    }


def _record_format(
    target: Target,
    output_format: str,
    rules: list[LoadedRule],
    results: list[tuple[Entry, bool]],
    result: BuildResult,
    cache: BuildCache | None,
) -> list[tuple[LoadedRule, Any]]:
    """Per-rule files of one format; an unsupported rule is recorded once per (target, reason)."""
    done: list[tuple[LoadedRule, Any]] = []
    for loaded, (entry, converted) in zip(rules, results, strict=True):
        kind, value, query = entry
        if kind == "error":
            result.errors.append(RuleError(*value))
            continue
        if cache is not None and loaded.digest:
            cache.used[(target.name, output_format, rule_key(loaded.path, loaded.digest))] = entry
            cache.converted += converted
        if kind == "unsupported":
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
    processes: int | None = None,
    **options: str,
) -> BuildResult:
    """Convert every rule for every target and format; ``tick`` is called once per (target, format).

    With ``cache`` (rmm_sigma.build_cache), rules converted before by the same code are not converted
    again; bundles and reports are always rebuilt from every rule's result. A large rule set is
    converted on every core, one job per target and group of formats that share a pipeline application
    (``Converter.format_groups``); the result is the same, byte for byte.
    """
    global _shared
    check_output_paths(rules)
    if options:  # backend options are not part of the cache key: convert everything
        cache = None
    if cache is not None:
        cache.entries  # noqa: B018 - read once here, so forked workers inherit it
    result = BuildResult()
    targets = list(targets)
    _shared = (rules, cache, options)
    try:
        outcomes = _run_jobs(_jobs(targets, options), rules, cache, tick, processes)
    finally:
        _shared = ([], None, {})
    for target in targets:
        converter = Converter(target, (), **options)
        for output_format in target.formats:
            outcome = outcomes[(target.name, output_format)]
            done = _record_format(target, output_format, rules, outcome, result, cache)
            if output_format == next(iter(target.formats)):
                result.converted[target.name] = len(done)
            if output_format in target.bundles and done:
                queries = [query for _, query in done]
                bundle = as_text(converter.finalize(queries, output_format))
                result.files[bundle_path(target, output_format)] = bundle
                result.files.update(build_package_files(target.name, output_format, bundle))
    result.files[SEMANTICS_REPORT] = semantics_report(targets, rules, result.unsupported)
    result.files[UNSUPPORTED_REPORT] = unsupported_report(targets, rules, result.unsupported)
    result.files[coverage.COVERAGE_REPORT] = coverage.report(targets, rules, result.unsupported)
    result.files[coverage.COVERAGE_SVG] = coverage.svg(targets, rules, result.unsupported)
    return result


def coverage_lines(targets: list[Target], rules: list[LoadedRule]) -> list[str]:
    """``rmm-sigma list coverage``: convert with the default format of each target, then tabulate."""
    global _shared
    result = BuildResult()
    _shared = (rules, None, {})
    try:
        for target in targets:
            fmt = next(iter(target.formats))
            _record_format(target, fmt, rules, _convert_job(target, (fmt,))[fmt], result, None)
    finally:
        _shared = ([], None, {})
    return coverage.text_lines(targets, rules, result.unsupported)
