"""The reference corpus and the seeds as the tests need them, read by rmm_sigma.verify.reference.

The tests go through the same loader as ``rmm-sigma verify``, so a test query is the text verify
compares; this module only reshapes what that loader returns.
"""

from __future__ import annotations

import re
from pathlib import Path

from rmm_sigma.verify.reference import ReferenceQuery, corpus_files, read_reference, read_seed


def reference_queries(corpus_root: Path) -> dict[str, str]:
    """``Tool/rmm_*.yaml`` (relative to ``corpus_root / "RMM"``) -> its query, for every corpus file."""
    tools = corpus_root / "RMM"
    return {str(p.relative_to(tools)): read_reference(p).query for p in corpus_files(corpus_root)}


def load_seeds(root: Path) -> dict[str, ReferenceQuery]:
    """All seed queries by id."""
    seeds = (read_seed(p) for p in sorted(root.glob("*.txt")))
    return {s.id: s for s in seeds}


def seed_scenarios(path: Path) -> list[str]:
    """The false-positive scenario titles of a seed document (the expected ``falsepositives``)."""
    return re.findall(r"^Scenario:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.M)
