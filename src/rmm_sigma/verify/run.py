"""``rmm-sigma verify``: is each generated query equivalent to its reference?

Rules and references are paired by ``id``. For each pair: Microsoft's analyzer validates both queries
(an invalid reference is a *reference defect*, an invalid generated query is a converter bug), then the
``equivalence`` package decides the filter logic and the summarize shape and confirms its verdict by
executing both queries on DuckDB. The verdict logic never looks at the Sigma rule: it judges any two
KQL queries, so users can point it at their own references.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

from rmm_sigma import printable, yaml_load
from rmm_sigma.convert import Converter, LoadedRule
from rmm_sigma.verify.equivalence import Kind, Verdict
from rmm_sigma.verify.equivalence.budget import DEFAULT_SECONDS as DEFAULT_BUDGET_SECONDS
from rmm_sigma.verify.equivalence.pool import compare_all
from rmm_sigma.verify.kql_analyzer import analyze
from rmm_sigma.verify.reference import (
    ReferenceFileError,
    ReferenceQuery,
    corpus_files,
    read_reference,
    read_seed,
    tool_folder,
)
from rmm_sigma.verify.repairs import apply_repairs


class PairVerdict(StrEnum):
    """The verdict on one pair: the comparison's :class:`Kind`, or what was settled before comparing."""

    EQUIVALENT = Kind.EQUIVALENT.value
    TESTED_EQUIVALENT = Kind.TESTED_EQUIVALENT.value
    BROADER = Kind.BROADER.value
    NARROWER = Kind.NARROWER.value
    DIFFERENT = Kind.DIFFERENT.value
    UNSUPPORTED = Kind.UNSUPPORTED.value  # also: a reference without a rule
    INVALID = Kind.INVALID.value
    REFERENCE_DEFECT = "reference_defect"  # Microsoft's analyzer rejects the reference
    GENERATED_INVALID = "generated_invalid"  # Microsoft's analyzer rejects the generated query: a bug
    PENDING = "pending"  # valid on both sides, not compared yet


#: Only a decided ``equivalent`` passes; ``tested_equivalent`` fails unless it is an accepted exception.
PASSING = {PairVerdict.EQUIVALENT}

#: ``progress(n)`` opens a counter of n comparisons (click's progress bar): one item taken per comparison.
Progress = Callable[[int], AbstractContextManager[Iterable[object]]]


@dataclass(frozen=True)
class KnownDefect:
    """An accepted exception: the verdict a reference is known to get, and the repairs that fix it."""

    verdict: PairVerdict
    repairs: tuple[str, ...] = ()

    @property
    def repairable(self) -> bool:
        return bool(self.repairs) and "unsupported" not in self.repairs


@dataclass
class PairResult:
    """The verdict on one (rule, reference) pair, or on a reference without a rule."""

    id: str
    reference: Path
    rule: Path | None
    verdict: PairVerdict
    reason: str
    counterexamples: tuple[dict, ...] = ()
    notes: list[str] = field(default_factory=list)  # defects that do not decide the verdict
    accepted: bool = False  # listed as a known exception with exactly this verdict

    @property
    def ok(self) -> bool:
        return self.verdict in PASSING or self.accepted


def read_references(paths: Iterable[Path]) -> list[ReferenceQuery]:
    """Corpus folders (``RMM/*/rmm_*.yaml``), tool folders, folders of seed ``.txt`` files, or files."""
    refs: list[ReferenceQuery] = []
    for path in paths:
        if path.is_dir():  # a corpus root, one tool's folder, or a folder of seed documents
            refs += [read_reference(p) for p in corpus_files(path) + sorted(path.glob("rmm_*.yaml"))]
            refs += [read_seed(p) for p in sorted(path.glob("*.txt"))]
        elif path.suffix == ".txt":
            refs.append(read_seed(path))
        else:
            refs.append(read_reference(path))
    return refs


def in_scope(
    references: list[ReferenceQuery], rules: list[LoadedRule], paths: Iterable[Path]
) -> tuple[list[ReferenceQuery], list[ReferenceQuery]]:
    """(judged, left out): the references that a run over some rules, read from ``paths``, judges.

    A reference is judged when one of ``rules`` has its id, or when it sits in a corpus tool folder
    that holds a reference a rule from one of the folders among ``paths`` has: verifying
    ``sigma/AnyDesk/`` judges AnyDesk's three references, and one of them without a rule still
    fails, while the other tools' are left out; verifying one rule file judges its reference alone.
    """
    folders = [path for path in paths if path.is_dir()]
    ids = {str(r.rule.id) for r in rules}
    tools = {str(r.rule.id) for r in rules if any(folder in r.path.parents for folder in folders)}
    tool_folders = {tool_folder(ref.path) for ref in references if ref.id in tools} - {None}

    def judged(ref: ReferenceQuery) -> bool:
        return ref.id in ids or tool_folder(ref.path) in tool_folders

    return [ref for ref in references if judged(ref)], [ref for ref in references if not judged(ref)]


def _diagnostics(queries: list[str]) -> list[str]:
    """One line per query: the analyzer's first error, or ''."""
    return [f"{d[0].line}:{d[0].column}: {d[0].message}" if d else "" for d in analyze(queries)]


def verify(
    converter: Converter,
    rules: list[LoadedRule],
    references: list[ReferenceQuery],
    known: dict[str, KnownDefect],
    jobs: int = 1,
    progress: Progress | None = None,
    budget_seconds: float | None = DEFAULT_BUDGET_SECONDS,
) -> list[PairResult]:
    """A verdict for every reference; ``known`` maps reference file names to accepted exceptions.

    The comparisons are independent and CPU-bound, so ``jobs`` > 1 spreads them over processes.
    Each comparison gets ``budget_seconds`` (see :mod:`rmm_sigma.verify.equivalence.pool`).
    ``progress(n)`` gives a context that counts the n comparisons (a progress bar), if given.
    """
    by_id = {str(r.rule.id): r for r in rules}
    paired = [(ref, by_id.get(ref.id)) for ref in references]
    generated = {ref.id: converter.convert(rule, "hunting") for ref, rule in paired if rule}
    # One analyzer run (one node start) for the references and the generated queries together.
    errors = _diagnostics([ref.query for ref, _ in paired] + list(generated.values()))
    ref_errors = errors[: len(paired)]
    gen_errors = dict(zip(generated, errors[len(paired) :], strict=True))
    results = [
        _judge(ref, rule, ref_error, gen_errors.get(ref.id, ""), known.get(ref.path.name))
        for (ref, rule), ref_error in zip(paired, ref_errors, strict=True)
    ]
    tasks = [(r, generated[r.id], text) for r, text in _comparisons(results, references, known)]
    pairs = [(g, text) for _, g, text in tasks]
    verdicts = _compare_all(pairs, jobs, progress or _no_progress, budget_seconds)
    for (result, _, _), verdict in zip(tasks, verdicts, strict=True):
        _record(result, verdict, known.get(result.reference.name))
    return results


def _judge(
    ref: ReferenceQuery, rule: LoadedRule | None, ref_error: str, gen_error: str, defect: KnownDefect | None
) -> PairResult:
    """The verdict as far as it is known before comparing: no rule, invalid queries, or pending."""
    notes = [f"reference file is not valid YAML: {ref.yaml_error}"] if ref.yaml_error else []
    result = PairResult(ref.id, ref.path, rule.path if rule else None, PairVerdict.PENDING, "", notes=notes)
    if rule is None:
        result.verdict, result.reason = PairVerdict.UNSUPPORTED, "no Sigma rule has this reference's id"
        result.accepted = defect is not None and defect.verdict == PairVerdict.UNSUPPORTED
    elif gen_error:
        result.verdict, result.reason = PairVerdict.GENERATED_INVALID, f"generated query: {gen_error}"
    elif ref_error:
        result.verdict, result.reason = PairVerdict.REFERENCE_DEFECT, f"reference query: {ref_error}"
    return result


def _comparisons(
    results: list[PairResult], references: list[ReferenceQuery], known: dict[str, KnownDefect]
) -> list[tuple[PairResult, str]]:
    """What each pair is compared with: the reference, or for a known defect the repaired reference."""
    texts = {ref.path: ref.query for ref in references}
    plan = []
    for result in results:
        defect = known.get(result.reference.name)
        text = texts[result.reference]
        if result.verdict == PairVerdict.REFERENCE_DEFECT and defect is not None and defect.repairable:
            plan.append((result, apply_repairs(text, list(defect.repairs))))
        elif result.verdict in (PairVerdict.PENDING, PairVerdict.REFERENCE_DEFECT):
            plan.append((result, text))
    return plan


def _record(result: PairResult, verdict: Verdict, defect: KnownDefect | None) -> None:
    """Fold a comparison into the pair's result and decide whether a known defect is accepted.

    A defect is accepted only when the repaired reference is equivalent to the generated query, so an
    accepted defect can never hide a converter regression on the same query.
    """
    result.counterexamples = verdict.counterexamples
    if result.verdict == PairVerdict.PENDING:
        result.verdict, result.reason = PairVerdict(verdict.kind), verdict.reason
    elif defect is not None and defect.repairable:
        result.notes.append(f"after repair {', '.join(defect.repairs)}: {verdict.kind} ({verdict.reason})")
    else:
        result.notes.append(f"compared despite the defect: {verdict.kind} ({verdict.reason})")
    result.accepted = (
        defect is not None
        and result.verdict == defect.verdict
        and result.verdict not in PASSING
        and (not defect.repairable or verdict.kind == Kind.EQUIVALENT)
    )


def _compare_all(
    pairs: list[tuple[str, str]],
    jobs: int,
    progress: Progress,
    budget_seconds: float | None,
) -> list[Verdict]:
    if not pairs:  # no progress bar for nothing to do
        return []
    with progress(len(pairs)) as ticks:
        counter = iter(ticks)
        return compare_all(pairs, jobs, budget_seconds, lambda: next(counter, None))


@contextmanager
def _no_progress(_: int) -> Iterator[Iterator[None]]:
    yield itertools.repeat(None)


def load_known(path: Path | None) -> dict[str, KnownDefect]:
    """Accepted exceptions, ``{reference file name: {verdict, repair}}``: tests/data/reference_defects.yml."""
    if path is None:
        return {}
    try:
        documents = yaml_load.load_all(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ReferenceFileError(path, f"not a readable YAML file: {exc}") from None
    data = documents[0] if len(documents) == 1 else {} if not documents else None
    if not isinstance(data, dict):
        raise ReferenceFileError(path, "expected one mapping of reference file name -> {verdict: ...}")
    return {
        str(name): _known_defect(path, str(name), entry)
        for name, entry in data.items()
        if isinstance(entry, dict) and "verdict" in entry
    }


def _known_defect(path: Path, name: str, entry: dict) -> KnownDefect:
    verdict, repairs = entry["verdict"], entry.get("repair") or []
    if not isinstance(verdict, str) or verdict not in set(PairVerdict) - {PairVerdict.PENDING}:
        allowed = ", ".join(v for v in PairVerdict if v != PairVerdict.PENDING)
        raise ReferenceFileError(path, f"{name}: verdict must be one of {allowed}, not {verdict!r}")
    if not isinstance(repairs, list) or not all(isinstance(r, str) for r in repairs):
        raise ReferenceFileError(path, f"{name}: repair must be a list of strings")
    return KnownDefect(PairVerdict(verdict), tuple(repairs))


def summary(results: list[PairResult]) -> str:
    counts = Counter(r.verdict for r in results)
    accepted = sum(r.accepted for r in results)
    failing = sum(not r.ok for r in results)
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no reference to judge"
    return f"{len(results)} pairs: {parts}; {accepted} accepted exceptions; {failing} failing"


def as_text(result: PairResult) -> str:
    """A block a person can read: verdict, files, reason, counterexample rows."""
    mark = "ok " if result.ok else "FAIL"
    rule = result.rule or "-"
    lines = [f"{mark} {result.verdict:17} {result.reference.name}  <-  {rule}", f"     {result.reason}"]
    lines += [f"     note: {n}" for n in result.notes if not n.startswith("reference file is not valid YAML")]
    for row in result.counterexamples[:3]:
        lines.append("     counterexample: " + ", ".join(f"{k}={v!r}" for k, v in row.items()))
    return "\n".join(map(printable, lines))  # each line one line, whatever a file name or query holds


def as_json(result: PairResult) -> dict:
    return {
        "id": result.id,
        "reference": str(result.reference),
        "rule": str(result.rule) if result.rule else None,
        "verdict": result.verdict,
        "reason": result.reason,
        "accepted": result.accepted,
        "ok": result.ok,
        "notes": result.notes,
        "counterexamples": list(result.counterexamples),
    }


def as_junit(results: list[PairResult]) -> str:
    """JUnit XML: one test case per pair, a failure for each pair that is neither equivalent nor accepted."""
    suite = ET.Element(
        "testsuite",
        name="rmm-sigma verify",
        tests=str(len(results)),
        failures=str(sum(not r.ok for r in results)),
    )
    for r in results:  # printable: a control character is not valid XML 1.0, not even escaped
        case = ET.SubElement(
            suite, "testcase", classname=printable(r.reference.parent.name), name=printable(r.reference.name)
        )
        if not r.ok:
            failure = ET.SubElement(case, "failure", message=printable(f"{r.verdict}: {r.reason}"[:500]))
            failure.text = as_text(r)  # printable line by line
        elif r.verdict not in PASSING:
            ET.SubElement(case, "system-out").text = printable(f"accepted exception: {r.verdict}: {r.reason}")
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
