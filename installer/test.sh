#!/usr/bin/env bash
# One command to build and pass every test: installs what is missing, builds the test suite twice
# (Debug, and ASan+UBSan) and runs ctest on both. `.ci/run` calls this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/install-deps.sh
jobs="$(nproc)"
export QT_QPA_PLATFORM=offscreen

echo "== build (Debug)"
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-test -j"$jobs"
echo "== tests (Debug)"
ctest --test-dir build-test --output-on-failure -j"$jobs"

if [ "${THROTTLE_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== build (ASan + UBSan)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTHROTTLE_SANITIZE=ON -DTHROTTLE_BUILD_DESKTOP=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "== tests (ASan + UBSan)"
  # Qt keeps process-lifetime allocations; leaks are not what this build looks for.
  # installer/asan.supp: one overlapping memcpy inside Qt 6.4's own JS runtime (libQt6Qml, its tail
  # calls; tst_k6webcrypto); no frame of ours is involved. Everything else is checked.
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:suppressions="$here/installer/asan.supp" \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi

if [ "${THROTTLE_SKIP_FUZZ:-0}" != 1 ]; then
  # libFuzzer (clang-14): each target from its seed corpus for a short while; the longer run is
  # `tests/fuzz/run.sh 1800` (README "Tests").
  echo "== fuzz (${THROTTLE_FUZZ_SECONDS:-20} s per target)"
  bash tests/fuzz/run.sh "${THROTTLE_FUZZ_SECONDS:-20}"
fi
