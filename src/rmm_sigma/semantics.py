"""What each target can and cannot say exactly, per rule: the semantic notes, as data.

A conversion is only as exact as the target language. Where a target cannot express a construct
exactly (KQL's whole-term ``has`` has no SPL/Lucene/SQL equivalent and becomes a substring match;
ES|QL and Lucene compare keyword fields case-sensitively; a field exists but common sources do not
fill it), the result carries a note instead of hiding the difference.

Notes are a table (``NOTES``): each names its target, optionally its formats, and the rule
features it applies to (``tag:…``, ``category:…``, ``field:…``, ``modifier:…``, ``null``). A rule
gets every note whose features it has. ``rmm-sigma list notes`` shows them per rule; the build writes
the per-target summary to ``output/SEMANTICS.md`` and the refused rules to ``output/UNSUPPORTED.md``
(rendered by build_reports.py).
Notes that state a behaviour an engine can show are checked by tests (tests/test_targets_sql_kql.py
runs the SQL and KQL outputs over the same events and asserts the documented difference, and no
other).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sigma.modifiers import modifier_mapping
from sigma.rule import SigmaRule
from sigma.types import SigmaNull

from rmm_sigma.safety import detection_items

if TYPE_CHECKING:
    from rmm_sigma.targets import Target

VERSION_INFO = ("field:Company", "field:Product", "field:Description", "field:OriginalFileName")
ELASTIC_LUCENE = ("default", "siem_rule_ndjson")
ELASTIC_ESQL = ("esql", "esql_rule_ndjson")
MODIFIER_NAMES = {cls: name for name, cls in modifier_mapping.items()}


@dataclass(frozen=True)
class Note:
    """One statement about how a target's result differs from the rule's Sigma meaning."""

    id: str
    target: str
    text: str
    requires: tuple[str, ...] = ()  # rule features that must all be present
    any_of: tuple[str, ...] = ()  # at least one of these, when given
    formats: tuple[str, ...] | None = None  # None: every format of the target

    def applies(self, features: frozenset[str]) -> bool:
        return set(self.requires) <= features and (not self.any_of or bool(features & set(self.any_of)))


NOTES: tuple[Note, ...] = (
    # --- term matching: only KQL (kql, asim) has whole-term `has` --------------------------------
    Note(
        "term-as-substring",
        "splunk",
        requires=("tag:match.term",),
        text=(
            'The rule asks for whole-term matching (KQL `has`); SPL `field="*value*"` matches substrings, so '
            "'xanydesk.com' matches 'anydesk.com' too. Broader than the KQL result, never narrower."
        ),
    ),
    Note(
        "term-as-substring",
        "elastic",
        requires=("tag:match.term",),
        text=(
            'The rule asks for whole-term matching (KQL `has`); Lucene `*value*`, ES|QL `like "*value*"` '
            "and EQL `like~`/`:` wildcards match substrings, so 'xanydesk.com' matches 'anydesk.com' too. "
            "Broader than the KQL result, never narrower."
        ),
    ),
    Note(
        "term-as-substring",
        "sql",
        requires=("tag:match.term",),
        text=(
            "The rule asks for whole-term matching (KQL `has`); SQL `ILIKE '%value%'` matches substrings, so "
            "'xanydesk.com' matches 'anydesk.com' too. Broader than the KQL result, never narrower "
            "(checked on synthetic events in tests/test_targets_sql_kql.py)."
        ),
    ),
    # --- case sensitivity ------------------------------------------------------------------------
    Note(
        "case-sensitive",
        "elastic",
        formats=ELASTIC_LUCENE,
        text=(
            "Lucene wildcard queries on ECS keyword fields are case-sensitive: '*AnyDesk*' does not match "
            "'anydesk'. Sigma (and KQL, SPL, EQL, the SQL target) match case-insensitively; use the EQL "
            "formats where the case of the data is not known."
        ),
    ),
    Note(
        "case-sensitive",
        "elastic",
        formats=ELASTIC_ESQL,
        text=(
            "ES|QL `like`, `starts_with` and `==` are case-sensitive: '*AnyDesk*' does not match 'anydesk'. "
            "Sigma matches case-insensitively; use the EQL formats where the case of the data is not known."
        ),
    ),
    Note(
        "esql-multivalue",
        "elastic",
        formats=ELASTIC_ESQL,
        requires=("category:process_creation",),
        text=(
            "ES|QL compares a multi-valued field to a value as null: a process event whose event.type holds "
            'several values is not selected by `event.type=="start"`.'
        ),
    ),
    # --- null: a missing field vs an empty value ---------------------------------------------------
    Note(
        "null-is-no-value-marker",
        "splunk",
        requires=("null",),
        text=(
            'Sigma `null` is `(NOT field=* OR field IN ("-", "?", ""))`: Sysmon writes \'-\' (and \'?\') '
            "where a file has no version information, so a missing field and those markers count as no "
            "value, as KQL `isempty` on Defender's tables (which write '') does. A real value '-' or '?' "
            "would count as none too."
        ),
    ),
    Note(
        "null-is-no-value-marker",
        "elastic",
        requires=("null",),
        text=(
            "Sigma `null` matches a missing field or the no-value markers '-', '?' and '' (Lucene "
            '`NOT _exists_:f OR f:("-" OR "?" OR "")`, ES|QL `is null or in (...)`, EQL `== null or in '
            "(...)`): Elastic's ingest pipelines drop null, '' and '-', Sysmon also writes '?', and data "
            "indexed without those pipelines keeps all three. A real value '-' or '?' counts as none too."
        ),
    ),
    # --- where the data comes from -----------------------------------------------------------------
    Note(
        "sysmon-destination-hostname",
        "splunk",
        requires=("field:DestinationHostname",),
        text=(
            "Sysmon's DestinationHostname (EventCode 3) is the reverse-DNS name of the destination IP, not "
            "the name the program asked for (Defender RemoteUrl); behind a CDN it can differ."
        ),
    ),
    Note(
        "process-name-from-add-on",
        "splunk",
        requires=("field:ImageName",),
        text=(
            "ImageName is `process_name`, a search-time field the Splunk Add-on for Sysmon derives from "
            "Image; without the add-on the rule does not match."
        ),
    ),
    Note(
        "signature-on-load-only",
        "splunk",
        requires=("category:file_signature",),
        text=(
            "Sysmon records signatures only when an image or driver is loaded (EventCode 7/6, Signature): a "
            "signed file that is only written to disk, or whose load Sysmon's configuration filters out, is "
            "not seen."
        ),
    ),
    Note(
        "pe-info-on-network-events",
        "elastic",
        requires=("category:network_connection",),
        any_of=VERSION_INFO,
        text=(
            "process.pe.* (Company, Product, Description, OriginalFileName) is ECS on network events, but "
            "Elastic Defend fills it on process events; on network events it is present only where the "
            "events are enriched, otherwise the rule does not match."
        ),
    ),
    Note(
        "destination-domain-source",
        "elastic",
        requires=("field:DestinationHostname",),
        text=(
            "destination.domain is only as good as its source: Sysmon fills it with the reverse-DNS name of "
            "the destination IP, not the name the program asked for."
        ),
    ),
    Note(
        "signer-three-fields",
        "elastic",
        requires=("category:file_signature",),
        text=(
            "Signer is matched against the signer subject of the file, the loaded library or the process "
            "image (file./dll./process.code_signature.subject_name), whichever the event has."
        ),
    ),
    # --- CrowdStrike Falcon LogScale ---------------------------------------------------------------
    Note(
        "term-as-substring",
        "logscale",
        requires=("tag:match.term",),
        text=(
            "The rule asks for whole-term matching (KQL `has`); the LogScale backend writes a `contains` "
            "value as an unanchored regex `/value/i`, which matches substrings, so 'xanydesk.com' matches "
            "'anydesk.com' too. Broader than the KQL result, never narrower."
        ),
    ),
    Note(
        "dns-request-not-connection",
        "logscale",
        requires=("category:network_connection",),
        text=(
            "Falcon connection events (NetworkConnectIP4) carry no host name, so the rule is matched "
            "against DnsRequest events (DomainName, ContextBaseFileName): it sees the process look the name "
            "up, which need not be followed by a connection, and misses connections to cached or hard-coded "
            "addresses."
        ),
    ),
    Note(
        "null-is-missing",
        "logscale",
        requires=("null",),
        text=(
            "Sigma `null` is `field!=*` (the backend's form): the field is absent from the event. Whether "
            "LogScale also counts an empty value as absent is not tested here."
        ),
    ),
    # --- Google SecOps (UDM) -----------------------------------------------------------------------
    Note(
        "term-as-substring",
        "secops",
        requires=("tag:match.term",),
        text=(
            "The rule asks for whole-term matching (KQL `has`); UDM `field = /value/ nocase` matches "
            "substrings, so 'xanydesk.com' matches 'anydesk.com' too. Broader than the KQL result, never "
            "narrower."
        ),
    ),
    Note(
        "exif-info-source",
        "secops",
        any_of=VERSION_INFO,
        text=(
            "Version information is UDM file.exif_info (company, product, file_description, original_file), "
            "filled only where the source's parser or Google SecOps' VirusTotal file-metadata enrichment "
            "provides it; on events without it the rule does not match."
        ),
    ),
    Note(
        "signer-three-fields",
        "secops",
        requires=("category:file_signature",),
        text=(
            "Signer is matched against the signer names of the target file, the target process image or "
            "the acting process image (<noun>.file.signature_info.sigcheck.signers.name) of any event; UDM "
            "has no code-signing event, and these fields are filled only where a parser or Google SecOps' "
            "VirusTotal file-metadata enrichment provides them."
        ),
    ),
    Note(
        "target-hostname-source",
        "secops",
        requires=("field:DestinationHostname",),
        text=(
            "DestinationHostname is target.hostname of NETWORK_CONNECTION events, as the source's parser "
            "fills it (from Sysmon, the reverse-DNS name of the destination IP); DNS events "
            "(network.dns.questions.name) are not searched."
        ),
    ),
    Note(
        "null-is-empty",
        "secops",
        requires=("null",),
        text=(
            'Sigma `null` is `field = ""`: UDM does not tell a missing string field from an empty one, so '
            "both match (as KQL `isempty` does)."
        ),
    ),
    # --- SentinelOne PowerQuery --------------------------------------------------------------------
    Note(
        "term-as-substring",
        "sentinelone",
        requires=("tag:match.term",),
        text=(
            "The rule asks for whole-term matching (KQL `has`); PowerQuery `contains` matches substrings "
            "(case-insensitively), so 'xanydesk.com' matches 'anydesk.com' too. Broader than the KQL result, "
            "never narrower."
        ),
    ),
    Note(
        "prefix-suffix-as-contains",
        "sentinelone",
        any_of=("modifier:startswith", "modifier:endswith"),
        text=(
            "The SentinelOne backend writes `startswith` and `endswith` as `contains`: the value may occur "
            "anywhere in the field. Broader than the rule."
        ),
    ),
    Note(
        "publisher-display-name",
        "sentinelone",
        any_of=("field:Company", "field:Product", "field:Description"),
        text=(
            "Company is matched against SentinelOne's `publisher` and Product/Description against "
            "`displayName` of the process (the backend's mapping). These are SentinelOne's own attributes of "
            "the image, not necessarily the version-information strings, so the rule can miss where they "
            "differ."
        ),
    ),
    Note(
        "hostname-from-dns-or-url",
        "sentinelone",
        requires=("field:DestinationHostname",),
        text=(
            "DestinationHostname is matched against url.address and event.dns.request: Deep Visibility "
            "connection (ip) events carry no host name, so the rule sees the DNS lookup or the URL request "
            "of the process, not the connection itself."
        ),
    ),
    Note(
        "null-is-missing",
        "sentinelone",
        requires=("null",),
        text=(
            "Sigma `null` is `not (field=*)` (the backend's form): the field is absent from the event. "
            "Whether PowerQuery also counts an empty value as absent is not tested here."
        ),
    ),
    Note(
        "dst-fqdn",
        "asim",
        requires=("field:DestinationHostname",),
        text=(
            "DestinationHostname is ASIM DstFQDN (the name with its domain); a source parser that fills only "
            "DstHostname/DstDomain is not matched."
        ),
    ),
)


def rule_features(rule: SigmaRule) -> frozenset[str]:
    """The features notes select on: tags, logsource category, detection fields and modifiers, nulls."""
    features = {f"tag:{tag.namespace}.{tag.name}" for tag in rule.tags}
    features.add(f"category:{rule.logsource.category}")
    for detection in rule.detection.detections.values():
        for item in detection_items(detection):
            if item.field:
                features.add(f"field:{item.field}")
            features.update(f"modifier:{MODIFIER_NAMES.get(m, m.__name__)}" for m in item.modifiers)
            if any(isinstance(v, SigmaNull) for v in item.value):
                features.add("null")
    return frozenset(features)


def notes_for(target: Target, rule: SigmaRule, output_format: str | None = None) -> list[Note]:
    """The notes of ``target`` (optionally one format of it) that apply to ``rule``."""
    return notes_with(target, rule_features(rule), output_format)


def notes_with(target: Target, features: frozenset[str], output_format: str | None = None) -> list[Note]:
    """The notes of ``target`` (optionally one format of it) that apply to a rule with ``features``."""
    return [
        n
        for n in NOTES
        if n.target == target.name
        and (output_format is None or n.formats is None or output_format in n.formats)
        and n.applies(features)
    ]
