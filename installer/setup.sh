#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Throttle:
# installs what is missing, builds (Release) and runs the main job — the desktop app when there is
# a display, otherwise `throttle run` on the bundled example against the built-in demo target.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/install-deps.sh
build="${THROTTLE_BUILD_DIR:-build-release}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHROTTLE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
echo "setup: built $build/src/cli/throttle"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/src/app/throttle-desktop" ] && [ "${1:-}" != "--cli" ]; then
  exec "$build/src/app/throttle-desktop" examples/externally-controlled.js
fi
# No display: a 20-second headless run of the k6 documentation's externally-controlled example.
exec "$build/src/cli/throttle" run --with-demo-target -e DURATION="${DURATION:-20s}" examples/externally-controlled.js
