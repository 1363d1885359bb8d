#!/usr/bin/env bash
# Installs pyWATS with the test extras into .venv, then runs what CI runs:
# format check, lint, types, the sync-twin freshness check and every test.
# Extra arguments go to pytest (e.g. scripts/test.sh -k retry).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
# shellcheck disable=SC1091
. .venv/bin/activate
PATHS=""
for dir in src tests benchmarks scripts examples; do [ -d "$dir" ] && PATHS="$PATHS $dir"; done
echo "== ruff format --check" && ruff format --check $PATHS
echo "== ruff check" && ruff check $PATHS
echo "== mypy (strict, src/)" && mypy
echo "== sync twins up to date" && python scripts/generate_sync.py --check
echo "== pytest" && pytest "$@"
