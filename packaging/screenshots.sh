#!/usr/bin/env bash
# Renders screenshots of the GUI's main states to resources/screenshots (offscreen Qt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/packaging/build.sh"
QT_QPA_PLATFORM=offscreen "$ROOT/build/tests/restyle-screenshots" "${1:-$ROOT/resources/screenshots}"
