"""Ids of deployable artefacts: stable, unique across output/, and derived, never stored.

A product identifies an imported rule by its id (Sentinel's template ``id``, Elastic's ``rule_id``,
a YARA-L rule's ``id`` meta): two artefacts with one id overwrite each other on import. One Sigma rule
becomes many artefacts (Defender and ASIM analytic rules, Lucene, EQL and ES|QL Elastic rules...), so
each gets its own id::

    uuid5(ARTEFACT_NAMESPACE, "<sigma id>/<target>/<format>")

Same rule, target and format: same id on every build and machine, so a re-import updates the rule
instead of adding a copy. One exception keeps the reference id: the KQL ``sentinel`` hunting query
*replaces* the reference hunting query the Sigma rule was made from, and carries its id (the Sigma
id is the reference query's id). Every artefact records the Sigma id it was built from (a
``Sigma ID: ...`` line or tag, or a ``sigma_id`` meta), so an alert leads back to the rule.

The backends learn their target from the backend option ``artefact_target`` (set by the Converter);
without it (pySigma used directly) the backend's own identifier stands in.
"""

from __future__ import annotations

import uuid

#: Fixed namespace of rmm-sigma artefact ids (a random UUID chosen once; never change it).
ARTEFACT_NAMESPACE = uuid.UUID("c493d895-8550-4f0d-bd83-e6c7bee4c5df")

#: (target, format) whose artefact replaces the reference query and so keeps the Sigma/reference id.
REFERENCE_FORMATS = frozenset({("kql", "sentinel")})

#: Backend option naming the target an artefact is built for.
TARGET_OPTION = "artefact_target"


def artefact_id(sigma_id: object, target: str, output_format: str) -> str:
    """The artefact's id: the reference id for a replacing format, else uuid5 of id/target/format."""
    if (target, output_format) in REFERENCE_FORMATS:
        return str(sigma_id)
    return str(uuid.uuid5(ARTEFACT_NAMESPACE, f"{sigma_id}/{target}/{output_format}"))


def sigma_id_line(sigma_id: object) -> str:
    """How an artefact names its Sigma rule where the product has no field for it."""
    return f"Sigma ID: {sigma_id}"
