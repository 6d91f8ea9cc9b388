#!/usr/bin/env bash
# Load benchmark of the built service over HTTPS with wrk (installed from Debian's packages if missing), side
# by side with the floor: bench/floor, the same Quarkus stack and settings (HTTPS, JAX-RS with a JSON tree)
# parsing the same AdmissionReview and answering allowed with its uid (and, on /mutate, the same four-operation
# patch), no rules. The floor is built and run only here.
#
#   bench/run.sh [SECONDS] [CONNECTIONS] [RATE]   (defaults: 15 s, 32 connections, 2,000 requests/s; 2 threads)
#
# Both run at once on free loopback ports with the same JVM options (JAVA_OPTS; default the chart's, its memory
# limit emulated with -XX:MaxRAM); Secrets from local-secrets/. Prints, from one run:
#   - start to ready (process start to the first 200 from /q/health/ready), three alternating starts each, and
#     the resident memory 5 s after ready (idle);
#   - at a fixed rate (RATE requests/s; wrk has no rate option, so each of 20 connections pauses between
#     requests, bench/paced.lua, for a time calibrated on short runs): p50/p90/p99 of ours and of the floor;
#   - at saturation (CONNECTIONS connections, no pause), three alternating rounds, the median: requests/s of
#     each endpoint and its share of the floor's; GET /q/health/live (a constant answer) as a second reference;
#   - resident memory after 60 s at 1,000 reviews/s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-15}
connections=${2:-32}
rate=${3:-2000}
paced_connections=20
source scripts/lib.sh
bench_prepare wrk   # the chart's JVM options by default (its memory limit emulated with MaxRAM)
work=target/bench; mkdir -p "$work"
certs/generate.sh --out "$work/certs" --if-absent localhost 127.0.0.1 2>/dev/null
body="$PWD/examples/create-v1alpha1.json"
declare -A jar=([ours]=target/quarkus-app/quarkus-run.jar [floor]=bench/floor/target/quarkus-app/quarkus-run.jar)
declare -A port pid

ready_or_gone() { # ready_or_gone NAME: NAME answers ready, or its process is gone (no use waiting)
  curl -sfk -o /dev/null "https://127.0.0.1:${port[$1]}/q/health/ready" || ! kill -0 "${pid[$1]}" 2>/dev/null
}
start() { # start NAME: starts it on a free port, waits for ready; sets port[NAME], pid[NAME] and took (ms to ready)
  local name=$1 t0 t1
  port[$name]=$(free_port)
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  start_service "${port[$name]}" "$work/certs" "$work/$name.log" "${jar[$name]}" $java_opts
  pid[$name]=$service_pid
  wait_interval=0.02 wait_for 120 "$name" ready_or_gone "$name"
  kill -0 "${pid[$name]}" 2>/dev/null || { echo "$name did not start:" >&2; tail -n 20 "$work/$name.log" >&2; exit 1; }
  t1=$(date +%s%N)
  took=$(( (t1 - t0) / 1000000 ))
}
stop() { kill "${pid[$1]}" 2>/dev/null; wait "${pid[$1]}" 2>/dev/null || true; }
rss() { rss_mib "${pid[$1]}"; }
trap 'for n in ours floor; do [ -n "${pid[$n]:-}" ] && stop $n; done' EXIT

declare -A ready idle
for n in ours floor; do ready[$n]=""; done
for round in 1 2 3; do
  for n in ours floor; do
    start $n
    ready[$n]+="$took "
    if [ "$round" -lt 3 ]; then stop $n; fi
  done
done
sleep 5
for n in ours floor; do idle[$n]=$(rss $n); done
url() { echo "https://127.0.0.1:${port[$1]}$2"; }

paced() { # paced URL BODY -> "achieved-rps p50 p90 p99 errors"
  local target=$1 bodyfile=$2 pause out achieved
  pause=$(awk -v c=$paced_connections -v r="$rate" 'BEGIN {printf "%.3f", c * 1000 / r}')
  for _ in 1 2; do
    out=$(BODY="$bodyfile" DELAY_MS="$pause" wrk -t2 -c$paced_connections -d4s -s bench/paced.lua "$target")
    achieved=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    pause=$(awk -v p="$pause" -v a="$achieved" -v r="$rate" -v c=$paced_connections \
      'BEGIN {lat = c * 1000 / a - p; q = c * 1000 / r - lat; if (q < 0) q = 0; printf "%.3f", q}')
  done
  out=$(BODY="$bodyfile" DELAY_MS="$pause" wrk -t2 -c$paced_connections -d"${seconds}s" --latency -s bench/paced.lua "$target")
  summary "$out"
}
saturated() { # saturated URL [BODY] -> "rps p50 p90 p99 errors"
  local args=(-t2 -c"$connections" -d"${seconds}s" --latency)
  [ -n "${2:-}" ] && args+=(-s bench/post.lua)
  summary "$(BODY="${2:-}" wrk "${args[@]}" "$1")"
}
summary() {
  local out=$1 rps p50 p90 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p90=$(awk '$1=="90%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ';' || true)
  echo "$rps $p50 $p90 $p99 ${errors:-none}"
}
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else printf "%.3f", v * 1000 }'; }

# Warm-up (JIT) of both before any measured run.
for n in ours floor; do for path in /mutate /validate; do
  BODY="$body" wrk -t2 -c"$connections" -d8s -s bench/post.lua "$(url $n $path)" > /dev/null 2>&1
done; done

echo "vaultserver-admission vs the floor over HTTPS, $(machine)"
echo "JVM options of both: $java_opts"
echo
echo "Start to ready (ms, three alternating starts) and resident memory idle 5 s after ready"
printf '%-8s %24s %8s %12s\n' "" "starts" median "idle RSS"
for n in ours floor; do
  printf '%-8s %24s %8s %9s MiB\n' $n "${ready[$n]}" "$(median <<<"${ready[$n]}")" "${idle[$n]}"
done
ratio=$(awk -v a="$(median <<<"${ready[ours]}")" -v b="$(median <<<"${ready[floor]}")" 'BEGIN {printf "%.2f", a / b}')
echo "ours / floor start to ready: $ratio"
echo
echo "At a fixed rate: target $rate requests/s, wrk -t2 -c$paced_connections -d${seconds}s with a calibrated pause per connection"
printf '%-16s %-6s %12s %10s %10s %10s %12s  %s\n' endpoint who "achieved/s" p50 p90 p99 "p99 / floor" errors
for path in /mutate /validate; do
  declare -A line=()
  for n in ours floor; do line[$n]=$(paced "$(url $n $path)" "$body"); done
  floor_p99=$(ms "$(awk '{print $4}' <<<"${line[floor]}")")
  for n in ours floor; do
    read -r rps p50 p90 p99 errors <<<"${line[$n]}"
    printf '%-16s %-6s %12s %10s %10s %10s %12s  %s\n' "POST $path" $n "$rps" "$p50" "$p90" "$p99" \
      "$(awk -v a="$(ms "$p99")" -v b="$floor_p99" 'BEGIN {printf "%.2f", a / b}')" "$errors"
  done
done
echo
echo "At saturation: wrk -t2 -c$connections -d${seconds}s, three alternating rounds, median requests/s"
declare -A runs=()
for round in 1 2 3; do
  for path in /mutate /validate; do for n in ours floor; do
    runs["$n $path"]+="$(saturated "$(url $n $path)" "$body" | awk '{print $1}') "
  done; done
  runs["ours GET /q/health/live"]+="$(saturated "$(url ours /q/health/live)" | awk '{print $1}') "
done
printf '%-26s %-6s %12s %26s %10s\n' endpoint who "requests/s" rounds "vs floor"
for path in /mutate /validate; do
  floor_rps=$(median <<<"${runs["floor $path"]}")
  for n in ours floor; do
    rps=$(median <<<"${runs["$n $path"]}")
    printf '%-26s %-6s %12s %26s %10s\n' "POST $path" $n "$rps" "${runs["$n $path"]}" "$(awk -v a="$rps" -v b="$floor_rps" 'BEGIN {printf "%.2f", a / b}')"
  done
done
printf '%-26s %-6s %12s %26s\n' "GET /q/health/live" ours "$(median <<<"${runs["ours GET /q/health/live"]}")" "${runs["ours GET /q/health/live"]}"
echo
rate=1000
for n in ours floor; do
  BODY="$body" DELAY_MS=$(awk -v c=$paced_connections 'BEGIN {printf "%.3f", c * 1000 / 1000}') \
    wrk -t2 -c$paced_connections -d60s -s bench/paced.lua "$(url $n /validate)" > "$work/$n-60s.txt"
  echo "resident memory of $n after 60 s at about $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/$n-60s.txt") reviews/s (POST /validate): $(rss $n) MiB"
done
