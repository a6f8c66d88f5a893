#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test (CTest,
# GoogleTest, labelled unit / integration). `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@"
