#!/usr/bin/env bash
# The end-to-end suite: a real etcd + kube-apiserver v1.20.2 on free loopback ports, the built
# webhook registered with them by URL and caBundle, and the Java E2E tests (src/test/java/.../e2e)
# driving kubectl and the fabric8 client against that API server.
#
#   e2e/run.sh            (a few minutes the first time: it builds kube-apiserver and caches it)
#
# Installs what it needs from Debian's packages (etcd-server; kubectl from kubernetes-client when
# there is none). Everything it starts is stopped when it exits; its files are in target/e2e.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
source scripts/lib.sh
log() { echo "e2e: $*" >&2; }
started=$(date +%s)

apiserver=$(e2e/build-apiserver.sh)
need=()
command -v etcd >/dev/null || need+=(etcd-server)
command -v kubectl >/dev/null || need+=(kubernetes-client)
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
# Debian's etcd-server starts a system etcd on the default ports; ours uses its own free ports.

work="$root/target/e2e"
rm -rf "$work"; mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT


etcd_client=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); webhook_port=$(free_port)

log "starting etcd on 127.0.0.1:$etcd_client"
etcd --data-dir "$work/etcd" --name e2e \
  --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "e2e=http://127.0.0.1:$etcd_peer" > "$work/etcd.log" 2>&1 &
pids+=($!)

certs/generate.sh --out "$work/apiserver-certs" 127.0.0.1 localhost 2>/dev/null
openssl genrsa -out "$work/sa.key" 2048 2>/dev/null
openssl rsa -in "$work/sa.key" -pubout -out "$work/sa.pub" 2>/dev/null
token=$(openssl rand -hex 16)
echo "$token,admin,admin,system:masters" > "$work/tokens.csv"

wait_for 30 etcd curl -sf "http://127.0.0.1:$etcd_client/health"
log "starting kube-apiserver v1.20.2 on 127.0.0.1:$api_port"
"$apiserver" --bind-address=127.0.0.1 --secure-port="$api_port" --insecure-port=0 \
  --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
  --etcd-servers="http://127.0.0.1:$etcd_client" \
  --tls-cert-file="$work/apiserver-certs/tls.crt" --tls-private-key-file="$work/apiserver-certs/tls.key" \
  --client-ca-file="$work/apiserver-certs/ca.crt" --token-auth-file="$work/tokens.csv" \
  --authorization-mode=RBAC \
  --service-account-issuer=https://127.0.0.1 --service-account-key-file="$work/sa.pub" \
  --service-account-signing-key-file="$work/sa.key" --api-audiences=e2e \
  --service-cluster-ip-range=10.0.0.0/24 \
  --enable-admission-plugins=NamespaceLifecycle,MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
  --disable-admission-plugins=ServiceAccount > "$work/apiserver.log" 2>&1 &
pids+=($!)

cat > "$work/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: e2e
    cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$work/apiserver-certs/ca.crt"}
users:
  - name: admin
    user: {token: "$token"}
contexts:
  - name: e2e
    context: {cluster: e2e, user: admin}
current-context: e2e
KUBECONFIG
export KUBECONFIG="$work/kubeconfig"
wait_for 60 kube-apiserver kubectl get --raw /readyz
log "kube-apiserver ready: $(kubectl get --raw /version | grep -o "\"gitVersion\": *\"[^\"]*\"")"

# KubeVault is installed before its webhook, as in a cluster: the webhook watches VaultServers from the start.
kubectl apply -f "$root/e2e/vaultserver-crd.yaml" >/dev/null
kubectl wait --for condition=established --timeout=30s crd/vaultservers.kubevault.com >/dev/null

build_if_stale
certs/generate.sh --out "$work/webhook-certs" 127.0.0.1 localhost 2>/dev/null
log "starting the webhook on https://127.0.0.1:$webhook_port"
QUARKUS_HTTP_SSL_PORT=$webhook_port QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_TLS_KEY_STORE_PEM_0_CERT="$work/webhook-certs/tls.crt" QUARKUS_TLS_KEY_STORE_PEM_0_KEY="$work/webhook-certs/tls.key" \
  VAULTSERVER_ADMISSION_SECRETS_SOURCE=kubernetes VAULTSERVER_ADMISSION_POLICY_FILE="$work/tenant-policy.yaml" \
  java -jar target/quarkus-app/quarkus-run.jar > "$work/webhook.log" 2>&1 &
pids+=($!)
wait_for 30 webhook curl -sf --cacert "$work/webhook-certs/ca.crt" "https://127.0.0.1:$webhook_port/q/health/ready"

log "running the end-to-end tests"
status=0
./mvnw -B test -Pe2e \
  -De2e.webhookUrl="https://127.0.0.1:$webhook_port" \
  -De2e.caFile="$work/webhook-certs/ca.crt" \
  -De2e.policyFile="$work/tenant-policy.yaml" \
  -De2e.crd="$root/e2e/vaultserver-crd.yaml" \
  -De2e.chart="$root/helm/vaultserver-admission" || status=$?
if [ $status -ne 0 ]; then
  log "FAILED; last lines of the webhook's and the API server's logs:"
  tail -n 30 "$work/webhook.log" >&2 || true
  tail -n 30 "$work/apiserver.log" >&2 || true
fi
log "took $(( $(date +%s) - started ))s"
exit $status
