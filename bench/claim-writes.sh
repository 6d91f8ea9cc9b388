#!/usr/bin/env bash
# What one table claim's API call costs from fabric8's client (as LeaseLocationClaims makes it) beside the same Lease
# create from curl, against one real kube-apiserver v1.20.2: one keep-alive client each, creates back to back, each
# Lease of its own name. Both Java runs with the chart's JVM options (JAVA_OPTS to override).
#
#   bench/claim-writes.sh [N]   (default 300 timed creates after 100 warm-up ones)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-300}
warmup=100
source scripts/lib.sh
bench_prepare
bench_workspace bench-claim-writes
start_apiserver "$work"
kubectl create namespace bench >/dev/null

echo "Lease creates through kube-apiserver v1.20.2, one keep-alive client each, $n after $warmup, $(machine)"
# shellcheck disable=SC2086
java $java_opts -cp "$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')" bench/LeaseCreates.java \
  "$apiserver_url" "$apiserver_token" "$work/apiserver-certs/ca.crt" bench "$warmup" "$n" 2>"$work/java.log"
for protocol in --http1.1 --http2; do
  for i in $(seq 1 $((warmup + n))); do   # a curl config file (-K): any number of transfers on one connection
    [ "$i" = 1 ] || echo next
    api_transfer "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"curl${protocol#--http}-$i\"},\"spec\":{\"holderIdentity\":\"bench/$i\"}}" \
      "$apiserver_url/apis/coordination.k8s.io/v1/namespaces/bench/leases"
  done > "$work/curl.config"
  curl "$protocol" -K "$work/curl.config" | tail -n "$n" | awk -v p="$protocol" '$1 != 201 {bad++} {print $2 * 1000}
      END {if (bad) print bad " creates were not 201" > "/dev/stderr"}' | sort -n \
    | awk -v p="${protocol#--}" '{v[NR] = $1; s += $1} END {printf "curl (%s): p50 %.2f ms, p90 %.2f ms, mean %.2f ms of %d\n", p, v[int(NR / 2) + 1], v[int(NR * 0.9) + 1], s / NR, NR}'
done
