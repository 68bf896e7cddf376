"""The conversion targets: which pySigma backend, which mapping pipelines, which output formats.

A target is data: a backend class (pySigma's, or a thin subclass of it) plus the pipeline YAML
files from ``mappings/``, applied in order. Adding a SIEM means adding one entry here and one
mapping file, not code in the converter.

Some query families ship as several pySigma backends (Elastic: Lucene, ES|QL and EQL are three
classes over the same field names), so a target can also take formats from other backends
(``format_backends``) and can restrict the formats it builds (``only_formats``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml
from sigma.conversion.base import Backend
from sigma.processing.pipeline import ProcessingPipeline
from sigma.processing.transformations import DetectionItemFailureTransformation, RuleFailureTransformation

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.backends.elastic_rules import (
    DeployableEqlBackend,
    DeployableEsqlBackend,
    DeployableLuceneBackend,
)
from rmm_sigma.backends.guarded import GuardedLogScaleBackend
from rmm_sigma.backends.kql import KqlBackend
from rmm_sigma.backends.secops import SecOpsExactBackend, SecOpsYaraLBackend
from rmm_sigma.backends.sentinelone_json import SentinelOneJsonBackend
from rmm_sigma.backends.splunk_app import SplunkAppBackend
from rmm_sigma.backends.sql import DuckDbSqlBackend

MAPPINGS_DIR = PROJECT_ROOT / "mappings"


@dataclass(frozen=True)
class Target:
    """A SIEM query language with the mappings that make the rules run there."""

    name: str
    description: str
    backend: type[Backend]
    pipelines: tuple[str, ...]  # file names under mappings/
    extensions: dict[str, str] = field(default_factory=dict)  # output format -> file extension
    #: our format name -> (another backend class, that backend's format name)
    format_backends: dict[str, tuple[type[Backend], str]] = field(default_factory=dict)
    #: build only these of ``backend``'s own formats (None: all of them)
    only_formats: tuple[str, ...] | None = None
    #: formats that are deployed as one file: the build also writes ``<target>/<format>/all<ext>``
    bundles: tuple[str, ...] = ()

    @cached_property
    def formats(self) -> dict[str, str]:
        """Format name -> description, the target's own backend first (asked for on every conversion)."""
        wanted = self.only_formats or tuple(self.backend.formats)
        own = {k: v for k, v in self.backend.formats.items() if k in wanted}
        extra = {name: cls.formats[fmt] for name, (cls, fmt) in self.format_backends.items()}
        return own | extra

    def backend_for(self, output_format: str) -> tuple[type[Backend], str]:
        """The backend class that produces ``output_format`` and the name it knows the format by."""
        return self.format_backends.get(output_format, (self.backend, output_format))

    def extension(self, output_format: str) -> str:
        return self.extensions.get(output_format, ".txt")


_ELASTIC_FORMATS: dict[str, tuple[type[Backend], str]] = {
    "esql": (DeployableEsqlBackend, "default"),
    "esql_rule_ndjson": (DeployableEsqlBackend, "siem_rule_ndjson"),
    "eql": (DeployableEqlBackend, "default"),
    "eql_rule_ndjson": (DeployableEqlBackend, "siem_rule_ndjson"),
}

TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target(
            name="kql",
            description="Microsoft Defender XDR advanced hunting / Sentinel KQL (Device* tables)",
            backend=KqlBackend,
            pipelines=("defender.yml",),
            extensions={
                "default": ".kql",
                "hunting": ".kql",
                "sentinel": ".yaml",
                "sentinel_rule": ".yaml",
                "sentinel_arm": ".json",
            },
            bundles=("sentinel_arm",),
        ),
        Target(
            name="asim",
            description="Microsoft Sentinel ASIM KQL (_Im_NetworkSession, _Im_ProcessCreate parsers)",
            backend=KqlBackend,
            pipelines=("sentinel_asim.yml",),
            extensions={"default": ".kql", "sentinel_rule": ".yaml", "sentinel_arm": ".json"},
            only_formats=("default", "sentinel_rule", "sentinel_arm"),
            bundles=("sentinel_arm",),
        ),
        Target(
            name="splunk",
            description="Splunk SPL over Sysmon events (every EventCode) and Windows event log channels",
            backend=SplunkAppBackend,
            pipelines=("splunk_sysmon.yml",),
            extensions={"default": ".spl", "savedsearches": ".conf"},
            only_formats=("default", "savedsearches"),
            bundles=("savedsearches",),
        ),
        Target(
            name="elastic",
            description="Elastic Security on ECS fields: Lucene, ES|QL, EQL and importable detection rules",
            backend=DeployableLuceneBackend,
            pipelines=("elastic_ecs.yml",),
            extensions={
                "default": ".lucene",
                "siem_rule_ndjson": ".ndjson",
                "esql": ".esql",
                "esql_rule_ndjson": ".ndjson",
                "eql": ".eql",
                "eql_rule_ndjson": ".ndjson",
            },
            format_backends=_ELASTIC_FORMATS,
            only_formats=("default", "siem_rule_ndjson"),
            bundles=("siem_rule_ndjson", "esql_rule_ndjson", "eql_rule_ndjson"),
        ),
        Target(
            name="sql",
            description="DuckDB SQL over tables shaped like the Defender tables (same column names)",
            backend=DuckDbSqlBackend,
            pipelines=("duckdb_defender.yml",),
            extensions={"default": ".sql"},
            only_formats=("default",),
        ),
        Target(
            name="logscale",
            description="CrowdStrike Falcon LogScale (CQL) over Falcon events (DnsRequest, ProcessRollup2)",
            backend=GuardedLogScaleBackend,
            pipelines=("logscale_falcon.yml",),
            extensions={"default": ".cql"},
        ),
        Target(
            name="secops",
            description="Google SecOps (Chronicle) UDM search and YARA-L 2.0 detection rules over UDM events",
            backend=SecOpsExactBackend,
            pipelines=("secops_udm.yml",),
            extensions={"default": ".udm", "yara_l": ".yaral"},
            only_formats=("default",),
            format_backends={"yara_l": (SecOpsYaraLBackend, "yara_l")},
        ),
        Target(
            name="sentinelone",
            description="SentinelOne PowerQuery over Deep Visibility events (Singularity Data Lake)",
            backend=SentinelOneJsonBackend,
            pipelines=("sentinelone_dv.yml",),
            extensions={"default": ".pq", "json": ".json"},
            bundles=("json",),
        ),
    ]
}


@cache
def load_pipeline(path: Path) -> ProcessingPipeline:
    """Parse a pipeline YAML once per process (pipelines are re-used for every rule).

    pySigma's ``from_yaml`` parses with pure-Python PyYAML (a tenth of ``check``, which loads all
    eight targets); libyaml's safe loader gives the same data. YAML it cannot read goes to
    ``from_yaml``, so that a broken ``-p`` pipeline fails in pySigma's own words.
    """
    text = path.read_text(encoding="utf-8")
    try:
        parsed = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return ProcessingPipeline.from_yaml(text)
    return ProcessingPipeline.from_dict(parsed)


def pipeline_paths(target: Target, extra: tuple[Path, ...] = ()) -> list[Path]:
    return [MAPPINGS_DIR / name for name in target.pipelines] + list(extra)


def pipeline_for(target: Target, extra: tuple[Path, ...] = ()) -> ProcessingPipeline:
    """The target's own pipelines, then any the user adds with ``-p``."""
    pipeline = ProcessingPipeline()
    for path in pipeline_paths(target, extra):
        pipeline = pipeline + load_pipeline(path.resolve())
    return pipeline


def refusals(target: Target) -> frozenset[str]:
    """The messages of the target's deliberate ``rule_failure`` / ``detection_item_failure`` items.

    A rule that fails with one of these is *unsupported* on the target for a stated reason (the
    mapping says the target has no data for it); any other failure is a real error.
    """
    return frozenset(
        item.transformation.message
        for item in pipeline_for(target).items
        if isinstance(item.transformation, RuleFailureTransformation | DetectionItemFailureTransformation)
    )
