#!/usr/bin/env bash
# Runs every script of this corpus through the reference k6 v1 and through Throttle in each
# summary mode (compact, full, legacy), masks the numbers that depend on timing (summary_mask,
# see tests/e2e/summarymask.h) and diffs the two summaries. Also one colour run on a terminal
# (under `script`), where k6 colours the summary and ends each line with ESC[0K.
#
#   tests/e2e/summary/compare.sh [--update] [--k6 PATH] [--build DIR]
#
# --update writes k6's masked summaries to expected/ (what tst_summaryk6 compares against in
# CI, where k6 is not installed). Needs a Debug or Release build with tests (summary_mask).
# Exit status: 0 when every summary matches, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
k6=${K6:-/work/shared/tools/k6-v1.3.0/k6}
build="$root/build"
update=0
while [ $# -gt 0 ]; do
    case "$1" in
        --update) update=1 ;;
        --k6) k6=$2; shift ;;
        --build) build=$2; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
throttle="$build/src/cli/throttle"
mask="$build/tests/e2e/summary_mask"
for tool in "$k6" "$throttle" "$mask"; do
    [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 2; }
done
export K6_NO_USAGE_REPORT=true
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$throttle" demo-target --port "$port" >"$work/target.log" 2>&1 &
target=$!
trap 'kill $target 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/ok" >/dev/null 2>&1 && break
    sleep 0.1
done
base="http://127.0.0.1:$port"
apiport=$((port + 1))

# k6 -q prints no banner; Throttle prints its banner (a blank line, execution, script, output,
# scenarios and a blank line) even with -q: drop it, keep what comes before and after.
strip_banner() {
    awk 'state == 2 { print; next }
         state == 0 && /^  execution: / { held = ""; state = 1; next }
         state == 0 { if (held != "") print substr(held, 2); held = "x" $0; next }
         /^  scenarios: / { state = 3; next }
         state == 3 && /^$/ { state = 2 }
         END { if (state == 0 && held != "") print substr(held, 2) }'
}

status=0
compare() {   # name, then the arguments after `run`
    local name=$1; shift
    "$k6" run -q -a "127.0.0.1:$apiport" -e BASE_URL="$base" "$@" >"$work/k6.out" 2>"$work/k6.err"
    "$throttle" run -q --address= -e BASE_URL="$base" "$@" >"$work/throttle.out" 2>"$work/throttle.err"
    "$mask" <"$work/k6.out" >"$work/k6.masked"
    strip_banner <"$work/throttle.out" | "$mask" >"$work/throttle.masked"
    if diff -u "$work/k6.masked" "$work/throttle.masked" >"$work/diff"; then
        echo "same       $name"
    else
        echo "DIFFERENT  $name"; cat "$work/diff"; status=1
    fi
    [ $update = 1 ] && cp "$work/k6.masked" "$here/expected/$name.txt"
    return 0
}

for script in "$here"/checks_metrics.js "$here"/http_scenarios.js "$here"/trend_stats.js; do
    stem=$(basename "$script" .js)
    for mode in compact full legacy; do
        compare "$stem.$mode" --summary-mode="$mode" "$script"
    done
done
compare "abort.compact" --summary-mode=compact "$here/abort.js"
compare "checks_metrics.no-summary" --no-summary "$here/checks_metrics.js"
compare "checks_metrics.trend-flags" --summary-trend-stats=avg,p\(99\),count --summary-time-unit=s "$here/checks_metrics.js"

# Colours: both on a terminal (script(1) gives them a pty; it turns \n into \r\n).
for tool in k6 throttle; do
    if [ $tool = k6 ]; then cmd="$k6 run -q -a 127.0.0.1:$apiport"; else cmd="$throttle run -q --address="; fi
    script -qec "$cmd -e BASE_URL=$base --summary-mode=full $here/checks_metrics.js 2>/dev/null" /dev/null \
        | tr -d '\r' >"$work/$tool.raw"
    if [ $tool = k6 ]; then "$mask" <"$work/$tool.raw"; else strip_banner <"$work/$tool.raw" | "$mask"; fi >"$work/$tool.tty"
done
if diff -u "$work/k6.tty" "$work/throttle.tty" >"$work/diff"; then echo "same       checks_metrics.full.tty"
else echo "DIFFERENT  checks_metrics.full.tty"; cat "$work/diff"; status=1; fi
[ $update = 1 ] && cp "$work/k6.tty" "$here/expected/checks_metrics.full.tty.txt"
exit $status
