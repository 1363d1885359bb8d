#!/usr/bin/env bash
# Installs pyWATS (station service extras, which embed the WATS emulator) into .venv and runs
# the demo: an embedded emulator, realistic test reports submitted and queried back.
# Extra arguments go to the demo (e.g. scripts/demo.sh --reports 100 --keep).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
echo "Installing pyWATS into .venv ..."
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[client]"
exec .venv/bin/python examples/api_demo.py "$@"
