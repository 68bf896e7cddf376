"""Splunk saved searches that a Splunk app ships as they are: scheduling, alerting, Sigma id.

pysigma-backend-splunk writes ``savedsearches.conf`` stanzas and takes per-search settings only as a
Python callable (``query_settings``), which a command line cannot pass. Here the settings come from
backend options (``-O key=value``) instead, named exactly as ``savedsearches.conf`` names them:

* ``cron_schedule`` (e.g. ``*/15 * * * *``) schedules every search as an alert: ``enableSched = 1``
  and a trigger on any result (``counttype = number of events``, ``relation = greater than``,
  ``quantity = 0``, ``alert.track = 1``). Without it the searches are unscheduled reports, which an
  administrator schedules after installing the app.
* ``dispatch.earliest_time`` / ``dispatch.latest_time`` set the search window (the backend's
  ``min_time`` / ``max_time``, default ``-30d`` / ``now``), and any ``alert.*``, ``action.*`` or
  ``actions`` option (``-O actions=email -O action.email.to=soc@example.com``) is written as given.

Each stanza's ``description`` ends with a ``Sigma ID: <id>`` line, the rule the search was made from.

"No version information" means the same as in the other targets: Sysmon writes ``-`` (and ``?``)
where a file has no version resource, so a Sigma ``null`` on a Sysmon field is missing, empty,
``-`` or ``?`` (``(NOT f=* OR f IN ("-", "?", ""))``), not only missing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaBackendError
from sigma.rule import SigmaRule

from rmm_sigma.artefact_ids import sigma_id_line
from rmm_sigma.backends.guarded import GuardedSplunkBackend
from rmm_sigma.safety import LINE_BREAKS

#: Settings that turn a saved search into an alert on any result, when a schedule is given.
ALERT_ON_ANY_RESULT = {
    "enableSched": "1",
    "counttype": "number of events",
    "relation": "greater than",
    "quantity": "0",
    "alert.track": "1",
}
#: Backend options passed through to every stanza as savedsearches.conf settings.
_PASSED_KEYS = ("cron_schedule", "actions")
_PASSED_PREFIXES = ("alert.", "action.")
_WINDOW = {"dispatch.earliest_time": "min_time", "dispatch.latest_time": "max_time"}


def _one_line(key: str, value: object) -> str:
    text = str(value)
    if any(char in LINE_BREAKS for char in text):
        raise SigmaBackendError(f"savedsearches option {key} must be one line")
    return text


class SplunkAppBackend(GuardedSplunkBackend):
    """Saved searches with schedule and alert settings from ``-O`` options (see the module docstring)."""

    field_null_expression: ClassVar[str] = '(NOT {field}=* OR {field} IN ("-", "?", ""))'

    def __init__(self, processing_pipeline: Any = None, collect_errors: bool = False, **options: Any) -> None:
        for conf_key, backend_key in _WINDOW.items():
            if conf_key in options:
                options[backend_key] = options.pop(conf_key)
        super().__init__(processing_pipeline, collect_errors, **options)
        self.stanza_settings = self._stanza_settings(options)

    @staticmethod
    def _stanza_settings(options: dict[str, Any]) -> dict[str, str]:
        passed = {
            key: _one_line(key, value)
            for key, value in sorted(options.items())
            if key in _PASSED_KEYS or key.startswith(_PASSED_PREFIXES)
        }
        settings = (ALERT_ON_ANY_RESULT | passed) if "cron_schedule" in passed else passed
        return settings

    def finalize_query_savedsearches(
        self, rule: SigmaRule | SigmaCorrelationRule, query: str, index: int, state: Any
    ) -> str:
        """The stock stanza (title without brackets, description, search, ``| table`` of the rule's
        fields) with the search window, the schedule/alert settings, and the Sigma id as the description's
        last line."""
        title = rule.title.translate({ord(c): None for c in "[]"})
        description = (rule.description or rule.title).strip()
        settings = {
            **self.stanza_settings,
            # in every stanza, not only [default]: AppInspect wants each scheduled search's time bound
            **{key: self.output_settings[key] for key in _WINDOW},
            "description": f"{description}\n{sigma_id_line(rule.id)}" if rule.id else description,
            "search": query
            + (f"\n| table {','.join(rule.fields)}" if isinstance(rule, SigmaRule) and rule.fields else ""),
        }
        return f"\n[{title}]" + self._generate_settings(settings)
