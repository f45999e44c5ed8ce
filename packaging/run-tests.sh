#!/usr/bin/env bash
# Installs what is missing, builds Restyle and runs every test (labels: unit, cli, ui, model,
# farm, reliability), then, under AddressSanitizer and UndefinedBehaviorSanitizer
# (packaging/sanitize.sh), runs the reliability-labelled tests, the media and jobs tests on a
# GCC build of the whole CLI (its asan step: about 9 minutes from a clean clone on 2 cores) and
# fuzzes the file parsers for FUZZ_SECONDS each (its fuzz step: about 3 minutes).
# RESTYLE_SKIP_ASAN=1 and RESTYLE_SKIP_FUZZ=1 leave those steps out.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/packaging/install-deps.sh"
"$ROOT/packaging/build.sh"
cd "$ROOT/build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)" "$@"
steps=""
[ "${RESTYLE_SKIP_ASAN:-0}" != 1 ] && steps+=" asan"
[ "${RESTYLE_SKIP_FUZZ:-0}" != 1 ] && steps+=" fuzz"
if [ -n "$steps" ]; then
  SANITIZE_STEPS="$steps" FUZZ_SECONDS="${FUZZ_SECONDS:-10}" FUZZ_SEED="${FUZZ_SEED:-1}" \
    "$ROOT/packaging/sanitize.sh"
fi
