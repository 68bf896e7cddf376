"""LogScale, SecOps and SentinelOne: field names from each backend's own package, outputs well formed.

No parser for CQL (LogScale), UDM search, YARA-L or PowerQuery installs from PyPI, so the outputs are
checked for the structure the language needs: balanced parentheses, every literal a regex that
compiles (or a well-escaped string), and outside literals only operators and the fields the mapping
maps to. The field names themselves are checked against what each backend package ships: the
crowdstrike Falcon pipeline, the UDM schema of the secops package, the sentinelone-pq pipeline.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sigma.backends.secops import SecOpsBackend
from sigma.pipelines.crowdstrike import crowdstrike_falcon_pipeline
from sigma.pipelines.secops.validators import is_valid_udm_field
from sigma.pipelines.sentinelone_pq import sentinelonepq_pipeline
from sigma.processing.conditions import IncludeFieldCondition
from sigma.processing.pipeline import ProcessingPipeline
from sigma.processing.transformations import (
    AddConditionTransformation,
    DetectionItemFailureTransformation,
    FieldMappingTransformation,
)
from sigma.rule import SigmaRule
from sigma.types import SigmaString

from rmm_sigma.artefact_ids import artefact_id
from rmm_sigma.backends.secops import SecOpsExactBackend, regex_text, yara_l_rule_name
from rmm_sigma.build import BuildResult
from rmm_sigma.convert import Converter, LoadedRule
from rmm_sigma.targets import MAPPINGS_DIR, TARGETS

NEW = ("logscale", "secops", "sentinelone")
#: Google's UDM reference, ExifInfo (the schema in the secops package declares the type but no fields)
UDM_EXIF_INFO = {"company", "product", "file_description", "original_file", "entry_point", "compilation_time"}
UDM_REGEX = re.compile(r"/((?:[^/\\\n]|\\.)*)/ nocase")
UDM_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
LOGSCALE_REGEX = re.compile(r"=/((?:[^/\\\n]|\\.)*)/i")
PQ_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


#: The session build (conftest `built`) is made once per worker: keep its users on one worker.
pytestmark = pytest.mark.xdist_group("build")


@pytest.fixture(scope="module")
def result(built: BuildResult) -> BuildResult:
    """The session's build of every target; the tests below look at the three targets in NEW."""
    return built


def outputs(result: BuildResult, target: str, fmt: str) -> dict[PurePosixPath, str]:
    paths = {PurePosixPath(p): t for p, t in result.files.items()}
    return {p: t for p, t in paths.items() if p.parts[:2] == (target, fmt) and p.name[:4] != "all."}


def mapping(file: str) -> dict[str, dict]:
    pipeline = yaml.safe_load((MAPPINGS_DIR / file).read_text(encoding="utf-8"))
    return {item["id"]: item for item in pipeline["transformations"]}


def mapped_fields(file: str) -> set[str]:
    """Every field name the mapping writes: field mapping targets and added conditions."""
    fields: set[str] = set()
    for item in mapping(file).values():
        if item["type"] == "field_name_mapping":
            for target in item["mapping"].values():
                fields |= {target} if isinstance(target, str) else set(target)
        elif item["type"] == "add_condition":
            fields |= set(item["conditions"])
    return fields


def refused_fields(file: str, item_id: str) -> set[str]:
    (condition,) = mapping(file)[item_id]["field_name_conditions"]
    return set(condition["fields"])


def pipeline_fields(pipeline: ProcessingPipeline) -> set[str]:
    """Every field name a backend's own pipeline writes."""
    fields: set[str] = set()
    for item in pipeline.items:
        transformation = item.transformation
        if isinstance(transformation, FieldMappingTransformation):
            for target in transformation.mapping.values():
                fields |= {target} if isinstance(target, str) else set(target)
        elif isinstance(transformation, AddConditionTransformation):
            fields |= set(transformation.conditions)
    return fields


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# --- the counts --------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_rule_converts_or_is_refused_with_a_reason(
    result: BuildResult, rules: list[LoadedRule]
) -> None:
    assert {name: result.converted[name] for name in NEW} == {
        "logscale": 2,
        "secops": 161,
        "sentinelone": 107,
    }
    for name in NEW:
        refused = {u.rule.path for u in result.unsupported if u.target == name}
        assert result.converted[name] + len(refused) == len(rules), name
    reasons = Counter(u.target for u in result.unsupported if u.target in NEW)
    assert reasons == {"logscale": 164, "secops": 5, "sentinelone": 59}
    assert all(u.reason for u in result.unsupported if u.target in NEW)


# --- field names against each backend's package ---------------------------------------------------


def test_logscale_fields_are_the_crowdstrike_falcon_pipelines() -> None:
    """Every Falcon field we write is one the backend's Falcon pipeline writes; CommandLine is Falcon's
    name for it too, which is why that pipeline passes it through unmapped."""
    ours = mapped_fields("logscale_falcon.yml")
    assert ours - pipeline_fields(crowdstrike_falcon_pipeline()) == {"CommandLine"}


def test_logscale_refuses_what_the_crowdstrike_pipeline_refuses() -> None:
    """On process creation; the backend's refusals of other events (CommandLine on image loads) differ."""
    backend_refused = {
        field
        for item in crowdstrike_falcon_pipeline().items
        if isinstance(item.transformation, DetectionItemFailureTransformation)
        and item.identifier.startswith("cql_fail_process_start_")
        for condition in item.field_name_conditions
        if isinstance(condition, IncludeFieldCondition)
        for field in condition.fields
    }
    assert refused_fields("logscale_falcon.yml", "no_version_info") <= backend_refused
    assert "CommandLine" not in backend_refused


def test_secops_fields_are_valid_udm_paths() -> None:
    schema = SecOpsBackend.udm_schema
    assert schema["Subtypes"]["exif_info"] == {}, "the schema now lists ExifInfo fields: check them there"
    for field in mapped_fields("secops_udm.yml"):
        if ".exif_info." in field:
            noun_path, leaf = field.rsplit(".", 1)
            assert is_valid_udm_field(noun_path, schema) and leaf in UDM_EXIF_INFO, field
        else:
            assert is_valid_udm_field(field, schema), field


def test_sentinelone_fields_are_the_sentinelone_pipelines() -> None:
    """Fields of the backend's pipeline, and the acting-process (src.process) twins of its
    created-process (tgt.process) attributes."""
    backend = pipeline_fields(sentinelonepq_pipeline())
    twins = {"src.process." + f.removeprefix("tgt.process.") for f in backend if f.startswith("tgt.process.")}
    ours = mapped_fields("sentinelone_dv.yml")
    assert ours <= backend | twins, ours - backend - twins
    assert ours - backend == {"src.process.publisher", "src.process.displayName"}


def test_logscale_image_paths_use_the_volume_device() -> None:
    """Falcon writes \\Device\\HarddiskVolumeN\\..., so a drive letter becomes a one-character wildcard."""
    rule = SigmaRule.from_dict(
        {
            "title": "t",
            "logsource": {"category": "process_creation", "product": "windows"},
            "detection": {"sel": {"Image|startswith": "C:\\Program Files\\Probe\\"}, "condition": "sel"},
        }
    )
    query = Converter(TARGETS["logscale"]).convert(LoadedRule(Path("sigma/Probe/probe.yml"), rule), "default")
    assert query.endswith(r" ImageFileName=/^\\Device\\HarddiskVolume.\\Program Files\\Probe\\/i")


# --- the outputs -------------------------------------------------------------------------------


def test_logscale_queries_are_well_formed(result: BuildResult) -> None:
    fields = mapped_fields("logscale_falcon.yml")
    for path, text in outputs(result, "logscale", "default").items():
        for body in LOGSCALE_REGEX.findall(text):
            re.compile(body)
        bare = LOGSCALE_REGEX.sub("=R", text.strip())
        assert balanced(bare), path
        for token in filter(None, re.split(r"[\s()]+", bare)):
            known = token in ("or", "not") or (token.endswith("=R") and token[:-2] in fields)
            assert known, (path, token)


def _udm_tokens(text: str) -> list[str]:
    bare = UDM_STRING.sub(" S ", UDM_REGEX.sub(" R ", text))
    assert balanced(bare)
    return [t for t in re.split(r"[\s()]+", bare) if t]


def test_secops_udm_searches_are_well_formed(result: BuildResult) -> None:
    fields = mapped_fields("secops_udm.yml")
    for path, text in outputs(result, "secops", "default").items():
        for body in UDM_REGEX.findall(text):
            re.compile(body)
        for token in _udm_tokens(text.strip()):
            assert token in {"AND", "OR", "NOT", "=", "!=", "R", "S"} | fields, (path, token)


def test_secops_yara_l_rules_are_well_formed(result: BuildResult, rules_by_id: dict) -> None:
    fields = {"$event1." + f for f in mapped_fields("secops_udm.yml")}
    names = []
    for path, text in outputs(result, "secops", "yara_l").items():
        lines = text.rstrip("\n").split("\n")
        head = re.fullmatch(r"rule ([a-z][a-z0-9_]*) \{", lines[0])
        assert head and lines[1] == "  meta:" and lines[-4:] == ["", "  condition:", "    $event1", "}"], path
        names.append(head.group(1))
        events = lines.index("  events:")
        meta = dict(
            re.fullmatch(r'    (\w+) = ("(?:[^"\\]|\\.)*")', line).groups() for line in lines[2 : events - 1]
        )
        assert lines[events - 1] == ""
        sigma_id = json.loads(meta["sigma_id"])
        assert sigma_id in rules_by_id and json.loads(meta["severity"]) == "medium"
        assert json.loads(meta["id"]) == artefact_id(sigma_id, "secops", "yara_l")
        assert head.group(1) == yara_l_rule_name(json.loads(meta["title"]))
        for line in lines[events + 1 : -4]:
            assert line.startswith("    ")
            for token in _udm_tokens(line):  # YARA-L keywords in lower case, as Google documents them
                assert token in {"and", "or", "not", "=", "!=", "R", "S"} | fields, (path, token)
    assert len(names) == len(set(names)) == 161


def test_sentinelone_queries_are_well_formed(result: BuildResult) -> None:
    fields = mapped_fields("sentinelone_dv.yml")
    for path, text in outputs(result, "sentinelone", "default").items():
        query, _, columns = text.strip().partition(" | columns ")
        assert not columns or set(columns.split(",")) <= fields, path
        bare = PQ_STRING.sub("S", query)
        assert '"' not in bare and "|" not in bare and balanced(bare), path
        for token in re.findall(r"=\*|[()=,]|[^\s()=,]+", bare):
            assert token in {"and", "or", "not", "contains", "in", "=", "=*", ",", "(", ")", "S"} | fields, (
                path,
                token,
            )


def test_sentinelone_json_bundle_holds_every_converted_rule(result: BuildResult, rules_by_id: dict) -> None:
    document = json.loads(result.files["sentinelone/json/all.json"])
    queries = document["queries"]
    assert len(queries) == result.converted["sentinelone"]
    by_id = {}
    for path, text in outputs(result, "sentinelone", "default").items():
        by_id[path.stem] = text.strip()
    for entry in queries:
        loaded = rules_by_id[entry["sigma_id"]]
        assert entry["id"] == artefact_id(entry["sigma_id"], "sentinelone", "json")
        assert entry["title"] == loaded.rule.title and entry["description"]
        assert entry["query"] == by_id[loaded.path.stem]


# --- the mapping files with the stock sigma-cli ----------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "backend,mapping_file,rule,expected",
    [
        (
            "log_scale",
            "logscale_falcon.yml",
            "DWService/net_connection_win_rmm_dwservice.yml",
            "#event_simpleName=/^DnsRequest$/i event_platform=/^Win$/i DomainName=/dwservice\\.net/i",
        ),
        (
            "secops",
            "secops_udm.yml",
            "AnyDesk/proc_creation_win_rmm_anydesk.yml",
            'metadata.event_type = "PROCESS_LAUNCH" AND target.process.file.exif_info.company = '
            "/anydesk software|philandro software/ nocase",
        ),
    ],
)
def test_mapping_works_from_sigma_cli(backend: str, mapping_file: str, rule: str, expected: str) -> None:
    sigma = Path(sys.executable).with_name("sigma")
    proc = subprocess.run(
        [str(sigma), "convert", "-t", backend, "-p", str(MAPPINGS_DIR / mapping_file)]
        + [str(MAPPINGS_DIR.parent / "sigma" / rule)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert expected in proc.stdout


# --- SecOps regular expressions ---------------------------------------------------------------------

#: Sigma spellings: wildcards, escaped wildcards and backslashes, every regex metacharacter, ``/``.
SIGMA_TEXT = st.lists(
    st.sampled_from(["*", "?", "\\*", "\\?", "\\\\", "\\", "/", "a", " ", *".+^$[](){}|\"'"]), max_size=10
).map("".join)


@settings(max_examples=300, deadline=None)
@given(value=SIGMA_TEXT)
def test_secops_regex_text_is_what_to_regex_writes(value: str) -> None:
    string = SigmaString(value)
    for escaped in ("", SecOpsExactBackend.add_escaped_re):
        assert regex_text(string, escaped) == string.to_regex(escaped).to_plain()
