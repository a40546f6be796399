#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang-14, ASan + UBSan) in build-fuzz and fuzzes each
# for a bounded time, starting from the committed seed corpus tests/fuzz/corpus/<target>/. New
# inputs go to build-fuzz/corpus/<target>/ (not committed); a crash leaves
# build-fuzz/artifacts/<target>/crash-* and fails the script.
#
#   tests/fuzz/run.sh                  # 30 s per target (installer/test.sh runs 20 s each)
#   tests/fuzz/run.sh 1800             # the longer run: 30 min per target
#   tests/fuzz/run.sh 60 fuzz_cookie   # one target
#
# Reproduce a crash: build-fuzz/tests/fuzz/<target> build-fuzz/artifacts/<target>/crash-<hash>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_restreader fuzz_patchdecode fuzz_importscanner fuzz_options fuzz_cookie fuzz_responsehead fuzz_k6archive)
fi
jobs="$(nproc)"

command -v clang++-14 >/dev/null || { echo "tests/fuzz/run.sh needs clang-14 (installer/install-deps.sh)"; exit 2; }
# Debug keeps Qt's and our asserts; -O1 makes each run several times faster than -O0.
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 \
  -DTHROTTLE_FUZZ=ON -DTHROTTLE_BUILD_DESKTOP=OFF -DTHROTTLE_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for t in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/$t"
  work="build-fuzz/corpus/$t"
  artifacts="build-fuzz/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  echo "== $t: ${seconds}s"
  if ! "build-fuzz/tests/fuzz/$t" "$work" "$seeds" "${dict[@]}" -max_total_time="$seconds" -max_len=65536 \
       -rss_limit_mb=4096 -artifact_prefix="$artifacts" -print_final_stats=1 2>"build-fuzz/$t.log"; then
    echo "!! $t found a problem: see build-fuzz/$t.log and $artifacts"
    tail -40 "build-fuzz/$t.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "build-fuzz/$t.log" | tr '\n' ' '
    echo
  fi
done
exit $status
