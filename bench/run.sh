#!/usr/bin/env bash
# Load benchmark of the built service over HTTPS with wrk (installed from Debian's packages if missing).
#
#   bench/run.sh [SECONDS] [CONNECTIONS] [RATE]   (defaults: 15 s, 32 connections, 2,000 requests/s; 2 threads)
#
# Starts the built service on a free loopback port (Secrets from local-secrets/), warms it up, then
# drives /mutate and /validate with the example AdmissionReview (a v1alpha1 VaultServer whose
# credential Secret is looked up), and GET /q/health/live as the baseline: the same Quarkus HTTPS stack
# giving a constant answer. Prints two tables:
#   - at a fixed rate (RATE requests/s): wrk has no rate option (wrk2 is not packaged), so each of 20
#     connections pauses between requests (bench/paced.lua) for a time calibrated on a short run first;
#     the achieved rate is printed next to the latencies;
#   - at saturation (CONNECTIONS connections, no pause): throughput, latency, and each endpoint's
#     throughput as a share of the baseline's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-15}
connections=${2:-32}
rate=${3:-2000}
paced_connections=20
source scripts/lib.sh

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
build_if_stale
work=target/bench; mkdir -p "$work"
certs/generate.sh --out "$work/certs" --if-absent localhost 127.0.0.1 2>/dev/null
port=$(free_port)

QUARKUS_HTTP_SSL_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_LEVEL=WARN \
  QUARKUS_TLS_KEY_STORE_PEM_0_CERT="$work/certs/tls.crt" QUARKUS_TLS_KEY_STORE_PEM_0_KEY="$work/certs/tls.key" \
  VAULTSERVER_ADMISSION_SECRETS_SOURCE=directory \
  java ${JAVA_OPTS:--Xmx256m} -jar target/quarkus-app/quarkus-run.jar > "$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sfk "https://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 0.5; done

url="https://127.0.0.1:$port"
body="$PWD/examples/create-v1alpha1.json"
run() { # run NAME PATH [lua] -> "name rps p50 p90 p99"
  local name=$1 path=$2 script=${3:-}
  local args=(-t2 -c"$connections" -d"${seconds}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  BODY="$body" wrk "${args[@]}" -d3s "$url$path" > /dev/null 2>&1 # warm-up
  local out; out=$(BODY="$body" wrk "${args[@]}" "$url$path")
  local rps p50 p90 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p90=$(awk '$1=="90%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ';' || true)
  echo "$name $rps $p50 $p90 $p99 ${errors:-none}"
}

paced() { # paced NAME PATH BODY -> "name achieved-rps p50 p90 p99 errors"
  local name=$1 path=$2 bodyfile=$3
  # Start from the pause the target rate would need with no latency, then correct it by a 4 s run.
  local pause; pause=$(awk -v c=$paced_connections -v r="$rate" 'BEGIN {printf "%.3f", c * 1000 / r}')
  local out achieved
  for _ in 1 2; do
    out=$(BODY="$bodyfile" DELAY_MS="$pause" wrk -t2 -c$paced_connections -d4s -s bench/paced.lua "$url$path")
    achieved=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    pause=$(awk -v p="$pause" -v a="$achieved" -v r="$rate" -v c=$paced_connections \
      'BEGIN {lat = c * 1000 / a - p; q = c * 1000 / r - lat; if (q < 0) q = 0; printf "%.3f", q}')
  done
  out=$(BODY="$bodyfile" DELAY_MS="$pause" wrk -t2 -c$paced_connections -d"${seconds}s" --latency -s bench/paced.lua "$url$path")
  local rps p50 p90 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p90=$(awk '$1=="90%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ';' || true)
  echo "$name $rps $p50 $p90 $p99 ${errors:-none}"
}

# Warm-up (JIT) before any measured run.
BODY="$body" wrk -t2 -c"$connections" -d5s -s bench/post.lua "$url/mutate" > /dev/null 2>&1
BODY="$body" wrk -t2 -c"$connections" -d5s -s bench/post.lua "$url/validate" > /dev/null 2>&1

paced_baseline=$(paced "baseline:GET/q/health/live" /q/health/live "")
paced_mutate=$(paced "POST/mutate" /mutate "$body")
paced_validate=$(paced "POST/validate" /validate "$body")

baseline=$(run "baseline:GET/q/health/live" /q/health/live)
mutate=$(run "POST/mutate" /mutate bench/post.lua)
validate=$(run "POST/validate" /validate bench/post.lua)
base_rps=$(awk '{print $2}' <<<"$baseline")

echo "vaultserver-admission over HTTPS, $(nproc) cores, $(java -version 2>&1 | head -n 1)"
echo
echo "At a fixed rate: target $rate requests/s, wrk -t2 -c$paced_connections -d${seconds}s with a calibrated pause per connection"
printf '%-30s %12s %10s %10s %10s  %s\n' endpoint "achieved/s" p50 p90 p99 errors
for line in "$paced_baseline" "$paced_mutate" "$paced_validate"; do
  read -r name rps p50 p90 p99 errors <<<"$line"
  printf '%-30s %12s %10s %10s %10s  %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$errors"
done
echo
echo "At saturation: wrk -t2 -c$connections -d${seconds}s"
printf '%-30s %12s %10s %10s %10s %9s  %s\n' endpoint "requests/s" p50 p90 p99 "vs base" errors
for line in "$baseline" "$mutate" "$validate"; do
  read -r name rps p50 p90 p99 errors <<<"$line"
  ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  printf '%-30s %12s %10s %10s %10s %9s  %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$ratio" "$errors"
done
