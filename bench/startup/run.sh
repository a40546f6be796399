#!/usr/bin/env bash
# Script start-up benchmark (issue 13): how long `throttle run` takes from the command to the end of
# a 1-VU, 1-iteration run of each bundle that bench/startup/gen_bundles.py writes — a ~500 KB
# modern bundle, a ~500 KB ES5 bundle and a 5-file TypeScript project — first with an empty
# transpile cache, then with it warm; and the same run of k6 when a `k6` binary is on PATH, side by
# side, with the ratios. Benchmarks are not tests: nothing passes or fails. Figures are wall-clock
# medians of interleaved repetitions measured in one run; on a shared machine read the ratios.
#
# Usage: bench/startup/run.sh [--throttle PATH] [--reps N] [--kb N] [--timeout S] [--keep]
#   --throttle PATH  the throttle binary (default: $THROTTLE, else build-bench/, build-release/, build/)
#   --reps N         interleaved repetitions (default 3; the report shows medians)
#   --kb N           size of the two single-file bundles (default 500)
#   --timeout S      give up on one run after S seconds (default 300; reported as "> S s")
#   --keep           keep the temp dir (bundles, caches, every run's output)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
throttle="${THROTTLE:-}"
reps=3
kb=500
limit=300
keep=0
while (($#)); do
  case "$1" in
    --throttle) throttle="$2"; shift ;;
    --throttle=*) throttle="${1#*=}" ;;
    --reps) reps="$2"; shift ;;
    --reps=*) reps="${1#*=}" ;;
    --kb) kb="$2"; shift ;;
    --kb=*) kb="${1#*=}" ;;
    --timeout) limit="$2"; shift ;;
    --timeout=*) limit="${1#*=}" ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$throttle" ]; then
  for c in "$root/build-bench/src/cli/throttle" "$root/build-release/src/cli/throttle" "$root/build/src/cli/throttle"; do
    [ -x "$c" ] && { throttle="$c"; break; }
  done
fi
[ -n "$throttle" ] && [ -x "$throttle" ] || { echo "run.sh: no throttle binary; build one or pass --throttle PATH" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: python3 is missing (Debian package python3)" >&2; exit 1; }
/usr/bin/time --version 2>&1 | grep -q GNU || { echo "run.sh: GNU /usr/bin/time is missing (Debian package time)" >&2; exit 1; }
k6="$(command -v k6 || true)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/throttle-startup.XXXXXX")"
cleanup() { if ((keep)); then echo "kept $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

python3 "$here/gen_bundles.py" "$tmp/bundles" --kb "$kb" >"$tmp/sizes.txt"
bundles=(modern.js es5.js ts/main.ts)

# "wall/cpu/first" seconds for one run (CPU = user + system of the process and its children: what
# the run cost however busy the machine was; first = command to the first iteration's start, which
# each bundle logs as "first-iteration <Unix ms>"), or "fail:<exit code>" / "timeout".
measure() {
  local name="$1"; shift
  local log="$tmp/logs/$name.log" times="$tmp/logs/$name.time" start end rc=0
  mkdir -p "$tmp/logs"
  start=$(date +%s%N)
  K6_NO_USAGE_REPORT=true timeout "$limit" /usr/bin/time -f '%U %S' -o "$times" "$@" >"$log" 2>&1 || rc=$?
  end=$(date +%s%N)
  if ((rc == 124)); then echo timeout
  elif ((rc != 0)); then echo "fail:$rc"
  else
    local first
    first=$(grep -o 'first-iteration [0-9]*' "$log" | head -1 | cut -d' ' -f2)
    awk -v ns=$((end - start)) -v s=$((start / 1000000)) -v f="${first:-0}" \
      '{ printf "%.3f/%.3f/%.3f", ns / 1e9, $1 + $2, (f > 0 ? (f - s) / 1e3 : -1) }' "$times"
  fi
}

declare -A results
for ((rep = 1; rep <= reps; rep++)); do
  for b in "${bundles[@]}"; do
    cache="$tmp/cache-$rep-${b//\//_}"
    run=(run -q --summary-mode=disabled --address "" "$tmp/bundles/$b")
    results[$b,cold]+="$(XDG_CACHE_HOME="$cache" measure "$rep-${b//\//_}-cold" "$throttle" "${run[@]}") "
    results[$b,warm]+="$(XDG_CACHE_HOME="$cache" measure "$rep-${b//\//_}-warm" "$throttle" "${run[@]}") "
    if [ -n "$k6" ]; then
      results[$b,k6]+="$(measure "$rep-${b//\//_}-k6" "$k6" run -q --summary-mode=disabled --address 127.0.0.1:0 "$tmp/bundles/$b") "
    fi
    echo "rep $rep/$reps: $b done" >&2
  done
done

# Median of field $2 (1 wall, 2 CPU, 3 to first iteration) of the "wall/cpu" values in "$1"; a failure or timeout
# anywhere wins (it is the story).
median() {
  local v
  for v in $1; do case "$v" in fail:*|timeout) echo "$v"; return ;; esac; done
  printf '%s\n' $1 | cut -d/ -f"$2" | sort -g |
    awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f", m }'
}
show() { case "$1" in timeout) echo "> ${limit} s" ;; fail:*) echo "exit ${1#fail:}" ;; *) echo "$1 s" ;; esac; }
ratio() { if [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; else echo "-"; fi; }

echo "== Throttle script start-up $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine   : $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "throttle  : $throttle"
echo "esbuild   : $(command -v esbuild >/dev/null && esbuild --version || echo 'not on PATH')"
echo "k6        : ${k6:-not on PATH}$( [ -n "$k6" ] && echo " ($("$k6" version 2>/dev/null | head -1))")"
echo "inputs    : $(tr '\n' ';' <"$tmp/sizes.txt" | tr -s ' ')"
echo "measure   : \`run\` with 1 VU and 1 iteration; median of $reps interleaved reps; wall clock from the"
echo "            command to the first iteration's start and to exit, then CPU time (user + system,"
echo "            children included)"
echo
table() {   # $1: 1 wall, 2 CPU
  local b cold warm k
  for b in "${bundles[@]}"; do
    cold="$(median "${results[$b,cold]}" "$1")"
    warm="$(median "${results[$b,warm]}" "$1")"
    k="-"; [ -n "$k6" ] && k="$(median "${results[$b,k6]}" "$1")"
    printf '%-12s %14s %14s %14s %14s %14s\n' "$b" "$(show "$cold")" "$(show "$warm")" "$( [ "$k" = - ] && echo - || show "$k")" \
      "$(ratio "$cold" "$k")" "$(ratio "$warm" "$k")"
  done
}
printf '%-12s %14s %14s %14s %14s %14s\n' "to 1st iter." "first start" "cached start" "k6" "first ÷ k6" "cached ÷ k6"
table 3
echo
printf '%-12s %14s %14s %14s %14s %14s\n' "wall to exit" "first start" "cached start" "k6" "first ÷ k6" "cached ÷ k6"
table 1
echo
printf '%-12s %14s %14s %14s %14s %14s\n' "CPU time" "first start" "cached start" "k6" "first ÷ k6" "cached ÷ k6"
table 2
echo
echo "targets (issue 13, 500 KB modern bundle, command to first iteration): first start <= 1.0 s, cached start <= 0.3 s"
