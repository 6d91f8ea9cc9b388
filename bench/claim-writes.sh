#!/usr/bin/env bash
# What one table claim's API call costs from fabric8's client (as LeaseLocationClaims makes it) beside the same Lease
# create from the JDK's TLS socket with no HTTP client (bench/LeaseCreatesOverSocket.java: Java's TLS alone) and from
# curl, against one real kube-apiserver v1.20.2: one keep-alive client each, creates back to back, each Lease of its
# own name. The Java ones run with the chart's JVM options (JAVA_OPTS to override).
#
#   bench/claim-writes.sh [N]   (default 300 timed creates after WARMUP warm-up ones, default 100)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-300}
warmup=${WARMUP:-100}
source scripts/lib.sh
bench_prepare
bench_workspace bench-claim-writes
start_apiserver "$work"
kubectl create namespace bench >/dev/null

# summary: the first line of its input names what was measured, each further one is a create's milliseconds.
summary() {
  { read -r what; echo "$what"; sort -n; } | awk 'NR == 1 {what = $0; next} {v[NR - 1] = $1; s += $1}
    END {n = NR - 1; printf "%s: p50 %.2f ms, p90 %.2f ms, mean %.2f ms of %d\n", what, v[int(n / 2) + 1], v[int(n * 0.9) + 1], s / n, n}'
}

echo "Lease creates through kube-apiserver v1.20.2, one keep-alive client each, $n after $warmup, $(machine)"
# shellcheck disable=SC2086
java $java_opts -cp "$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')" bench/LeaseCreates.java \
  "$apiserver_url" "$apiserver_token" "$work/apiserver-certs/ca.crt" bench "$warmup" "$n" 2>"$work/java.log" | summary
# shellcheck disable=SC2086
java $java_opts bench/LeaseCreatesOverSocket.java "$apiserver_url" "$apiserver_token" "$work/apiserver-certs/ca.crt" bench "$warmup" "$n" | summary
for protocol in --http1.1 --http2; do
  { echo "curl (${protocol#--})"
    for i in $(seq 1 $((warmup + n))); do
      api_transfer "$(lease_json "curl${protocol#--http}-$i" "bench/$i")" "$apiserver_url/apis/coordination.k8s.io/v1/namespaces/bench/leases"
    done | api_transfers "$protocol" | tail -n "$n" | awk '$1 != 201 {bad++} {print $2 * 1000}
      END {if (bad) print bad " creates were not 201" > "/dev/stderr"}'; } | summary
done
