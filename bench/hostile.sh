#!/usr/bin/env bash
# Hostile clients against the built service: reviews answered while 2,000 idle TLS connections are held open and
# 50 clients send a body at one byte a second (bench/Hostile.java). Prints /validate's latency at RATE reviews/s
# (default 500) without them and with them, how long the idle connections lasted and when the slow bodies were
# cut off (the body deadline, vaultserver-admission.http.body-deadline, 10 s by default).
#   bench/hostile.sh [IDLE] [SLOW] [RATE]
# With SEPARATE_CORES=1 the service runs on core 0 and the clients (wrk and the hostile JVM) on the other cores, so
# that what is measured is the service's own behaviour rather than the clients' share of the same cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
idle=${1:-2000}
slow=${2:-50}
rate=${3:-500}
source scripts/lib.sh
log() { echo "hostile: $*" >&2; }
ensure_wrk
build_if_stale
work=target/bench; mkdir -p "$work"
certs/generate.sh --out "$work/certs" --if-absent localhost 127.0.0.1 2>/dev/null
port=$(free_port)
ulimit -n 65536 2>/dev/null || true
# shellcheck disable=SC2046,SC2086
start_service "$port" "$work/certs" "$work/hostile-service.log" target/quarkus-app/quarkus-run.jar ${JAVA_OPTS:-$(chart_jvm_options)}
pid=$service_pid
clients=()
if [ "${SEPARATE_CORES:-0}" = 1 ]; then
  taskset -a -cp 0 "$pid" >/dev/null
  clients=(taskset -c "1-$(( $(nproc) - 1 ))")
fi
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; [ -n "${hostile:-}" ] && kill $hostile 2>/dev/null || true' EXIT
wait_for 60 "the service" curl -sfk -o /dev/null "https://127.0.0.1:$port/q/health/ready"
body="$PWD/examples/create-v1alpha1.json"
paced() {
  local out
  out=$(BODY="$body" DELAY_MS=$(awk -v r="$rate" 'BEGIN {printf "%.3f", 10 * 1000 / r}') "${clients[@]}" wrk -t2 -c10 -d10s --latency -s bench/paced.lua "https://127.0.0.1:$port/validate")
  printf '%-40s %10s %10s %10s %10s  %s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk '/Latency/ {print $4}' <<<"$out")" "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ';' || true)"
}
BODY="$body" "${clients[@]}" wrk -t2 -c10 -d5s -s bench/post.lua "https://127.0.0.1:$port/validate" > /dev/null # warm-up
echo "POST /validate at about $rate reviews/s (wrk -t2 -c10 -d10s), $(nproc) cores$([ ${#clients[@]} -gt 0 ] && echo ": the service on core 0, the clients on the others"), JVM options ${JAVA_OPTS:-$(chart_jvm_options)}"
printf '%-40s %10s %10s %10s %10s  %s\n' "" "req/s" p50 p99 max errors
paced "alone"
"${clients[@]}" java bench/Hostile.java 127.0.0.1 "$port" "$idle" "$slow" 30 > "$work/hostile.txt" 2>&1 &
hostile=$!
wait_for 120 "$idle idle connections" grep -q "idle TLS connections open" "$work/hostile.txt"
paced "with $idle idle TLS + $slow slow bodies"
echo "resident memory of the service meanwhile: $(rss_mib "$pid") MiB"
wait $hostile || true
hostile=""
cat "$work/hostile.txt"
