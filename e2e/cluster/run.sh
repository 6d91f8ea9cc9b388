#!/usr/bin/env bash
# The in-cluster suite: a real single-node cluster (e2e/cluster/up.sh), the image built by
# scripts/build-image.sh and imported into the node, the chart installed by the tests with helm-java
# (src/test/java/.../e2e/cluster, -Pcluster), and everything it reports printed as `cluster: ...`.
#
#   e2e/cluster/run.sh [--keep] [MAVEN_ARGS...]   --keep leaves the cluster running afterwards (stop it: e2e/cluster/down.sh);
#                                                 e.g. -Dtest='InClusterTest#pods*+doctor*' runs some of the tests
#
# A cluster that was running before is reused and left running. The first run on a new machine
# builds the Kubernetes binaries (about 13 minutes on 2 cores, cached) and the image's base (cached).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
source e2e/cluster/lib.sh
log() { echo "cluster: $*" >&2; }
started=$(date +%s)
keep=false
if [ "${1:-}" = --keep ]; then keep=true; shift; fi

was_running=false
cluster_healthy && was_running=true
kubeconfig=$(e2e/cluster/up.sh | tail -n 1)
export KUBECONFIG="$kubeconfig"
if ! $was_running && ! $keep; then trap 'e2e/cluster/down.sh' EXIT; fi

image=$(scripts/build-image.sh | tail -n 1)
version=${image##*:}
log "importing $image into the node"
ctr --address "$dir/containerd.sock" -n k8s.io images import "target/image/vaultserver-admission-$version.tar" >/dev/null

# KubeVault is installed before its webhook, as in a cluster.
kubectl apply -f e2e/vaultserver-crd.yaml >/dev/null
kubectl wait --for condition=established --timeout=30s crd/vaultservers.kubevault.com >/dev/null
# A run after a failed one starts from a clean release.
kubectl get namespace vault-system >/dev/null 2>&1 && {
  log "removing what an earlier run left"
  kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l app.kubernetes.io/instance=vsa --ignore-not-found >/dev/null
  kubectl delete namespace -l e2e.vaultserver-admission.dev/suite=cluster --wait=true >/dev/null
}

status=0
./mvnw -B test -Pcluster \
  -Dcluster.kubeconfig="$kubeconfig" -Dcluster.chart="$(pwd)/helm/vaultserver-admission" \
  -Dcluster.image="$image" -Dcluster.containerdSocket="$dir/containerd.sock" "$@" || status=$?
if [ $status -ne 0 ]; then
  log "FAILED; the webhook Pods' last log lines:"
  tail -n 20 /var/log/pods/vault-system_*/webhook/*.log 2>/dev/null >&2 || true
fi
log "took $(( $(date +%s) - started ))s"
exit $status
