#!/usr/bin/env bash
# Install rmm-sigma and build every output from every rule (the README's main command).
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON: the interpreter for .venv (default python3), e.g. PYTHON=python3.12 bash scripts/setup-build.sh
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .
# pip compiles what it copies into site-packages, not an editable install's own modules: compile them
# as it would, or where imports write no bytecode (PYTHONDONTWRITEBYTECODE) every command compiles
# them again (30-40 ms of a `convert`).
.venv/bin/python -m compileall -q src >/dev/null
.venv/bin/rmm-sigma build "$@"
