"""The Sentinel YAML documents are written through a representer with a fast path for strings
(``_BlockDumper.represent_data``): byte for byte what PyYAML's own representer path writes with the
same string style, for our documents and for hostile values, and they read back as written."""

from __future__ import annotations

from typing import Any

import yaml
from hostile_documents import documents
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.representer import BaseRepresenter

from rmm_sigma.backends.kql import KqlBackend, _BlockDumper
from rmm_sigma.convert import Converter, LoadedRule
from rmm_sigma.targets import TARGETS


class _StockPathDumper(_BlockDumper):
    """Every value through PyYAML's ``represent_data`` (alias, type and representer lookups)."""

    represent_data = BaseRepresenter.represent_data


def _stock(documents: list[Any]) -> str:
    return yaml.dump_all(documents, Dumper=_StockPathDumper, sort_keys=False, allow_unicode=True, width=1000)


def _written(documents: list[Any]) -> str:
    return KqlBackend.finalize_output_sentinel(KqlBackend(), documents)  # type: ignore[arg-type]


def test_every_sentinel_document_of_our_rules_is_what_the_stock_path_writes(rules: list[LoadedRule]) -> None:
    written = 0
    for target, formats in (("kql", ("sentinel", "sentinel_rule")), ("asim", ("sentinel_rule",))):
        converter = Converter(TARGETS[target])
        for fmt in formats:
            for loaded in rules:
                attempt = converter.try_convert(loaded, fmt)
                if attempt.ok:
                    text = str(converter.finalize([attempt.query], fmt))
                    assert text == _stock([attempt.query]), loaded.path
                    written += 1
    assert written > 300


#: quotes, backslashes, YAML indicators, every line break YAML knows (NEL and the Unicode ones among
#: them), tabs, non-BMP characters, and strings YAML would read as another type (true, null, 1e3)
HOSTILE = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x7F),
            st.sampled_from(["é", "\u2028", "\u2029", "\x85", "\ufeff", "😀", "\r", "\n", "\t", "|", "&"]),
        ),
        max_size=20,
    ),
    st.sampled_from(["true", "null", "~", "1e3", "0x1F", "- a", "a: b", "#x", "'", '"', "", " "]),
)


@settings(max_examples=150, deadline=None)
@given(documents(HOSTILE))
def test_hostile_documents_are_written_as_the_stock_path_writes(documents: list[dict[str, Any]]) -> None:
    text = _written(documents)
    assert text == _stock(documents)
    assert list(yaml.safe_load_all(text)) == documents


def test_a_list_used_twice_is_still_written_with_an_alias() -> None:
    """The fast path is for strings alone: shared lists and dicts keep PyYAML's anchors."""
    shared = ["T1219"]
    text = _written([{"tactics": shared, "techniques": shared}])
    assert "&id001" in text and "*id001" in text
    assert text == _stock([{"tactics": shared, "techniques": shared}])
