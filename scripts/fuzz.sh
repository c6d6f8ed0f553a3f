#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/, ASan + UBSan) and runs each for a set time.
#
#   scripts/fuzz.sh                 # FUZZ_SECONDS (default 300) per target
#   FUZZ_SECONDS=5 scripts/fuzz.sh  # the smoke run `make test` does
#
# Seeds come from tests/fuzz/corpus/<target>; what the fuzzer learns goes to build-fuzz/corpus/<target> and crashes
# to build-fuzz/findings/ (reproduce one with: build-fuzz/fuzz/fuzz_<target> FILE). Exits non-zero on a finding.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${FUZZ_BUILD:-$ROOT/build-fuzz}"
SECONDS_EACH="${FUZZ_SECONDS:-300}"
JOBS="${JOBS:-2}"
CXX_FUZZ="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++ || true)}"
if [[ -z "$CXX_FUZZ" ]]; then
  echo "fuzz: clang++ not found (Debian: apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi

launcher=()
if command -v ccache > /dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
mkdir -p "$BUILD"
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$CXX_FUZZ" -DMOTCUA_FUZZ=ON \
        -DMOTCUA_BUILD_TESTS=OFF -DMOTCUA_BUILD_BENCH=OFF "${launcher[@]}" > "$BUILD/configure.log" 2>&1 ||
    { cat "$BUILD/configure.log" >&2; exit 1; }
fi
cmake --build "$BUILD" -j "$JOBS" --target fuzz_router fuzz_calendar

mkdir -p "$BUILD/findings"
status=0
for target in router calendar; do
  mkdir -p "$BUILD/corpus/$target"
  echo "fuzz: $target for ${SECONDS_EACH}s"
  # -max_len: room for an intake body; -timeout: one input taking over 10 s is a finding (a hang).
  if ! "$BUILD/fuzz/fuzz_$target" "$BUILD/corpus/$target" "$ROOT/tests/fuzz/corpus/$target" \
       -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1 \
       -artifact_prefix="$BUILD/findings/$target-" > "$BUILD/fuzz-$target.log" 2>&1; then
    echo "fuzz: $target FOUND A PROBLEM (log: $BUILD/fuzz-$target.log, input in $BUILD/findings/)" >&2
    tail -40 "$BUILD/fuzz-$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD/fuzz-$target.log" | tail -2 | sed "s/^/fuzz: $target: /"
  fi
done
exit $status
