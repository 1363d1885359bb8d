#!/usr/bin/env bash
# Installs pyWATS (station service extras, which embed the WATS emulator) into .venv and runs
# the station demo: an embedded WATS emulator and a station service; tester files (CSV, JUnit,
# WSJF, one broken) land in watch folders and are converted, queued and delivered, live.
# Extra arguments go to `pywats-client demo` (e.g. scripts/demo.sh --files 60 --keep).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
echo "Installing pyWATS into .venv ..."
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[client]"
exec .venv/bin/pywats-client demo "$@"
