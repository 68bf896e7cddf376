"""Formats of one backend and pipeline share one conversion (``Converter.try_convert_formats``):
each format's result must be what converting it alone gives, and the sharing must really happen."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml
from sigma.conversion.base import Backend
from sigma.exceptions import SigmaError

from rmm_sigma.convert import Attempt, Converter, LoadedRule, load_rule, load_rules
from rmm_sigma.logsource_index import LogsourceIndexedPipeline
from rmm_sigma.targets import TARGETS

SIGMAHQ = Path(__file__).resolve().parents[2] / "shared" / "reference" / "sigmahq" / "rules"
PROC_RULE = Path(__file__).resolve().parents[1] / "sigma" / "Action1" / "proc_creation_win_rmm_action1.yml"


def _outcome(attempt: Attempt) -> tuple[Any, ...]:
    return (attempt.query, attempt.unsupported, attempt.error and str(attempt.error))


def _variant(tmp_path: Path, name: str, change: dict[str, Any]) -> LoadedRule:
    document = yaml.safe_load(PROC_RULE.read_text(encoding="utf-8")) | change
    path = tmp_path / "Tool" / f"{name}.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_rule(path)


@pytest.fixture
def crafted(tmp_path: Path) -> list[LoadedRule]:
    """Rules that fail in one format only (Splunk's savedsearches guard) or in the pipeline."""
    selection = {"Image|endswith": "\\action1_agent.exe", "NoSuchField": "x"}
    return [
        _variant(tmp_path, "backslash", {"description": "ends in a backslash \\"}),
        _variant(
            tmp_path, "unknown_field", {"detection": {"selection": selection, "condition": "selection"}}
        ),
    ]


def test_shared_conversions_equal_converting_each_format_alone(
    rules: list[LoadedRule], imported_rules: list[LoadedRule], crafted: list[LoadedRule]
) -> None:
    sample = rules[::10] + imported_rules[::30] + crafted
    kinds = set()
    for target in TARGETS.values():
        alone, shared = Converter(target), Converter(target)
        for loaded in sample:
            together = shared.try_convert_formats(loaded, target.formats)
            assert list(together) == list(target.formats)
            for output_format in target.formats:
                expected = _outcome(alone.try_convert(loaded, output_format))
                assert _outcome(together[output_format]) == expected, (
                    target.name,
                    output_format,
                    loaded.path,
                )
                kinds.add((bool(expected[0]), bool(expected[1]), bool(expected[2])))
    assert kinds == {(True, False, False), (False, True, False), (False, False, True)}, "need all three"
    savedsearches = Converter(TARGETS["splunk"]).try_convert_formats(crafted[0], ["default", "savedsearches"])
    assert savedsearches["default"].ok and savedsearches["savedsearches"].error


def test_one_conversion_per_backend_and_pipeline(
    rules: list[LoadedRule], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = Backend.convert_rule

    def counting(self: Backend, rule: Any, output_format: Any = None, callback: Any = None) -> Any:
        calls.append(output_format)
        return original(self, rule, output_format, callback)

    monkeypatch.setattr(Backend, "convert_rule", counting)
    converter = Converter(TARGETS["kql"])
    attempts = converter.try_convert_formats(rules[0], TARGETS["kql"].formats)
    assert all(attempt.ok for attempt in attempts.values()) and len(attempts) == 5
    assert converter.format_groups(TARGETS["kql"].formats) == [list(TARGETS["kql"].formats)]
    assert calls == ["default"]


def test_one_pipeline_application_for_the_elastic_backends(
    rules: list[LoadedRule], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lucene, ES|QL and EQL apply the same mapping: one application serves their six formats."""
    applied: list[str] = []
    original = LogsourceIndexedPipeline.apply

    def counting(self: LogsourceIndexedPipeline, rule: Any) -> Any:
        applied.append(self.vars["backend"])
        return original(self, rule)

    monkeypatch.setattr(LogsourceIndexedPipeline, "apply", counting)
    elastic = TARGETS["elastic"]
    converter = Converter(elastic)
    assert converter.format_groups(elastic.formats) == [list(elastic.formats)]
    attempts = converter.try_convert_formats(rules[0], elastic.formats)
    assert all(attempt.ok for attempt in attempts.values()) and len(attempts) == 6
    assert len(applied) == 1
    assert len({attempts[f].query for f in ("default", "esql", "eql")}) == 3  # three languages


def test_elastic_family_equals_each_format_alone_on_sigmahq_rules() -> None:
    """Third-party rules bring what ours do not (nulls, regexes, keywords, refusals on one backend):
    each Elastic format converted from the shared application is what converting it alone gives."""
    sample = load_rules(sorted(SIGMAHQ.rglob("*.yml"))[::12])
    elastic = TARGETS["elastic"]
    alone, shared = Converter(elastic), Converter(elastic)
    kinds = set()
    for loaded in sample:
        together = shared.try_convert_formats(loaded, elastic.formats)
        for output_format in elastic.formats:
            expected = _outcome(alone.try_convert(loaded, output_format))
            assert _outcome(together[output_format]) == expected, (output_format, loaded.path)
            kinds.add((output_format, bool(expected[0])))
    assert {(f, ok) for f in elastic.formats for ok in (True, False)} <= kinds  # converted and refused


def _pickled_as_converted(
    rule: Any, recorded_keys: tuple[str, ...] = ("_conversion_result", "_conversion_states")
) -> bytes:
    """The rule without what ``convert_rule`` records after finalizing (result, states) and without
    the ids of applied processing items (compared on their own: a set's pickle depends on its history)."""
    recorded = {key: vars(rule).pop(key) for key in (*recorded_keys, "applied_processing_items")}
    try:
        return pickle.dumps(rule)
    finally:
        vars(rule).update(recorded)


def test_finalizers_leave_the_converted_rule_and_state_as_they_are(rules: list[LoadedRule]) -> None:
    """What sharing relies on: no format's ``finalize_query`` changes the rule or its conversion
    state (the stock Elastic ES|QL and EQL rule formats did: they remove ATT&CK tags), but for the
    ids its postprocessing items record on the rule, which ``try_convert_formats`` resets."""
    checked = 0
    for target in TARGETS.values():
        converter = Converter(target)
        for output_format in target.formats:
            backend, backend_format = converter.backend(output_format)
            siblings = [converter.backend(f)[1] for f in target.formats if converter.backend(f)[0] is backend]
            postprocessing_ids = {
                item.identifier
                for f in siblings
                for item in converter._use_pipeline(backend, f).postprocessing_items
            }
            for loaded in rules[::25]:
                rule, captured = loaded.fresh_rule(), []

                def snapshot(
                    rule: Any, fmt: Any, index: int, cond: Any, result: Any, captured: Any = captured
                ) -> Any:
                    captured.append(
                        (_pickled_as_converted(rule, ()), result, set(rule.applied_processing_items))
                    )
                    return result

                backend.init_processing_pipeline(backend_format)
                try:
                    backend.convert_rule(rule, backend_format, snapshot)
                except SigmaError:
                    continue  # refused on this target
                before, query, applied = captured[-1]
                states = rule.get_conversion_states()
                states_before = pickle.dumps(states)
                for sibling in siblings:  # every other format this backend finalizes, on the same rule
                    backend.finalize_query(rule, query, 0, states[0], sibling)
                where = (target.name, output_format, loaded.path)
                # postprocessing records its items on the rule; try_convert_formats resets that per format
                assert rule.applied_processing_items - applied <= postprocessing_ids, where
                assert _pickled_as_converted(rule) == before, where
                assert pickle.dumps(states) == states_before, where
                checked += 1
    assert checked > 100


def test_a_rules_content_is_judged_once_per_backend_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused rule is asked about again for each format of its family: each backend class answers
    once per rule, with its own answer."""
    from rmm_sigma.backends.elastic_rules import DeployableEqlBackend, DeployableLuceneBackend

    detection = {"selection": {"Image|endswith": "\\a\\*b.exe"}, "condition": "selection"}
    loaded = _variant(tmp_path, "literal_star", {"detection": detection})
    judged: list[str] = []
    for cls in (DeployableEqlBackend, DeployableLuceneBackend):
        original = cls.content_refusal.__func__  # type: ignore[attr-defined]

        def counting(cls: type, rule: Any, checks: Any = None, original: Any = original) -> Any:
            judged.append(cls.__name__)
            return original(cls, rule, checks)

        monkeypatch.setattr(cls, "content_refusal", classmethod(counting))
    for _ in range(3):
        assert "EQL wildcard matching" in str(loaded.content_refusal(DeployableEqlBackend))
        assert loaded.content_refusal(DeployableLuceneBackend) is None
    assert judged == ["DeployableEqlBackend", "DeployableLuceneBackend"]
    attempts = Converter(TARGETS["elastic"]).try_convert_formats(loaded, TARGETS["elastic"].formats)
    assert {fmt for fmt, attempt in attempts.items() if not attempt.ok} == {
        "esql",
        "esql_rule_ndjson",
        "eql",
        "eql_rule_ndjson",
    }


def test_a_backend_skips_the_content_check_only_for_the_copy_it_was_told_about(tmp_path: Path) -> None:
    """``content_judged`` spares one conversion of one object the content check; a line break that
    Lucene cannot carry is still refused in any other object, and in the same object a second time."""
    from rmm_sigma.backends.elastic_rules import DeployableLuceneBackend
    from rmm_sigma.convert import load_rule

    detection = {"selection": {"CommandLine|contains": "a\nb"}, "condition": "selection"}
    bad = _variant(tmp_path, "line_break", {"detection": detection})
    good = load_rule(PROC_RULE)
    converter = Converter(TARGETS["elastic"])
    backend, backend_format = converter.backend("default")
    converter._use_pipeline(backend, backend_format)
    assert isinstance(backend, DeployableLuceneBackend)
    backend.content_judged(good.fresh_rule())  # told about another object
    with pytest.raises(SigmaError, match="line break"):
        backend.convert_rule(bad.fresh_rule(), backend_format)
    told = bad.fresh_rule()
    backend.content_judged(told)  # the caller's word is taken for this object, once
    assert backend.convert_rule(told, backend_format)
    with pytest.raises(SigmaError, match="line break"):
        backend.convert_rule(told, backend_format)
    attempt = converter.try_convert(bad, "default")  # the converter judges the original: refused
    assert not attempt.ok and "line break" in str(attempt.unsupported or attempt.error)


def test_content_problems_are_each_languages_own_in_rule_order(tmp_path: Path) -> None:
    """One walk of the rule (``content_checks``) serves every language: each gets its own problems,
    the field name every one refuses, the line break only where it is unwritable, in rule order."""
    from rmm_sigma import safety
    from rmm_sigma.backends.guarded import RefuseUnwritableValues

    detection = {"selection": {"CommandLine|contains": "a\nb", "Bad Field": "x"}, "condition": "selection"}
    loaded = _variant(tmp_path, "two_problems", {"detection": detection})
    classes = {target.backend_for(fmt)[0] for target in TARGETS.values() for fmt in target.formats}
    guarded = [cls for cls in classes if issubclass(cls, RefuseUnwritableValues)]
    assert len(guarded) >= 8
    refused_break = 0
    for cls in guarded:
        carriage = cls.carriage()
        problems = list(safety.content_problems(loaded.rule, carriage, loaded.content_checks))
        assert problems == list(safety.content_problems(loaded.rule, carriage))
        field = "field name 'Bad Field' is not a plain field name (letters, digits, _ and inner dots)"
        assert problems[0] == field  # the rule's first item (the YAML is written with sorted keys)
        if "\n" in carriage.values:
            assert len(problems) == 2 and problems[1].startswith("value 'a\\nb' holds '\\n'")
            refused_break += 1
        else:
            assert len(problems) == 1
    assert 0 < refused_break < len(guarded)
