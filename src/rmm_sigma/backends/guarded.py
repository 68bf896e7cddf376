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

Regular expressions: EQL and PowerQuery write a regex in a ``"`` string without escaping ``"``, so
``"`` joins their ``re_escape`` tokens; Lucene and LogScale write ``/regex/`` and escape ``/`` blindly
or not at all, so ``SlashRegexLiteral`` escapes exactly the slashes that would end the literal.

What each backend cannot carry (values, ``|windash`` expansions, regexes, field names, ``fields:``,
metadata of a format) is checked by rmm_sigma.safety before conversion. A rule with such a value
fails to convert, naming the character and the reason, rather than being converted into a different
query. No rule in this repository has one; the property tests in
tests/test_targets_escaping.py check both that everything else round-trips and that these refuse.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from sigma.backends.crowdstrike import LogScaleBackend
from sigma.backends.elasticsearch import EqlBackend, ESQLBackend, LuceneBackend
from sigma.backends.sentinelone_pq import SentinelOnePQBackend
from sigma.backends.splunk import SplunkBackend
from sigma.conversion.state import ConversionState
from sigma.exceptions import SigmaFeatureNotSupportedByBackendError, SigmaValueError
from sigma.processing.pipeline import ProcessingPipeline
from sigma.rule import SigmaRule
from sigma.types import SigmaRegularExpression

from rmm_sigma import safety
from rmm_sigma.backends.regex_when_written import RegexWhenWritten
from rmm_sigma.safety import LINE_BREAKS, Carriage, line_breaks, reasons

LITERAL_WILDCARDS = "*?"


class RefuseUnwritableValues:
    """Mixin: fail a rule holding anything this language cannot carry (see rmm_sigma.safety).

    ``unwritable`` (plain and expanded values) and ``regex_unwritable`` / ``metadata_unwritable``
    make up the backend's :class:`~rmm_sigma.safety.Carriage`. A modifier the stock backend does not
    implement (``NotImplementedError``: ``|cased``, ``|fieldref``, ``|exists`` on some targets)
    becomes pySigma's own "not supported by backend" error, one line, instead of a crash.
    """

    #: character -> why the language cannot hold it literally in a string value
    unwritable: ClassVar[dict[str, str]] = {}
    #: character -> why it cannot be in a regular expression (after the backend's re_escape)
    regex_unwritable: ClassVar[dict[str, str]] = line_breaks("a regular expression literal is one line")
    #: output format -> (character -> reason) for the rule metadata that format writes into a file
    metadata_unwritable: ClassVar[dict[str, dict[str, dict[str, str]]]] = {}
    #: output formats that write the rule's references where the product shows them as links
    link_formats: ClassVar[tuple[str, ...]] = ()
    #: the rule object whose content the caller judged already (``content_judged``), until converted
    _judged: SigmaRule | None = None

    @classmethod
    @functools.cache  # one per backend class: asked before every conversion
    def carriage(cls) -> Carriage:
        return Carriage(cls.unwritable, cls.regex_unwritable, cls.metadata_unwritable, cls.link_formats)

    @classmethod
    def refusal(cls, rule: SigmaRule, output_format: str | None = None) -> str | None:
        """Why this backend would refuse ``rule`` for what it holds, without converting it."""
        return cls.content_refusal(rule) or cls.format_refusal(rule, output_format)

    @classmethod
    def content_refusal(
        cls, rule: SigmaRule, checks: tuple[safety.ContentCheck, ...] | None = None
    ) -> str | None:
        """The part of :meth:`refusal` that is the same for every format (values, field names);
        ``checks``: the rule's ``safety.content_checks``, if the caller keeps them."""
        return next(safety.content_problems(rule, cls.carriage(), checks), None)

    @classmethod
    def format_refusal(cls, rule: SigmaRule, output_format: str | None = None) -> str | None:
        """The part of :meth:`refusal` that only ``output_format`` adds (the metadata it writes)."""
        return next(safety.metadata_problems(rule, cls.carriage(), output_format), None)

    def content_judged(self, rule: SigmaRule) -> None:
        """Say that ``rule``, a fresh copy about to be converted, holds content this class judged fine.

        For a caller that judged the rule it copied from (rmm_sigma.convert judges each loaded rule
        once per backend class): the next ``convert_rule`` of this very object then checks only what
        the format adds. Any other object, or a second conversion, is checked whole.
        """
        self._judged = rule

    def convert_rule(
        self, rule: SigmaRule, output_format: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        judged, self._judged = self._judged is rule, None
        refusal = self.format_refusal if judged else self.refusal
        if problem := refusal(rule, output_format or "default"):
            raise SigmaValueError(problem, source=rule.source)
        try:
            return super().convert_rule(rule, output_format, *args, **kwargs)  # type: ignore[misc]
        except NotImplementedError as exc:
            message = str(exc).split(" (while converting rule", 1)[0]
            raise SigmaFeatureNotSupportedByBackendError(message, source=rule.source) from None


class SlashRegexLiteral:
    """Mixin for languages that write a regex as ``/regex/``: escape every unescaped ``/``.

    The stock Lucene and LogScale backends escape ``/`` blindly (or not at all), so a regex holding
    ``\\/`` turned into ``\\\\/``, which ends the literal. Here the regex is written as it is
    and only the slashes that would end the literal are escaped.
    """

    re_escape: ClassVar[tuple[str, ...]] = ()
    re_escape_escape_char: ClassVar[bool] = False

    def convert_value_re(self, r: SigmaRegularExpression, state: ConversionState) -> Any:
        return safety.escape_unescaped(super().convert_value_re(r, state), "/")  # type: ignore[misc]


class GuardedLuceneBackend(RefuseUnwritableValues, SlashRegexLiteral, LuceneBackend, RegexWhenWritten):  # type: ignore[misc]
    unwritable = line_breaks("a line break ends a Lucene term")


class GuardedEsqlBackend(RefuseUnwritableValues, ESQLBackend, RegexWhenWritten):
    unwritable = line_breaks("an ES|QL quoted string cannot hold a raw line break") | reasons(
        LITERAL_WILDCARDS, "the ES|QL backend writes a literal wildcard as \\* or \\?, not an ES|QL escape"
    )


class GuardedEqlBackend(RefuseUnwritableValues, EqlBackend, RegexWhenWritten):
    unwritable = line_breaks("EQL strings are one line") | reasons(
        LITERAL_WILDCARDS, "EQL wildcard matching has no escape for a literal * or ?"
    )
    # The stock backend escapes ``/`` (not an EQL string escape) and not ``"`` (which ends the string).
    re_escape: ClassVar[tuple[str, ...]] = ('"',)  # type: ignore[assignment]  # stock: tuple[str]


class GuardedSplunkBackend(RefuseUnwritableValues, SplunkBackend, RegexWhenWritten):
    unwritable = line_breaks("a line break breaks the savedsearches.conf stanza") | {
        "*": "SPL has no escape for a literal * in a search term"
    }
    # The backend writes a description's "\n" as a .conf continuation line; any other line break
    # (CR, NEL, ...) and any in the title (the stanza header) would split the stanza.
    metadata_unwritable = {
        "savedsearches": {
            "title": line_breaks("a line break would split the savedsearches.conf stanza header"),
            "description": reasons(
                LINE_BREAKS.replace("\n", ""), "only \\n is written as a savedsearches.conf continuation line"
            ),
        }
    }

    @classmethod
    def format_refusal(cls, rule: SigmaRule, output_format: str | None = None) -> str | None:
        """Also what splits a savedsearches.conf stanza without a line break: a description ending in
        ``\\`` continues onto the ``search =`` line, a title ``default`` would be the defaults stanza."""
        problem = super().format_refusal(rule, output_format)
        if problem or output_format != "savedsearches":
            return problem
        if (rule.description or "").strip().endswith("\\"):
            return "description ends with '\\', which joins the next savedsearches.conf line onto it"
        if rule.title.translate({ord(c): None for c in "[]"}).strip() == "default":
            return "title 'default' would be savedsearches.conf's [default] stanza"
        return None


class GuardedLogScaleBackend(RefuseUnwritableValues, SlashRegexLiteral, LogScaleBackend):  # type: ignore[misc]
    unwritable = line_breaks("a LogScale regex literal is one line")
    parenthesize = True


class GuardedSentinelOneBackend(RefuseUnwritableValues, SentinelOnePQBackend, RegexWhenWritten):
    unwritable = line_breaks("a PowerQuery string is one line") | {
        "*": "the SentinelOne backend writes a literal * as \\*, not a documented PowerQuery string escape"
    }
    backend_processing_pipeline: ClassVar[ProcessingPipeline] = ProcessingPipeline()
    # The stock backend leaves ``"`` (which ends the PowerQuery string) unescaped in a regex.
    re_escape: ClassVar[tuple[str, ...]] = (*SentinelOnePQBackend.re_escape, '"')  # type: ignore[assignment]

    def finalize_query_json(
        self, rule: SigmaRule, query: str, index: int, state: ConversionState
    ) -> dict[str, Any]:
        document = super().finalize_query_json(rule, query, index, state)
        return document | {"id": str(rule.id) if rule.id else None}
