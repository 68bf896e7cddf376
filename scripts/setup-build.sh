#!/usr/bin/env bash
# Install rmm-sigma and build every output from every rule (the README's main command).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .
.venv/bin/rmm-sigma build "$@"
