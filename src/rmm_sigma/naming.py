"""The rule set's naming convention: ``sigma/<Tool>/<prefix>_rmm_<tool>.yml``.

One folder per tool, named as the vendor spells the tool; one file per log source category, whose
prefix is the SigmaHQ prefix of the category (``proc_creation_win``, ``net_connection_win``, and our
``file_signature_win``), then ``rmm_`` and the tool name in lower case with every run of other
characters replaced by ``_``. Rules imported from the LOLRMM catalog sit next to them with the
suffix ``_lolrmm`` (``net_connection_win_rmm_anydesk_lolrmm.yml``), so the reviewed rules that carry
reference-corpus ids are never rewritten by an import. The convention lets a person and
``rmm-sigma build`` find a tool's rules without reading them.
"""

from __future__ import annotations

import re

#: A tool folder: starts with a letter or digit; letters, digits, '.', '_' and '-' after that.
TOOL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def slug(tool: str) -> str:
    """``parsec.app`` -> ``parsec_app``, ``MSP360_CloudBerry`` -> ``msp360_cloudberry``."""
    return re.sub(r"[^a-z0-9]+", "_", tool.lower()).strip("_")


def rule_file_name(prefix: str, tool: str) -> str:
    """The file name of the ``prefix`` category's rule for ``tool``."""
    return f"{prefix}_rmm_{slug(tool)}.yml"


#: Suffix of the rules ``rmm-sigma import lolrmm`` writes.
IMPORTED_SUFFIX = "_lolrmm"


def imported_file_name(prefix: str, tool: str) -> str:
    """The file name of an imported (LOLRMM) rule of the ``prefix`` category for ``tool``."""
    return f"{prefix}_rmm_{slug(tool)}{IMPORTED_SUFFIX}.yml"
