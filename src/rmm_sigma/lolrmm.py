"""``rmm-sigma import lolrmm``: the LOLRMM catalog's indicators as reviewed Sigma rules.

The LOLRMM catalog (magicsword-io/LOLRMM, Apache-2.0) lists ~320 RMM and remote-access tools with
their domains, PE version information, code-signing signers, files and registry keys. Its quality
varies, so every indicator is *reviewed* before it reaches a rule, automatically where a rule can
decide and by hand (``data/lolrmm/review.yml``) where not:

* kept: the indicator identifies one tool; it goes into that tool's ``*_lolrmm.yml`` rule of its kind;
* covered: a reviewed rule of the same tool (the reference corpus' rules) already has it;
* excluded, with the reason: an IP address, a placeholder, a shared platform's domain, a signer of
  bundled third-party files, a domain or signer several tools claim, a generic file name, a catalog
  error. Every exclusion is written to ``data/lolrmm/exclusions.yml``.

Rules are separate files (``<prefix>_rmm_<tool>_lolrmm.yml``) with ids derived from the tool and the
kind (uuid5), so the reference rules stay exactly as they are and a re-run rewrites the same bytes.
Each rule names its catalog entries and the catalog commit in ``references`` and ``lolrmm``.
"""

from __future__ import annotations

import difflib
import hashlib
import ipaddress
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.check.indicators import GENERIC_WORDS, Claim, collisions, term_substrings
from rmm_sigma.files import sigint_deferred, write_atomic
from rmm_sigma.naming import IMPORTED_SUFFIX as SUFFIX
from rmm_sigma.naming import TOOL_NAME, imported_file_name
from rmm_sigma.yaml_load import load_all

CATALOG = "magicsword-io/LOLRMM"
CATALOG_COMMIT = "3c75cf0"
CATALOG_COMMIT_FULL = "3c75cf091b10bf7e8ecd576055c44d172b35ff21"  # for permalinks
CATALOG_LICENSE = "Apache-2.0"
DATA = PROJECT_ROOT / "data" / "lolrmm"
DEFAULT_CATALOG = PROJECT_ROOT.parent / "shared" / "reference" / "lolrmm" / "yaml"
NAMESPACE = uuid.UUID("5d0c6f2e-9a53-4c1b-8a55-6c6f6c726d6d")  # fixed: ids must never change
KINDS = ("network", "process", "signer", "file", "registry")
#: kind -> (Sigma category, file name prefix, title word)
LOGSOURCES = {
    "network": ("network_connection", "net_connection_win", "Network Connection"),
    "process": ("process_creation", "proc_creation_win", "Create Process"),
    "signer": ("file_signature", "file_signature_win", "File Signature"),
    "file": ("file_event", "file_event_win", "File Event"),
    "registry": ("registry_event", "registry_event", "Registry Event"),
}
#: catalog PE metadata key -> Sigma field (process_creation) and modifier
PE_FIELDS = {
    "OriginalFileName": ("OriginalFileName", ""),
    "Filename": ("Image", "|endswith"),  # the image's path ends with it: every target has the path
    "Product": ("Product", "|contains"),
    "Description": ("Description", "|contains"),
    "Company": ("Company", "|contains"),
}
#: Folders every Windows program uses: a path made only of these (and a generic file) names no tool.
GENERIC_DIRS = frozenset(
    """c: windows system32 syswow64 program files (x86) programdata appdata roaming local locallow temp
    users user public default config systemprofile start menu programs microsoft startup desktop
    documents downloads prefetch drivers etc logs log tmp cache data common application inetpub
    software wow6432node classes currentcontrolset controlset001 services system hklm hkcu hkey_local_machine
    hkey_current_user hku hkey_users shell open command run runonce uninstall currentversion policies
    explorer winlogon volatile environment session manager control lsa print printers""".split()
)
_IP = re.compile(r"^\[?[0-9a-f:.]+\]?(/\d+)?$")
_PLACEHOLDER = re.compile(r"^<.*>$|\s|^user[_-]?managed$|^n/?a$|^none$|^tbd$|^unknown$")
_WILD = re.compile(r"[*?\[\]{}()\\^$+|]")
_HIVES = re.compile(r"^(hklm|hkcu|hku|hkcr|hkey_[a-z_]+)(?=\\|$)", re.IGNORECASE)
_ENV = re.compile(r"^%[^%]+%", re.IGNORECASE)
_DRIVE = re.compile(r"^[a-z]:(?=\\|$)", re.IGNORECASE)


class CatalogError(ValueError):
    """A problem with the import as a whole (missing folder, bad data file): one line."""


@dataclass(frozen=True)
class Entry:
    """One catalog file, and the tool folder it belongs to."""

    file: str
    name: str
    tool: str
    doc: dict[str, Any]


@dataclass(frozen=True)
class Indicator:
    """One catalog value of one kind, normalised to what a rule would match (``value``)."""

    kind: str
    field: str  # Sigma field (process: which PE field; file/registry: modifier spelled in)
    raw: str
    value: str
    entry: str
    tool: str


@dataclass
class Plan:
    """What an import would write: rules per tool and kind, exclusions, defects, the numbers."""

    entries: list[Entry] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)  # one line per catalog entry that cannot be read
    kept: dict[tuple[str, str], list[Indicator]] = field(default_factory=dict)  # (tool, kind) -> values
    covered: list[Indicator] = field(default_factory=list)  # already in a reviewed rule of the tool
    excluded: list[tuple[Indicator, str]] = field(default_factory=list)  # (indicator, reason)

    def tools_with_rules(self) -> set[str]:
        return {tool for tool, _ in self.kept} | {i.tool for i in self.covered}

    def summary(self) -> dict[str, Any]:
        """The coverage numbers: entries with a rule, and the catalog's real domains in a rule."""
        tools = self.tools_with_rules()
        with_rules = sorted(e.file for e in self.entries if e.tool in tools)
        domains = _real_domains(self)
        in_rule = {(i.tool, i.raw.lower()) for i in self.covered if i.kind == "network"}
        in_rule |= {(i.tool, i.raw.lower()) for (_, k), vs in self.kept.items() if k == "network" for i in vs}
        domain_tools = {(i.tool, i.raw.lower()) for i in domains}
        covered = {raw for tool, raw in domain_tools & in_rule}
        real = {raw for _, raw in domain_tools}
        return {
            "entries": len(self.entries) + len(self.defects),
            "entries_with_rules": len(with_rules),
            "real_domains": len(real),
            "real_domains_in_rules": len(covered),
            "real_domains_in_rules_percent": round(100 * len(covered) / len(real), 1) if real else 0.0,
            "rules": len(self.kept),
            "indicators_in_rules": sum(len(v) for v in self.kept.values()) + len(self.covered),
            "indicators_excluded": len(self.excluded),
        }


def _real_domains(plan: Plan) -> list[Indicator]:
    """Every catalog domain that is a domain (not an IP address or a placeholder)."""
    everything = plan.covered + [i for vs in plan.kept.values() for i in vs] + [i for i, _ in plan.excluded]
    fake = ("an IP address", "a placeholder")
    reasons = {(i.tool, i.raw): r for i, r in plan.excluded}
    return [
        i for i in everything if i.kind == "network" and not reasons.get((i.tool, i.raw), "").startswith(fake)
    ]


# --- reading the catalog and our data ------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        docs = load_all(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise CatalogError(f"{path}: {where}{exc.problem or exc.context}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: {' '.join(str(exc).split())}") from None
    return docs[0] if len(docs) == 1 else None


def load_aliases(path: Path = DATA / "aliases.yml") -> dict[str, str]:
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or not all(
        isinstance(v, str) and TOOL_NAME.fullmatch(v) for v in data.values()
    ):
        raise CatalogError(
            f"{path}: expected 'entry: ToolFolder' lines (folder names: letters, digits, . _ -)"
        )
    return {str(k): v for k, v in data.items()}


def load_review(path: Path = DATA / "review.yml") -> dict[tuple[str, str], str]:
    """(kind, value in lower case) -> reason, from the hand review; ``entry`` narrows one to an entry."""
    data = _read_yaml(path) or {}
    out: dict[tuple[str, str], str] = {}
    for i, item in enumerate(data.get("exclude") or [] if isinstance(data, dict) else [None]):
        if (
            not isinstance(item, dict)
            or item.get("kind") not in KINDS
            or not item.get("value")
            or not item.get("reason")
        ):
            raise CatalogError(
                f"{path}: exclude[{i}]: needs kind (one of {', '.join(KINDS)}), value and reason"
            )
        key = f"{item['entry']}:{item['value']}" if item.get("entry") else str(item["value"])
        out[(item["kind"], key.lower())] = str(item["reason"])
    return out


def _tool_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", name).strip("_.-") or "unnamed"


def _entry_defect(file: str, doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return f"{file}: not a YAML mapping (one catalog entry per file)"
    for key, kind in [("Name", str), ("Details", dict), ("Artifacts", dict)]:
        if not isinstance(doc.get(key), kind):
            return f"{file}: field '{key}' is missing or not a {kind.__name__}"
    return None


def load_catalog(folder: Path, aliases: dict[str, str]) -> tuple[list[Entry], list[str]]:
    """The catalog's entries (sorted by file name) and one line per entry that cannot be read."""
    if not folder.is_dir():
        raise CatalogError(f"{folder}: no such catalog folder (expected LOLRMM's yaml/ folder)")
    entries, defects = [], []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        try:
            doc = _read_yaml(path)
        except CatalogError as exc:
            defects.append(str(exc).replace(str(path), path.name, 1))
            continue
        if problem := _entry_defect(path.name, doc):
            defects.append(problem)
            continue
        tool = aliases.get(path.stem) or _tool_name(doc["Name"])
        entries.append(Entry(path.name, doc["Name"], tool, doc))
    if not entries and not defects:
        raise CatalogError(f"{folder}: no catalog entries (*.yaml)")
    return entries, defects


# --- normalising one catalog value per kind ------------------------------------------------------


def _domain(raw: str) -> tuple[str, str | None]:
    """(value, reason to exclude or None): ``*.x.com`` -> ``x.com``; labels with patterns dropped."""
    text = raw.strip().lower()
    if _PLACEHOLDER.search(text) or "." not in text:
        return text, "a placeholder, not a domain"
    text = re.sub(r":\d+$", "", text).strip(".")
    if _IP.match(text):
        try:
            ipaddress.ip_address(text.strip("[]").split("/")[0])
            return text, "an IP address (addresses change owner; not a tool indicator)"
        except ValueError:
            pass
    labels = text.split(".")
    last_bad = max(
        (
            i
            for i, lab in enumerate(labels)
            if _WILD.search(lab) or not lab or lab[0] == "-" or lab[-1] == "-"
        ),
        default=-1,
    )
    value = ".".join(labels[last_bad + 1 :])
    if value.count(".") < 1 or not re.fullmatch(r"[a-z0-9_.-]+", value):
        return value, "a catalog error: no domain left after removing its pattern"
    return value, None


def _words_generic(text: str) -> bool:
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    return not words or all(
        w in GENERIC_WORDS or w in {"exe", "dll", "msi", "x64", "x86", "32", "64"} for w in words
    )


def _pe(field_name: str, raw: str) -> tuple[str, str | None]:
    value = raw.strip()
    if _WILD.search(value.replace("(", "").replace(")", "")) or "\n" in value:
        return value, "a catalog error: a pattern where a literal value belongs"
    if field_name in ("Image", "OriginalFileName") and re.search(
        r"\.(dll|sys|msi|mui)$", value, re.IGNORECASE
    ):
        return value, "not a process image (a library, driver or installer package)"
    core = re.sub(r"\.(exe|dll|msi|scr)$", "", value.lower())
    if len(core) < 4 or _words_generic(core):
        kind = "file name" if field_name in ("Image", "OriginalFileName") else "product/description"
        return value, f"a generic {kind}: names what many programs are, not which one"
    return value, None


def _specific_parts(path: str) -> list[str]:
    """The folder and file names of ``path`` that are not what every Windows program has."""
    parts = [p.lower() for p in path.split("\\") if p]
    words = [re.split(r"[^a-z0-9]+", re.sub(r"\.[a-z0-9]{1,4}$", "", p)) for p in parts]
    return [
        p
        for p, ws in zip(parts, words, strict=True)
        if p not in GENERIC_DIRS and not all(w in GENERIC_DIRS or not w for w in ws) and not _words_generic(p)
    ]


def _path_literal(raw: str, registry: bool) -> tuple[str, str, str | None]:
    """(modifier, value, reason): a file or key path as ``endswith``/``contains`` of its literal part."""
    text = raw.strip().strip('"').replace("/", "\\")
    if re.search(r"\\[dws](?![A-Za-z0-9])|\[[^\]]+-[^\]]+\]|\{\d+\}", text):
        return "", text, "a catalog error: a regular expression where a path belongs"
    text = _HIVES.sub("", text) if registry else _DRIVE.sub("", _ENV.sub("", text))
    text = re.sub(r"^\\?users\\\*(?=\\)", "", text, flags=re.IGNORECASE)
    segments = re.split(r"[*?]", text)
    # the longest literal run that names something specific (not "\Program Files" before a "*")
    literal = max(segments, key=lambda seg: (bool(_specific_parts(seg)), len(seg)))
    ends = not registry and text.endswith(literal)
    if not _specific_parts(literal) or len(literal.strip("\\")) < 4:
        return "", literal, "a generic path: no folder or file name specific to the tool"
    return ("|endswith" if ends else "|contains"), literal, None


def _image(raw: str) -> tuple[str, str, str | None]:
    """An installation path as ``Image|endswith`` (a program) or ``Image|contains`` (its folder)."""
    text = raw.strip().strip('"')
    if "/" in text or re.search(r"\.(app|service|plist)$", text, re.IGNORECASE):
        return "", text, "not a Windows path (no macOS/Linux process mapping)"
    if len(text) > 120 or (" " in text and "\\" not in text and not re.search(r"\.\w{2,4}$", text)):
        return "", text, "a catalog error: a note where a path belongs"
    if "\\" not in text and "." not in text:
        return "", text, "a catalog error: a program name without its Windows file name"
    if re.search(r"\.(dll|mui|msi|py|sh|tmp)$", text, re.IGNORECASE):
        return "", text, "not a process image (a library, installer package or script)"
    name = text.rsplit("\\", 1)[-1]
    is_program = bool(re.search(r"\.(exe|scr|com)$", name, re.IGNORECASE))
    stem = re.sub(r"\.\w+$", "", name).strip("*")
    path = text if "\\" in text else "\\" + text
    if not is_program:
        path = path.rstrip("*").rstrip("\\") + "\\"
    modifier, value, reason = _path_literal(path, registry=False)
    modifier = modifier if is_program or not modifier else "|contains"
    if reason is None and is_program and modifier == "|endswith" and (_words_generic(stem) or len(stem) < 4):
        reason = "a generic file name: names what many programs are (or under four letters), not which one"
    return modifier, value, reason


def _is_windows_path(raw: str) -> bool:
    return bool(re.match(r"^(%|[a-z]:\\|\\|\*)", raw.strip().strip('"'), re.IGNORECASE)) and "/" not in raw


def _pe_items(entry: Entry) -> Iterator[tuple[str, str]]:
    pe = entry.doc["Details"].get("PEMetadata")
    for item in pe if isinstance(pe, list) else [pe]:
        if isinstance(item, dict):
            for key, (sigma_field, _) in PE_FIELDS.items():
                if isinstance(item.get(key), str) and item[key].strip():
                    yield sigma_field, item[key]


def _signers(entry: Entry) -> Iterator[str]:
    signing = entry.doc.get("CodeSigning")
    certs = signing.get("certificates") if isinstance(signing, dict) else None
    for cert in certs if isinstance(certs, list) else []:
        if (
            isinstance(cert, dict)
            and isinstance(cert.get("signer_name"), str)
            and cert["signer_name"].strip()
        ):
            yield cert["signer_name"]


def _artifacts(entry: Entry, key: str) -> list[dict[str, Any]]:
    items = entry.doc["Artifacts"].get(key)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


_NO_SERVICE_MAPPING = (
    "a service installation (System 7045 / Security 4697): mappings/defender.yml maps no service-install"
    " event, so no rule is written (the tool's process and signer rules still see the service run)"
)
_NO_OTHER_MAPPING = (
    "an artefact type (user agent, named pipe...) with no Sigma log source in our Defender mapping"
)


def indicators(entry: Entry) -> Iterator[tuple[Indicator, str | None]]:
    """Every indicator of the entry, normalised, with the automatic reason to exclude it (or None)."""
    e, t = entry.file, entry.tool
    for net in _artifacts(entry, "Network"):
        for raw in net.get("Domains") or []:
            value, reason = _domain(str(raw))
            yield Indicator("network", "DestinationHostname|contains", str(raw), value, e, t), reason
    for sigma_field, raw in _pe_items(entry):
        value, reason = _pe(sigma_field, raw)
        if sigma_field == "Image":
            value = value if value.startswith("\\") else "\\" + value
            if reason is None and not re.search(r"\.(exe|scr|com)$", value, re.IGNORECASE):
                reason = "not a Windows program file name (no .exe): a macOS/Linux binary"
        yield (
            Indicator("process", sigma_field + dict(PE_FIELDS.values())[sigma_field], raw, value, e, t),
            reason,
        )
    for raw in entry.doc["Details"].get("InstallationPaths") or []:
        modifier, value, reason = _image(str(raw))
        yield Indicator("process", "Image" + modifier, str(raw), value, e, t), reason
    for raw in _signers(entry):
        value = raw.strip().rstrip("\\").strip()
        reason = "a catalog error: truncated signer name" if raw.strip().endswith("\\") else None
        yield Indicator("signer", "Signer|contains", raw, value, e, t), reason
    for item in _artifacts(entry, "Disk"):
        raw = str(item.get("File") or "")
        if str(item.get("OS") or "Windows").lower() != "windows" or not _is_windows_path(raw):
            yield (
                Indicator("file", "TargetFilename", raw, raw, e, t),
                "not a Windows file (no macOS/Linux file mapping)",
            )
            continue
        modifier, value, reason = _path_literal(raw, registry=False)
        yield Indicator("file", "TargetFilename" + modifier, raw, value, e, t), reason
    for item in _artifacts(entry, "EventLog"):
        raw = str(item.get("ServiceName") or item.get("ImagePath") or item.get("EventID") or "")
        yield Indicator("service", "ServiceName", raw, raw, e, t), _NO_SERVICE_MAPPING
    for item in _artifacts(entry, "Other"):
        raw = f"{item.get('Type')}: {item.get('Value')}"
        yield Indicator("other", str(item.get("Type")), raw, raw, e, t), _NO_OTHER_MAPPING
    for item in _artifacts(entry, "Registry"):
        raw = str(item.get("Path") or "")
        modifier, value, reason = _path_literal(raw, registry=True)
        yield Indicator("registry", "TargetObject" + modifier, raw, value, e, t), reason


# --- the review: which indicator goes where -----------------------------------------------------


def existing_claims(rules_dir: Path) -> list[Claim]:
    """Domain/signer/PE values of the reviewed rules (everything in ``rules_dir`` but ``*_lolrmm.yml``)."""
    fields = {
        "DestinationHostname": "network",
        "Signer": "signer",
        "Company": "process",
        "Product": "process",
        "OriginalFileName": "process",
        "Description": "process",
    }
    claims = []
    for path in sorted(rules_dir.glob("*/*.yml")):
        if path.stem.endswith(SUFFIX):
            continue
        doc = _read_yaml(path)
        detection = doc.get("detection") if isinstance(doc, dict) else None
        for selection in (detection or {}).values():
            for key, values in selection.items() if isinstance(selection, dict) else []:
                kind = fields.get(str(key).split("|")[0])
                for v in values if isinstance(values, list) else [values]:
                    if kind and isinstance(v, str):
                        claims.append(Claim(kind, _norm(v), path.parent.name, str(path)))
    return claims


def _norm(text: str) -> str:
    return text.strip().strip("*.\\ ").lower()


def _platform_reason(ind: Indicator, platforms: dict[str, str], signers: dict[str, str]) -> str | None:
    if ind.kind == "network" and ind.value in platforms:
        return f"a shared platform's domain ({platforms[ind.value]})"
    if ind.kind == "signer":
        hit = next((s for s in sorted(term_substrings(_norm(ind.value))) if s in signers), None)
        if hit:
            return f"a signer of bundled third-party files ({signers[hit]})"
    return None


def _first_pass(
    entries: list[Entry],
    review: dict[tuple[str, str], str],
    platforms: dict[str, str],
    signers: dict[str, str],
) -> tuple[list[Indicator], list[tuple[Indicator, str]]]:
    """Automatic and hand-review exclusions that need no other tool; the rest are candidates."""
    candidates, excluded = [], []
    for entry in entries:
        for ind, reason in indicators(entry):
            reason = (
                reason
                or review.get((ind.kind, f"{ind.entry}:{ind.raw}".lower()))
                or review.get((ind.kind, ind.raw.lower()))
                or _platform_reason(ind, platforms, signers)
            )
            (excluded.append((ind, reason)) if reason else candidates.append(ind))
    return candidates, excluded


_PATH_FIELDS = ("Image", "TargetFilename", "TargetObject", "OriginalFileName")


def _claim_text(ind: Indicator, shown: dict[str, str]) -> str:
    """What collides: words for domains, signers and product names (as ``has`` matches them); whole
    folder and file names for paths (``\\putty.exe`` is not in ``\\Solar-PuTTY.exe``), so each path
    component becomes one opaque term."""
    if not ind.field.startswith(_PATH_FIELDS):
        return _norm(ind.value)
    parts = [c.lower() for c in ind.value.split("\\") if c]
    text = ".".join(hashlib.sha1(c.encode()).hexdigest()[:16] for c in parts)  # noqa: S324 - not security
    shown[text] = "\\".join(parts)
    return text


def _shared_reasons(
    candidates: list[Indicator], existing: list[Claim], allowed: frozenset[str] = frozenset()
) -> dict[Indicator, str]:
    """Candidates another tool also claims (as a whole term), with the reason.

    Domains follow ownership: a subdomain under another tool's domain is that tool's, so the
    subdomain is excluded and the parent kept; equal values, and any clash with a reviewed rule or of
    signers and version information, exclude the candidate.
    """
    shown: dict[str, str] = {}
    claims = [Claim(i.kind, _claim_text(i, shown), i.tool, f"lolrmm:{n}") for n, i in enumerate(candidates)]
    reasons: dict[Indicator, str] = {}
    for a, b in collisions(claims + existing):
        if a.text in allowed or b.text in allowed:
            continue  # recorded in rmm-sigma-check.yml indicators.shared, with the reason
        for this, other in ((a, b), (b, a)):
            if not this.path.startswith("lolrmm:"):
                continue
            ind = candidates[int(this.path.removeprefix("lolrmm:"))]
            # Domains: the parent stays with its owner (a.x.com under another tool's x.com goes).
            # Paths and names: the broader value is the ambiguous one (a vendor folder that holds
            # several products), so it goes and the specific one stays.
            differ, mine = a.text != b.text, other.path.startswith("lolrmm:")
            if differ and mine and ((ind.kind == "network") == (this is a)):
                continue
            where = "a reviewed rule" if not other.path.startswith("lolrmm:") else "the catalog"
            what = f"'{shown.get(other.text, other.text)}'" if other.text != this.text else "it"
            reasons.setdefault(ind, f"shared: {other.tool} also claims {what} ({where})")
    return reasons


def plan_import(
    catalog: Path,
    rules_dir: Path,
    *,
    aliases: dict[str, str] | None = None,
    review: dict[tuple[str, str], str] | None = None,
    platforms: dict[str, str] | None = None,
    signers: dict[str, str] | None = None,
) -> Plan:
    """Review every indicator of the catalog against our data and the reviewed rules in ``rules_dir``."""
    entries, defects = load_catalog(catalog, load_aliases() if aliases is None else aliases)
    if platforms is None or signers is None:
        platforms, signers, _ = _check_lists()
    plan = Plan(entries=entries, defects=defects)
    candidates, plan.excluded = _first_pass(
        entries,
        load_review() if review is None else review,
        {_norm(k): v for k, v in platforms.items()},
        {_norm(k): v for k, v in signers.items()},
    )
    existing = existing_claims(rules_dir)
    own = {(c.tool.lower(), c.kind, c.text) for c in existing}
    allowed = frozenset(_norm(k) for k in _check_lists()[2])
    shared = _shared_reasons(candidates, [c for c in existing if c.kind in ("network", "signer")], allowed)
    seen: set[tuple[str, str, str, str]] = set()
    for ind in candidates:
        if ind in shared:
            plan.excluded.append((ind, shared[ind]))
        elif _owned(ind, own):
            plan.covered.append(ind)
        elif (key := (ind.tool, ind.kind, ind.field, ind.value.lower())) in seen:
            plan.covered.append(ind)  # the same value from another entry of the tool, or twice
        else:
            seen.add(key)
            plan.kept.setdefault((ind.tool, ind.kind), []).append(ind)
    _drop_subsumed(plan)
    return plan


def _owned(ind: Indicator, own: set[tuple[str, str, str]]) -> bool:
    """Whether a reviewed rule of the same tool already matches the value (``anydesk.com`` matches
    ``net.anydesk.com`` as a term; a version-information value must be equal)."""
    texts = term_substrings(_norm(ind.value)) if ind.kind in ("network", "signer") else {_norm(ind.value)}
    return any((ind.tool.lower(), ind.kind, t) in own for t in texts)


def _drop_subsumed(plan: Plan) -> None:
    """Within one tool's network rule keep ``x.com`` and drop ``a.x.com``: ``has`` matches both."""
    for key, values in plan.kept.items():
        if key[1] != "network":
            continue
        texts = {i.value for i in values}
        keep = [i for i in values if not (term_substrings(i.value) - {i.value}) & texts]
        plan.covered += [i for i in values if i not in keep]
        plan.kept[key] = keep


def _check_lists() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Platform domains, third-party signers and recorded shared indicators of rmm-sigma-check.yml:
    the importer and ``check`` read one list, so what one excludes the other enforces."""
    data = _read_yaml(PROJECT_ROOT / "rmm-sigma-check.yml") or {}
    ind = data.get("indicators") or {}
    return tuple(dict(ind.get(k) or {}) for k in ("platform_domains", "third_party_signers", "shared"))  # type: ignore[return-value]


# --- writing rules ------------------------------------------------------------------------------


def rule_id(tool: str, kind: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"lolrmm/{tool.lower()}/{kind}"))


def entry_url(file: str) -> str:
    return f"https://github.com/{CATALOG}/blob/{CATALOG_COMMIT_FULL}/yaml/{quote(file)}"


def _selection(values: list[Indicator]) -> dict[str, Any]:
    """Detection blocks: one ``selection_<field>`` per field, so any one field matching is enough."""
    by_field: dict[str, list[str]] = {}
    for ind in values:
        by_field.setdefault(ind.field, []).append(ind.value)
    blocks = {}
    for key in sorted(by_field):
        name = "selection_" + re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")
        vals = sorted(set(by_field[key]), key=str.lower)
        blocks[name] = {key: vals[0] if len(vals) == 1 else vals}
    return blocks


_FIELDS = {"network": ["DestinationHostname"], "process": ["UserPrincipalName"]}
_WHAT = {
    "network": "network connections to {tool} infrastructure",
    "process": "process creations whose version information or file name is {tool}'s",
    "signer": "files signed with a code-signing certificate issued to the publisher of {tool}",
    "file": "creation of files that {tool} writes",
    "registry": "registry keys that {tool} creates",
}


def rule_for(tool: str, kind: str, values: list[Indicator], entries: dict[str, Entry]) -> dict[str, Any]:
    """One Sigma rule in the project's conventions, with the catalog entries it came from."""
    files = sorted({i.entry for i in values})
    first = [entries[f] for f in files]
    blocks = _selection(values)
    condition = next(iter(blocks)) if len(blocks) == 1 else "1 of selection_*"
    created = min(str(e.doc.get("Created") or "2024-01-01") for e in first)
    modified = max(str(e.doc.get("LastModified") or created) for e in first)
    rule: dict[str, Any] = {
        "title": f"Remote Management and Monitoring tool - {tool} - {LOGSOURCES[kind][2]} (LOLRMM)",
        "id": rule_id(tool, kind),
        "status": "experimental",
        "description": (
            f"Detects {_WHAT[kind].format(tool=tool)}, from the indicators of the LOLRMM catalog "
            f"(entries: {', '.join(files)}), reviewed by rmm-sigma. Attackers abuse legitimate Remote "
            "Monitoring and Management (RMM) programs to persist or provide command-and-control channels."
        ),
        "references": [entry_url(f) for f in files] + [f"https://github.com/{CATALOG}"],
        "author": f"LOLRMM contributors (catalog, {CATALOG_LICENSE}), rmm-sigma (import and review)",
        "date": created,
        "modified": modified if modified > created else None,
        "tags": ["attack.command-and-control", "attack.t1219"]
        + (["match.term"] if kind in ("network", "signer") else []),
        "logsource": {"category": LOGSOURCES[kind][0], "product": "windows"},
        "detection": {**blocks, "condition": condition},
        "fields": _FIELDS.get(kind),
        "falsepositives": [f"Legitimate use of {tool} by IT administrators"],
        "level": "medium",
    }
    return {k: v for k, v in rule.items() if v is not None}


def rule_path(tool: str, kind: str) -> Path:
    return Path(tool, imported_file_name(LOGSOURCES[kind][1], tool))


def dump(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def rendered(plan: Plan) -> dict[Path, str]:
    """Relative rule path -> YAML text, for every (tool, kind) with a kept indicator."""
    entries = {e.file: e for e in plan.entries}
    return {
        rule_path(t, k): dump(rule_for(t, k, vs, entries)) for (t, k), vs in sorted(plan.kept.items()) if vs
    }


def exclusions_text(plan: Plan) -> str:
    """The committed record of every indicator not in a rule, with the reason, and the numbers."""
    tools = plan.tools_with_rules()
    doc = {
        "catalog": {
            "source": f"https://github.com/{CATALOG}",
            "commit": CATALOG_COMMIT,
            "license": CATALOG_LICENSE,
        },
        "summary": plan.summary(),
        "defects": sorted(plan.defects),
        "entries_without_rules": {e.file: _why_no_rule(e, plan) for e in plan.entries if e.tool not in tools},
        "excluded": [
            {"entry": i.entry, "tool": i.tool, "kind": i.kind, "value": i.raw, "reason": r}
            for i, r in sorted(
                plan.excluded, key=lambda x: (x[0].tool.lower(), x[0].kind, x[0].raw, x[0].entry)
            )
        ],
    }
    head = (
        "# Generated by `rmm-sigma import lolrmm` (do not edit; hand review: data/lolrmm/review.yml).\n"
        "# Every LOLRMM catalog indicator that is not in a rule, with the reason; the coverage numbers.\n"
    )
    return head + dump(doc)


def _why_no_rule(entry: Entry, plan: Plan) -> str:
    mine = [r for i, r in plan.excluded if i.entry == entry.file]
    if not mine:
        return "the catalog entry lists no domain, version information, signer, file or registry key"
    return "every indicator excluded: " + "; ".join(sorted(set(r.split(" (")[0].split(":")[0] for r in mine)))


# --- the command's effect -----------------------------------------------------------------------


@dataclass
class Changes:
    """What writing a plan would do to ``rules_dir`` and the exclusions file."""

    write: dict[Path, str]  # absolute path -> new content (new or changed)
    remove: list[Path]
    unchanged: int

    def diff(self) -> Iterator[str]:
        for path, text in sorted(self.write.items()):
            old = path.read_text(encoding="utf-8").splitlines(True) if path.is_file() else []
            yield from difflib.unified_diff(
                old, text.splitlines(True), str(path) if old else "/dev/null", str(path)
            )
        for path in self.remove:
            yield f"--- {path}\n+++ /dev/null\n@@ removed: no longer produced by the catalog @@\n"


def changes(plan: Plan, rules_dir: Path, exclusions: Path) -> Changes:
    wanted = {rules_dir / rel: text for rel, text in rendered(plan).items()}
    wanted[exclusions] = exclusions_text(plan)
    write = {p: t for p, t in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != t}
    stale = sorted(p for p in rules_dir.glob(f"*/*{SUFFIX}.yml") if p not in wanted)
    return Changes(write, stale, len(wanted) - len(write))


def apply(change: Changes) -> None:
    """Write everything (each file atomically), then remove stale imported rules; Ctrl-C waits."""
    with sigint_deferred():
        for path, text in sorted(change.write.items()):
            write_atomic(path, text)
        for path in change.remove:
            path.unlink()
            if path.parent.is_dir() and not any(path.parent.iterdir()):
                path.parent.rmdir()
