#!/usr/bin/env bash
# Install test dependencies (Python venv + node modules for Microsoft's KQL analyzer) and run the tests.
# This is the README's test command; .ci/run calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON: the interpreter for .venv (default python3), e.g. PYTHON=python3.12 bash scripts/setup-tests.sh
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e ".[test]"
# pip compiles what it copies into site-packages, not an editable install's own modules: compile them
# as it would, or where imports write no bytecode (PYTHONDONTWRITEBYTECODE) every command compiles
# them again (30-40 ms of a `convert`).
.venv/bin/python -m compileall -q src >/dev/null
# Elasticsearch's ES|QL grammar as a Python parser (tests/test_targets_esql_parse.py). --no-deps: it
# pins antlr4-python3-runtime 4.13.1, duckdb-kql pins 4.13.2, and the generated parser runs on 4.13.2.
.venv/bin/pip install --quiet --no-deps "esql-parser==9.1.3"
npm ci --silent --no-audit --no-fund
# Splunk AppInspect checks the Splunk app (tests/test_deployable.py, slow tier). Its own venv: it pins
# old versions of beautifulsoup4, lxml and semver that the project's packages need not share.
"$PYTHON" -m venv .venv-appinspect
.venv-appinspect/bin/pip install --quiet "splunk-appinspect==4.3.1"
.venv/bin/ruff check .
.venv/bin/mypy   # [tool.mypy] in pyproject.toml
.venv/bin/rmm-sigma build --check
set +e
.venv/bin/python -m pytest "$@"   # the README's test command (xdist workers: pyproject addopts)
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing, a green run must test something" >&2
  exit 1
fi
exit "$status"
