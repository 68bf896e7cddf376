"""Load Sigma rules and convert them, turning every failure into a one-line, located error.

Each rule file is parsed on its own so that an error names its file; conversion copies the parsed
rule because pySigma's pipelines rewrite rules in place (field names, state). A rule that a target's
mapping deliberately refuses (a ``rule_failure`` item: the target has no data for it) raises a
RuleError marked ``unsupported``, so a build can list it instead of stopping.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cached_property
from pathlib import Path, PurePath
from typing import Any
from uuid import UUID

import yaml
from sigma.collection import SigmaCollection
from sigma.conversion.base import Backend
from sigma.exceptions import SigmaError, SigmaRuleLocation
from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule

from rmm_sigma import artefact_ids, offline_data, yaml_load
from rmm_sigma.targets import Target, pipeline_for, refusals

MAX_RULE_BYTES = 1_000_000  # a real rule is a few KB; anything this large is a mistake or an attack


class RuleError(Exception):
    """A problem with one rule, reported as ``path: message`` on one line."""

    def __init__(self, path: Path | str, message: str, *, unsupported: bool = False) -> None:
        self.path = str(path)
        self.message = " ".join(str(message).split())
        #: True when the target's mapping refused the rule on purpose (a stated reason, not a bug)
        self.unsupported = unsupported
        super().__init__(f"{self.path}: {self.message}")


@dataclass(frozen=True)
class LoadedRule:
    path: Path
    rule: SigmaRule
    #: sha256 of the file's bytes as parsed: the incremental build's key (rmm_sigma.build_cache)
    digest: str = ""
    #: converted exactly once (``rmm-sigma convert``): fresh_rule hands out the parsed rule itself
    single_use: bool = False

    @cached_property
    def _pickled(self) -> tuple[bytes, list[Any]]:
        return _RulePickler.dumps(self.rule)

    def fresh_rule(self) -> SigmaRule:
        """A copy of the rule that a pipeline may rewrite in place.

        Unpickling a pickle made once per rule is about four times faster than ``copy.deepcopy`` and
        twice as fast as parsing the document again, which matters when a build converts every rule
        for twenty formats and ``check`` converts third-party rule sets. A ``single_use`` rule needs
        no copy (pickling was a sixth of ``convert``): it is handed out once, and a second request
        is a bug, since the first conversion has rewritten it.
        """
        if not self.single_use:
            return _RulePickler.loads(*self._pickled)
        if self.__dict__.get("_handed_out"):
            raise RuntimeError(f"{self.path}: a single-use rule was asked for twice")
        self.__dict__["_handed_out"] = True  # like cached_property, past the frozen dataclass
        return self.rule

    @property
    def tool(self) -> str:
        """The tool folder the rule lives in (``sigma/<Tool>/<file>.yml``)."""
        return self.path.parent.name


class _RulePickler(pickle.Pickler):
    """Pickles a rule but keeps its immutable leaves (path, id, date, enum members) by reference.

    Unpickling rebuilds every object; these are never rewritten by a pipeline, and rebuilding them
    (a Path parses itself again) was a third of the cost of each copy.
    """

    SHARED = (PurePath, UUID, date, Enum)

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.shared: list[Any] = []

    def persistent_id(self, obj: Any) -> int | None:
        if isinstance(obj, self.SHARED):
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
        return _SharedUnpickler(data, shared).load()


class _SharedUnpickler(pickle.Unpickler):
    """Reads a _RulePickler pickle (our own, of our own rule), taking the shared leaves as they are."""

    def __init__(self, data: bytes, shared: list[Any]) -> None:
        super().__init__(io.BytesIO(data))
        self.shared = shared

    def persistent_load(self, pid: Any) -> Any:
        return self.shared[pid]


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
        collection = SigmaCollection.from_dicts(documents, source=SigmaRuleLocation(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise RuleError(path, f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except SigmaError as exc:
        raise RuleError(path, f"invalid Sigma: {_sigma_message(exc)}") from None
    except RecursionError:
        raise RuleError(path, "invalid Sigma: nesting too deep") from None
    rules = [r for r in collection.rules if isinstance(r, SigmaRule)]
    if len(rules) != 1:
        raise RuleError(path, f"expected exactly one Sigma rule per file, found {len(rules)}")
    return LoadedRule(path, rules[0], digest)


def detection_items(detection: SigmaDetection | SigmaDetectionItem) -> Iterator[SigmaDetectionItem]:
    """Every field/value item of a detection, however deeply its maps and lists nest."""
    if isinstance(detection, SigmaDetectionItem):
        yield detection
        return
    for item in detection.detection_items:
        yield from detection_items(item)


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
        self._pipeline = pipeline_for(target, extra_pipelines)
        self._options = options
        self._backends: dict[type[Backend], Backend] = {}
        self._pipelines: dict[tuple[type[Backend], str], Any] = {}  # initialised once per format
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
        if output_format not in self.target.formats:
            raise RuleError(loaded.path, f"target {self.target.name} has no format '{output_format}'")
        backend, backend_format = self.backend(output_format)
        rule = loaded.fresh_rule()
        self._use_pipeline(backend, backend_format)
        try:
            queries = backend.convert_rule(rule, backend_format)
        except SigmaError as exc:
            message = _sigma_message(exc)
            raise RuleError(loaded.path, message, unsupported=message in self._refusals) from None
        except NotImplementedError as exc:  # a Sigma feature the backend lacks: a refusal, not a crash
            message = f"target {self.target.name} cannot express this rule: {exc}"
            raise RuleError(loaded.path, message) from None
        if len(queries) != 1:
            raise RuleError(loaded.path, f"produced {len(queries)} queries, expected one")
        return queries[0]

    def _use_pipeline(self, backend: Backend, backend_format: str) -> None:
        """Give ``backend`` its combined pipeline for ``backend_format``, built once per format.

        Combining the backend's, our and the format's pipelines costs about a quarter of a
        conversion; pySigma's own ``convert`` also builds it once per collection and re-uses it for
        every rule (``ProcessingPipeline.apply`` resets its per-rule state). The processing items
        are shared by every pipeline combined from the same parts and write their state into the
        pipeline they were last attached to, so a re-used pipeline is attached again when another
        one (another format, another target's ``pipeline_for``) took its items in between.
        """
        key = (type(backend), backend_format)
        if key not in self._pipelines:
            backend.init_processing_pipeline(backend_format)
            self._pipelines[key] = backend.last_processing_pipeline
        pipeline = self._pipelines[key]
        if not _attached(pipeline):
            pipeline._clear_pipeline()
            pipeline.set_pipeline()
        backend.last_processing_pipeline = pipeline

    def try_convert(self, loaded: LoadedRule, output_format: str) -> Attempt:
        """Convert, sorting a RuleError into ``unsupported`` (a stated refusal) or ``error``.

        The one place that decides whether a failed conversion is a defect or a target's deliberate
        refusal; build, check and ``list notes`` all go through it.
        """
        try:
            return Attempt(loaded, query=self.convert(loaded, output_format))
        except RuleError as exc:
            if exc.unsupported:
                return Attempt(loaded, unsupported=exc.message)
            return Attempt(loaded, error=exc)

    def finalize(self, queries: list[Any], output_format: str) -> Any:
        """Join per-rule results into the format's content (the backend's own finalizer); see as_text."""
        backend, backend_format = self.backend(output_format)
        self._use_pipeline(backend, backend_format)
        return backend.finalize(queries, backend_format)


def _attached(pipeline: Any) -> bool:
    """Whether every item of ``pipeline`` writes into it (pySigma keeps that link in ``_pipeline``)."""
    parts = (*pipeline.items, *pipeline.postprocessing_items, *pipeline.finalizers)
    return all(part._pipeline is pipeline for part in parts)


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
    """
    return " ".join(str(arg) for arg in exc.args) or type(exc).__name__
