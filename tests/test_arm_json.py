"""The Sentinel ARM templates are written by orjson: byte for byte what the standard library's
``json.dumps(indent=2, ensure_ascii=False)`` writes, for our documents and for hostile strings."""

from __future__ import annotations

import json
from typing import Any

from hostile_documents import documents
from hypothesis import given, settings
from hypothesis import strategies as st

from rmm_sigma.backends.kql import KqlBackend
from rmm_sigma.convert import Converter, LoadedRule
from rmm_sigma.targets import TARGETS


def _stdlib(template: dict[str, Any]) -> str:
    return json.dumps(template, indent=2, ensure_ascii=False) + "\n"


def _template(resources: list[Any]) -> dict[str, Any]:
    """What finalize_output_sentinel_arm wraps the resources in, read back from its own output."""
    return json.loads(KqlBackend.finalize_output_sentinel_arm(KqlBackend(), resources))  # type: ignore[arg-type]


def test_every_arm_template_of_our_rules_is_what_json_dumps_writes(rules: list[LoadedRule]) -> None:
    written = 0
    for target in ("kql", "asim"):
        converter = Converter(TARGETS[target])
        resources = []
        for loaded in rules:
            attempt = converter.try_convert(loaded, "sentinel_arm")
            if attempt.ok:
                resources.append(attempt.query)
                text = str(converter.finalize([attempt.query], "sentinel_arm"))
                assert text == _stdlib(json.loads(text)), loaded.path
                written += 1
        bundle = str(converter.finalize(resources, "sentinel_arm"))
        assert bundle == _stdlib(json.loads(bundle))
    assert written > 200


#: every control character, quotes, backslashes, the line breaks JSON leaves raw, non-BMP characters
HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from(["é", "\u2028", "\u2029", "\x85", "\ufeff", "😀", "\\", '"', "/", "\x7f"]),
    ),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(documents(HOSTILE))
def test_hostile_resources_are_written_as_json_dumps_writes(resources: list[dict[str, Any]]) -> None:
    text = KqlBackend.finalize_output_sentinel_arm(KqlBackend(), resources)  # type: ignore[arg-type]
    assert text == _stdlib(_template(resources))
    assert json.loads(text)["resources"] == resources
