#!/usr/bin/env bash
# Installs what is missing, builds Restyle and runs every test (labels: unit, cli, ui, model).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/packaging/install-deps.sh"
"$ROOT/packaging/build.sh"
cd "$ROOT/build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)" "$@"
