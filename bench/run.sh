#!/usr/bin/env bash
# Throttle benchmark suite: throughput against wrk, CPU, peak RSS, and memory per VU at 1000 VUs.
# Benchmarks are not tests: this prints figures and ratios against a reference (wrk) measured in
# the same run, on the same nginx, interleaved. Read the ratios; absolute figures depend on what
# else the machine is doing. See bench/README.md.
#
# Usage: bench/run.sh [--quick] [--only SECTIONS] [--throttle PATH] [--wrk-threads N] [--keep]
#   --quick          1 repetition, 5 s throughput runs, 8 s memory runs (default: 3 reps, 10 s, 15 s)
#   --only SECTIONS  comma list of throughput,memory,outputs,history (default: all four)
#   --throttle PATH  the throttle binary (default: $THROTTLE, else build-bench/, else build/)
#   --wrk-threads N  wrk -t N (default 2: same 2 cores Throttle may use; see README)
#   --keep           keep the temp dir (nginx config, every run's raw output)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

quick=0
keep=0
wrk_threads=2
only="throughput,memory,outputs,history"
throttle="${THROTTLE:-}"
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --keep) keep=1 ;;
    --throttle) throttle="$2"; shift ;;
    --throttle=*) throttle="${1#*=}" ;;
    --only) only="$2"; shift ;;
    --only=*) only="${1#*=}" ;;
    --wrk-threads) wrk_threads="$2"; shift ;;
    --wrk-threads=*) wrk_threads="${1#*=}" ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ((quick)); then reps=1; dur=5; mem_dur=8; else reps=3; dur=10; mem_dur=15; fi
vu_counts=(10 50 200)
out_vus=50
want() { [[ ",$only," == *",$1,"* ]]; }
# The run history stays off except in its own section (which names its database with --history),
# so the other figures compare with runs from before it existed and nothing lands in ~/.local.
export THROTTLE_NO_HISTORY=1
mem_low=10
mem_high=1000

# ---------------------------------------------------------------------------------------------
# Prerequisites
die() { echo "run.sh: $*" >&2; exit 1; }
missing=()
nginx_bin="$(command -v nginx || true)"; [ -n "$nginx_bin" ] || { [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx; }
[ -n "$nginx_bin" ] || missing+=("nginx (Debian package nginx-light)")
command -v wrk >/dev/null || missing+=("wrk (Debian package wrk)")
# GNU time, not the shell keyword: it reports user/sys CPU and peak RSS of the child.
if [ ! -x /usr/bin/time ] || ! /usr/bin/time --version 2>&1 | grep -q GNU; then
  missing+=("/usr/bin/time (Debian package time)")
fi
command -v timeout >/dev/null || missing+=("timeout (Debian package coreutils)")
if ((${#missing[@]})); then
  printf 'run.sh: missing: %s\n' "${missing[@]}" >&2
  echo "run.sh: install with installer/install-deps.sh, or: apt-get install nginx-light wrk time" >&2
  exit 1
fi

if [ -z "$throttle" ]; then
  for c in "$root/build-bench/src/cli/throttle" "$root/build/src/cli/throttle"; do
    [ -x "$c" ] && { throttle="$c"; break; }
  done
fi
{ [ -n "$throttle" ] && [ -x "$throttle" ]; } || die "no throttle binary; build it:
  cmake -S $root -B $root/build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHROTTLE_BUILD_TESTS=OFF -DTHROTTLE_BUILD_DESKTOP=OFF
  cmake --build $root/build-bench --target throttle
or pass --throttle PATH"

# 1000 VUs each hold a socket; nginx and Throttle both need the descriptors.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/throttle-bench.XXXXXX")"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  if ((keep)); then echo "raw output kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Machine and load
cpu_model="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
[ -n "$cpu_model" ] || cpu_model="$(uname -m)"
echo "== Throttle benchmark $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine   : $(nproc) CPUs, ${cpu_model}, $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
echo "load avg  : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at start"
echo "throttle  : $throttle ($(git -C "$root" describe --always --dirty 2>/dev/null || echo 'no git'))"
echo "reference : $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), -t$wrk_threads; $("$nginx_bin" -v 2>&1 | sed 's/.*: //'), 1 worker"
echo "mode      : $reps rep(s), ${dur}s throughput runs, ${mem_dur}s memory runs$( ((quick)) && echo ' (--quick)')"
if awk -v n="$(nproc)" '{exit !($1 > n * 0.5)}' /proc/loadavg; then
  echo "WARNING   : load average is high; other work shares the cores, so read ratios, not absolutes"
fi
echo

# ---------------------------------------------------------------------------------------------
# nginx: one worker, generated config, tiny keep-alive response
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
start_nginx() {
  local port conf="$tmp/nginx/nginx.conf"
  mkdir -p "$tmp/nginx/logs"
  for _ in $(seq 20); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    cat >"$conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 16384;
daemon off;
master_process on;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 100000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:$port;
    location = /hello { default_type text/plain; return 200 "hello"; }
  }
}
EOF
    "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/logs/error.log" -c "$conf" >"$tmp/nginx/stdout" 2>&1 &
    nginx_pid=$!
    for _ in $(seq 50); do
      kill -0 "$nginx_pid" 2>/dev/null || break
      port_in_use "$port" && { base_url="http://127.0.0.1:$port"; return 0; }
      sleep 0.1
    done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  done
  cat "$tmp/nginx/logs/error.log" >&2 2>/dev/null || true
  die "could not start nginx"
}
start_nginx
nginx_worker="$(pgrep -P "$nginx_pid" | head -1 || true)"
# CPU seconds (user+sys) the nginx worker has used so far: shows when the server is the limit.
nginx_cpu() {
  if [ -z "$nginx_worker" ] || [ ! -r "/proc/$nginx_worker/stat" ]; then echo 0; return; fi
  awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz}' "/proc/$nginx_worker/stat"
}
echo "nginx     : $base_url/hello (master $nginx_pid, worker ${nginx_worker:-?})"
echo

# ---------------------------------------------------------------------------------------------
# One measured run. Writes "<req/s> <cpu s> <peak RSS KiB> <nginx cpu s> <status>" to stdout.
# status: ok, or what went wrong (exit code, signal, timeout, unparsable output).
measure() {  # measure <label> <cmd...>
  local label="$1"; shift
  local out="$tmp/$label.out" tf="$tmp/$label.time" rc=0 n0 n1 rate status=ok
  n0="$(nginx_cpu)"
  /usr/bin/time -f '%U %S %M' -o "$tf" "$@" >"$out" 2>&1 || rc=$?
  n1="$(nginx_cpu)"
  if ((rc == 124)); then status="timeout"
  elif ((rc > 128)); then status="signal$((rc - 128))"
  elif ((rc != 0)); then status="exit$rc"
  fi
  if grep -q '^Requests/sec:' "$out"; then
    rate="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  else
    rate="$(awk '/http_reqs\.*:/ {r=$3; sub(/\/s$/, "", r); print r}' "$out")"
  fi
  [ -n "$rate" ] || { rate=0; [ "$status" = ok ] && status="noparse"; }
  # wrk: count socket errors/non-2xx; Throttle: failed requests. Either makes the run suspect.
  if grep -qE '^ *(Socket errors|Non-2xx)' "$out"; then [ "$status" = ok ] && status="errors"; fi
  if grep -qE 'http_req_failed\.*: *[0-9.]+% ' "$out" &&
     ! grep -qE 'http_req_failed\.*: *0\.00% ' "$out"; then [ "$status" = ok ] && status="failedreqs"; fi
  tail -1 "$tf" | awk -v r="$rate" -v n0="$n0" -v n1="$n1" -v s="$status" \
    '{printf "%s %.2f %d %.2f %s\n", r, $1 + $2, $3, n1 - n0, s}'
}

run_wrk() {  # run_wrk <conns> <rep>
  measure "wrk-c$1-r$2" timeout -k 5 $((dur + 30)) wrk -t"$wrk_threads" -c"$1" -d"${dur}s" "$base_url/hello"
}
run_throttle() {  # run_throttle <vus> <script> <duration> <tag> [extra run flags...]
  local vus="$1" script="$2" secs="$3" tag="$4"; shift 4
  measure "throttle-$tag-u$vus" timeout -k 10 $((secs + 120)) "$throttle" run -u "$vus" -d "${secs}s" -q \
    -e BASE_URL="$base_url" "$@" "$here/scripts/$script"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2); else print 0}'; }
col() { awk -v c="$1" '{print $c}'; }

# Results: results[<tool>-<vus>] accumulates lines "rate cpu rss ncpu status".
declare -A results
progress() { printf '  %-34s %s\n' "$1" "$2" >&2; }

# ---------------------------------------------------------------------------------------------
want throughput && echo "== Throughput: wrk vs throttle (hello.js, $reps rep(s) of ${dur}s, interleaved)" >&2
want throughput && for rep in $(seq "$reps"); do
  for n in "${vu_counts[@]}"; do
    # Alternate who goes first so neither side always runs on a warmer (or busier) machine.
    if ((rep % 2)); then order=(wrk throttle); else order=(throttle wrk); fi
    for tool in "${order[@]}"; do
      if [ "$tool" = wrk ]; then line="$(run_wrk "$n" "$rep")"
      else line="$(run_throttle "$n" hello.js "$dur" "hello-r$rep")"; fi
      results[$tool-$n]+="$line"$'\n'
      progress "rep $rep  $tool  $n conns/VUs" "$line"
    done
  done
done

want memory && echo "== Memory at scale (sleep.js, $reps rep(s) of ${mem_dur}s)" >&2
want memory && for rep in $(seq "$reps"); do
  for n in "$mem_low" "$mem_high"; do
    line="$(run_throttle "$n" sleep.js "$mem_dur" "sleep-r$rep")"
    results[mem-$n]+="$line"$'\n'
    progress "rep $rep  throttle sleep.js  $n VUs" "$line"
  done
done

# Outputs cost: the same run with every output on (a JSON and a CSV file, written to disk and
# deleted after each run) against outputs off. The metrics engine, the time series and the
# summary run in both; the ratio is what the outputs cost. Target: >= 0.90 (within 10 %).
want outputs && echo "== Outputs cost: hello.js at $out_vus VUs, outputs off vs --out json --out csv ($reps rep(s) of ${dur}s, interleaved)" >&2
want outputs && for rep in $(seq "$reps"); do
  if ((rep % 2)); then order=(off full); else order=(full off); fi
  for mode in "${order[@]}"; do
    if [ "$mode" = off ]; then
      line="$(run_throttle "$out_vus" hello.js "$dur" "out-off-r$rep")"
    else
      line="$(run_throttle "$out_vus" hello.js "$dur" "out-full-r$rep" \
              --out "json=$tmp/out-r$rep.json" --out "csv=$tmp/out-r$rep.csv")"
      out_bytes="$(cat "$tmp/out-r$rep.json" "$tmp/out-r$rep.csv" 2>/dev/null | wc -c)"
      results[outbytes]+="$out_bytes"$'\n'
      rm -f "$tmp/out-r$rep.json" "$tmp/out-r$rep.csv"
    fi
    results[out-$mode]+="$line"$'\n'
    progress "rep $rep  throttle outputs $mode" "$line"
  done
done

# History cost (issue 20: "req/s with history on within 3 % of history off"): the same run
# recorded into a fresh run-history database in the temp dir against --no-history, interleaved.
want history && echo "== History cost: hello.js at $out_vus VUs, --no-history vs --history FILE ($reps rep(s) of ${dur}s, interleaved)" >&2
want history && for rep in $(seq "$reps"); do
  if ((rep % 2)); then order=(off on); else order=(on off); fi
  for mode in "${order[@]}"; do
    if [ "$mode" = off ]; then
      line="$(run_throttle "$out_vus" hello.js "$dur" "hist-off-r$rep" --no-history)"
    else
      line="$(run_throttle "$out_vus" hello.js "$dur" "hist-on-r$rep" --history "$tmp/history-r$rep.sqlite")"
      rows="$(command -v sqlite3 >/dev/null && sqlite3 "$tmp/history-r$rep.sqlite" 'SELECT COUNT(*) FROM seconds' 2>/dev/null || echo '?')"
      results[histrows]+="$rows"$'\n'
      rm -f "$tmp/history-r$rep.sqlite" "$tmp/history-r$rep.sqlite-wal" "$tmp/history-r$rep.sqlite-shm"
    fi
    results[hist-$mode]+="$line"$'\n'
    progress "rep $rep  throttle history $mode" "$line"
  done
done
echo >&2

# ---------------------------------------------------------------------------------------------
# Report
stat_of() {  # stat_of <key> <column>: median of that column over the key's runs
  # shellcheck disable=SC2046
  median $(printf '%s' "${results[$1]}" | col "$2")
}
bad_of() {  # statuses other than ok, comma-separated
  printf '%s' "${results[$1]}" | awk '$5 != "ok" {printf "%s%s", (n++ ? "," : ""), $5}'
}
fmt_row() {  # fmt_row <label> <key>
  local rate cpu rss ncpu bad eff
  rate="$(stat_of "$2" 1)"; cpu="$(stat_of "$2" 2)"; rss="$(stat_of "$2" 3)"; ncpu="$(stat_of "$2" 4)"
  bad="$(bad_of "$2")"
  eff="$(awk -v r="$rate" -v c="$cpu" -v d="$dur" 'BEGIN {printf "%.0f", (c > 0 ? r * d / c : 0)}')"
  printf '%-6s %-9s %11.0f %9.2f %11s %9.1f %10.2f  %s\n' "$3" "$1" "$rate" "$cpu" "$eff" \
    "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$ncpu" "${bad:-}"
}

if want throughput; then
echo "Throughput (medians of $reps; CPU = user+sys of the client process; req/CPU-s = requests per"
echo "client CPU second; nginx CPU = its one worker during the run, ~${dur}s means nginx was the limit)"
printf '%-6s %-9s %11s %9s %11s %9s %10s  %s\n' VUs client 'req/s' 'CPU s' 'req/CPU-s' 'RSS MiB' 'nginx CPU' 'problems'
for n in "${vu_counts[@]}"; do
  fmt_row wrk "wrk-$n" "$n"
  fmt_row throttle "throttle-$n" "$n"
done
echo
echo "Ratio throttle req/s / wrk req/s (target: >= 0.35x at 50 VUs on a 2-core machine)"
for n in "${vu_counts[@]}"; do
  w="$(stat_of "wrk-$n" 1)"; t="$(stat_of "throttle-$n" 1)"
  awk -v n="$n" -v w="$w" -v t="$t" 'BEGIN {
    r = w > 0 ? t / w : 0
    printf "  %4d VUs: %.2fx%s\n", n, r, (n == 50 ? (r >= 0.35 ? "  (meets 0.35x)" : "  (BELOW 0.35x target)") : "")
  }'
done
echo
fi

if want memory; then
lo_rss="$(stat_of "mem-$mem_low" 3)"; hi_rss="$(stat_of "mem-$mem_high" 3)"
lo_rate="$(stat_of "mem-$mem_low" 1)"; hi_rate="$(stat_of "mem-$mem_high" 1)"
echo "Memory at scale (sleep.js: 1 GET + sleep(1) per iteration, ${mem_dur}s, medians of $reps)"
printf '  %5d VUs: peak RSS %8.1f MiB, %7.0f req/s  %s\n' "$mem_low" "$(awk -v k="$lo_rss" 'BEGIN {print k/1024}')" "$lo_rate" "$(bad_of "mem-$mem_low")"
printf '  %5d VUs: peak RSS %8.1f MiB, %7.0f req/s  %s\n' "$mem_high" "$(awk -v k="$hi_rss" 'BEGIN {print k/1024}')" "$hi_rate" "$(bad_of "mem-$mem_high")"
awk -v lo="$lo_rss" -v hi="$hi_rss" -v a="$mem_low" -v b="$mem_high" 'BEGIN {
  per = (hi - lo) / (b - a) / 1024
  printf "  RSS per VU = (%d VUs - %d VUs) / %d = %.3f MiB (%.0f KiB)  goal <= 0.5 MiB: %s\n",
    b, a, b - a, per, per * 1024, (per <= 0.5 ? "met" : "NOT MET")
}'
echo
fi

if want outputs; then
echo "Outputs cost (hello.js, $out_vus VUs, medians of $reps; full = --out json=FILE --out csv=FILE)"
printf '%-6s %-9s %11s %9s %11s %9s %10s  %s\n' VUs outputs 'req/s' 'CPU s' 'req/CPU-s' 'RSS MiB' 'nginx CPU' 'problems'
fmt_row off out-off "$out_vus"
fmt_row full out-full "$out_vus"
# shellcheck disable=SC2046
awk -v off="$(stat_of out-off 1)" -v full="$(stat_of out-full 1)" -v b="$(median $(printf '%s' "${results[outbytes]}"))" \
    -v d="$dur" 'BEGIN {
  r = off > 0 ? full / off : 0
  printf "  full / off = %.2fx  target >= 0.90x (within 10 %%): %s;  %.0f MiB of output per run (%.1f MiB/s)\n",
    r, (r >= 0.90 ? "met" : "NOT MET"), b / 1048576, b / 1048576 / d
}'
echo
fi
if want history; then
echo "History cost (hello.js, $out_vus VUs, medians of $reps; on = --history FILE, a fresh database per run)"
printf '%-6s %-9s %11s %9s %11s %9s %10s  %s\n' VUs history 'req/s' 'CPU s' 'req/CPU-s' 'RSS MiB' 'nginx CPU' 'problems'
fmt_row off hist-off "$out_vus"
fmt_row on hist-on "$out_vus"
awk -v off="$(stat_of hist-off 1)" -v on="$(stat_of hist-on 1)" -v rows="$(printf '%s' "${results[histrows]}" | head -1)" 'BEGIN {
  r = off > 0 ? on / off : 0
  printf "  on / off = %.3fx  target >= 0.97x (within 3 %%): %s;  %s per-second rows recorded in the first run\n",
    r, (r >= 0.97 ? "met" : "NOT MET"), rows
}'
echo
fi
echo "load avg  : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at end"
