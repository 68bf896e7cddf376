"""Load Sigma rules and convert them, turning every failure into a one-line, located error.

Each rule file is parsed on its own so that an error names its file; conversion copies the parsed
rule because pySigma's pipelines rewrite rules in place (field names, state). A rule that a target's
mapping deliberately refuses (a ``rule_failure`` item: the target has no data for it) raises a
RuleError marked ``unsupported``, so a build can list it instead of stopping.

The formats of one backend whose pipelines apply the same items (the KQL target's five, Splunk's
two, ...) share one conversion: ``Converter.try_convert_formats`` applies the pipeline and converts
the condition once and finalizes the query per format, with the same result as converting each
format alone.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import io
import json
import operator
import pickle
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cached_property
from itertools import repeat
from pathlib import Path, PurePath
from typing import Any
from uuid import UUID

import yaml
from sigma.collection import SigmaCollection
from sigma.conversion.base import Backend
from sigma.conversion.state import ConversionState
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError, SigmaRuleLocation
from sigma.rule import SigmaRule

from rmm_sigma import artefact_ids, condition_templates, offline_data, printable, safety, yaml_load
from rmm_sigma.backends.guarded import RefuseUnwritableValues
from rmm_sigma.logsource_index import LogsourceIndexedPipeline
from rmm_sigma.targets import Target, load_pipeline, pipeline_for, pipeline_paths, refusals

MAX_RULE_BYTES = 1_000_000  # a real rule is a few KB; anything this large is a mistake or an attack


class RuleError(Exception):
    """A problem with one rule, reported as ``path: message`` on one line."""

    def __init__(self, path: Path | str, message: str, *, unsupported: bool = False) -> None:
        self.path = str(path)
        self.message = " ".join(str(message).split())
        #: True when the target's mapping refused the rule on purpose (a stated reason, not a bug)
        self.unsupported = unsupported
        super().__init__(f"{printable(self.path)}: {self.message}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as what ``__init__`` takes, not as its one-line text: forked workers hand errors back."""
        return (type(self), (self.path, self.message), {"unsupported": self.unsupported})


@dataclass(frozen=True)
class LoadedRule:
    path: Path
    rule: SigmaRule
    #: sha256 of the file's bytes as parsed: the incremental build's key (rmm_sigma.build_cache)
    digest: str = ""
    #: converted exactly once (``rmm-sigma convert``): fresh_rule hands out the parsed rule itself
    single_use: bool = False

    @cached_property
    def template(self) -> tuple[bytes, list[Any]]:
        """The pickle ``fresh_rule`` copies from, made on first use (a build makes it before forking
        its workers, which would otherwise each make their own)."""
        return _RulePickler.dumps(self.rule)

    def fresh_rule(self) -> SigmaRule:
        """A copy of the rule that a pipeline may rewrite in place.

        Unpickling a pickle made once per rule (20 µs) is about seven times faster than ``copy.deepcopy``
        and nine times faster than loading the file again, which matters when a build converts every rule
        for twenty formats and ``check`` converts third-party rule sets. A ``single_use`` rule needs
        no copy (pickling was a sixth of ``convert``): it is handed out once, and a second request
        is a bug, since the first conversion has rewritten it.
        """
        if not self.single_use:
            return _RulePickler.loads(*self.template)
        if self.__dict__.get("_handed_out"):
            raise RuntimeError(f"{self.path}: a single-use rule was asked for twice")
        self.__dict__["_handed_out"] = True  # like cached_property, past the frozen dataclass
        return self.rule

    def content_refusal(self, backend: type[RefuseUnwritableValues]) -> str | None:
        """``backend.content_refusal`` of the rule as loaded, judged once per backend class: a
        build asks again for each format of a backend that refused or failed the rule."""
        judged = self.__dict__.setdefault("_content_refusals", {})  # past the frozen dataclass
        if backend not in judged:
            judged[backend] = backend.content_refusal(self.rule, self.content_checks)
        return judged[backend]

    @cached_property
    def content_checks(self) -> tuple[safety.ContentCheck, ...]:
        """What every backend's content check looks at in the rule as loaded, walked once."""
        return safety.content_checks(self.rule)

    @cached_property  # asked for every output file: 30,000 times in a build of 1,660 rules
    def tool(self) -> str:
        """The tool folder the rule lives in (``sigma/<Tool>/<file>.yml``)."""
        return self.path.parent.name

    @cached_property  # as often as ``tool``
    def stem(self) -> str:
        """The rule's file name without its extension: its output files' names."""
        return self.path.stem


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic garbage collection off for the block, then as it was.

    For work that makes many objects and little cyclic garbage (loading rules, recording a build's
    30,000 results): the collector would walk everything alive again at each full collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def young_garbage_collected(every: int = 10) -> Iterator[Callable[[], None]]:
    """Automatic garbage collection off; the ``rule_done`` it gives collects the youngest generation
    every ``every`` calls (once per rule converted).

    Every conversion works on a copy of its rule (``fresh_rule``), and a copy is cyclic garbage once
    converted: each detection item points back at its parent, so only the collector frees it. Left to
    itself, the collector runs every 700 allocations, in the middle of conversions, and walks the
    live copies again each time they are promoted to an older generation: 0.8 s of a 8.8 s build of
    1,660 rules. Collected between rules, each object is walked once and the copies are freed at
    once (0.26 s), with the same peak memory.
    """
    done = 0

    def rule_done() -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            gc.collect(0)

    with collector_paused():
        yield rule_done


class _RulePickler(pickle.Pickler):
    """Pickles a rule but keeps its immutable leaves (classes, strings, path, id, date, enum members)
    by reference.

    Unpickling rebuilds every other object; these are never rewritten by a pipeline. Rebuilding them
    was half the cost of each copy: a Path parses itself again, a string is decoded again, and a class
    is looked up by name through the import system (``find_class``), a dozen times per rule.
    """

    SHARED = (PurePath, UUID, date, Enum)

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.shared: list[Any] = []

    def persistent_id(self, obj: Any) -> int | None:
        if type(obj) is str or isinstance(obj, type) or isinstance(obj, self.SHARED):
            self.shared.append(obj)
            return len(self.shared) - 1
        return None

    @classmethod
    def dumps(cls, rule: SigmaRule) -> tuple[bytes, list[Any]]:
        buffer = io.BytesIO()
        pickler = cls(buffer)
        pickler.dump(rule)
        return buffer.getvalue(), pickler.shared

    @staticmethod
    def loads(data: bytes, shared: list[Any]) -> SigmaRule:
        """Our own pickle of our own rule; each shared leaf is taken from ``shared`` as it is (by
        ``list.__getitem__``: no Python call per leaf)."""
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = shared.__getitem__  # type: ignore[method-assign]  # a settable C slot
        return unpickler.load()


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``.yml``/``.yaml`` files, sorted; a missing path is an error."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
            if not found:
                raise RuleError(path, "no Sigma rules (.yml/.yaml files) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(path, "no such file or folder")
    return files


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_text(path: Path) -> tuple[str, str]:
    try:
        if path.stat().st_size > MAX_RULE_BYTES:
            raise RuleError(path, f"file is larger than {MAX_RULE_BYTES} bytes; not a Sigma rule")
        data = path.read_bytes()
    except OSError as exc:
        raise RuleError(path, f"cannot read: {exc.strerror or exc}") from None
    if b"\0" in data:
        raise RuleError(path, "binary file, not a Sigma rule")
    try:
        return data.decode("utf-8"), content_digest(data)
    except UnicodeDecodeError as exc:
        raise RuleError(path, f"not UTF-8 text (byte {exc.start})") from None


class RuleFileLocation(SigmaRuleLocation):
    """pySigma's location of a rule file, as text once: pySigma's ``str()`` resolves the path on every
    call, and SigmaHQ's tags validator asks three times per rule (a quarter of ``check``'s validators).
    """

    def __str__(self) -> str:
        where = (self.path, self.line, self.char)
        if (known := self.__dict__.get("_text")) is None or known[0] != where:
            known = self.__dict__["_text"] = (where, super().__str__())
        return known[1]


def load_rule(path: Path) -> LoadedRule:
    """Parse one file into one Sigma rule, or raise RuleError saying what is wrong and where."""
    text, digest = _read_text(path)
    try:
        # Strict YAML (no aliases, no duplicate keys); the location lets validators see the file name.
        documents = yaml_load.load_all(text)
        if not all(isinstance(doc, dict) for doc in documents):
            raise RuleError(path, "not a Sigma rule: the YAML document is not a mapping of keys to values")
        for problem in filter(None, map(yaml_load.nesting_problem, documents)):
            raise RuleError(path, f"not a Sigma rule: {problem}")
        collection = SigmaCollection.from_dicts(documents, source=RuleFileLocation(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise RuleError(path, f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except SigmaError as exc:
        raise RuleError(path, f"invalid Sigma: {_sigma_message(exc)}") from None
    except RecursionError:
        raise RuleError(path, "invalid Sigma: nesting too deep") from None
    if correlations := [r for r in collection.rules if isinstance(r, SigmaCorrelationRule)]:
        kind = correlations[0].type.name.lower()
        raise RuleError(path, f"a Sigma correlation rule ({kind}): rmm-sigma converts detection rules only")
    rules = [r for r in collection.rules if isinstance(r, SigmaRule)]
    if len(rules) != 1:
        raise RuleError(path, f"expected exactly one Sigma rule per file, found {len(rules)}")
    condition_templates.use_templates(rules[0])
    return LoadedRule(path, rules[0], digest)


def load_rules(paths: Iterable[Path]) -> list[LoadedRule]:
    return [load_rule(p) for p in rule_files(paths)]


@dataclass(frozen=True)
class Attempt:
    """One rule converted for one format: exactly one of query, unsupported (the reason), error."""

    rule: LoadedRule
    query: Any = None
    unsupported: str | None = None
    error: RuleError | None = None

    @property
    def ok(self) -> bool:
        return self.unsupported is None and self.error is None


class Converter:
    """The backends of one (target, options), each created once and re-used for every rule."""

    def __init__(self, target: Target, extra_pipelines: tuple[Path, ...] = (), **options: Any) -> None:
        self.target = target
        _check_extra_pipelines(target, extra_pipelines)
        self._pipeline = pipeline_for(target, extra_pipelines)
        self._options = options
        self._backends: dict[type[Backend], Backend] = {}
        self._pipelines: dict[tuple[type[Backend], str], Any] = {}  # initialised once per format
        self._groups: dict[tuple[str, ...], list[list[list[str]]]] = {}  # see _families
        self._refusals = refusals(target)
        offline_data.install_attack()  # the Elastic rule formats' threat mapping, offline

    def backend(self, output_format: str) -> tuple[Backend, str]:
        """The backend instance for ``output_format`` and the format's name in that backend."""
        cls, backend_format = self.target.backend_for(output_format)
        if cls not in self._backends:
            # the target name lets format code derive per-artefact ids (rmm_sigma.artefact_ids)
            options = {artefact_ids.TARGET_OPTION: self.target.name, **self._options}
            self._backends[cls] = cls(self._pipeline, **options)
        return self._backends[cls], backend_format

    def convert(self, loaded: LoadedRule, output_format: str) -> Any:
        """The rule's query in ``output_format``; exactly one per rule."""
        backend, backend_format = self._backend_checked(loaded, output_format)
        return self._convert_rule(loaded, loaded.fresh_rule(), backend, backend_format)

    def _backend_checked(self, loaded: LoadedRule, output_format: str) -> tuple[Backend, str]:
        if output_format not in self.target.formats:
            raise RuleError(loaded.path, f"target {self.target.name} has no format '{output_format}'")
        return self.backend(output_format)

    def _convert_rule(
        self, loaded: LoadedRule, rule: SigmaRule, backend: Backend, backend_format: str, callback: Any = None
    ) -> Any:
        """``backend.convert_rule`` on ``rule`` (a fresh copy), its failures as located RuleErrors."""
        self._use_pipeline(backend, backend_format)
        if isinstance(backend, RefuseUnwritableValues) and loaded.content_refusal(type(backend)) is None:
            backend.content_judged(rule)  # a refused rule: the backend finds and words it itself
        try:
            queries = backend.convert_rule(rule, backend_format, callback)
        except SigmaError as exc:
            message = _sigma_message(exc)
            raise RuleError(loaded.path, message, unsupported=message in self._refusals) from None
        except NotImplementedError as exc:  # a Sigma feature the backend lacks: a refusal, not a crash
            message = f"target {self.target.name} cannot express this rule: {exc}"
            raise RuleError(loaded.path, message) from None
        except RecursionError:  # e.g. ``not not ... not selection``: pyparsing and the backends recurse
            raise RuleError(loaded.path, "invalid Sigma: the condition nests too deeply to convert") from None
        if len(queries) != 1:
            raise RuleError(loaded.path, f"produced {len(queries)} queries, expected one")
        return queries[0]

    def _use_pipeline(self, backend: Backend, backend_format: str, finalizing: bool = False) -> Any:
        """Give ``backend`` its combined pipeline for ``backend_format``, built once per format.

        Combining the backend's, our and the format's pipelines costs about a quarter of a
        conversion; pySigma's own ``convert`` also builds it once per collection and re-uses it for
        every rule (``ProcessingPipeline.apply`` resets its per-rule state). The processing items
        are shared by every pipeline combined from the same parts and write their state into the
        pipeline they were last attached to, so a re-used pipeline is attached again when another
        one (another format, another target's ``pipeline_for``) took its items in between.

        Formats of one backend whose combined pipelines hold the same items (no format pipeline of
        their own) get one pipeline object, told the format it works for in ``vars["output_format"]``
        as pySigma's ``init_processing_pipeline`` does: see ``try_convert_formats``.
        """
        key = (type(backend), backend_format)
        if key not in self._pipelines:
            backend.init_processing_pipeline(backend_format)
            pipeline = LogsourceIndexedPipeline.of(backend.last_processing_pipeline)
            same_parts = (
                known
                for (cls, _), known in self._pipelines.items()
                if cls is type(backend) and _parts(known) == _parts(pipeline)
            )
            self._pipelines[key] = next(same_parts, pipeline)
        pipeline = self._pipelines[key]
        # a query finalized again runs only the postprocessing items and finalizers: moving the
        # preprocessing items (shared by the group's pipelines) there and back cost a tenth of a build
        _attach(pipeline, (*pipeline.postprocessing_items, *pipeline.finalizers) if finalizing else None)
        pipeline.vars["output_format"] = backend_format
        backend.last_processing_pipeline = pipeline
        return pipeline

    def try_convert(self, loaded: LoadedRule, output_format: str) -> Attempt:
        """Convert, sorting a RuleError into ``unsupported`` (a stated refusal) or ``error``.

        The one place that decides whether a failed conversion is a defect or a target's deliberate
        refusal; build, check and ``list notes`` all go through it.
        """
        return _attempt(loaded, lambda: self.convert(loaded, output_format))

    def format_groups(self, formats: Iterable[str]) -> list[list[str]]:
        """``formats`` in groups that one pipeline application serves (``try_convert_formats``): the
        formats of backends whose combined pipelines apply the same items (a build runs one job each)."""
        return [[f for group in family for f in group] for family in self._families(formats)]

    def _families(self, formats: Iterable[str]) -> list[list[list[str]]]:
        """``formats`` in families of groups.

        A group is the formats of one backend with the same preprocessing: one conversion serves them
        (they differ in postprocessing, which runs when the query is finalized). A family is the groups
        whose pipelines hold the same items with the same variables but the backend's name (pySigma
        sets ``vars["backend"]`` for each backend): one application of the pipeline serves them, as
        for the Lucene, ES|QL and EQL backends of the Elastic mapping.
        """
        formats = tuple(formats)
        if formats not in self._groups:
            families: list[tuple[tuple[Any, ...], list[tuple[Backend, tuple[Any, ...], list[str]]]]] = []
            for output_format in formats:
                backend, backend_format = self.backend(output_format)
                before = _preprocessing(self._use_pipeline(backend, backend_format))
                applies = _application(before)
                if (family := next((f for key, f in families if key == applies), None)) is None:
                    families.append((applies, family := []))
                same = (g for b, parts, g in family if b is backend and parts == before)
                if (group := next(same, None)) is None:
                    family.append((backend, before, group := []))
                group.append(output_format)
            self._groups[formats] = [[group for _, _, group in family] for _, family in families]
        return self._groups[formats]

    def try_convert_formats(self, loaded: LoadedRule, formats: Iterable[str]) -> dict[str, Attempt]:
        """``try_convert`` for each of ``formats``, applying the pipeline once per ``format_groups`` family.

        The formats of one backend that share a pipeline differ only in pySigma's last step,
        ``finalize_query`` (the format's dressing and the pipeline's postprocessing). So the
        pipeline is applied and the condition converted once, by the first format's
        ``convert_rule``, whose ``callback`` hands over the query before it is finalized; each other
        format then finalizes that query as ``convert_rule`` would, with the pipeline's state as the
        conversion left it. Another backend of the family converts the condition of that same
        processed rule with its own ``convert_condition`` and ``finish_query``, the steps its
        ``convert_rule`` takes after applying the pipeline. Finalizers and conversions leave the rule
        and its conversion states as they are (the Elastic rule documents protect the rule from the
        stock code; tests/test_build_shared.py checks every format). The result is what
        ``try_convert`` gives for each format alone: a failure while applying the pipeline or
        converting the condition is the whole group's, and a format whose backend refuses the rule
        before converting it (the ``refusal`` of rmm_sigma.backends.guarded), or whose converting or
        finalizing fails in another way, is converted on its own.
        """
        formats = tuple(formats)
        attempts: dict[str, Attempt] = {}
        for family in self._families(formats):
            attempts.update(self._try_family(loaded, family))
        return {output_format: attempts[output_format] for output_format in formats}

    def _try_family(self, loaded: LoadedRule, family: list[list[str]]) -> dict[str, Attempt]:
        first, *others = family
        backend, first_format = self.backend(first[0])
        rule = loaded.fresh_rule()
        capture = _Unfinalized(rule, backend)
        convert = lambda: self._convert_rule(loaded, rule, backend, first_format, capture)  # noqa: E731
        attempts = {first[0]: _attempt(loaded, convert)}
        attempts.update(self._finalize_group(loaded, first, backend, capture, rule, attempts[first[0]]))
        for group in others:
            attempts.update(self._try_group_again(loaded, group, capture, rule, attempts[first[0]]))
        return attempts

    def _finalize_group(
        self,
        loaded: LoadedRule,
        group: list[str],
        backend: Backend,
        capture: _Unfinalized,
        rule: SigmaRule,
        converted: Attempt,
    ) -> dict[str, Attempt]:
        """The formats of ``group`` after its first, whose attempt is ``converted``, from ``capture``."""
        attempts = {}
        for output_format in group[1:]:
            if self._refuses(backend, loaded, output_format, query_checked=capture.complete):
                attempts[output_format] = self.try_convert(loaded, output_format)
            elif converted.ok and capture.single_query(rule):
                attempts[output_format] = self._finalize_again(loaded, backend, capture, rule, output_format)
            elif not capture.complete and not self._refuses(backend, loaded, group[0]):
                attempts[output_format] = converted  # failed before any format's own step
            else:
                attempts[output_format] = self.try_convert(loaded, output_format)
        return attempts

    def _try_group_again(
        self, loaded: LoadedRule, group: list[str], capture: _Unfinalized, rule: SigmaRule, converted: Attempt
    ) -> dict[str, Attempt]:
        """Another backend's formats, from the rule the family's first conversion processed."""
        backend, backend_format = self.backend(group[0])
        if converted.ok and capture.single_query(rule) and not self._refuses(backend, loaded, group[0]):
            try:
                again = self._convert_again(backend, backend_format, capture, rule)
            except Exception:  # noqa: BLE001 - converted alone, the backend fails exactly as it does alone
                again = None
            if again is not None:
                first = self._finalize_again(loaded, backend, again, rule, group[0])
                return {group[0]: first} | self._finalize_group(loaded, group, backend, again, rule, first)
        return {output_format: self.try_convert(loaded, output_format) for output_format in group}

    def _convert_again(
        self, backend: Backend, backend_format: str, capture: _Unfinalized, rule: SigmaRule
    ) -> _Unfinalized | None:
        """What ``convert_rule`` does after the pipeline, by ``backend``, to the rule ``capture`` saw."""
        pipeline = self._use_pipeline(backend, backend_format, finalizing=True)
        capture.restore(pipeline, rule)
        state = ConversionState(processing_state=dict(pipeline.state))
        (condition,) = rule.detection.parsed_condition
        query = backend.convert_condition(condition.parsed, state)
        if query is None:
            return None
        return capture.converted_again(backend.finish_query(rule, query, state), state)

    def _refuses(
        self, backend: Backend, loaded: LoadedRule, output_format: str, query_checked: bool = False
    ) -> bool:
        """Whether ``backend`` refuses the rule in ``output_format`` before converting it.

        ``query_checked``: another format of the backend converted the rule, so only what depends
        on the format (``format_refusal``) can still refuse it.
        """
        if not isinstance(backend, RefuseUnwritableValues):
            return False
        if not query_checked and loaded.content_refusal(type(backend)) is not None:
            return True
        return backend.format_refusal(loaded.rule, self.backend(output_format)[1]) is not None

    def _finalize_again(
        self, loaded: LoadedRule, backend: Backend, capture: _Unfinalized, rule: SigmaRule, output_format: str
    ) -> Attempt:
        """``convert_rule``'s last step for another format, from a conversion ``capture`` saw."""
        backend_format = self.backend(output_format)[1]
        pipeline = self._use_pipeline(backend, backend_format, finalizing=True)  # its postprocessing
        capture.restore(pipeline, rule)  # without other formats' postprocessing
        # convert_rule's pairing: the n-th query, the n-th state
        state = capture.conversion_state or rule.get_conversion_states()[0]
        try:
            query = backend.finalize_query(rule, capture.queries[0], 0, state, backend_format)
        except Exception:  # noqa: BLE001 - converted alone, the format fails exactly as it does alone
            return self.try_convert(loaded, output_format)
        return Attempt(loaded, query=query)

    def finalize(self, queries: list[Any], output_format: str) -> Any:
        """Join per-rule results into the format's content (the backend's own finalizer); see as_text."""
        backend, backend_format = self.backend(output_format)
        # only the finalizers run here: re-linking the whole pipeline per rule cost a tenth of a build
        self._use_pipeline(backend, backend_format, finalizing=True)
        return backend.finalize(queries, backend_format)


class _Unfinalized:
    """pySigma's ``convert_rule`` callback: the queries before ``finalize_query``, and the pipeline's
    state as applying it and converting left it, before any format's finalizer could write into it."""

    def __init__(self, rule: SigmaRule, backend: Backend) -> None:
        self.queries: list[Any] = []
        self.complete = False  # every condition converted: a failure after this is the format's own
        self.state: dict[str, Any] = {}
        self.applied_ids: set[str] = set()
        self.rule_applied: set[str] = set()
        #: the pipeline's applied, field_mappings and field_name_applied_ids
        self.applied: tuple[Any, Any, Any] = ([], None, None)
        #: the ConversionState of a query converted outside ``convert_rule`` (``converted_again``)
        self.conversion_state: Any = None
        self._last = len(rule.detection.parsed_condition) - 1
        self._backend = backend

    def __call__(self, rule: SigmaRule, output_format: str | None, index: int, cond: Any, result: Any) -> Any:
        if result is not None:
            self.queries.append(result)
        if index == self._last:
            pipeline = self._backend.last_processing_pipeline
            self.state, self.applied_ids = dict(pipeline.state), set(pipeline.applied_ids)
            self.applied = (pipeline.applied, pipeline.field_mappings, pipeline.field_name_applied_ids)
            self.rule_applied = set(rule.applied_processing_items)  # postprocessing adds its own ids
            self.complete = True
        return result

    def single_query(self, rule: SigmaRule) -> bool:
        """Whether ``convert_rule`` finalized one query, as it does for a rule outside a correlation."""
        return len(self.queries) == 1 and bool(rule._output) and not rule._backreferences

    def restore(self, pipeline: Any, rule: SigmaRule) -> None:
        """Put ``pipeline`` (another format's, sharing the items) and ``rule`` back in the state the
        conversion left them in, without any format's postprocessing."""
        pipeline.applied, pipeline.field_mappings, pipeline.field_name_applied_ids = self.applied
        pipeline.state, pipeline.applied_ids = dict(self.state), set(self.applied_ids)
        rule.applied_processing_items = set(self.rule_applied)

    def converted_again(self, query: Any, conversion_state: Any) -> _Unfinalized:
        """The same processed rule, converted by another backend of the family into ``query``."""
        again = copy.copy(self)
        again.queries, again.conversion_state = [query], conversion_state
        return again


def _check_extra_pipelines(target: Target, paths: tuple[Path, ...]) -> None:
    """The user's pipeline files (``convert -p``), each loadable and each applied once: a RuleError
    naming the first that is not.

    pySigma reads a pipeline's YAML into its classes without checking its shape first, so a file that
    is not a pipeline fails with whatever Python error its content leads to (``'list' object has no
    attribute 'keys'``): any exception while loading is the file's, not rmm-sigma's. A file given
    twice, or the target's own mapping given again (as sigma-cli needs it: ``-p mappings/defender.yml``),
    would be applied twice, which pySigma refuses for one loaded pipeline.
    """
    own = f"is the {target.name} target's own mapping, which it applies already (-p adds pipelines after it)"
    seen = dict.fromkeys((p.resolve() for p in pipeline_paths(target)), own)
    for path in paths:
        if (repeated := seen.get(resolved := path.resolve())) is not None:
            raise RuleError(path, repeated)
        try:
            load_pipeline(resolved)
        except Exception as exc:  # noqa: BLE001 - see the docstring
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise RuleError(path, f"not a usable pySigma pipeline: {message}") from None
        seen[resolved] = "is given twice with -p"


def _attempt(loaded: LoadedRule, convert: Any) -> Attempt:
    try:
        return Attempt(loaded, query=convert())
    except RuleError as exc:
        if exc.unsupported:
            return Attempt(loaded, unsupported=exc.message)
        return Attempt(loaded, error=exc)


def _parts(pipeline: Any) -> tuple[Any, ...]:
    """What a combined pipeline does: its items (shared objects) and its variables but the format."""
    variables = {k: v for k, v in pipeline.vars.items() if k != "output_format"}
    return (
        [id(i) for i in pipeline.items],
        [id(i) for i in pipeline.postprocessing_items],
        [id(i) for i in pipeline.finalizers],
        variables,
    )


def _application(preprocessing: tuple[Any, ...]) -> tuple[Any, ...]:
    """What applying a pipeline does whatever the backend: its items and variables but the backend's
    name (a ``_preprocessing`` result); see ``Converter._families``."""
    items, variables = preprocessing
    return items, {k: v for k, v in variables.items() if k != "backend"}


def _preprocessing(pipeline: Any) -> tuple[Any, ...]:
    """What applying a combined pipeline does to a rule: its items and variables but the format.

    Formats whose pipelines agree here differ only in postprocessing (the KQL target's hunting and
    Sentinel formats are output-format pipelines of postprocessing items), which runs in
    ``finalize_query``: one conversion serves them all (``try_convert_formats``).
    """
    return _parts(pipeline)[0], _parts(pipeline)[3]


def _attach(pipeline: Any, parts: tuple[Any, ...] | None = None) -> None:
    """Make every item (or ``parts``) of ``pipeline`` write into it (pySigma's link: ``_pipeline``).

    Only the parts linked elsewhere are moved, as pySigma's ``_clear_pipeline``/``set_pipeline``
    do for a whole pipeline: the formats sharing a conversion have pipelines that share their items
    but differ in a few postprocessing items, the only parts a second finalizing needs.
    """
    if parts is None:
        parts = (*pipeline.items, *pipeline.postprocessing_items, *pipeline.finalizers)
    # map/is_ rather than a generator: this runs several times per conversion over some fifty items
    if all(map(operator.is_, map(_PIPELINE_OF, parts), repeat(pipeline))):
        return
    for part in parts:
        if part._pipeline is not pipeline:
            if hasattr(part, "_clear_pipeline"):  # processing items; a finalizer holds just the link
                part._clear_pipeline()
            part._pipeline = None
            part.set_pipeline(pipeline)


_PIPELINE_OF = operator.attrgetter("_pipeline")


def as_text(content: Any, separator: str = "\n") -> str:
    """File content for a finalized result, ending with a newline.

    Text stays as it is and a list of queries is joined by ``separator``. Backends that build
    documents (Elastic's NDJSON rule formats) return dicts: those become JSON, one object per line,
    which is what Kibana's rule import reads.
    """
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, list):
        if all(isinstance(item, dict) for item in content):
            content = "\n".join(json.dumps(item, ensure_ascii=False) for item in content)
        else:
            content = separator.join(map(str, content))
    text = str(content)
    return text if text.endswith("\n") else text + "\n"


def _sigma_message(exc: SigmaError) -> str:
    """pySigma's own message, without the location ``str(exc)`` appends (we name the file ourselves).

    ``SigmaError.__str__`` adds `` in <source>``; the message itself is the exception's arguments.
    pySigma's strict field mapping names the unmapped fields in the order of a set of strings, which
    changes from one process to the next (hash randomization): here they are sorted, so a report says
    the same in every run.
    """
    message = " ".join(str(arg) for arg in exc.args) or type(exc).__name__
    if message.startswith(_UNMAPPED_FIELDS):
        message = _UNMAPPED_FIELDS + ", ".join(sorted(message.removeprefix(_UNMAPPED_FIELDS).split(", ")))
    return message


_UNMAPPED_FIELDS = "The following fields are not mapped: "  # sigma.processing.transformations.failure
