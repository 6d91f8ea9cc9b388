#!/usr/bin/env bash
# The end-to-end suite: a real etcd + kube-apiserver v1.20.2 on free loopback ports, the built
# webhook registered with them by URL and caBundle, and the Java E2E tests (src/test/java/.../e2e)
# driving kubectl and the fabric8 client against that API server.
#
#   e2e/run.sh [MAVEN_ARGS...]   (a few minutes the first time: it builds kube-apiserver and caches it)
#                                 e.g. e2e/run.sh -Dtest=OpenReportsE2ETest runs one class
#
# Installs what it needs from Debian's packages (etcd-server; kubectl from kubernetes-client when
# there is none). Everything it starts is stopped when it exits; its files are in target/e2e.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
source scripts/lib.sh
log() { echo "e2e: $*" >&2; }
started=$(date +%s)

work="$root/target/e2e"
rm -rf "$work"; mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_apiserver "$work"
webhook_port=$(free_port)

# KubeVault is installed before its webhook, as in a cluster: the webhook watches VaultServers from the start.
kubectl apply -f "$root/e2e/vaultserver-crd.yaml" >/dev/null
kubectl wait --for condition=established --timeout=30s crd/vaultservers.kubevault.com >/dev/null

# The webhook's table claims are Leases in its own namespace, as the chart's release namespace in a cluster.
claims_namespace=vaultserver-admission-e2e
kubectl create namespace "$claims_namespace" >/dev/null

# A tenant policy is configured, as the chart configures one: its file missing would be a refused load.
echo "rules: []" > "$work/tenant-policy.yaml"

build_if_stale
certs/generate.sh --out "$work/webhook-certs" 127.0.0.1 localhost 2>/dev/null
log "starting the webhook on https://127.0.0.1:$webhook_port"
QUARKUS_HTTP_SSL_PORT=$webhook_port QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_TLS_KEY_STORE_PEM_0_CERT="$work/webhook-certs/tls.crt" QUARKUS_TLS_KEY_STORE_PEM_0_KEY="$work/webhook-certs/tls.key" \
  VAULTSERVER_ADMISSION_SECRETS_SOURCE=kubernetes VAULTSERVER_ADMISSION_POLICY_FILE="$work/tenant-policy.yaml" \
  VAULTSERVER_ADMISSION_POLICY_REQUIRED=true VAULTSERVER_ADMISSION_CLAIMS_NAMESPACE="$claims_namespace" \
  java -jar target/quarkus-app/quarkus-run.jar > "$work/webhook.log" 2>&1 &
pids+=($!)
wait_for 30 webhook curl -sf --cacert "$work/webhook-certs/ca.crt" "https://127.0.0.1:$webhook_port/q/health/ready"

log "running the end-to-end tests"
status=0
./mvnw -B test -Pe2e \
  -De2e.webhookUrl="https://127.0.0.1:$webhook_port" \
  -De2e.caFile="$work/webhook-certs/ca.crt" \
  -De2e.policyFile="$work/tenant-policy.yaml" \
  -De2e.claimsNamespace="$claims_namespace" \
  -De2e.crd="$root/e2e/vaultserver-crd.yaml" \
  -De2e.chart="$root/helm/vaultserver-admission" "$@" || status=$?
if [ $status -ne 0 ]; then
  log "FAILED; last lines of the webhook's and the API server's logs:"
  tail -n 30 "$work/webhook.log" >&2 || true
  tail -n 30 "$work/apiserver.log" >&2 || true
fi
log "took $(( $(date +%s) - started ))s"
exit $status
