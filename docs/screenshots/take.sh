#!/usr/bin/env bash
# Takes the desktop screenshots in this folder from the real app under Xvfb (Debian: xvfb,
# xdotool, imagemagick). Usage, from the repository root after a build:
#   docs/screenshots/take.sh build/src/app/throttle-desktop build/src/cli/throttle
# For each size (1024×700 and 1600×1000): a demo target, the window on desktop-tour.js (failures on purpose),
# the run settings dialog with variables and an override typed in, a run of ~45 s with a pause and
# a VU change (manual mode), then the Requests, Failures and charts views. Only 127.0.0.1 is used.
set -euo pipefail
app=${1:?throttle-desktop binary}
cli=${2:?throttle binary}
out=$(cd "$(dirname "$0")" && pwd)
script=$(cd "$(dirname "$0")" && pwd)/desktop-tour.js
display=:${THROTTLE_SHOT_DISPLAY:-91}
demo_port=${THROTTLE_SHOT_DEMO_PORT:-16591}
api_port=${THROTTLE_SHOT_API_PORT:-16592}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$cli" demo-target --port "$demo_port" >/dev/null 2>&1 & pids+=($!)

shot() {   # size, name
  import -display "$display" -window root "$out/$2-$1.png"
  echo "wrote $out/$2-$1.png"
}

for size in 1024x700 1600x1000; do
  Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  sleep 1
  export DISPLAY=$display XDG_CONFIG_HOME=$(mktemp -d)   # no remembered settings from earlier runs
  "$app" --address "127.0.0.1:$api_port" -e "BASE_URL=http://127.0.0.1:$demo_port" "$script" >/dev/null 2>&1 & app_pid=$!
  pids+=("$app_pid" "$xvfb")
  for _ in $(seq 50); do win=$(xdotool search --onlyvisible --name "Throttle" 2>/dev/null | head -1) && [ -n "$win" ] && break; sleep 0.2; done
  sleep 3
  xdotool windowmove "$win" 0 0 windowsize --sync "$win" "${size%x*}" "${size#*x}"   # the whole screen
  sleep 1
  xdotool windowfocus --sync "$win"
  xdotool key ctrl+e; sleep 1
  xdotool type --delay 20 'CART_SIZE=3'; xdotool key Return; xdotool type --delay 20 'REGION=eu-west'
  sleep 0.5; shot "$size" run-settings
  xdotool key Tab Return; sleep 4   # Enter in the VUs field applies: the script is prepared again
  xdotool key ctrl+Return; sleep 25
  "$cli" -a "127.0.0.1:$api_port" pause >/dev/null || true; sleep 6
  "$cli" -a "127.0.0.1:$api_port" resume >/dev/null || true; sleep 4
  "$cli" -a "127.0.0.1:$api_port" scale -u 6 >/dev/null || true; sleep 12
  xdotool windowfocus --sync "$win"
  xdotool key ctrl+2; sleep 1.5; shot "$size" requests
  xdotool key ctrl+3; sleep 1.5; shot "$size" failures
  xdotool key ctrl+1; sleep 1.5; shot "$size" window
  kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true
  kill "$xvfb"; wait "$xvfb" 2>/dev/null || true
done
