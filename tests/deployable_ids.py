"""Every id a product keys an imported artefact by, read from the files in output/.

An *artefact* is one Sigma rule deployed one way on one target: ``(target, format family, Sigma id)``.
A per-rule file and the bundle that repeats it (``all.*``, the Splunk app) are the same artefact, and
so are a Sentinel rule's YAML and its ARM template (two ways to deploy one analytic rule).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

SIGMA_ID = re.compile(r"Sigma ID: ([0-9a-f-]{36})")
_STANZA = re.compile(r"^\[([^\[\]]+)\]$", re.M)
_YARAL_NAME = re.compile(r"^rule (\w+) \{$", re.M)
_YARAL_META = re.compile(r'^    (id|sigma_id) = "([^"]*)"$', re.M)
#: libyaml's safe loader where installed: some 2,000 Sentinel documents are read, ten times faster
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: formats that deploy the same artefact as another format
FAMILY = {"sentinel_arm": "sentinel_rule", "app": "savedsearches"}


@dataclass(frozen=True)
class DeployableId:
    kind: str  # "uuid", "splunk stanza", "yara-l rule name"
    value: str
    artefact: tuple[str, str, str]  # target, format family, Sigma id
    path: Path


def _sigma_id(text: str) -> str:
    match = SIGMA_ID.search(text)
    assert match, f"no 'Sigma ID: ' in {text[:80]!r}"
    return match.group(1)


def _sentinel_yaml(path: Path, target: str, fmt: str) -> Iterator[tuple[str, str, str]]:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_SAFE_LOADER)  # noqa: S506 - a safe loader
    sigma_id = doc["id"] if fmt == "sentinel" else _sigma_id(" ".join(doc["tags"]))
    yield "uuid", doc["id"], sigma_id


def _arm(path: Path) -> Iterator[tuple[str, str, str]]:
    for resource in json.loads(path.read_text(encoding="utf-8"))["resources"]:
        yield "uuid", resource["name"], _sigma_id(resource["properties"]["description"])


def _ndjson(path: Path) -> Iterator[tuple[str, str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        sigma_id = _sigma_id(" ".join(doc["tags"]))
        yield "uuid", doc["rule_id"], sigma_id
        if "id" in doc:
            yield "uuid", doc["id"], sigma_id


def _savedsearches(path: Path) -> Iterator[tuple[str, str, str]]:
    text = path.read_text(encoding="utf-8")
    starts = [(m.start(), m.group(1)) for m in _STANZA.finditer(text)] + [(len(text), "")]
    for (start, name), (end, _) in zip(starts, starts[1:], strict=False):
        if name != "default":
            yield "splunk stanza", name, _sigma_id(text[start:end])


def _yaral(path: Path) -> Iterator[tuple[str, str, str]]:
    text = path.read_text(encoding="utf-8")
    meta = dict(_YARAL_META.findall(text))
    (name,) = _YARAL_NAME.findall(text)
    yield "yara-l rule name", name, meta["sigma_id"]
    yield "uuid", meta["id"], meta["sigma_id"]


def _sentinelone(path: Path) -> Iterator[tuple[str, str, str]]:
    for query in json.loads(path.read_text(encoding="utf-8"))["queries"]:
        yield "uuid", query["id"], query["sigma_id"]


def _readers(path: Path, target: str, fmt: str) -> Iterator[tuple[str, str, str]]:
    if fmt in ("sentinel", "sentinel_rule") and path.suffix == ".yaml":
        yield from _sentinel_yaml(path, target, fmt)
    elif fmt == "sentinel_arm" and path.suffix == ".json":
        yield from _arm(path)
    elif path.suffix == ".ndjson":
        yield from _ndjson(path)
    elif path.name.endswith(".conf") and fmt in ("savedsearches", "app") and "savedsearches" in path.name:
        yield from _savedsearches(path)
    elif path.suffix == ".yaral":
        yield from _yaral(path)
    elif target == "sentinelone" and fmt == "json":
        yield from _sentinelone(path)


def deployable_ids(output: Path) -> list[DeployableId]:
    """Every deployable id in ``output`` with the artefact it belongs to."""
    found = []
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output)
        if not path.is_file() or len(rel.parts) < 3:
            continue
        target, fmt = rel.parts[:2]
        for kind, value, sigma_id in _readers(path, target, fmt):
            found.append(DeployableId(kind, value, (target, FAMILY.get(fmt, fmt), sigma_id), rel))
    return found


def shared_ids(ids: list[DeployableId]) -> dict[tuple[str, str], set[tuple[str, str, str]]]:
    """Ids that more than one artefact uses, with those artefacts."""
    owners: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    for entry in ids:
        owners.setdefault((entry.kind, entry.value), set()).add(entry.artefact)
    return {key: arts for key, arts in owners.items() if len(arts) > 1}
