"""rmm-sigma: RMM-tool detections as Sigma rules, converted to KQL and other SIEM languages."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root when running from a checkout (rules, mappings and output live there).
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def printable(text: str) -> str:
    """``text`` as it can be shown in one line: each line break, other control character or
    undecodable byte (a file named ``a\\nb.yml``) escaped as Python writes it. What is left is also
    valid XML 1.0 text, which a control character is not even when escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def _escaped(char: str) -> str:
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")
