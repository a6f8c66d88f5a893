#!/usr/bin/env bash
# Configures and builds hemu in ./build (Release with debug info). Idempotent and incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${HEMU_BUILD_DIR:-build}"
JOBS="${HEMU_JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
