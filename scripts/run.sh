#!/usr/bin/env bash
# The README's first command: installs every package hemu needs, builds, and runs the main job on
# the embedded desktop (a table per task and a GIF of one episode in ./hemu-demo.gif).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh
./build/hemu demo "$@"
