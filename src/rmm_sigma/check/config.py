"""``rmm-sigma-check.yml``: which validators run, their exceptions, and our documented extensions.

The configuration is data a reviewer reads, so every disabled validator, exception and extension must
carry a reason, and a validator name that does not exist is an error (a typo would otherwise silently
keep a validator running or switch one off). Problems are :class:`ConfigError`, one line naming the
file and the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import yaml

from rmm_sigma import PROJECT_ROOT

DEFAULT_CONFIG = PROJECT_ROOT / "rmm-sigma-check.yml"


class ConfigError(Exception):
    """A problem in the check configuration: ``path: key: message``."""

    def __init__(self, path: Path, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}")


@dataclass(frozen=True)
class CheckConfig:
    """The parsed configuration (see the YAML file's comments for each part)."""

    disabled: dict[str, str] = field(default_factory=dict)  # validator -> reason
    warnings: dict[str, str] = field(default_factory=dict)  # validator -> reason
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # validator -> rule ids
    validator_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)  # extension tag -> reason
    logsource_prefixes: dict[str, str] = field(default_factory=dict)  # product/category -> prefix
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # product/category -> fields
    min_length: int = 4
    generic_words: tuple[str, ...] = ()
    platform_domains: dict[str, str] = field(default_factory=dict)  # domain -> why it is shared
    third_party_signers: dict[str, str] = field(default_factory=dict)  # signer -> whose files it signs
    shared: dict[str, str] = field(default_factory=dict)  # indicator several tools may claim -> why


def _mapping(data: Any, path: Path, key: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, key, f"expected a mapping, found {type(data).__name__}")
    return data


def _reasons(data: Any, path: Path, key: str) -> dict[str, str]:
    """A ``name: reason`` mapping in which every reason is a non-empty string."""
    out = {}
    for name, reason in _mapping(data, path, key).items():
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(path, f"{key}.{name}", "needs a reason (a sentence saying why)")
        out[str(name)] = " ".join(reason.split())
    return out


def _known(names: Iterable[str], known: set[str], path: Path, key: str) -> None:
    for name in names:
        if name not in known:
            raise ConfigError(path, f"{key}.{name}", "no such validator (see `rmm-sigma check --list`)")


def _exceptions(data: Any, path: Path) -> dict[str, tuple[str, ...]]:
    out = {}
    for name, entry in _mapping(data, path, "validators.exceptions").items():
        key = f"validators.exceptions.{name}"
        entry = _mapping(entry, path, key)
        _reasons({"reason": entry.get("reason")}, path, key)
        rules = entry.get("rules")
        if not isinstance(rules, list) or not rules:
            raise ConfigError(path, f"{key}.rules", "needs a list of rule ids")
        for rule_id in rules:
            try:
                UUID(str(rule_id))
            except ValueError:
                raise ConfigError(path, f"{key}.rules", f"'{rule_id}' is not a rule id (UUID)") from None
        out[str(name)] = tuple(str(r) for r in rules)
    return out


def _logsources(data: Any, path: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    prefixes, fields = {}, {}
    for name, entry in _mapping(data, path, "extensions.logsources").items():
        key = f"extensions.logsources.{name}"
        entry = _mapping(entry, path, key)
        _reasons({"reason": entry.get("reason")}, path, key)
        if "/" not in name or not isinstance(entry.get("prefix"), str):
            raise ConfigError(path, key, "needs a product/category name and a file name `prefix`")
        prefixes[name] = entry["prefix"]
        fields[name] = tuple(entry.get("fields") or ())
    return prefixes, fields


#: Every key the configuration knows, per section: a misspelt key would otherwise be ignored silently.
_KEYS: dict[str, tuple[str, ...]] = {
    "validators": ("disabled", "warnings", "exceptions", "config"),
    "extensions": ("tags", "logsources", "fields"),
    "indicators": ("min_length", "generic_words", "platform_domains", "third_party_signers", "shared"),
}


def _only_known_keys(data: dict[str, Any], path: Path, prefix: str, known: Iterable[str]) -> None:
    for key in data:
        if key not in known:
            raise ConfigError(path, f"{prefix}{key}", f"unknown key (known: {', '.join(known)})")


def load_config(path: Path, known_validators: set[str]) -> CheckConfig:
    """Read and validate the configuration file; it must exist, as running without it changes results."""
    if not path.is_file():
        raise ConfigError(path, "file", "no such check configuration")
    try:
        data = _mapping(yaml.safe_load(path.read_text(encoding="utf-8")), path, "file")
    except yaml.YAMLError as exc:
        raise ConfigError(path, "file", f"invalid YAML: {' '.join(str(exc).split())}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "file", f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(path, "file", f"cannot read: {exc.strerror or exc}") from None
    _only_known_keys(data, path, "", _KEYS)
    sections = {name: _mapping(data.get(name), path, name) for name in _KEYS}
    for name, section in sections.items():
        _only_known_keys(section, path, f"{name}.", _KEYS[name])
    validators, extensions, indicators = (sections[name] for name in _KEYS)
    disabled = _reasons(validators.get("disabled"), path, "validators.disabled")
    warnings = _reasons(validators.get("warnings"), path, "validators.warnings")
    exceptions = _exceptions(validators.get("exceptions"), path)
    validator_config = _mapping(validators.get("config"), path, "validators.config")
    named: list[tuple[str, Iterable[str]]] = [
        ("disabled", disabled),
        ("warnings", warnings),
        ("exceptions", exceptions),
        ("config", validator_config),
    ]
    for key, names in named:
        _known(names, known_validators, path, f"validators.{key}")
    prefixes, fields = _logsources(extensions.get("logsources"), path)
    for logsource, extra in _mapping(extensions.get("fields"), path, "extensions.fields").items():
        reasons = _reasons(extra, path, f"extensions.fields.{logsource}")
        fields[logsource] = fields.get(logsource, ()) + tuple(reasons)
    min_length = indicators.get("min_length", 4)
    if not isinstance(min_length, int) or min_length < 1:
        raise ConfigError(path, "indicators.min_length", "must be a positive integer")
    return CheckConfig(
        disabled=disabled,
        warnings=warnings,
        exceptions=exceptions,
        validator_config=validator_config,
        tags=_reasons(extensions.get("tags"), path, "extensions.tags"),
        logsource_prefixes=prefixes,
        fields=fields,
        min_length=min_length,
        generic_words=tuple(str(w).lower() for w in indicators.get("generic_words") or ()),
        platform_domains=_reasons(indicators.get("platform_domains"), path, "indicators.platform_domains"),
        third_party_signers=_reasons(
            indicators.get("third_party_signers"), path, "indicators.third_party_signers"
        ),
        shared=_reasons(indicators.get("shared"), path, "indicators.shared"),
    )
