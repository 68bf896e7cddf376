"""z3 models of the string atoms: per-field cells, witnesses, and separating rows.

Every atom is a *regular* language over the field's string value, so z3's
sequence/regex theory reasons about it exactly:

* ``contains n`` = Σ* n Σ*, ``startswith n`` = n Σ*, ``endswith n`` = Σ* n, ``== n`` = {n};
* ``has n`` = (ε | Σ* B) n (B Σ* | ε), where B is a non-term character and each
  boundary is required only on a side where the needle's own edge is an ASCII
  letter or digit. KQL terms are maximal runs of ASCII alphanumerics, so
  ``'rm.mspbackups.com' has 'mspbackups.com'`` holds while
  ``'xmspbackups.com' has ...`` and ``'mspbackups.comx' has ...`` do not, and
  ``'Servably, Inc.'`` needs a boundary on its left side only;
* case-insensitive operators fold ASCII letters. z3 has no case folding, so when
  every atom on a field ignores case, witnesses are solved in lower case only and
  needles are lower-case literals (case variants are added as rows later); when
  case-sensitive and case-insensitive atoms share a field, needle letters become
  ``[aA]``-style classes, which keeps the mix exact;
* ``matches regex`` goes through :mod:`.regex`; ``isempty`` is the empty string.

A null field makes every test false except ``isempty`` (measured on duckdb-kql,
which coalesces each string test to false; Kusto itself has no null strings).

Witness strings are drawn from an alphabet: first a readable one (lower-case
letters, digits, space, ``.-`` and the needles' own characters in both ASCII
cases), then, for completeness, all printable ASCII plus every character that
occurs in a needle. Any string can be mapped onto that alphabet without changing
an atom's truth (a character outside it occurs in no needle and only its
"is an ASCII alphanumeric" class matters), so a combination that is unsatisfiable
over it is unsatisfiable. Regex classes that single out non-ASCII characters are
the one exception, and are documented as such in :mod:`rmm_sigma.verify.equivalence`.

Separating rows are then found propositionally, over the enumerated cells
(:func:`separate`), rather than by asking z3 string questions across fields.

Each computation runs in its own z3 context with a resource budget rather than
a time limit, so a result depends neither on what was solved before it in the
process nor on how busy the machine is (determinism); results are cached by the
atoms they depend on (speed).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import z3

from . import budget
from .predicate import And, Atom, Const, Not, Or, Pred, ascii_lower
from .regex import python_string, regex_points, regex_to_z3, zstring

#: Per-field bound on enumerated cells; beyond it the field is sampled, not decided.
MAX_CELLS = 256
#: Bound on the cells of a field of independent single-term `has` atoms (built without z3).
MAX_INDEPENDENT_CELLS = 4096
#: How many separating rows to ask z3 for, per direction.
MAX_SEPARATING = 3
#: z3 resource limit per question (a deterministic budget, unlike a time limit, so a verdict does not
#: depend on how busy the machine is); running out makes the check "tested", never "equivalent".
RLIMIT = 20_000_000
#: The first, Boolean formulation of a cell question gets this budget before the regex one is tried.
QUICK_RLIMIT = 300_000
#: A backstop only: questions that hit the resource limit stop long before this.
TIMEOUT_MS = 120_000

_NICE_BASE = "abcdefghijklmnopqrstuvwxyz0123456789 .-"


@dataclass(frozen=True)
class Feature:
    """A group of atoms on one field that both predicates only ever use together.

    ``kind`` is ``"or"`` / ``"and"`` (the group's disjunction / conjunction) or
    ``"atom"`` for a single atom. See :func:`group_features`.
    """

    kind: str
    atoms: tuple[Atom, ...]


@dataclass(frozen=True)
class Cells:
    """One witness per satisfiable combination of a field's features.

    ``vectors[i]`` is the features' truth under which ``witnesses[i]`` was found.
    """

    witnesses: tuple[str, ...]
    vectors: tuple[tuple[bool, ...], ...]
    complete: bool
    #: Some cell exists only where KQL's ASCII term rule and duckdb-kql's Unicode one disagree.
    divergent: bool = False


@dataclass(frozen=True)
class Separation:
    """Rows on which *a* holds and *b* does not, as far as z3 can tell."""

    #: 'sat' | 'unsat' (a proof, given complete cells) | 'unknown' (some field's cells are incomplete)
    status: str
    rows: tuple[tuple[tuple[str, str | None], ...], ...]


# --- the regex encoding ---------------------------------------------------------------


class _Enc:
    """Builds the regexes of one z3 context.

    ``folded`` encodes case-insensitive needles as lower-case literals, which z3
    solves far faster than per-letter ``[aA]`` classes. It is exact whenever the
    string it is applied to is lower-case — true for a solved string constrained
    to a folded alphabet, and arranged by :func:`atom_truth` for a ground value —
    and it is only used to solve for fields whose atoms all ignore case.

    ``unicode`` is duckdb-kql's reading instead of KQL's: non-ASCII letters and
    digits are term characters and fold their case. It exists only to keep
    witnesses out of the region where the two readings disagree (see
    :func:`_agreement`); ``nonascii`` lists the non-ASCII characters the
    witnesses may contain, which is all that reading needs to know.
    """

    def __init__(self, ctx: z3.Context, folded: bool, unicode: bool = False, nonascii: str = "") -> None:
        self.ctx = ctx
        self.folded = folded
        self.unicode = unicode
        self.any = z3.Star(z3.AllChar(z3.ReSort(z3.StringSort(ctx))))
        ascii_boundary = [
            self.rng("\x00", "/"),
            self.rng(":", "@"),
            self.rng("[", "`"),
            self.rng("{", "\x7f"),
        ]
        if unicode:
            # Only the non-ASCII characters a witness may hold need classifying.
            others = [c for c in nonascii if not c.isalnum()]
            self.boundary = z3.Union(*ascii_boundary, *self.chars("".join(others)))
        else:
            # KQL: every character that is not an ASCII letter or digit ends a term.
            self.boundary = z3.Union(*ascii_boundary, self.rng("\x80", _MAX_CHAR))

    def lit(self, text: str) -> z3.ReRef:
        return z3.Re(zstring(text, self.ctx))

    def rng(self, lo: str, hi: str) -> z3.ReRef:
        return z3.Range(lo, hi, ctx=self.ctx)

    def chars(self, chars: str) -> list[z3.ReRef]:
        return [self.lit(c) for c in sorted(set(chars))]

    def needle(self, text: str, cs: bool) -> z3.ReRef:
        """The needle as a regex: literal runs stay one literal (z3 is much faster on those)."""
        if cs or not text:
            return self.lit(text)
        parts: list[z3.ReRef] = []
        run = ""
        for char in ascii_lower(text) if self.folded else text:
            if self.folds(char):
                parts += [self.lit(run)] if run else []
                parts.append(z3.Union(*self.chars(char.lower() + char.upper())))
                run = ""
            else:
                run += char
        parts += [self.lit(run)] if run else []
        return parts[0] if len(parts) == 1 else z3.Concat(*parts)

    def folds(self, char: str) -> bool:
        """Whether a needle character must match both cases (ASCII letters are lower-case when folded)."""
        if char.lower() == char.upper():
            return False
        if char.isascii():
            return not self.folded
        return self.unicode

    def term_char(self, char: str) -> bool:
        return char.isalnum() and (self.unicode or char.isascii())

    def atom(self, atom: Atom) -> z3.ReRef:
        """The set of (non-null) values on which *atom* is true."""
        if atom.kind == "empty":
            return self.lit("")
        if atom.kind == "regex":
            return _in_context(regex_to_z3(atom.value), self.ctx)
        n = self.needle(atom.value, atom.cs)
        if atom.kind == "eq":
            return n
        if atom.kind == "contains":
            return z3.Concat(self.any, n, self.any)
        if atom.kind == "startswith":
            return z3.Concat(n, self.any)
        if atom.kind == "endswith":
            return z3.Concat(self.any, n)
        return z3.Concat(self.left_edge(atom.value), n, self.right_edge(atom.value))

    def left_edge(self, value: str) -> z3.ReRef:
        if value and self.term_char(value[0]):
            return z3.Union(self.lit(""), z3.Concat(self.any, self.boundary))
        return self.any

    def right_edge(self, value: str) -> z3.ReRef:
        if value and self.term_char(value[-1]):
            return z3.Union(self.lit(""), z3.Concat(self.boundary, self.any))
        return self.any

    def alphabet(self, atoms: tuple[Atom, ...], nice: bool) -> z3.ReRef:
        """Σ* for witnesses of *atoms*: readable (*nice*) or complete; no upper case when folded."""
        needle_chars = "".join(a.value for a in atoms)
        if nice:
            swapped = "" if self.folded else "".join(c.swapcase() for c in needle_chars if _is_letter(c))
            extra = "".join(c for c in needle_chars + swapped if not ("a" <= c <= "z" or "0" <= c <= "9"))
            parts = [self.rng("a", "z"), self.rng("0", "9"), *self.chars(" .-" + extra)]
        else:
            extra = "".join(c for c in needle_chars + _regex_representatives(atoms) if not " " <= c <= "~")
            printable = [self.rng(" ", "@"), self.rng("[", "~")] + (
                [] if self.folded else [self.rng("A", "Z")]
            )
            parts = printable + self.chars(extra)
        return z3.Star(z3.Union(*parts))


#: Characters every regex field's complete alphabet holds besides one per class the patterns tell apart:
#: whitespace, a non-ASCII letter and digit, and the non-ASCII members of ASCII case-folding orbits.
REGEX_BOUNDARY_CHARS = "\t\n\r\x0b\x0c\u00e9\u0663\u017f\u212a"


def _regex_representatives(atoms: tuple[Atom, ...]) -> str:
    """One character from every interval between the regexes' class boundaries (exact, not a sample).

    Characters between two consecutive points are alike for every regex (see
    :func:`.regex.regex_points`), and for every other atom kind all characters
    outside the needles are alike up to being an ASCII letter or digit. A field
    with `has` atoms gets representatives that are no non-ASCII letter or digit
    where possible (next to a needle, that is where KQL and duckdb-kql
    disagree, see :func:`_agreement`); :func:`regex_alphabet_complete` says
    whether every interval got one.
    """
    return "".join(_representatives(atoms)[0])


def regex_alphabet_complete(atoms: tuple[Atom, ...]) -> bool:
    """Whether :func:`_regex_representatives` found a character for every interval."""
    return _representatives(atoms)[1]


def _representatives(atoms: tuple[Atom, ...]) -> tuple[list[str], bool]:
    patterns = [a.value for a in atoms if a.kind == "regex"]
    if not patterns:
        return [], True
    has = any(a.kind == "has" for a in atoms)
    points = sorted({1, 0x20, 0x7F, 0x80, 0x30000} | {p for pat in patterns for p in regex_points(pat)})
    chosen = [] if has else list(REGEX_BOUNDARY_CHARS)
    complete = True
    for low, high in zip(points, points[1:], strict=False):
        fits = (chr(c) for c in range(low, min(high, low + 256)))
        pick = next((c for c in fits if not has or c.isascii() or not c.isalnum()), None)
        complete &= pick is not None
        chosen += [pick] if pick is not None else []
    return chosen, complete


def nonascii_chars(atoms: tuple[Atom, ...]) -> str:
    """The non-ASCII characters in the atoms' needles, sorted (the only ones witnesses hold)."""
    return "".join(sorted({c for a in atoms for c in a.value if not c.isascii()}))


def _agreement(enc: _Enc, atoms: tuple[Atom, ...]) -> z3.ReRef | None:
    """The strings on which KQL's reading and duckdb-kql's agree for every atom (None: everywhere).

    duckdb-kql treats non-ASCII letters and digits as term characters and folds
    their case; KQL's term rule is ASCII-only. The two readings differ only on
    strings holding a non-ASCII letter or digit, and witnesses only hold the
    needles' own characters, so this is needed only when a needle has one.
    Witnesses are kept where both agree; a cell that exists only outside that
    region is reported, not tested.
    """
    nonascii = nonascii_chars(atoms)
    if not any(c.isalnum() for c in nonascii):
        return None
    duck = _Enc(enc.ctx, enc.folded, unicode=True, nonascii=nonascii)
    same = []
    for atom in atoms:
        if atom.kind == "regex":
            continue
        ours, theirs = enc.atom(atom), duck.atom(atom)
        both = z3.Intersect(ours, theirs)
        neither = z3.Intersect(z3.Complement(ours), z3.Complement(theirs))
        same.append(z3.Union(both, neither))
    return z3.Intersect(*same) if len(same) > 1 else (same[0] if same else None)


#: The largest character z3 strings hold (its default Unicode range).
_MAX_CHAR = "\U0002ffff"


def folds(atoms: tuple[Atom, ...]) -> bool:
    """Whether every atom ignores case, so witnesses may be solved in lower case only."""
    return all(a.kind != "regex" and (not a.cs or not any(_is_letter(c) for c in a.value)) for a in atoms)


def _is_letter(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z"


def _in_context(regex: z3.ReRef, ctx: z3.Context) -> z3.ReRef:
    return regex if regex.ctx == ctx else regex.translate(ctx)


def null_truth(atom: Atom) -> bool:
    """An atom's value on a null field: only ``isempty`` holds."""
    return atom.kind == "empty"


def _solver(ctx: z3.Context, rlimit: int = RLIMIT) -> z3.Solver:
    solver = z3.Solver(ctx=ctx)
    solver.set(rlimit=rlimit, timeout=TIMEOUT_MS, random_seed=0)
    return solver


# --- features ------------------------------------------------------------------------------


def group_features(preds: list[Pred]) -> dict[str, tuple[Feature, ...]]:
    """Group each field's atoms into the coarsest features both predicates are functions of.

    Atoms are grouped when they occur in exactly the same and/or nodes, all of one
    connective (e.g. the shared part of two ``has_any`` lists). Then every formula
    can be rewritten with the group's disjunction (conjunction) in their place, so
    covering every satisfiable combination of *features* covers every combination
    of atoms the formulas can tell apart — with 2^groups cells instead of 2^atoms.
    """
    occurrences: dict[Atom, list[int]] = {}
    node_kinds: list[str] = []

    def note(atom: Atom, node: int) -> None:
        occurrences.setdefault(atom, []).append(node)

    def visit(pred: Pred) -> None:
        if isinstance(pred, Atom):
            node_kinds.append("single")
            note(pred, len(node_kinds) - 1)
        elif isinstance(pred, Not):
            visit(pred.arg)
        elif isinstance(pred, And | Or):
            node_kinds.append("and" if isinstance(pred, And) else "or")
            node = len(node_kinds) - 1
            for child in pred.args:
                note(child, node) if isinstance(child, Atom) else visit(child)

    for pred in preds:
        visit(pred)
    return _features_by_field(occurrences, node_kinds)


def _features_by_field(
    occurrences: dict[Atom, list[int]], kinds: list[str]
) -> dict[str, tuple[Feature, ...]]:
    groups: dict[tuple[str, tuple[int, ...]], list[Atom]] = {}
    for atom, nodes in occurrences.items():
        groups.setdefault((atom.field, tuple(sorted(set(nodes)))), []).append(atom)
    result: dict[str, list[Feature]] = {}
    for (field, node_ids), members in groups.items():
        node_kinds = {kinds[n] for n in node_ids}
        kind = node_kinds.pop() if len(node_kinds) == 1 else "mixed"
        if len(members) > 1 and kind in ("and", "or"):
            result.setdefault(field, []).append(Feature(kind, tuple(sorted(members))))
        else:
            result.setdefault(field, []).extend(Feature("atom", (m,)) for m in members)
    return {f: tuple(sorted(fs, key=lambda x: x.atoms)) for f, fs in sorted(result.items())}


# --- cells ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def field_cells(features: tuple[Feature, ...]) -> Cells:
    """One witness per satisfiable truth assignment of *features* (all on one field).

    A depth-first walk over the features: each node fixes the truth of the
    features decided so far, and a node z3 proves empty prunes its subtree, so
    the number of questions follows the number of cells, not 2^features. The
    last question on each path asks for a readable witness.
    """
    atoms = tuple(a for f in features for a in f.atoms)
    independent = independent_cells(features)
    if independent is not None:
        return independent
    budget.check()
    ctx = z3.Context()
    enc = _Enc(ctx, folds(atoms))
    walk = _CellWalk(enc, atoms, features)
    walk.visit(())
    found = sorted(
        {(simplest(w, atoms), v) for w, v in walk.found}, key=lambda wv: (len(wv[0]), wv[0], wv[1])
    )
    # A witness whose ground truth is not its vector means the z3 encoding and the direct evaluation
    # of the model disagree: nothing built on these cells is decided then.
    consistent = all(tuple(_feature_truth(f, w) for f in features) == v for w, v in found)
    complete = walk.complete and consistent and regex_alphabet_complete(atoms)
    return Cells(tuple(w for w, _ in found), tuple(v for _, v in found), complete, walk.divergent)


def independent_cells(features: tuple[Feature, ...]) -> Cells | None:
    """Every truth vector of *features*, when a simple construction realises each one (else None).

    The witness for a vector joins, with spaces, the needles that make its true
    features true (an ``or`` feature's first atom, an ``and`` feature's atoms).
    For independent ``has`` atoms — single KQL terms, distinct up to ASCII case —
    that string holds exactly the chosen atoms, so all 2^n vectors are cells and
    ten such atoms (1,024 cells) are decided with no z3 search. The construction
    is tried for any field whose atoms are all ``has``/``contains``, or that has
    a single feature (a long ``has_any`` or ``in~`` list); every witness is
    checked by ground evaluation of every atom, and one miss sends the field to
    the z3 enumeration instead, so a returned result is always a proof that every
    vector is a cell.
    """
    atoms = [a for f in features for a in f.atoms]
    joinable = all(a.kind in ("has", "contains") and a.value for a in atoms)
    if not atoms or not (len(features) == 1 or joinable):
        return None
    if any(a.kind == "regex" for a in atoms):
        return None
    if 2 ** len(features) > MAX_INDEPENDENT_CELLS:
        return None
    found = []
    for vector in itertools.product((True, False), repeat=len(features)):
        chosen = [
            a.value
            for feature, on in zip(features, vector, strict=True)
            if on
            for a in (feature.atoms[:1] if feature.kind == "or" else feature.atoms)
        ]
        witness = " ".join(chosen)
        if tuple(_feature_truth(f, witness) for f in features) != vector:
            return None
        found.append((witness, vector))
    found.sort(key=lambda wv: (len(wv[0]), wv[0], wv[1]))
    return Cells(tuple(w for w, _ in found), tuple(v for _, v in found), True, False)


def _feature_truth(feature: Feature, value: str) -> bool:
    truths = [atom_truth(a, value) for a in feature.atoms]
    return any(truths) if feature.kind == "or" else all(truths)


def _feature_regex(enc: _Enc, feature: Feature) -> z3.ReRef:
    langs = [enc.atom(a) for a in feature.atoms]
    if len(langs) == 1:
        return langs[0]
    return z3.Union(*langs) if feature.kind == "or" else z3.Intersect(*langs)


class _CellWalk:
    """State of one :func:`field_cells` enumeration.

    Each emptiness question is put to z3 two ways: as a Boolean combination of
    one membership per atom (fast for `has`/`contains` lists) on a small resource
    budget, and if that does not settle it, as a single membership in the
    intersected regex (fast where the first stalls, e.g. anchored patterns).
    """

    def __init__(self, enc: _Enc, atoms: tuple[Atom, ...], features: tuple[Feature, ...]) -> None:
        ctx = enc.ctx
        self.s = z3.String("s", ctx)
        self.langs = [_feature_regex(enc, f) for f in features]
        self.tests = [_feature_test(enc, self.s, f) for f in features]
        self.quick = _solver(ctx, QUICK_RLIMIT)
        self.thorough = _solver(ctx)
        self.full = enc.alphabet(atoms, nice=False)
        self.nice = enc.alphabet(atoms, nice=True)
        self.agree = _agreement(enc, atoms)
        self.found: list[tuple[str, tuple[bool, ...]]] = []
        self.complete = True
        self.divergent = False

    def check(self, vector: tuple[bool, ...], extra: list[z3.ReRef]) -> tuple[z3.CheckSatResult, str | None]:
        """Is there a string with the features' truth *vector* (a prefix) inside all of *extra*?"""
        decided = [t if v else z3.Not(t) for t, v in zip(self.tests, vector, strict=False)]
        status, value = self._ask(self.quick, [*decided, *(z3.InRe(self.s, r) for r in extra)])
        if status not in (z3.sat, z3.unsat):
            langs = [lang if v else z3.Complement(lang) for lang, v in zip(self.langs, vector, strict=False)]
            both = langs + extra
            status, value = self._ask(
                self.thorough, [z3.InRe(self.s, z3.Intersect(*both) if len(both) > 1 else both[0])]
            )
        return status, value

    def _ask(self, solver: z3.Solver, facts: list[z3.BoolRef]) -> tuple[z3.CheckSatResult, str | None]:
        solver.push()
        solver.add(*facts)
        solver.set(timeout=budget.remaining_ms(TIMEOUT_MS))
        status = solver.check()
        budget.check()
        value = (
            python_string(solver.model().eval(self.s, model_completion=True)) if status == z3.sat else None
        )
        solver.pop()
        return status, value

    def visit(self, vector: tuple[bool, ...]) -> None:
        if not self.complete:
            return
        budget.check()
        agreed = [self.full] + ([self.agree] if self.agree is not None else [])
        status, value = self.check(vector, agreed)
        if status == z3.unsat:
            # Unknown counts as divergent: only a proof that no such value exists keeps it decided.
            self.divergent |= self.agree is not None and self.check(vector, [self.full])[0] != z3.unsat
            return
        if status != z3.sat or len(self.found) >= MAX_CELLS:
            self.complete = False
            return
        if len(vector) == len(self.langs):
            nice_value = self.check(vector, [*agreed, self.nice])[1]
            witness = nice_value if nice_value is not None else value
            assert witness is not None, "a sat answer always carries its model's string"
            self.found.append((witness, vector))
            return
        self.visit((*vector, True))
        self.visit((*vector, False))


def _feature_test(enc: _Enc, s: z3.SeqRef, feature: Feature) -> z3.BoolRef:
    tests = [z3.InRe(s, enc.atom(a)) for a in feature.atoms]
    if len(tests) == 1:
        return tests[0]
    return z3.Or(*tests) if feature.kind == "or" else z3.And(*tests)


def simplest(value: str, atoms: tuple[Atom, ...]) -> str:
    """A shorter value on which every atom has the same truth as on *value*, if one is easy to find.

    z3 pads and glues (``'cloudberry -8 msp360 '``); readers want ``'msp360'``.
    Candidates are the empty string, each needle, *value* with its spaces
    trimmed, and *value* without one of its space-separated words, checked by
    ground evaluation, greedily while they get shorter. Removing whole words or
    outer spaces creates no new adjacency between characters, and a needle is
    a needle, so the result stays where KQL and duckdb-kql agree.
    """
    if _touches_nonascii(value, atoms):
        return value
    target = [atom_truth(a, value) for a in atoms]
    best = value
    for _ in range(8):
        candidates = sorted(c for c in _candidates(best, atoms) if len(c) < len(best))
        found = next(
            (c for c in sorted(candidates, key=len) if [atom_truth(a, c) for a in atoms] == target), None
        )
        if found is None:
            break
        best = found
    return best


def _candidates(value: str, atoms: tuple[Atom, ...]) -> list[str]:
    words = value.split(" ")
    dropped = [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words))]
    return ["", *(a.value for a in atoms if a.kind != "regex"), re.sub(" {2,}", " ", value).strip(), *dropped]


def _touches_nonascii(value: str, atoms: tuple[Atom, ...]) -> bool:
    """Non-ASCII letters around: leave z3's value alone, it was chosen inside the agreement region."""
    return any(not c.isascii() and c.isalnum() for c in value + "".join(a.value for a in atoms))


# --- ground truth of one atom on one value ------------------------------------------------

_EVAL_CTX = z3.Context()
_EVAL_ENC = _Enc(_EVAL_CTX, folded=True)


@lru_cache(maxsize=4096)
def _eval_regex(atom: Atom) -> z3.ReRef:
    return _EVAL_ENC.atom(atom)


@lru_cache(maxsize=200_000)
def atom_truth(atom: Atom, value: str | None) -> bool:
    """What the model says *atom* is on *value* (None = null): a ground z3 evaluation."""
    if value is None:
        return null_truth(atom)
    if atom.kind != "regex":
        return _plain_truth(atom, value)
    # The folded encoding matches case-insensitive needles against the lower-cased value.
    subject = value if atom.cs else ascii_lower(value)
    term = z3.InRe(zstring(subject, _EVAL_CTX), _eval_regex(atom))
    result = z3.simplify(term)
    if z3.is_true(result) or z3.is_false(result):
        return z3.is_true(result)
    solver = _solver(_EVAL_CTX)
    solver.add(term)
    solver.set(timeout=budget.remaining_ms(TIMEOUT_MS))
    result = solver.check()
    budget.check()
    if result == z3.unknown:
        # A guess here would become a wrong truth in every verdict (and the cache): give up instead.
        raise z3.Z3Exception(f"no truth for {atom.kind} atom on a value: {solver.reason_unknown()}")
    return result == z3.sat


def _is_term_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _plain_truth(atom: Atom, value: str) -> bool:
    """The same model as :meth:`_Enc.atom` for every kind but ``regex``, evaluated directly (fast).

    :func:`field_cells` checks every z3 witness against this evaluation, so the two
    readings of the model cannot drift apart unnoticed.
    """
    subject = value if atom.cs else ascii_lower(value)
    needle = atom.value
    if atom.kind == "empty":
        return value == ""
    if atom.kind == "eq":
        return subject == needle
    if atom.kind == "contains":
        return needle in subject
    if atom.kind == "startswith":
        return subject.startswith(needle)
    if atom.kind == "endswith":
        return subject.endswith(needle)
    if not needle:
        return True
    left, right = _is_term_char(needle[0]), _is_term_char(needle[-1])
    start = subject.find(needle)
    while start >= 0:
        end = start + len(needle)
        if (not left or start == 0 or not _is_term_char(subject[start - 1])) and (
            not right or end == len(subject) or not _is_term_char(subject[end])
        ):
            return True
        start = subject.find(needle, start + 1)
    return False


def in_agreement(value: str, atoms: tuple[Atom, ...]) -> bool:
    """Whether KQL's reading and duckdb-kql's agree on every atom for *value* (see :func:`_agreement`)."""
    nonascii = nonascii_chars(atoms)
    if not any(c.isalnum() for c in nonascii):
        return True
    duck = _Enc(
        _EVAL_CTX,
        folded=True,
        unicode=True,
        nonascii=nonascii + nonascii_chars((Atom("", "eq", value, True),)),
    )
    for atom in atoms:
        if atom.kind == "regex":
            continue
        subject = zstring(value if atom.cs else ascii_lower(value), _EVAL_CTX)
        theirs = z3.is_true(z3.simplify(z3.InRe(subject, duck.atom(atom))))
        if theirs != atom_truth(atom, value):
            return False
    return True


# --- symbolic separation ------------------------------------------------------------------


def separate(
    a: Pred, b: Pred, features: dict[str, tuple[Feature, ...]], cells: dict[str, Cells]
) -> Separation:
    """Rows (field -> witness, None = null) where *a* holds and *b* does not, or a proof there are none.

    Propositional, over the enumerated cells: each field takes one of its cells'
    feature vectors (or null), each feature is the and/or of its atoms, and the
    predicates are functions of the features (see :func:`group_features`). With
    every field's cells complete, "unsat" is a proof over all string values.
    """
    ctx = z3.Context()
    atom_vars: dict[Atom, z3.BoolRef] = {}
    solver = _solver(ctx)
    choices: dict[str, list[z3.BoolRef]] = {}
    for fi, (name, feats) in enumerate(sorted(features.items())):
        flags = [z3.Bool(f"f{fi}_{k}", ctx) for k in range(len(feats))]
        for k, (flag, feat) in enumerate(zip(flags, feats, strict=True)):
            members = [
                atom_vars.setdefault(x, z3.Bool(f"a{fi}_{k}_{m}", ctx)) for m, x in enumerate(feat.atoms)
            ]
            combined = members[0] if len(members) == 1 else (z3.Or if feat.kind == "or" else z3.And)(*members)
            solver.add(flag == combined)
        # One pick per cell; KQL string columns are never null, so there is no null pick.
        picks = [z3.Bool(f"c{fi}_{j}", ctx) for j in range(len(cells[name].vectors))]
        for pick, vector in zip(picks, cells[name].vectors, strict=True):
            solver.add(z3.Implies(pick, z3.And(*[f == v for f, v in zip(flags, vector, strict=True)])))
        solver.add(z3.Or(*picks) if picks else z3.BoolVal(False, ctx))
        choices[name] = picks
    solver.add(_to_z3(a, atom_vars, ctx), z3.Not(_to_z3(b, atom_vars, ctx)))
    rows: list[tuple[tuple[str, str | None], ...]] = []
    solver.set(timeout=budget.remaining_ms(TIMEOUT_MS))
    status = z3.unknown
    while len(rows) < MAX_SEPARATING:
        status = solver.check()
        budget.check()
        if status != z3.sat:
            break
        model = solver.model()
        chosen = {
            n: next(j for j, p in enumerate(ps) if z3.is_true(model.eval(p, True)))
            for n, ps in choices.items()
        }
        rows.append(tuple((n, _witness(cells[n], j)) for n, j in chosen.items()))
        solver.add(z3.Or(*[z3.Not(choices[n][j]) for n, j in chosen.items()]))
    if rows:
        return Separation("sat", tuple(rows))
    # z3 answering "unknown" (a timeout) is no proof: only a real unsat over complete cells is.
    proved = status == z3.unsat and all(c.complete for c in cells.values())
    return Separation("unsat" if proved else "unknown", ())


def _witness(cells: Cells, index: int) -> str | None:
    return cells.witnesses[index] if index < len(cells.witnesses) else None


def _to_z3(pred: Pred, atom_vars: dict[Atom, z3.BoolRef], ctx: z3.Context) -> z3.BoolRef:
    if isinstance(pred, Atom):
        return atom_vars[pred]
    if isinstance(pred, Not):
        return z3.Not(_to_z3(pred.arg, atom_vars, ctx))
    if isinstance(pred, And | Or):
        parts = [_to_z3(p, atom_vars, ctx) for p in pred.args]
        return z3.And(*parts) if isinstance(pred, And) else z3.Or(*parts)
    assert isinstance(pred, Const)
    return z3.BoolVal(pred.value, ctx)


def field_atom_key(preds: list[Pred]) -> tuple[tuple[str, tuple[Atom, ...]], ...]:
    """Field -> its atoms (sorted), over several predicates."""
    from .predicate import atoms as distinct_atoms

    by_field: dict[str, set[Atom]] = {}
    for atom in itertools.chain.from_iterable(distinct_atoms(p) for p in preds):
        by_field.setdefault(atom.field, set()).add(atom)
    return tuple((f, tuple(sorted(by_field[f]))) for f in sorted(by_field))
