"""rmm-sigma: RMM-tool detections as Sigma rules, converted to KQL and other SIEM languages."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root when running from a checkout (rules, mappings and output live there).
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def printable(text: str) -> str:
    """``text`` as it can be shown in one line: unchanged unless it holds a line break, another
    control character or an undecodable byte (a file named ``a\\nb.yml``), which are escaped."""
    return text if text.isprintable() else text.encode("unicode_escape", "backslashreplace").decode("ascii")
