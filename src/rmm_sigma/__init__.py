"""rmm-sigma: RMM-tool detections as Sigma rules, converted to KQL and other SIEM languages."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root when running from a checkout (rules, mappings and output live there).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
