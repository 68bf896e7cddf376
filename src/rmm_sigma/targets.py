"""The conversion targets: which pySigma backend, which mapping pipelines, which output formats.

A target is data: a backend class (pySigma's, or a thin subclass of it) plus the pipeline YAML
files from ``mappings/``, applied in order. Adding a SIEM means adding one entry here and one
mapping file, not code in the converter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sigma.conversion.base import Backend
from sigma.processing.pipeline import ProcessingPipeline

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.backends.kql import KqlBackend

MAPPINGS_DIR = PROJECT_ROOT / "mappings"


@dataclass(frozen=True)
class Target:
    """A SIEM query language with the mappings that make the rules run there."""

    name: str
    description: str
    backend: type[Backend]
    pipelines: tuple[str, ...]  # file names under mappings/
    extensions: dict[str, str] = field(default_factory=dict)  # output format -> file extension

    @property
    def formats(self) -> dict[str, str]:
        return dict(self.backend.formats)

    def extension(self, output_format: str) -> str:
        return self.extensions.get(output_format, ".txt")


TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target(
            name="kql",
            description="Microsoft Defender XDR advanced hunting / Sentinel KQL (Device* tables)",
            backend=KqlBackend,
            pipelines=("defender.yml",),
            extensions={"default": ".kql", "hunting": ".kql", "sentinel": ".yaml"},
        ),
    ]
}


@cache
def load_pipeline(path: Path) -> ProcessingPipeline:
    """Parse a pipeline YAML once per process (pipelines are re-used for every rule)."""
    return ProcessingPipeline.from_yaml(path.read_text(encoding="utf-8"))


def pipeline_for(target: Target, extra: tuple[Path, ...] = ()) -> ProcessingPipeline:
    """The target's own pipelines, then any the user adds with ``-p``."""
    paths = [MAPPINGS_DIR / name for name in target.pipelines] + list(extra)
    pipeline = ProcessingPipeline()
    for path in paths:
        pipeline = pipeline + load_pipeline(path.resolve())
    return pipeline
