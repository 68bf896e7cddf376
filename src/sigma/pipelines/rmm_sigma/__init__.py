"""rmm-sigma's mappings (``mappings/*.yml``) as named pySigma pipelines, so that sigma-cli checks
each one's ``allowed_backends`` (a pipeline given by file path is not checked by sigma-cli).

    sigma list pipelines                               # rmm_defender, rmm_splunk_sysmon, ...
    sigma convert -t splunk -p rmm_splunk_sysmon rules/
"""

from collections.abc import Callable

from sigma.processing.pipeline import ProcessingPipeline

from rmm_sigma.targets import MAPPINGS_DIR


def _loader(file_name: str) -> Callable[[], ProcessingPipeline]:
    def pipeline() -> ProcessingPipeline:
        path = MAPPINGS_DIR / file_name
        return ProcessingPipeline.from_yaml(path.read_text(encoding="utf-8"), source_path=str(path))

    pipeline.__doc__ = f"rmm-sigma mapping {file_name}"
    return pipeline


pipelines = {f"rmm_{path.stem}": _loader(path.name) for path in sorted(MAPPINGS_DIR.glob("*.yml"))}
