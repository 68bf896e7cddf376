"""pySigma's core validators and the SigmaHQ validators, run offline with our configuration.

Each validator runs on its own (not through ``SigmaValidator``) so that every issue can be reported
under the validator's name (``validator.<name>``), the name a person puts into the configuration to
disable it or add an exception. Issues about a documented extension tag are dropped here; extension
log sources and fields are accepted by adding them to the offline taxonomy
(:func:`rmm_sigma.offline_data.install`).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from uuid import UUID

from sigma.rule import SigmaDetectionItem, SigmaLogSource
from sigma.validators.base import SigmaRuleValidator, SigmaValidationIssue, SigmaValidationIssueSeverity

from rmm_sigma import offline_data
from rmm_sigma.check.config import CheckConfig
from rmm_sigma.check.report import ERROR, WARNING, Finding
from rmm_sigma.convert import LoadedRule

_MINOR = {SigmaValidationIssueSeverity.LOW}


@cache
def all_validators() -> dict[str, type[SigmaRuleValidator]]:
    """Every validator pySigma and pySigma-validators-sigmahq know, by configuration name."""
    from sigma.validators.core import validators as core
    from sigma.validators.sigmahq import validators as sigmahq

    return {**core, **sigmahq}


def _instances(config: CheckConfig) -> dict[str, SigmaRuleValidator]:
    offline_data.install(fields=config.fields, prefixes=config.logsource_prefixes)
    _keep_attack_tactics()
    return {
        name: cls(**config.validator_config.get(name, {}))
        for name, cls in sorted(all_validators().items())
        if name not in config.disabled
    }


def _keep_attack_tactics() -> None:
    """Read pySigma's technique -> tactics table once and keep it as a plain module attribute.

    ``sigma.data.mitre_attack`` computes its tables in a module ``__getattr__`` that unpickles them
    from its disk cache on every access, and SigmaHQ's tactics validator reads the table once per
    rule (a fifth of the validators' time). A set attribute is found before ``__getattr__`` runs.
    """
    from sigma.data import mitre_attack

    name = "mitre_attack_techniques_tactics_mapping"
    setattr(mitre_attack, name, getattr(mitre_attack, name))


def _describe(value: object) -> str:
    """Short text for an issue's detail: pySigma's reprs of rules and detection items run to pages."""
    if isinstance(value, SigmaDetectionItem):
        values = [str(v) for v in value.original_value or value.value]
        return f"{value.field}: {values[0] if len(values) == 1 else values}"
    if isinstance(value, SigmaLogSource):
        return "/".join(str(v) for v in (value.product, value.category, value.service) if v)
    return str(value)


def _message(issue: SigmaValidationIssue) -> str:
    details = [
        f"{f.name}={_describe(getattr(issue, f.name))}"
        for f in dataclasses.fields(issue)
        if f.name not in ("rules", "severity", "description")
    ]
    return issue.description + (f" ({', '.join(details)})" if details else "")


def _is_extension(issue: SigmaValidationIssue, config: CheckConfig) -> bool:
    tag = getattr(issue, "tag", None)
    return tag is not None and str(tag) in config.tags


def _findings(name: str, issues: list[SigmaValidationIssue], config: CheckConfig) -> list[Finding]:
    out = []
    for issue in issues:
        if _is_extension(issue, config):
            continue
        minor = name in config.warnings or issue.severity in _MINOR
        paths = [str(r.source.path) for r in issue.rules if r.source is not None] or ["(rule set)"]
        also = f"; also {', '.join(paths[1:])}" if len(paths) > 1 else ""
        severity = WARNING if minor else ERROR
        out.append(Finding(paths[0], severity, f"validator.{name}", _message(issue) + also))
    return out


def validator_findings(rules: list[LoadedRule], config: CheckConfig) -> list[Finding]:
    """Run every enabled validator over every rule, then finalize (set-wide checks like duplicates)."""
    excluded = {name: {UUID(i) for i in ids} for name, ids in config.exceptions.items()}
    findings: list[Finding] = []
    for name, validator in _instances(config).items():
        skip = excluded.get(name, set())
        try:
            issues = [i for r in rules if r.rule.id not in skip for i in _validated(validator, r)]
            issues += validator.finalize()
        except _ValidatorFailed as failed:
            findings.append(failed.finding(name))
            continue
        findings += _findings(name, issues, config)
    return findings


class _ValidatorFailed(Exception):
    """A validator that raised instead of returning issues: a validator needing data rmm-sigma does
    not ship (it would download it, and ``check`` works offline), or one that a hostile rule breaks."""

    def __init__(self, loaded: LoadedRule, exc: Exception) -> None:
        super().__init__()
        self.path, self.reason = str(loaded.path), " ".join(f"{type(exc).__name__}: {exc}".split())

    def finding(self, name: str) -> Finding:
        message = (
            f"the validator failed ({self.reason}) and was not run on the other rules; if it needs data "
            "rmm-sigma does not ship, disable it under validators.disabled"
        )
        return Finding(self.path, ERROR, f"validator.{name}", message)


def _validated(validator: SigmaRuleValidator, loaded: LoadedRule) -> list[SigmaValidationIssue]:
    try:
        return validator.validate(loaded.rule)
    except Exception as exc:  # noqa: BLE001 - a third-party validator's failure, reported (see above)
        raise _ValidatorFailed(loaded, exc) from None
