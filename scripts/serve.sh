#!/usr/bin/env bash
# Install riskexplorer into .venv and start the app on http://localhost:8501 (offline, no telemetry).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e .
exec "$VENV/bin/python" -m streamlit run app.py --server.port "${PORT:-8501}" "$@"
