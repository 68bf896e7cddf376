"""``rmm-sigma build``: every rule to every target and format, under ``output/``.

Everything is converted in memory first; only if every rule converts (or is listed as unsupported
for a target with its reason) is anything written. Output is deterministic: same rules, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rmm_sigma.convert import Converter, LoadedRule, RuleError
from rmm_sigma.targets import Target


@dataclass
class BuildResult:
    files: dict[Path, str] = field(default_factory=dict)  # path relative to output/ -> content
    unsupported: list[tuple[str, str, str]] = field(default_factory=list)  # (target, rule path, reason)
    errors: list[RuleError] = field(default_factory=list)


def output_path(target: Target, output_format: str, loaded: LoadedRule) -> Path:
    """``<target>/<format>/<Tool>/<rule file stem><ext>``."""
    return Path(target.name, output_format, loaded.tool, loaded.path.stem + target.extension(output_format))


def build(
    targets: Iterable[Target],
    rules: list[LoadedRule],
    *,
    tick: Callable[[], None] = lambda: None,
    **options: str,
) -> BuildResult:
    """Convert every rule for every target and format; ``tick`` is called once per (target, format)."""
    result = BuildResult()
    for target in targets:
        for output_format in target.formats:
            converter = Converter(target, **options)
            for loaded in rules:
                try:
                    query = converter.convert(loaded, output_format)
                except RuleError as exc:
                    result.errors.append(exc)
                    continue
                text = converter.finalize([query], output_format)
                result.files[output_path(target, output_format, loaded)] = _as_text(text)
            tick()
    return result


def _as_text(content: object) -> str:
    if isinstance(content, list):
        content = "\n".join(map(str, content))
    text = str(content)
    return text if text.endswith("\n") else text + "\n"
