"""SentinelOne ``json`` bundles whose ids are per artefact, like every other deployable file.

The guarded backend (guarded.py) writes each query's ``id`` as the Sigma id, which is also the id of
the KQL ``sentinel`` hunting query; here ``id`` is the artefact's own id (rmm_sigma.artefact_ids)
and ``sigma_id`` names the Sigma rule.
"""

from __future__ import annotations

from typing import Any

from sigma.conversion.state import ConversionState
from sigma.rule import SigmaRule

from rmm_sigma.artefact_ids import TARGET_OPTION, artefact_id
from rmm_sigma.backends.guarded import GuardedSentinelOneBackend


class SentinelOneJsonBackend(GuardedSentinelOneBackend):
    def finalize_query_json(
        self, rule: SigmaRule, query: str, index: int, state: ConversionState
    ) -> dict[str, Any]:
        document = super().finalize_query_json(rule, query, index, state)
        target = str(self.backend_options.get(TARGET_OPTION, "sentinelone"))
        return document | {"id": artefact_id(rule.id, target, "json"), "sigma_id": str(rule.id)}
