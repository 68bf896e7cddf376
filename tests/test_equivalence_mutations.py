"""Mutation tests: variants that must be caught, with a row that really separates them, and
re-spellings that must stay equivalent -- on the three seeds and a sample of the reference corpus.

Which list value to drop or which letter to change is chosen with a small, independent Python
model of `has` (below), so that each "must not be equivalent" variant provably is not: the checker
under test is never asked to confirm its own premise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from corpus_queries import reference_queries
from run_alone import matches_each

from rmm_sigma import PROJECT_ROOT
from rmm_sigma.verify.equivalence import compare
from rmm_sigma.verify.equivalence.predicate import And, Atom, Or, Pred, render
from rmm_sigma.verify.equivalence.query import parse_query
from rmm_sigma.verify.reference import read_seed

pytestmark = pytest.mark.slow  # a sample of the corpus, every mutation: minutes of solving

SHARED = PROJECT_ROOT.parent / "shared"
DEFECTIVE = ("DWService/", "Level/rmm_Level_createproc", "MSP360_CloudBerry/rmm_MSP360_CloudBerry_netconn")
DEFECTIVE += ("ZohoAssist/rmm_ZohoAssist_netconn",)
SAMPLE_SIZE = 12


def _bases() -> dict[str, str]:
    seeds = {f"seed{i}": read_seed(p).query for i, p in enumerate(sorted((SHARED / "seeds").glob("*.txt")))}
    corpus = reference_queries(SHARED / "reference" / "rmm-tools")
    usable = sorted(n for n in corpus if not n.startswith(DEFECTIVE))
    step = len(usable) // SAMPLE_SIZE
    sample = {n.split("/")[1].removesuffix(".yaml"): corpus[n] for n in usable[::step][:SAMPLE_SIZE]}
    return seeds | sample


BASES = _bases()


# --- an independent model of `has`, only for choosing mutation targets -----------------------


def _term(char: str) -> bool:
    return char.isascii() and char.isalnum()


def oracle_has(haystack: str, needle: str) -> bool:
    """KQL `has`: case-insensitive, a term boundary wherever the needle's edge is alphanumeric."""
    hay, low = haystack.lower(), needle.lower()
    start = hay.find(low)
    while start >= 0:
        end = start + len(low)
        left = start == 0 or not _term(hay[start - 1]) or not _term(low[0])
        right = end == len(hay) or not _term(hay[end]) or not _term(low[-1])
        if left and right:
            return True
        start = hay.find(low, start + 1)
    return False


# --- rebuilding a query around a changed predicate ---------------------------------------------


@dataclass
class Parts:
    prefix: str
    predicate: str
    suffix: str


def split(text: str) -> Parts:
    where = re.search(r"^\s*\|\s*where\s+(?!Timestamp between)", text, re.M)
    summary = re.search(r"^\s*\|\s*summarize\b", text, re.M)
    assert where and summary, text
    return Parts(text[: where.start()], text[where.end() : summary.start()], text[summary.start() :])


def rebuild(text: str, predicate: Pred) -> str:
    parts = split(text)
    return f"{parts.prefix}\n| where {render(predicate)}\n{parts.suffix}"


def _groups(pred: Pred) -> list[Or]:
    """Or nodes holding two or more `has` atoms on one field (has_any lists), outermost first."""
    found = []
    if isinstance(pred, Or) and len([a for a in pred.args if isinstance(a, Atom) and a.kind == "has"]) >= 2:
        found.append(pred)
    if isinstance(pred, And | Or):
        for arg in pred.args:
            found += _groups(arg)
    return found


def _replace(pred: Pred, old: Pred, new: Pred | None) -> Pred:
    """*pred* with node *old* replaced by *new* (None: removed from its and/or)."""
    if pred is old:
        assert new is not None
        return new
    if isinstance(pred, And | Or):
        args = tuple(_replace(a, old, new) for a in pred.args if not (a is old and new is None))
        return type(pred)(args)
    return pred


def _has_atoms(pred: Pred) -> list[tuple[Atom, Pred | None]]:
    """Every `has` atom with the Or node it sits in (None when it is not in one)."""
    if isinstance(pred, Atom):
        return [(pred, None)] if pred.kind == "has" else []
    if isinstance(pred, Or):
        direct = [(a, pred) for a in pred.args if isinstance(a, Atom) and a.kind == "has"]
        return direct + [x for a in pred.args if not isinstance(a, Atom) for x in _has_atoms(a)]
    if isinstance(pred, And):
        return [x for a in pred.args for x in _has_atoms(a)]
    return []


def _uncovered(atom: Atom, group: Pred | None, probe: str) -> bool:
    """No other `has` in the atom's Or matches *probe* (so only this atom decides it)."""
    others = [
        a for a in (group.args if isinstance(group, Or) else ()) if isinstance(a, Atom) and a is not atom
    ]
    return not any(oracle_has(probe, o.value) for o in others if o.kind == "has" and o.field == atom.field)


# --- mutations that must be caught ----------------------------------------------------------


def drop_value(text: str) -> str | None:
    pred = parse_query(text).predicate
    for group in _groups(pred):
        for atom in group.args:
            if isinstance(atom, Atom) and _uncovered(atom, group, atom.value):
                return rebuild(text, _replace(pred, atom, None))
    return None


def change_letter(text: str) -> str | None:
    pred = parse_query(text).predicate
    for atom, group in _has_atoms(pred):
        index = (
            max(i for i, c in enumerate(atom.value) if c.isalpha())
            if any(map(str.isalpha, atom.value))
            else -1
        )
        if index < 0:
            continue
        letter = "q" if atom.value[index].lower() != "q" else "z"
        value = atom.value[:index] + letter + atom.value[index + 1 :]
        changed = Atom.make(atom.field, "has", value, atom.cs)
        if _uncovered(atom, group, atom.value) and _uncovered(atom, group, value):
            return rebuild(text, _replace(pred, atom, changed))
    return None


def has_to_contains(text: str) -> str | None:
    pred = parse_query(text).predicate
    for atom, group in _has_atoms(pred):
        if atom.value[:1].isalnum() and _uncovered(atom, group, "q" + atom.value):
            return rebuild(text, _replace(pred, atom, Atom.make(atom.field, "contains", atom.value, atom.cs)))
    return None


def and_to_or(text: str) -> str | None:
    pred = parse_query(text).predicate
    return rebuild(text, Or(pred.args)) if isinstance(pred, And) else None


def drop_clause(text: str) -> str | None:
    pred = parse_query(text).predicate
    return (
        rebuild(text, And(pred.args[:-1]) if len(pred.args) > 2 else pred.args[0])
        if isinstance(pred, And)
        else None
    )


PREDICATE_MUTATIONS: dict[str, tuple[Callable[[str], str | None], str]] = {
    "drop_value": (drop_value, "narrower"),
    "change_letter": (change_letter, "different"),
    "has_to_contains": (has_to_contains, "broader"),
    "and_to_or": (and_to_or, "broader"),
    "drop_clause": (drop_clause, "broader"),
}


def change_group_by(text: str) -> str | None:
    return re.sub(r"(by\s+DeviceId,\s*)DeviceName", r"\1InitiatingProcessAccountName", text, count=1)


def change_table(text: str) -> str | None:
    table = parse_query(text).table
    other = "DeviceEvents" if table != "DeviceEvents" else "DeviceFileEvents"
    return re.sub(rf"^(\s*){table}\b", rf"\g<1>{other}", text, count=1, flags=re.M)


SHAPE_MUTATIONS = {
    "change_group_by": (change_group_by, "group-by:"),
    "change_table": (change_table, "table:"),
}


# --- variants that must stay equivalent -------------------------------------------------------

_LIST = re.compile(r"has_any\s*\(([^()]*)\)", re.S)
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'")


def reorder_list(text: str) -> str | None:
    match = next((m for m in _LIST.finditer(text) if len(_QUOTED.findall(m.group(1))) > 1), None)
    if match is None:
        return None
    items = _QUOTED.findall(match.group(1))
    return text[: match.start()] + f"has_any ({', '.join(reversed(items))})" + text[match.end() :]


def split_has_any(text: str) -> str | None:
    match = re.search(r"(\w+)\s+has_any\s*\(([^()]*)\)", text, re.S)
    if match is None:
        return None
    field, items = match.group(1), _QUOTED.findall(match.group(2))
    ored = " or ".join(f"{field} has {item}" for item in items)
    return text[: match.start()] + f"({ored})" + text[match.end() :]


def reformat(text: str) -> str:
    parts = split(text)
    squeezed = " ".join(re.sub(r"//[^\n]*", "", parts.predicate).split())
    spread = squeezed.replace(" and ", "\n  // and\n      and  ").replace(" or ", "  or\t")
    return f"{parts.prefix}\n\n|   where   {spread}\n// trailing comment\n{parts.suffix}"


def rename_lets(text: str) -> str:
    return re.sub(r"\bTime_start\b", "WindowStart", re.sub(r"\bTime_end\b", "WindowEnd", text))


def has_as_has_any(text: str) -> str | None:
    match = re.search(r"(\w+) has ('(?:[^'\\]|\\.)*')", text)
    if match:
        return text[: match.start()] + f"{match.group(1)} has_any ({match.group(2)})" + text[match.end() :]
    single = re.search(r"(\w+)\s+has_any\s*\(\s*('(?:[^'\\]|\\.)*')\s*\)", text)
    if single:
        return text[: single.start()] + f"{single.group(1)} has {single.group(2)}" + text[single.end() :]
    return None


def rendered(text: str) -> str:
    return rebuild(text, parse_query(text).predicate)


EQUIVALENT_VARIANTS: dict[str, Callable[[str], str | None]] = {
    "reorder_list": reorder_list,
    "split_has_any": split_has_any,
    "reformat": reformat,
    "rename_lets": rename_lets,
    "has_as_has_any": has_as_has_any,
    "rendered": rendered,
}


def _cases(table: dict) -> list:
    cases = []
    for base_name, base in BASES.items():
        for name, entry in table.items():
            make = entry[0] if isinstance(entry, tuple) else entry
            variant = make(base)
            if variant is not None and variant != base:
                expected = entry[1] if isinstance(entry, tuple) else None
                cases.append(pytest.param(base, variant, expected, id=f"{base_name}-{name}"))
    return cases


# --- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BASES))
def test_base_is_equivalent_to_itself(name: str) -> None:
    verdict = compare(BASES[name], BASES[name])
    assert verdict.kind == "equivalent", verdict.reason
    assert verdict.reason.endswith("(decided)")


@pytest.mark.parametrize(("base", "mutant", "expected"), _cases(PREDICATE_MUTATIONS))
def test_predicate_mutation_is_caught_with_a_separating_row(base: str, mutant: str, expected: str) -> None:
    verdict = compare(mutant, base)
    assert verdict.kind == expected, verdict.reason
    assert verdict.counterexamples
    rows = verdict.counterexamples
    alone = zip(rows, matches_each(mutant, rows), matches_each(base, rows), strict=True)
    for row, generated, reference in alone:
        assert generated != reference, row


@pytest.mark.parametrize(("base", "mutant", "expected"), _cases(SHAPE_MUTATIONS))
def test_shape_mutation_is_caught_and_named(base: str, mutant: str, expected: str) -> None:
    verdict = compare(mutant, base)
    assert verdict.kind == "different"
    assert verdict.reason.startswith(expected), verdict.reason
    assert "where-predicates: equivalent" in verdict.reason


@pytest.mark.parametrize(("base", "variant", "expected"), _cases(EQUIVALENT_VARIANTS))
def test_respelling_stays_equivalent(base: str, variant: str, expected: None) -> None:
    verdict = compare(variant, base)
    assert verdict.kind == "equivalent", verdict.reason
    assert verdict.reason.endswith("(decided)"), verdict.reason


def test_every_base_yields_mutations() -> None:
    """The sample is not vacuous: each base gets several caught mutations and equivalent variants."""
    assert len(BASES) >= 3 + 10
    for name, base in BASES.items():
        caught = [m for m, (make, _) in PREDICATE_MUTATIONS.items() if make(base) not in (None, base)]
        kept = [v for v, make in EQUIVALENT_VARIANTS.items() if make(base) not in (None, base)]
        assert len(caught) >= 2 and len(kept) >= 4, (name, caught, kept)
