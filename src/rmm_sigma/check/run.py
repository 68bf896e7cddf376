"""``rmm-sigma check``: everything wrong with a rule set, offline, in one run.

A contributor adding a tool should learn every problem at once, before review, without network
access and in a few seconds, in a form CI can annotate. So ``check`` runs, over all rules:

* parsing (strict YAML, one Sigma rule per file) and pySigma's and SigmaHQ's validators with our
  configuration (:mod:`rmm_sigma.check.validators`, ``rmm-sigma-check.yml``);
* the project's own conventions: unique ids, file and folder names, required metadata;
* conversion with every target in :data:`rmm_sigma.targets.TARGETS` (a field without a column is an
  error there; a rule a target refuses on purpose, with a stated reason, is not), and for KQL that
  each mapped column exists in the Defender XDR schema;
* indicator quality (:mod:`rmm_sigma.check.indicators`);
* Microsoft's KQL analyzer on the generated hunting queries (a warning says so when node is missing);
* optionally, equivalence with the reference hunting queries (``--reference DIR``).

Every problem becomes a :class:`~rmm_sigma.check.report.Finding`; nothing here prints or exits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigma.rule import SigmaRule

from rmm_sigma import PROJECT_ROOT, forked, offline_data
from rmm_sigma.backends.guarded import RefuseUnwritableValues
from rmm_sigma.check.config import DEFAULT_CONFIG, CheckConfig, load_config
from rmm_sigma.check.indicators import indicator_findings
from rmm_sigma.check.report import ERROR, WARNING, Finding
from rmm_sigma.check.validators import all_validators, validator_findings
from rmm_sigma.convert import (
    Converter,
    LoadedRule,
    RuleError,
    load_rule,
    rule_files,
    young_garbage_collected,
)
from rmm_sigma.naming import TOOL_NAME, imported_file_name, rule_file_name
from rmm_sigma.safety import detection_items
from rmm_sigma.targets import TARGETS, Target

if TYPE_CHECKING:
    from rmm_sigma.verify.kql_analyzer import KqlDiagnostic
    from rmm_sigma.verify.reference import ReferenceQuery

_TECHNIQUE = re.compile(r"t\d{4}(\.\d{3})?")
_REF = "reference.equivalence"
_ANALYZED_FORMAT = "hunting"  # the richest KQL form: time window, where clause, summarize


@dataclass
class CheckOptions:
    config_path: Path = DEFAULT_CONFIG
    reference: Path | None = None  # reference corpus root (``RMM/<Tool>/rmm_*.yaml``)
    analyzer: bool = True  # run Microsoft's KQL analyzer (needs node)
    skip_unsupported: bool = False  # a rule a target cannot convert is skipped (counted), not an error
    #: "project": all checks; "thirdparty": without the project's own conventions (file and folder
    #: names, required metadata, RMM indicator quality); "auto": project for rules in this repository
    #: (the command line's default), thirdparty elsewhere
    profile: str = "project"
    #: processes in all (from forked.MIN_RULES rules on: this one and ``jobs - 1`` forked workers
    #: converting for the targets other than KQL), and reference comparisons at a time (each in a
    #: worker process, as ``verify`` runs them)
    jobs: int = 1


@dataclass
class CheckResult:
    files: list[str] = field(default_factory=list)  # every rule file looked at
    findings: list[Finding] = field(default_factory=list)
    skipped: list[RuleError] = field(default_factory=list)  # conversions skipped (skip_unsupported)


def run_check(paths: Iterable[Path], options: CheckOptions | None = None) -> CheckResult:
    """Check the rule files under ``paths``; a bad configuration raises ConfigError."""
    options = options or CheckOptions()
    config = load_config(options.config_path, set(all_validators()))
    paths = list(paths)
    result = CheckResult()
    rules = _load(paths, result)
    skip = options.skip_unsupported
    others = [t for t in TARGETS.values() if t.name != "kql"]
    with _converted_elsewhere(rules, others, skip, options.jobs) as add_other_targets:
        kql = _conversion_findings(rules, result, [TARGETS["kql"]], skip)
        pairs, unpaired = _reference_pairs(kql, options.reference) if options.reference else ([], [])
        result.findings += unpaired
        analyzed_kql = kql if options.analyzer else []
        queries = [query for _, query in analyzed_kql] + [ref.query for _, _, ref in pairs]
        # One analyzer batch for the generated and the reference queries, none when there are none. Node
        # needs a second or two to load Microsoft's analyzer: let it work while Python does the rest.
        with ThreadPoolExecutor(max_workers=1) as pool:
            analyzed = pool.submit(_analyze, queries) if queries else None
            own = _rule_findings(rules, config, resolve_profile(options.profile, paths))
            add_other_targets(result)  # before the rules' own findings, in the order of one process
            result.findings += own
            diagnostics = analyzed.result() if analyzed else []
    where = str(paths[0]) if paths else "."
    if analyzed_kql:
        result.findings += analyzer_findings(analyzed_kql, _part(diagnostics, 0, len(analyzed_kql)), where)
    if pairs:
        diagnostics = _part(diagnostics, len(analyzed_kql), len(queries))
        result.findings += reference_findings(pairs, diagnostics, options.jobs)
    return result


def resolve_profile(profile: str, paths: list[Path]) -> str:
    """``auto`` is ``project`` when every path is inside this repository (its rules and test
    fixtures follow its conventions), ``thirdparty`` for rule sets elsewhere (SigmaHQ, a vendor's)."""
    if profile != "auto":
        return profile
    inside = all(Path(p).resolve().is_relative_to(PROJECT_ROOT) for p in paths)
    return "project" if paths and inside else "thirdparty"


def _load(paths: list[Path], result: CheckResult) -> list[LoadedRule]:
    files: list[Path] = []
    for path in paths:
        try:
            files += rule_files([path])
        except RuleError as exc:
            result.findings.append(Finding(exc.path, ERROR, "parse", exc.message))
    rules = []
    for path in files:
        result.files.append(str(path))
        try:
            rules.append(load_rule(path))
        except RuleError as exc:
            result.findings.append(Finding(exc.path, ERROR, "parse", exc.message))
    return rules


def _rule_findings(rules: list[LoadedRule], config: CheckConfig, profile: str) -> list[Finding]:
    """The validators' findings and ids; with the project profile, its conventions and indicators."""
    found = validator_findings(rules, config) + id_findings(rules)
    if profile == "project":
        found += _per_rule(rules, config) + indicator_findings(rules, config)
    return found


def _per_rule(rules: list[LoadedRule], config: CheckConfig) -> list[Finding]:
    prefixes = offline_data.filename_prefixes(config.logsource_prefixes)
    return [f for r in rules for f in naming_findings(r, prefixes) + metadata_findings(r)]


# --- the project's conventions ----------------------------------------------------------------


def naming_findings(loaded: LoadedRule, prefixes: dict[str, str]) -> list[Finding]:
    """``<Tool>/<prefix>_rmm_<tool>.yml``, the prefix given by the rule's log source."""
    path, tool = str(loaded.path), loaded.tool
    logsource = f"{loaded.rule.logsource.product}/{loaded.rule.logsource.category}"
    if not TOOL_NAME.fullmatch(tool):
        return [
            Finding(
                path,
                ERROR,
                "naming.path",
                f"folder '{tool}' is not a tool name (letters, digits, "
                "'.', '_', '-'): rules live in sigma/<Tool>/",
            )
        ]
    prefix = prefixes.get(logsource)
    if prefix is None:
        known = ", ".join(sorted(prefixes))
        return [
            Finding(
                path,
                ERROR,
                "naming.path",
                f"log source {logsource} has no file name prefix "
                f"(known: {known}); add it to rmm-sigma-check.yml extensions.logsources",
            )
        ]
    expected = rule_file_name(prefix, tool)
    if loaded.path.name not in (expected, imported_file_name(prefix, tool)):
        return [
            Finding(
                path,
                ERROR,
                "naming.path",
                f"a {logsource} rule of tool {tool} must be named {expected}, not {loaded.path.name}",
            )
        ]
    return []


def _missing_metadata(rule: SigmaRule) -> list[str]:
    present = {
        "title": bool(rule.title and rule.title.strip()),
        "description": bool(rule.description and rule.description.strip()),
        "references": bool(rule.references),
        "falsepositives": bool(rule.falsepositives),
        "level": rule.level is not None,
    }
    return [name for name, ok in present.items() if not ok]


def metadata_findings(loaded: LoadedRule) -> list[Finding]:
    """Required metadata, and an ATT&CK technique tag (the project is about T1219)."""
    path, rule = str(loaded.path), loaded.rule
    found = [
        Finding(path, ERROR, "metadata.required", f"missing or empty '{name}'")
        for name in _missing_metadata(rule)
    ]
    if not any(t.namespace == "attack" and _TECHNIQUE.fullmatch(t.name) for t in rule.tags):
        found.append(Finding(path, ERROR, "metadata.attack", "no ATT&CK technique tag (e.g. attack.t1219)"))
    return found


def id_findings(rules: list[LoadedRule]) -> list[Finding]:
    """One error per file whose ``id`` another file also has, naming the other files."""
    by_id: dict[str, list[LoadedRule]] = defaultdict(list)
    for r in rules:
        if r.rule.id is not None:
            by_id[str(r.rule.id)].append(r)
    found = []
    for rule_id, group in by_id.items():
        for r in group if len(group) > 1 else []:
            others = ", ".join(str(o.path) for o in group if o is not r)
            found.append(Finding(str(r.path), ERROR, "id.unique", f"id {rule_id} is also used by {others}"))
    return found


# --- conversion with every target -------------------------------------------------------------


def _conversion_findings(
    rules: list[LoadedRule], result: CheckResult, targets: list[Target], skip: bool = False
) -> list[tuple[LoadedRule, str]]:
    """Convert every rule with each target; return the KQL hunting queries for the analyzer.

    With ``skip`` a conversion error is recorded in ``result.skipped`` instead of as a finding."""
    kql: list[tuple[LoadedRule, str]] = []
    for target in targets:
        converter = Converter(target)
        fmt = _ANALYZED_FORMAT if _ANALYZED_FORMAT in target.formats else next(iter(target.formats))
        schema = _SchemaCheck(converter, fmt) if target.name == "kql" else None
        with young_garbage_collected() as rule_done:
            for loaded in rules:
                rule_done()  # between rules: a collection in mid-conversion walks live copies
                # for KQL, a copy we keep: the schema check reads it as the conversion's pipeline left it
                work = replace(loaded, rule=loaded.fresh_rule(), single_use=True) if schema else loaded
                attempt = converter.try_convert(work, fmt)
                # A rule the target's mapping refuses on purpose, with its reason, is not a defect of
                # the rule (`rmm-sigma build` lists those); anything else is (or, with -s, skipped).
                if skip and not attempt.ok:
                    message = attempt.error.message if attempt.error else attempt.unsupported
                    result.skipped.append(RuleError(str(loaded.path), f"target {target.name}: {message}"))
                elif attempt.error:
                    error = attempt.error
                    result.findings.append(Finding(error.path, ERROR, f"target.{target.name}", error.message))
                if not attempt.ok:
                    continue
                result.findings += _other_format_refusals(loaded, target, fmt)
                if schema:
                    kql.append((loaded, str(attempt.query)))
                    result.findings += schema.findings(str(loaded.path), work.rule)
    return kql


#: What forked workers inherit (set just before they start): the rules, ``skip``, the targets, and
#: the index of the next target to convert, shared by every process (``_take_targets``).
_shared: tuple[list[LoadedRule], bool, list[Target], Any] = ([], False, [], None)

#: one target's conversions: its index in the targets, findings and skips
Taken = tuple[int, list[Finding], list[RuleError]]


@contextmanager
def _converted_elsewhere(
    rules: list[LoadedRule], targets: list[Target], skip: bool, jobs: int
) -> Iterator[Callable[[CheckResult], None]]:
    """Convert every rule with ``targets``, over ``jobs`` processes for a large rule set: this one
    and ``jobs - 1`` forked workers.

    Yields ``add(result)``, which adds the conversions' findings and skips to ``result`` in target
    order, the order one process gives. The workers start on entry and take target after target;
    ``add``, called once this process has converted KQL and validated, takes the targets left (so
    that no process waits while another works, and no third process competes for two cores). With
    a small rule set, one process or no ``fork``, ``add`` converts them all there and then.
    """
    global _shared
    workers = min(jobs - 1, len(targets))
    if workers < 1 or not forked.available(workers + 1, len(rules)):

        def convert_here(result: CheckResult) -> None:
            _conversion_findings(rules, result, targets, skip)

        yield convert_here
        return
    for loaded in rules:
        loaded.template  # noqa: B018 - a cached property, made here once for every worker to inherit
    counter = forked.counter()
    _shared = (rules, skip, targets, counter)
    try:
        with forked.pool(workers) as pool:  # before the analyzer's thread starts
            futures = [pool.submit(_take_targets) for _ in range(workers)]

            def add(result: CheckResult) -> None:
                taken = _take_targets() + [entry for future in futures for entry in future.result()]
                for _, findings, skipped in sorted(taken, key=lambda entry: entry[0]):
                    result.findings += findings
                    result.skipped += skipped

            try:
                yield add
            finally:  # after Ctrl-C, each worker ends with its current target: the pool waits for it
                forked.take_all(counter, len(targets))
    finally:
        _shared = ([], False, [], None)


def _take_targets() -> list[Taken]:
    """Convert the inherited rules for target after target, each taken from the counter that every
    process shares, until none is left (a forked worker's job, and this process's share)."""
    rules, skip, targets, counter = _shared
    taken = []
    while (index := forked.take(counter)) < len(targets):
        partial = CheckResult()
        _conversion_findings(rules, partial, [targets[index]], skip)
        taken.append((index, partial.findings, partial.skipped))
    return taken


def _other_format_refusals(loaded: LoadedRule, target: Target, converted: str) -> list[Finding]:
    """What the target's other formats would refuse (rmm_sigma.safety), found without converting:
    e.g. a ``*`` that Lucene escapes but EQL cannot, or a line break in a title that would split a
    savedsearches.conf stanza.

    The rule's content (values, field names) is judged once per backend class, not once per format;
    for the class that just converted it, it was judged fine, so only what each format adds is left.
    """
    found: dict[str, Finding] = {}
    converted_by = target.backend_for(converted)[0]
    for fmt in target.formats:
        cls, backend_format = target.backend_for(fmt)
        if fmt == converted or not issubclass(cls, RefuseUnwritableValues):
            continue
        content = None if cls is converted_by else loaded.content_refusal(cls)
        if problem := content or cls.format_refusal(loaded.rule, backend_format):
            message = f"format {fmt}: {problem}"
            found.setdefault(problem, Finding(str(loaded.path), ERROR, f"target.{target.name}", message))
    return list(found.values())


def _fields(rule: SigmaRule) -> list[str]:
    detections = rule.detection.detections.values()
    names = [item.field for d in detections for item in detection_items(d) if item.field]
    return list(dict.fromkeys([*names, *rule.fields]))


class _SchemaCheck:
    """Every table and column the KQL mapping produces must exist in the Defender XDR schema.

    Read from each converted rule as the conversion's pipeline left it (the mapped field names) and
    from that pipeline's state (``query_table``), so the mapping is not applied a second time.
    """

    def __init__(self, converter: Converter, output_format: str) -> None:
        from rmm_sigma.verify.kql_analyzer import defender_schema

        self.schema = defender_schema()
        self.backend = converter.backend(output_format)[0]

    def findings(self, path: str, converted: SigmaRule) -> list[Finding]:
        table = self.backend.last_processing_pipeline.state.get("query_table")
        if table not in self.schema:
            return [Finding(path, ERROR, "schema.kql", f"table {table} is not in the Defender schema")]
        return [
            Finding(path, ERROR, "schema.kql", f"column {column} is not in Defender table {table}")
            for column in _fields(converted)
            if column not in self.schema[table]
        ]


# --- the generated KQL: Microsoft's analyzer and the reference queries -------------------------


Diagnostics = list[list["KqlDiagnostic"]] | Exception  # the analyzer's answer, or why it has none


def _analyze(queries: list[str]) -> Diagnostics:
    """Microsoft's Kusto analyzer on a batch (kql_analyzer.analyze), its failure returned, not raised."""
    from rmm_sigma.verify.kql_analyzer import analyze

    try:
        return analyze(queries)
    except Exception as exc:  # noqa: BLE001 - each user of the batch decides what a failure means
        return exc


def _part(diagnostics: Diagnostics, start: int, stop: int) -> Diagnostics:
    return diagnostics if isinstance(diagnostics, Exception) else diagnostics[start:stop]


def analyzer_findings(kql: list[tuple[LoadedRule, str]], results: Diagnostics, where: str) -> list[Finding]:
    """The analyzer's errors in the generated queries, or one finding saying why there are none."""
    from rmm_sigma.verify.kql_analyzer import AnalyzerUnavailable

    if isinstance(results, AnalyzerUnavailable):
        return [Finding(where, WARNING, "kql.analyzer", f"skipped, generated KQL not analyzed: {results}")]
    if isinstance(results, RuntimeError | OSError | ValueError):
        message = f"the analyzer failed: {' '.join(str(results).split())}"
        return [Finding(where, ERROR, "kql.analyzer", message)]
    if isinstance(results, Exception):
        raise results
    return [
        Finding(
            str(loaded.path),
            ERROR,
            "kql.analyzer",
            f"{d.code} {d.message} at {d.line}:{d.column} in `{d.source_line.strip()}`",
        )
        for (loaded, _), diags in zip(kql, results, strict=True)
        for d in diags
    ]


def _reference_defects(results: Diagnostics, count: int) -> list[str]:
    """The first analyzer error of each reference query, '' when valid or unknown (no node).

    A reference that is not valid KQL for Defender (a column that does not exist, a stray comma) cannot
    be matched by a correct rule, so a difference from it is the reference's defect, not the rule's.
    """
    from rmm_sigma.verify.kql_analyzer import AnalyzerUnavailable

    if isinstance(results, AnalyzerUnavailable):
        return [""] * count
    if isinstance(results, Exception):
        raise results
    return [f"{d[0].code} {d[0].message} at {d[0].line}:{d[0].column}" if d else "" for d in results]


Pair = tuple[LoadedRule, str, "ReferenceQuery"]  # a rule, its generated hunting query, its reference


def _reference_pairs(kql: list[tuple[LoadedRule, str]], root: Path) -> tuple[list[Pair], list[Finding]]:
    """Each generated hunting query with the reference query of the same id, where one exists; or
    a finding saying why nothing can be compared."""
    from rmm_sigma.verify.reference import load_references

    try:
        import rmm_sigma.verify.equivalence  # noqa: F401 - compared later; missing means nothing to compare
    except ImportError as exc:
        return [], [Finding(str(root), WARNING, _REF, f"skipped, no equivalence verifier: {exc}")]
    references = load_references(root)
    if not references:
        return [], [Finding(str(root), ERROR, _REF, "no reference queries here (RMM/*/rmm_*.yaml)")]
    pairs = [
        (loaded, query, references[str(loaded.rule.id)])
        for loaded, query in kql
        if str(loaded.rule.id) in references
    ]
    return pairs, []


def reference_findings(pairs: list[Pair], results: Diagnostics, jobs: int = 1) -> list[Finding]:
    """Compare each generated hunting query with its reference query (analyzer ``results`` for each).

    Not equivalent is an error; a reference that Microsoft's analyzer rejects, or that the verifier
    cannot decide, is a warning naming why. The comparisons run as ``verify`` runs them: ``jobs`` at
    a time in worker processes, each under the default time budget, past which its worker is killed
    and the pair is undecided (``unsupported``), never a hang.
    """
    from rmm_sigma.verify.equivalence.budget import DEFAULT_SECONDS
    from rmm_sigma.verify.equivalence.pool import compare_all

    verdicts = compare_all([(query, ref.query) for _, query, ref in pairs], jobs, DEFAULT_SECONDS)
    found = []
    defects = _reference_defects(results, len(pairs))
    for (loaded, _, ref), defect, verdict in zip(pairs, defects, verdicts, strict=True):
        if verdict.kind == "equivalent":
            continue
        reason = " ".join(verdict.reason.split())
        if defect:
            message = f"reference defect in {ref.path} ({defect}); compared anyway: {verdict.kind}: {reason}"
            found.append(Finding(str(loaded.path), WARNING, _REF, message))
            continue
        severity = WARNING if verdict.kind in ("invalid", "unsupported") else ERROR
        found.append(Finding(str(loaded.path), severity, _REF, f"{verdict.kind} (vs {ref.path}): {reason}"))
    return found
