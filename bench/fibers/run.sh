#!/usr/bin/env bash
# Issue 14 phase 1: the fiber prototype (fiber_vus) side by side with wrk, Throttle's current
# thread-per-VU engine and k6, on one local nginx, interleaved. Prints medians and ratios; the
# machine may be shared, so it also prints each client's requests per CPU-second (what a
# request costs the client, much less sensitive to other load) and nginx's CPU per request.
#
# Usage: bench/fibers/run.sh --fiber PATH --throttle PATH [--k6 PATH] [--reps N] [--dur S]
#                            [--vus "10 50 200 1000"] [--nice] [--only throughput,memory,idle]
#                            [--idle-vus N]
#   idle     Throttle's real VU runtime initialised and left idle, thread per VU against fibers,
#            and on a generated 450 KB bundle also with the one compile (fiber_idlevus, found next
#            to --fiber)
#   --nice   run nginx and every client at nice -15, so other work on a shared machine takes
#            less of their CPU (needs root; all contenders get the same treatment)
set -euo pipefail
fiber="" throttle="" k6="${K6:-}" reps=3 dur=10 vus="10 50 200 1000" nice="" only="throughput,memory,idle" idle_vus=500
while (($#)); do
  case "$1" in
    --fiber) fiber="$2"; shift ;; --throttle) throttle="$2"; shift ;; --k6) k6="$2"; shift ;;
    --reps) reps="$2"; shift ;; --dur) dur="$2"; shift ;; --vus) vus="$2"; shift ;;
    --nice) nice="nice -n -15" ;; --only) only="$2"; shift ;; --idle-vus) idle_vus="$2"; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$fiber" ] && [ -x "$throttle" ] || { echo "run.sh: --fiber and --throttle binaries needed" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
export K6_NO_USAGE_REPORT=true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
tmp="$(mktemp -d /tmp/fiber-bench.XXXXXX)"; nginx_pid=""
cleanup() { [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null; sleep 0.5; rm -rf "$tmp"; }
trap cleanup EXIT

port=$((20000 + RANDOM % 30000))
mkdir -p "$tmp/logs"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1; daemon off; master_process on; pid $tmp/nginx.pid;
worker_rlimit_nofile 20000; error_log $tmp/logs/error.log warn;
events { worker_connections 19000; }
http { access_log off; keepalive_requests 10000000; keepalive_timeout 300s;
  client_body_temp_path $tmp/b; proxy_temp_path $tmp/p; fastcgi_temp_path $tmp/f; uwsgi_temp_path $tmp/u; scgi_temp_path $tmp/s;
  server { listen 127.0.0.1:$port backlog=4096; location = /hello { default_type text/plain; return 200 "hello"; } } }
CONF
$nice /usr/sbin/nginx -p "$tmp" -e "$tmp/logs/error.log" -c "$tmp/nginx.conf" >/dev/null 2>&1 &
nginx_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
worker_pid() { pgrep -P "$nginx_pid" | head -1; }
nginx_cpu() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$(worker_pid)/stat"; }

echo "== fiber prototype vs wrk, Throttle (thread per VU), k6 — $(date -u '+%F %T UTC')"
echo "machine : $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)${nice:+, contenders at nice -15}"
echo "throttle: $throttle"; echo "fiber   : $fiber"; echo "k6      : ${k6:-none}"

# one run -> "rps cpu_s nginx_cpu_s rss_kb"
run_one() {
  local tool="$1" n="$2" out="$tmp/out" t0 t1 rps
  t0=$(nginx_cpu)
  case "$tool" in
    wrk) $nice /usr/bin/time -f "TIME %U %S %M" wrk -t2 -c"$n" -d"${dur}s" "$base/hello" >"$out" 2>&1 || true
         rps=$(awk '/Requests\/sec/ {print $2}' "$out") ;;
    throttle) $nice /usr/bin/time -f "TIME %U %S %M" "$throttle" run -u "$n" -d "${dur}s" -q -e BASE_URL="$base" \
                "$root/bench/scripts/hello.js" >"$out" 2>&1 || true
         rps=$(awk '/http_reqs/ {sub(/\/s$/, "", $3); print $3}' "$out") ;;
    k6) $nice /usr/bin/time -f "TIME %U %S %M" "$k6" run -u "$n" -d "${dur}s" -q -e BASE_URL="$base" \
                "$root/bench/scripts/hello.js" >"$out" 2>&1 || true
         rps=$(awk '/http_reqs/ {sub(/\/s$/, "", $3); print $3}' "$out") ;;
    fiber) $nice /usr/bin/time -f "TIME %U %S %M" "$fiber" --url "$base/hello" --vus "$n" --duration "$dur" >"$out" 2>&1 || true
         rps=$(grep -o 'rps=[0-9.]*' "$out" | cut -d= -f2) ;;
  esac
  t1=$(nginx_cpu)
  awk -v r="${rps:-0}" -v a="$t0" -v b="$t1" '/^TIME/ {printf "%s %.2f %.2f %s\n", r, $2+$3, b-a, $4}' "$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

if [[ ",$only," == *",throughput,"* ]]; then
  tools=(wrk throttle fiber); [ -n "$k6" ] && tools+=(k6)
  declare -A R
  for rep in $(seq "$reps"); do
    for n in $vus; do
      # rotate the order each rep so no tool always gets the same slot
      for i in $(seq 0 $((${#tools[@]} - 1))); do
        t=${tools[$(((i + rep) % ${#tools[@]}))]}
        echo "rep $rep: $t at $n VUs" >&2
        R[$t,$n,$rep]="$(run_one "$t" "$n")"
      done
    done
  done
  printf '\n%-6s %-9s %10s %10s %14s %16s\n' VUs tool "req/s" "client CPU" "req/client-CPU-s" "nginx CPU µs/req"
  for n in $vus; do
    for t in "${tools[@]}"; do
      rps=$(for r in $(seq "$reps"); do echo "${R[$t,$n,$r]}" | cut -d' ' -f1; done | median)
      eff=$(for r in $(seq "$reps"); do echo "${R[$t,$n,$r]}" | awk -v d="$dur" '{print ($2>0) ? $1*d/$2 : 0}'; done | median)
      cpu=$(for r in $(seq "$reps"); do echo "${R[$t,$n,$r]}" | cut -d' ' -f2; done | median)
      ngx=$(for r in $(seq "$reps"); do echo "${R[$t,$n,$r]}" | awk -v d="$dur" '{print ($1>0) ? $3*1e6/($1*d) : 0}'; done | median)
      printf '%-6s %-9s %10.0f %10.2f %14.0f %16.1f\n' "$n" "$t" "$rps" "$cpu" "$eff" "$ngx"
      eval "M_${t}_$n=$rps; E_${t}_$n=$eff"
    done
  done
  echo; echo "ratios (medians of $reps):"
  for n in $vus; do
    f=$(eval echo "\$M_fiber_$n"); th=$(eval echo "\$M_throttle_$n"); w=$(eval echo "\$M_wrk_$n")
    fe=$(eval echo "\$E_fiber_$n"); te=$(eval echo "\$E_throttle_$n")
    line=$(awk -v f="$f" -v t="$th" -v w="$w" -v fe="$fe" -v te="$te" 'BEGIN {printf "fiber/throttle %.2f  fiber/wrk %.2f  throttle/wrk %.2f  per-CPU fiber/throttle %.2f", f/t, f/w, t/w, fe/te}')
    if [ -n "$k6" ]; then
      k=$(eval echo "\$M_k6_$n"); ke=$(eval echo "\$E_k6_$n")
      line+=$(awk -v f="$f" -v k="$k" -v t="$th" -v fe="$fe" -v ke="$ke" 'BEGIN {printf "  fiber/k6 %.2f  throttle/k6 %.2f  per-CPU fiber/k6 %.2f", f/k, t/k, fe/ke}')
    fi
    echo "  $n VUs: $line"
  done
fi

if [[ ",$only," == *",memory,"* ]]; then
  echo; echo "memory and start-up at 1000 VUs (GET + sleep 1 per iteration; peak RSS by /usr/bin/time):"
  peak() { awk '/^TIME/ {print $4}' "$tmp/out"; }
  for n in 10 1000; do
    $nice /usr/bin/time -f "TIME %U %S %M" "$throttle" run -u $n -d 15s -q -e BASE_URL="$base" "$root/bench/scripts/sleep.js" >"$tmp/out" 2>&1 || true
    eval "TH_$n=$(peak)"
    $nice /usr/bin/time -f "TIME %U %S %M" "$fiber" --url "$base/hello" --vus $n --sleep 1 --duration 15 >"$tmp/out" 2>&1 || true
    eval "FI_$n=$(peak)"
    if [ -n "$k6" ]; then
      $nice /usr/bin/time -f "TIME %U %S %M" "$k6" run -u $n -d 15s -q -e BASE_URL="$base" "$root/bench/scripts/sleep.js" >"$tmp/out" 2>&1 || true
      eval "K6_$n=$(peak)"
    fi
  done
  awk -v a="$TH_10" -v b="$TH_1000" 'BEGIN {printf "  throttle: peak %d → %d MiB, %.2f MiB per VU\n", a/1024, b/1024, (b-a)/990/1024}'
  awk -v a="$FI_10" -v b="$FI_1000" 'BEGIN {printf "  fiber   : peak %d → %d MiB, %.2f MiB per VU\n", a/1024, b/1024, (b-a)/990/1024}'
  [ -n "$k6" ] && awk -v a="$K6_10" -v b="$K6_1000" 'BEGIN {printf "  k6      : peak %d → %d MiB, %.2f MiB per VU\n", a/1024, b/1024, (b-a)/990/1024}'
  echo "  1000 VUs, init + one iteration each (wall, peak RSS):"
  s=$(date +%s.%N); $nice /usr/bin/time -f "TIME %U %S %M" "$throttle" run -u 1000 -i 1000 -q -e BASE_URL="$base" "$root/bench/scripts/hello.js" >"$tmp/out" 2>&1 || true
  awk -v s="$s" -v e="$(date +%s.%N)" -v m="$(peak)" 'BEGIN {printf "    throttle: %.2f s, %d MiB\n", e-s, m/1024}'
  s=$(date +%s.%N); $nice /usr/bin/time -f "TIME %U %S %M" "$fiber" --url "$base/hello" --vus 1000 --iterations 1 >"$tmp/out" 2>&1 || true
  awk -v s="$s" -v e="$(date +%s.%N)" -v m="$(peak)" 'BEGIN {printf "    fiber   : %.2f s, %d MiB\n", e-s, m/1024}'
  if [ -n "$k6" ]; then
    s=$(date +%s.%N); $nice /usr/bin/time -f "TIME %U %S %M" "$k6" run -u 1000 -i 1000 -q -e BASE_URL="$base" "$root/bench/scripts/hello.js" >"$tmp/out" 2>&1 || true
    awk -v s="$s" -v e="$(date +%s.%N)" -v m="$(peak)" 'BEGIN {printf "    k6      : %.2f s, %d MiB\n", e-s, m/1024}'
  fi
fi
if [[ ",$only," == *",idle,"* ]]; then
  idle="$(dirname "$fiber")/fiber_idlevus"
  if [ ! -x "$idle" ]; then
    echo; echo "idle VUs: $idle not built (THROTTLE_BUILD_BENCH=ON)"
  else
    echo; echo "idle VUs with the real runtime (init wall time, RSS and mappings per VU; one process each):"
    field() { grep -o "$1=[0-9.]*" "$tmp/out" | cut -d= -f2; }
    idle_row() {   # label, then fiber_idlevus arguments
      local label="$1"; shift
      $nice "$idle" "$@" >"$tmp/out" 2>"$tmp/err" || { echo "  $label: failed: $(tail -1 "$tmp/err")"; return; }
      printf '  %-30s init %7.2f ms/VU  RSS %6.0f KiB/VU  maps %5.1f/VU  stack %3s KiB/VU\n' "$label" \
        "$(field init_ms_per_vu)" "$(field rss_kib_per_vu)" "$(field maps_per_vu)" "$(field stack_kib_per_vu)"
      eval "I_${label//[^a-z0-9]/_}=$(field init_ms_per_vu); R_${label//[^a-z0-9]/_}=$(field rss_kib_per_vu)"
    }
    idle_row "sleep.js thread" --script "$root/bench/scripts/sleep.js" --vus "$idle_vus" --mode thread
    idle_row "sleep.js fiber" --script "$root/bench/scripts/sleep.js" --vus "$idle_vus" --mode fiber
    awk -v a="$I_sleep_js_fiber" -v b="$I_sleep_js_thread" -v c="$R_sleep_js_fiber" -v d="$R_sleep_js_thread" \
      'BEGIN {printf "    fiber/thread: init %.2f, RSS %.2f\n", a/b, c/d}'
    python3 "$here/genbundle.py" "$tmp/bundle.mjs" 450 >/dev/null
    idle_row "bundle 450kb thread" --script "$tmp/bundle.mjs" --vus 50 --mode thread
    idle_row "bundle 450kb fiber" --script "$tmp/bundle.mjs" --vus 50 --mode fiber
    idle_row "bundle 450kb fiber shared" --script "$tmp/bundle.mjs" --vus 50 --mode fiber --shared
    awk -v t="$I_bundle_450kb_thread" -v f="$I_bundle_450kb_fiber" -v s="$I_bundle_450kb_fiber_shared" \
        -v rt="$R_bundle_450kb_thread" -v rf="$R_bundle_450kb_fiber" -v rs="$R_bundle_450kb_fiber_shared" \
      'BEGIN {printf "    against thread: fiber init %.2f RSS %.2f; fiber+shared init %.2f RSS %.2f\n", f/t, rf/rt, s/t, rs/rt}'
  fi
fi
echo; echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
