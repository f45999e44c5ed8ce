#!/usr/bin/env bash
# Issue 15: builds restyle-cli, the reliability and jobs tests and the fuzz targets with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/), runs the tests
# labelled reliability plus jobs_test under them, then each fuzz target for FUZZ_SECONDS
# (default 20) from its corpus. Any sanitizer report, failed test or fuzz finding fails.
# Suppressions: packaging/sanitizers/*.supp, one line each with its reason.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${SANITIZE_BUILD_DIR:-$ROOT/build-asan}"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
FUZZ_TARGETS=(job queue manifest cube flo video_reader)
LAUNCHER=()
if command -v ccache >/dev/null; then LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DRESTYLE_BUILD_GUI=OFF \
  -DRESTYLE_SANITIZE=ON -DRESTYLE_FUZZ=ON "${LAUNCHER[@]}" >/dev/null
cmake --build "$BUILD" --parallel "$(nproc)" --target restyle-cli reliability_test jobs_test \
  "${FUZZ_TARGETS[@]/#/fuzz_}"

SUPP="$ROOT/packaging/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$SUPP/ubsan.supp:print_stacktrace=1:halt_on_error=1"

cd "$BUILD"
"$BUILD/tests/jobs_test"
ctest --output-on-failure --parallel "$(nproc)" -L reliability

for t in "${FUZZ_TARGETS[@]}"; do
  corpus="$BUILD/fuzz-corpus/$t"
  mkdir -p "$corpus" "$BUILD/fuzz-findings"
  seeds=("$ROOT/tests/fuzz/corpus/$t")
  [ -d "$ROOT/tests/fuzz/regressions/$t" ] && seeds+=("$ROOT/tests/fuzz/regressions/$t")
  echo "fuzz_$t: ${FUZZ_SECONDS} s"
  "$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=3072 \
    -max_len=65536 -artifact_prefix="$BUILD/fuzz-findings/$t-" -print_final_stats=1 \
    "$corpus" "${seeds[@]}" 2>&1 | grep -E "^(stat::number_of_executed_units|==|SUMMARY|INFO: Running)" || true
  if ls "$BUILD/fuzz-findings/$t-"* >/dev/null 2>&1; then
    echo "fuzz_$t: finding(s) in $BUILD/fuzz-findings (add them to tests/fuzz/regressions/$t)" >&2
    exit 1
  fi
done
echo "sanitize: clean"
