#!/usr/bin/env bash
# Issue 15: sanitizers and fuzzing.
# 1. build-asan/ (GCC, AddressSanitizer + UndefinedBehaviorSanitizer): restyle-cli and the
#    reliability, jobs and media tests; runs jobs_test, media_test (the video reader, the
#    playhead cache, the writer) and the tests labelled reliability (the whole CLI on bad
#    input, killed runs, full disks, FIFOs). A unity build (CMAKE_UNITY_BUILD: 16 sources
#    a compile) parses LibTorch's and OpenCV's headers once per batch instead of once per
#    file: 4 minutes from scratch on 2 cores instead of 19.
# 2. build-fuzz/ (clang, libFuzzer + ASan + UBSan): the fuzz targets of tests/fuzz; runs each
#    for FUZZ_SECONDS (default 15) from its corpus and past regressions.
# Any sanitizer report, failed test or fuzz finding fails. Suppressions:
# packaging/sanitizers/*.supp, each entry with its reason. SANITIZE_STEPS=asan or fuzz runs
# one step only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASAN_BUILD="${SANITIZE_BUILD_DIR:-$ROOT/build-asan}"
FUZZ_BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
FUZZ_SECONDS="${FUZZ_SECONDS:-15}"
# FUZZ_SEED: libFuzzer's seed; 0 (the default) picks one at random, CI fixes it so a run can be
# repeated.
STEPS="${SANITIZE_STEPS:-asan fuzz}"
FUZZ_TARGETS=(job queue manifest cube flo video_reader)
LAUNCHER=()
if command -v ccache >/dev/null; then LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
SUPP="$ROOT/packaging/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$SUPP/ubsan.supp:print_stacktrace=1:halt_on_error=1"

if [[ " $STEPS " == *" asan "* ]]; then
  cmake -S "$ROOT" -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
    -DCMAKE_CXX_FLAGS="-O1 -g1" -DRESTYLE_BUILD_GUI=OFF -DRESTYLE_SANITIZE=ON \
    -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 "${LAUNCHER[@]}" >/dev/null
  cmake --build "$ASAN_BUILD" --parallel "$(nproc)" \
    --target restyle-cli reliability_test jobs_test media_test
  (cd "$ASAN_BUILD" && tests/jobs_test --gtest_brief=1 && tests/media_test --gtest_brief=1 &&
    ctest --output-on-failure --parallel "$(nproc)" -L reliability -R '^[A-Z]')
fi

if [[ " $STEPS " == *" fuzz "* ]]; then
  CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
    -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DRESTYLE_BUILD_GUI=OFF \
    -DRESTYLE_SANITIZE=ON -DRESTYLE_FUZZ=ON "${LAUNCHER[@]}" >/dev/null
  cmake --build "$FUZZ_BUILD" --parallel "$(nproc)" --target "${FUZZ_TARGETS[@]/#/fuzz_}"
  mkdir -p "$FUZZ_BUILD/fuzz-findings"
  for t in "${FUZZ_TARGETS[@]}"; do
    corpus="$FUZZ_BUILD/fuzz-corpus/$t"
    mkdir -p "$corpus"
    seeds=("$ROOT/tests/fuzz/corpus/$t")
    [ -d "$ROOT/tests/fuzz/regressions/$t" ] && seeds+=("$ROOT/tests/fuzz/regressions/$t")
    "$FUZZ_BUILD/tests/fuzz/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=20 -seed="${FUZZ_SEED:-0}" \
      -rss_limit_mb=3072 -max_len=65536 -artifact_prefix="$FUZZ_BUILD/fuzz-findings/$t-" \
      -print_final_stats=1 "$corpus" "${seeds[@]}" >"$FUZZ_BUILD/fuzz-$t.log" 2>&1 || true
    runs=$(grep -m1 "stat::number_of_executed_units" "$FUZZ_BUILD/fuzz-$t.log" | awk '{print $2}')
    echo "fuzz_$t: ${runs:-?} inputs in ${FUZZ_SECONDS} s"
    if ls "$FUZZ_BUILD/fuzz-findings/$t-"* >/dev/null 2>&1; then
      tail -40 "$FUZZ_BUILD/fuzz-$t.log" >&2
      echo "fuzz_$t: finding(s) in $FUZZ_BUILD/fuzz-findings; add each to tests/fuzz/regressions/$t" >&2
      exit 1
    fi
  done
fi
echo "sanitize: clean"
