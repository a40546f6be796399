#!/usr/bin/env bash
# ThreadSanitizer run of the engine and REST API tests: builds build-tsan (-DTHROTTLE_TSAN=ON, no
# desktop) and runs the suites that exercise VU threads, the run thread, the control queue and
# the REST server. Qt's libraries are not instrumented, so what TSan cannot see inside them is
# suppressed in installer/tsan.supp (each entry says why); a report naming our code fails the run.
#
#   installer/tsan.sh            # build and run
#   installer/tsan.sh -R vuleak  # only the suites matching a ctest regex
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jobs="$(nproc)"
suites=(tst_localrun tst_steering tst_executors tst_executors_run tst_segments_run tst_vu tst_pausestop tst_vuleak
        tst_vucapacity tst_memoryguard tst_interruptedrequests tst_curltransport tst_curlreplay tst_apiserver
        tst_apistatus tst_apiconnection tst_apimetrics tst_apie2e tst_remoterun tst_scalestorm)
regex="^($(IFS='|'; echo "${suites[*]}"))\$"
if [ "${1:-}" = "-R" ]; then regex="$2"; fi

cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTHROTTLE_TSAN=ON -DTHROTTLE_BUILD_DESKTOP=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target "${suites[@]}"
# halt_on_error: the first report fails its suite; second_deadlock_stack for lock-order reports.
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$here/installer/tsan.supp" \
QT_QPA_PLATFORM=offscreen \
  ctest --test-dir build-tsan --output-on-failure -j"$jobs" -R "$regex" --timeout 900
