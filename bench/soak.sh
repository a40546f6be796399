#!/usr/bin/env bash
# Soak: Throttle at full rate against a local nginx for a long time, sampling its RSS every
# 10 s, to show that memory stays flat (trend histograms have fixed size; nothing keeps samples).
# Prints the RSS curve and the drift after warm-up (the first minute; a quarter of runs shorter
# than 5 minutes, which sample every 2 s instead of 10 s). Not a test.
#
# Usage: bench/soak.sh [--duration 30m] [--vus 50] [--throttle PATH] [--out json=/dev/null]
#        bench/soak.sh --duration 2h --vus 50     # the 2-hour soak (prints the RSS at every 30 min)
#        bench/soak.sh --duration 2m              # a check that the script works (drift is noise)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
duration=30m; vus=50; throttle="${THROTTLE:-}"; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    --vus) vus="$2"; shift ;;
    --throttle) throttle="$2"; shift ;;
    --out) extra+=(--out "$2"); shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
for c in "$here/../build-bench/src/cli/throttle" "$here/../build-release/src/cli/throttle" "$here/../build/src/cli/throttle"; do
  [ -n "$throttle" ] || { [ -x "$c" ] && throttle="$c"; }
done
[ -x "${throttle:-}" ] || { echo "soak.sh: no throttle binary (build Release first, see bench/README.md)" >&2; exit 1; }
command -v nginx >/dev/null || { echo "soak.sh: nginx missing: run installer/install-deps.sh" >&2; exit 1; }

# The duration in seconds (k6's forms: 90s, 30m, 2h, 1h30m): short runs are sampled more often.
seconds=$(echo "$duration" | awk '{ s = 0; while (match($0, /^[0-9.]+(h|m|s)/)) { v = substr($0, 1, RLENGTH - 1); u = substr($0, RLENGTH, 1);
  s += v * (u == "h" ? 3600 : u == "m" ? 60 : 1); $0 = substr($0, RLENGTH + 1) } print int(s) }')
interval=10; [ "${seconds:-0}" -lt 300 ] && interval=2

tmp="$(mktemp -d)"
port=$(( (RANDOM % 20000) + 30000 ))
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $tmp/error.log;
pid $tmp/nginx.pid;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$port; location = /hello { return 200 "hello"; } } }
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null || true; kill "${tpid:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
sleep 0.5

echo "soak: $throttle, $vus VUs for $duration against nginx 127.0.0.1:$port (load avg $(cut -d' ' -f1-3 /proc/loadavg))"
"$throttle" run -q --address= -u "$vus" -d "$duration" -e BASE_URL="http://127.0.0.1:$port" "${extra[@]}" \
  "$here/scripts/hello.js" >"$tmp/summary.txt" 2>"$tmp/stderr.txt" &
tpid=$!
printf '%8s %10s\n' "t (s)" "RSS (MiB)"
start=$(date +%s); samples=()
while kill -0 "$tpid" 2>/dev/null; do
  t=$(( $(date +%s) - start ))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$tpid/status" 2>/dev/null || true)
  [ -n "$rss" ] && { awk -v t="$t" -v r="$rss" 'BEGIN { printf "%8d %10.1f\n", t, r / 1024 }'; samples+=("$t:$rss"); }
  sleep "$interval"
done
wait "$tpid" || true
reqs=$(grep -E '^ +http_reqs' "$tmp/summary.txt" | awk '{print $2}')
echo "requests: ${reqs:-?}"
# Drift after warm-up, two ways: (1) the last sample against the first one after warm-up; (2) the
# median of the last 2 minutes against the median of the 2 minutes after warm-up, which is steadier:
# each VU's JS heap saw-tooths by a few MiB between garbage collections, and single samples catch it
# at any point of the cycle. Warm-up is the first minute (a quarter of runs under 5 minutes, whose
# windows shrink to a quarter of the run too: their figure shows the script works, not a drift).
printf '%s\n' "${samples[@]}" | awk -F: '
  { t[NR] = $1; r[NR] = $2; end = $1 }
  function median(lo, hi,   n, i, j, v, tmp) {
    n = 0
    for (i = 1; i <= NR; i++) if (t[i] >= lo && t[i] < hi) v[++n] = r[i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { tmp = v[j]; v[j] = v[j-1]; v[j-1] = tmp }
    return n ? (n % 2 ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2) : 0
  }
  END {
    if (NR < 4 || end < 20) { print "run too short for a drift figure"; exit }
    short = end < 300
    warm = short ? int(end / 4) : 60
    span = short ? int(end / 4) : 120
    for (i = 1; i <= NR; i++) if (t[i] >= warm) { b = r[i]; break }
    l = r[NR]
    printf "RSS after warm-up (last sample vs first at >= %d s): %.1f MiB -> %.1f MiB, growth %.2f %%\n", warm, b / 1024, l / 1024, (l - b) * 100 / b
    mb = median(warm, warm + span); ml = median(end - span, end + 1)
    printf "drift: median RSS of the last %d s vs the %d s after warm-up: %.1f MiB -> %.1f MiB, %+.2f %% (target < 5 %%)%s\n",
           span, span, mb / 1024, ml / 1024, (ml - mb) * 100 / mb, short ? " [short run: not a soak figure]" : ""
    # Long runs (--duration 2h): the median of the 2 minutes before every 30-minute mark, so a
    # drift that keeps growing can be told from one that levels off.
    for (m = 1800; m <= end; m += 1800) {
      mm = median(m - 120, m + 1)
      printf "  at %3d min: median RSS %.1f MiB (%+.2f %% against the 2 min after warm-up)\n", m / 60, mm / 1024, (mm - mb) * 100 / mb
    }
  }'
