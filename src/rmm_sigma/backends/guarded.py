"""Stock pySigma backends, refusing the values they cannot write safely.

Each language below has characters that the stock backend emits in a form the language reads
differently, so a value could change the query instead of being matched:

* **Lucene**: a line break inside an unquoted term ends the term (``f:*a<LF>b*`` is two terms).
* **ES|QL**: a quoted string may not hold a raw line break, and allows only the escapes
  ``\\t \\n \\r \\" \\\\``; the backend writes a literal ``*``/``?`` as ``\\*``/``\\?``, which is not one.
* **EQL**: strings are one line; ``\\*`` / ``\\?`` are not escapes (Elastic's own ``eql`` parser
  rejects them), and ``:`` / ``like~`` treat ``*`` and ``?`` as wildcards.
* **SPL**: ``*`` is always a wildcard in a search term (there is no escape for it), and a line break
  inside a value breaks the savedsearches.conf stanza it is written into.
* **LogScale**: every value is a ``/regex/i`` literal; a line break would end up raw inside it.
* **SentinelOne PowerQuery**: a quoted string is one line, and the backend writes a literal ``*`` as
  ``\\*``, which is not a documented PowerQuery string escape.

Two of these backends also get a structural fix. LogScale: ``parenthesize`` groups every nested
``and``/``or``, so a query does not depend on LogScale's operator precedence (the backend orders
``or`` above the implicit ``and``, the reverse of most languages; no LogScale parser installs here to
check that). SentinelOne: the stock backend
always applies its own pipeline before any other (it rejects fields it does not know, such as
ImageName, before our mapping can refuse them with a reason), so here it has none and
mappings/sentinelone_dv.yml is the whole mapping; its ``json`` format writes the rule id as a string.

A rule with such a value fails to convert, naming the character and the reason, rather than being
converted into a different query. No rule in this repository has one; the property tests in
tests/test_targets_escaping.py check both that everything else round-trips and that these refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from sigma.backends.crowdstrike import LogScaleBackend
from sigma.backends.elasticsearch import EqlBackend, ESQLBackend, LuceneBackend
from sigma.backends.sentinelone_pq import SentinelOnePQBackend
from sigma.backends.splunk import SplunkBackend
from sigma.conversion.state import ConversionState
from sigma.exceptions import SigmaValueError
from sigma.processing.pipeline import ProcessingPipeline
from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule
from sigma.types import SigmaString

LINE_BREAKS = "\n\r"
LITERAL_WILDCARDS = "*?"


def _strings(detection: SigmaDetection) -> Iterator[SigmaString]:
    for item in detection.detection_items:
        if isinstance(item, SigmaDetection):
            yield from _strings(item)
        elif isinstance(item, SigmaDetectionItem):
            yield from (v for v in item.value if isinstance(v, SigmaString))


class RefuseUnwritableValues:
    """Mixin: fail a rule whose values hold a character this language cannot write literally."""

    #: character -> why the language cannot hold it literally
    unwritable: ClassVar[dict[str, str]] = {}

    def convert_rule(
        self, rule: SigmaRule, output_format: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        for value in (v for d in rule.detection.detections.values() for v in _strings(d)):
            plain = "".join(part for part in value.s if isinstance(part, str))
            for char, reason in self.unwritable.items():
                if char in plain:
                    raise SigmaValueError(f"value {plain!r} holds {char!r}: {reason}", source=rule.source)
        return super().convert_rule(rule, output_format, *args, **kwargs)  # type: ignore[misc]


def _reasons(chars: str, reason: str) -> dict[str, str]:
    return dict.fromkeys(chars, reason)


class GuardedLuceneBackend(RefuseUnwritableValues, LuceneBackend):
    unwritable = _reasons(LINE_BREAKS, "a line break ends a Lucene term")


class GuardedEsqlBackend(RefuseUnwritableValues, ESQLBackend):
    unwritable = _reasons(LINE_BREAKS, "an ES|QL quoted string cannot hold a raw line break") | _reasons(
        LITERAL_WILDCARDS, "the ES|QL backend writes a literal wildcard as \\* or \\?, not an ES|QL escape"
    )


class GuardedEqlBackend(RefuseUnwritableValues, EqlBackend):
    unwritable = _reasons(LINE_BREAKS, "EQL strings are one line") | _reasons(
        LITERAL_WILDCARDS, "EQL wildcard matching has no escape for a literal * or ?"
    )


class GuardedSplunkBackend(RefuseUnwritableValues, SplunkBackend):
    unwritable = _reasons(LINE_BREAKS, "a line break breaks the savedsearches.conf stanza") | {
        "*": "SPL has no escape for a literal * in a search term"
    }


class GuardedLogScaleBackend(RefuseUnwritableValues, LogScaleBackend):
    unwritable = _reasons(LINE_BREAKS, "a LogScale regex literal is one line")
    parenthesize = True


class GuardedSentinelOneBackend(RefuseUnwritableValues, SentinelOnePQBackend):
    unwritable = _reasons(LINE_BREAKS, "a PowerQuery string is one line") | {
        "*": "the SentinelOne backend writes a literal * as \\*, not a documented PowerQuery string escape"
    }
    backend_processing_pipeline: ClassVar[ProcessingPipeline] = ProcessingPipeline()

    def finalize_query_json(
        self, rule: SigmaRule, query: str, index: int, state: ConversionState
    ) -> dict[str, Any]:
        document = super().finalize_query_json(rule, query, index, state)
        return document | {"id": str(rule.id) if rule.id else None}
