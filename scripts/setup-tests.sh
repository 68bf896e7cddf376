#!/usr/bin/env bash
# Install test dependencies (Python venv + node modules for Microsoft's KQL analyzer) and run the tests.
# This is the README's test command; .ci/run calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e ".[test]"
npm ci --silent --no-audit --no-fund
# Splunk AppInspect checks the Splunk app (tests/test_deployable.py, slow tier). Its own venv: it pins
# old versions of beautifulsoup4, lxml and semver that the project's packages need not share.
python3 -m venv .venv-appinspect
.venv-appinspect/bin/pip install --quiet "splunk-appinspect==4.3.1"
.venv/bin/ruff check .
.venv/bin/mypy   # [tool.mypy] in pyproject.toml
.venv/bin/rmm-sigma build --check
.venv/bin/rmm-sigma check sigma   # every rule: validators, conventions, targets, indicators, KQL analyzer
set +e
.venv/bin/python -m pytest -q "$@"   # the README's test command (xdist workers: pyproject addopts)
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing, a green run must test something" >&2
  exit 1
fi
exit "$status"
