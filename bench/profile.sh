#!/usr/bin/env bash
# Where a review's time goes: CPU per review of ours and of the floor (bench/floor), and a JFR profile of ours
# under load with its samples grouped by what they do (TLS, Netty and Vert.x, JSON, the rule core, ...).
#
#   bench/profile.sh [SECONDS] [RATE]   (defaults: 20 s at 2,000 reviews/s on POST /validate)
#
# Both run with the chart's JVM options (JAVA_OPTS to override), ours with JFR's "profile" settings. After a
# warm-up, each gets the same paced load (wrk, bench/paced.lua); CPU per review is the process's user + system
# time over the run (/proc/PID/stat) divided by the reviews answered. The recording is kept in
# target/bench-profile/ours.jfr for `jfr print` or JDK Mission Control.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-20}
rate=${2:-2000}
connections=20
source scripts/lib.sh
bench_prepare wrk
work=target/bench-profile; rm -rf "$work"; mkdir -p "$work"
certs/generate.sh --out "$work/certs" localhost 127.0.0.1 2>/dev/null
body="$PWD/examples/create-v1alpha1.json"

declare -A port pid
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
for name in ours floor; do
  port[$name]=$(free_port)
  jar=target/quarkus-app/quarkus-run.jar; extra=(-XX:StartFlightRecording=settings=profile,filename="$work/ours.jfr")
  [ $name = floor ] && { jar=bench/floor/target/quarkus-app/quarkus-run.jar; extra=(); }
  # shellcheck disable=SC2086
  start_service "${port[$name]}" "$work/certs" "$work/$name.log" "$jar" $java_opts "${extra[@]}"
  pid[$name]=$service_pid; pids+=($service_pid)
done
for name in ours floor; do
  wait_for 120 "$name" curl -sfk "https://127.0.0.1:${port[$name]}/q/health/ready"
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pause=$(awk -v c=$connections -v r="$rate" 'BEGIN {printf "%.3f", c * 1000 / r}')
declare -A cpu_us reviews
for name in ours floor; do
  url="https://127.0.0.1:${port[$name]}/validate"
  BODY="$body" wrk -t2 -c32 -d8s -s bench/post.lua "$url" >/dev/null   # warm-up (JIT)
  before=$(ticks "${pid[$name]}")
  out=$(BODY="$body" DELAY_MS="$pause" wrk -t2 -c$connections -d"${seconds}s" -s bench/paced.lua "$url")
  after=$(ticks "${pid[$name]}")
  reviews[$name]=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu_us[$name]=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="${reviews[$name]}" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
done
jcmd "${pid[ours]}" JFR.dump filename="$PWD/$work/ours.jfr" >/dev/null

echo "POST /validate at about $rate reviews/s for ${seconds}s, $(machine)"
echo "JVM options of both: $java_opts"
printf '%-6s %10s %22s\n' who reviews "CPU per review (µs)"
for name in ours floor; do printf '%-6s %10s %22s\n' $name "${reviews[$name]}" "${cpu_us[$name]}"; done
echo "ours / floor CPU per review: $(awk -v a="${cpu_us[ours]}" -v b="${cpu_us[floor]}" 'BEGIN {printf "%.2f", a / b}')"
echo
echo "JFR execution samples of ours, each counted for the nearest frame (from the top of the stack) outside java.*, jdk.*, sun.nio:"
jfr print --events jdk.ExecutionSample --stack-depth 96 "$work/ours.jfr" | python3 bench/jfr_areas.py
