#!/usr/bin/env bash
# Installs what is missing, builds Restyle and runs every test (labels: unit, cli, ui, model,
# farm, reliability), then fuzzes the file parsers under AddressSanitizer and
# UndefinedBehaviorSanitizer for FUZZ_SECONDS each (packaging/sanitize.sh, its fuzz step:
# about 3 minutes from a clean clone). RESTYLE_SKIP_FUZZ=1 leaves the fuzzing out.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/packaging/install-deps.sh"
"$ROOT/packaging/build.sh"
cd "$ROOT/build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)" "$@"
if [ "${RESTYLE_SKIP_FUZZ:-0}" != 1 ]; then
  SANITIZE_STEPS=fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}" FUZZ_SEED="${FUZZ_SEED:-1}" \
    "$ROOT/packaging/sanitize.sh"
fi
