#!/usr/bin/env bash
# Starts a real single-node Kubernetes v1.20.2 cluster on this machine, or reuses the one running.
#
#   e2e/cluster/up.sh      prints the cluster's kubeconfig path as its last line
#   e2e/cluster/down.sh    stops it and removes everything it made
#
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, containerd with runc and a
# CNI bridge. The recipe and its traps are in the shared reference page local-cluster.md. Binaries
# come from Debian's packages and from Debian's `kubernetes` source package (built once, cached under
# ${VSA_CACHE:-~/.cache/vaultserver-admission}). Needs root.
#
# Everything it makes is in $VSA_CLUSTER_DIR (default /var/tmp/vaultserver-admission-cluster), on
# its own free ports and socket, with the bridge vsa0 (10.244.0.1/24: the node's and the API server's
# address; Pods get 10.244.0.2 and up). Pods have routes to the Pod network and the Service range only,
# and reach the API server as the `kubernetes` Service (10.0.0.1:443) through one DNAT rule, since
# there is no kube-proxy; the API server calls webhook
# Services at their Pods' addresses (--enable-aggregator-routing). No traffic leaves the machine:
# Pods get an empty resolv.conf, packets from the Pod network to any other address are dropped, and
# no masquerading is set up.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/scripts/lib.sh"
source "$here/lib.sh"
log() { echo "cluster: $*" >&2; }
started=$(date +%s)

if cluster_healthy; then
  log "reusing the running cluster in $dir"
  echo "$dir/admin.kubeconfig"
  exit 0
fi
if [ -d "$dir" ]; then
  log "a stopped or broken cluster is in $dir: removing it first"
  "$here/down.sh" >&2
fi

bins=$("$here/build-kubernetes.sh" kube-apiserver kube-controller-manager kube-scheduler kubelet pause.c)
need=()
command -v containerd >/dev/null || need+=(containerd)
command -v runc >/dev/null || need+=(runc)
[ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
command -v iptables >/dev/null || need+=(iptables)
command -v etcd >/dev/null || need+=(etcd-server)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v buildah >/dev/null || need+=(buildah)
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
command -v ip >/dev/null || need+=(iproute2)
command -v kubectl >/dev/null || need+=(kubernetes-client)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

mkdir -p "$dir"/{pids,logs,pki,cni,cni-ipam,kubelet,containerd}
# The kubelet writes container logs to /var/log/pods and /var/log/containers: down.sh removes them
# when this cluster made those folders.
for logs in /var/log/pods /var/log/containers; do
  [ -d "$logs" ] || { mkdir -p "$logs"; echo "$logs" >> "$dir/made-folders"; }
done
etcd_client=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); kubelet_port=$(free_port)
echo "$api_port" > "$dir/api-port"

# --- network: the bridge and its gateway address exist before the API server advertises it
log "bridge $bridge $gateway/24"
ip link add "$bridge" type bridge
ip addr add "$gateway/24" dev "$bridge"
ip link set "$bridge" up
iptables -t nat -A PREROUTING -d "$service_ip/32" -p tcp --dport 443 -j DNAT --to-destination "$gateway:$api_port" \
  -m comment --comment "$rule_tag"
iptables -I FORWARD -s "$pod_cidr" ! -d "$pod_cidr" -j DROP -m comment --comment "$rule_tag"
: > "$dir/resolv.conf"

# --- certificates and credentials
certs() { "$root/certs/generate.sh" "$@" 2>/dev/null; }
certs --out "$dir/pki" --days 3650 "$gateway" "$service_ip" 127.0.0.1 localhost kubernetes kubernetes.default \
  kubernetes.default.svc kubernetes.default.svc.cluster.local
# The API server's client certificate for the kubelet (logs, exec), signed by the CA the kubelet trusts.
openssl req -new -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" \
  -keyout "$dir/pki/kubelet-client.key" -out "$dir/pki/kubelet-client.csr" 2>/dev/null
openssl x509 -req -sha256 -days 3650 -in "$dir/pki/kubelet-client.csr" -CA "$dir/pki/ca.crt" -CAkey "$dir/pki/ca.key" \
  -CAcreateserial -CAserial "$dir/pki/ca.srl" -out "$dir/pki/kubelet-client.crt" 2>/dev/null
service_account_keys "$dir/pki/sa"
admin_token=$(openssl rand -hex 16); kubelet_token=$(openssl rand -hex 16)
{
  echo "$admin_token,admin,admin,system:masters"
  echo "$kubelet_token,system:node:$node,system:node:$node,system:nodes"
} > "$dir/pki/tokens.csv"
write_kubeconfig "$dir/admin.kubeconfig" "https://$gateway:$api_port" "$dir/pki/ca.crt" "$admin_token"
write_kubeconfig "$dir/kubelet.kubeconfig" "https://$gateway:$api_port" "$dir/pki/ca.crt" "$kubelet_token"
export KUBECONFIG="$dir/admin.kubeconfig"

# --- etcd and the control plane
etcd_command vsa "$dir/etcd" "$etcd_client" "$etcd_peer"
start etcd "${etcd_command[@]}"
wait_for 30 etcd curl -sf "http://127.0.0.1:$etcd_client/health"

start kube-apiserver "$bins/kube-apiserver" --bind-address="$gateway" --secure-port="$api_port" --insecure-port=0 \
  --advertise-address="$gateway" --etcd-servers="http://127.0.0.1:$etcd_client" \
  --tls-cert-file="$dir/pki/tls.crt" --tls-private-key-file="$dir/pki/tls.key" \
  --client-ca-file="$dir/pki/ca.crt" --token-auth-file="$dir/pki/tokens.csv" \
  --authorization-mode=Node,RBAC --allow-privileged=true \
  --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$dir/pki/sa.pub" \
  --service-account-signing-key-file="$dir/pki/sa.key" --api-audiences=https://kubernetes.default.svc \
  --service-cluster-ip-range="$service_cidr" --enable-aggregator-routing=true \
  --kubelet-preferred-address-types=InternalIP \
  --kubelet-client-certificate="$dir/pki/kubelet-client.crt" --kubelet-client-key="$dir/pki/kubelet-client.key" \
  --enable-admission-plugins=NamespaceLifecycle,ServiceAccount,NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook
wait_for 60 kube-apiserver kubectl get --raw /readyz

start kube-controller-manager "$bins/kube-controller-manager" --kubeconfig="$dir/admin.kubeconfig" \
  --leader-elect=false --port=0 --secure-port=0 --use-service-account-credentials=false \
  --service-account-private-key-file="$dir/pki/sa.key" --root-ca-file="$dir/pki/ca.crt"
start kube-scheduler "$bins/kube-scheduler" --kubeconfig="$dir/admin.kubeconfig" --leader-elect=false \
  --port=0 --secure-port=0

# --- the node: containerd (runc through a wrapper, the pause image built here) and the kubelet
pause_dir="$VSA_CACHE_DIR/pause"
if [ ! -s "$pause_dir/pause.tar" ]; then
  log "building the pause image from Kubernetes' pause.c"
  mkdir -p "$pause_dir"
  gcc -Os -static -DVERSION=v1.20.2 -o "$pause_dir/pause" "$bins/pause.c"
  strip "$pause_dir/pause"
  bah=(buildah --root "$pause_dir/storage" --runroot "$pause_dir/run" --storage-driver vfs)
  ctr_id=$("${bah[@]}" from scratch)
  "${bah[@]}" copy "$ctr_id" "$pause_dir/pause" /pause >/dev/null
  "${bah[@]}" config --entrypoint '["/pause"]' --user 65535:65535 "$ctr_id"
  "${bah[@]}" commit --quiet "$ctr_id" "$pause_image" >/dev/null
  "${bah[@]}" push --quiet "$pause_image" "oci-archive:$pause_dir/pause.tar.tmp:$pause_image"
  "${bah[@]}" rm "$ctr_id" >/dev/null
  mv "$pause_dir/pause.tar.tmp" "$pause_dir/pause.tar"
fi

# This machine refuses to lower a process's oom_score_adj, which the kubelet asks for every Pod:
# the wrapper rewrites a negative process.oomScoreAdj in the bundle's config.json to 0.
cat > "$dir/runc" <<'RUNC'
#!/bin/sh
bundle=""
prev=""
for arg in "$@"; do
  [ "$prev" = "--bundle" ] && bundle="$arg"
  case "$arg" in --bundle=*) bundle="${arg#--bundle=}" ;; esac
  prev="$arg"
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i 's/"oomScoreAdj":-[0-9]*/"oomScoreAdj":0/' "$bundle/config.json"
fi
exec /usr/sbin/runc "$@"
RUNC
chmod +x "$dir/runc"

cat > "$dir/cni/10-vsa.conflist" <<CNI
{"cniVersion": "0.4.0", "name": "vsa", "plugins": [
  {"type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "dataDir": "$dir/cni-ipam", "ranges": [[{"subnet": "$pod_cidr", "gateway": "$gateway"}]],
            "routes": [{"dst": "$service_cidr"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}
]}
CNI

containerd config default > "$dir/containerd/config.toml.default"
python3 - "$dir" "$pause_image" "$dir/containerd/config.toml.default" > "$dir/containerd/config.toml" <<'PY'
import re, sys
d, pause = sys.argv[1], sys.argv[2]
s = open(sys.argv[3]).read()
def sub(pattern, value, count=1):
    global s
    s, n = re.subn(pattern, value, s, count=count, flags=re.M)
    assert n, pattern
sub(r'^root = .*$', f'root = "{d}/containerd/root"')
sub(r'^state = .*$', f'state = "{d}/containerd/state"')
sub(r'^(\[grpc\]\n  )address = .*$', rf'\1address = "{d}/containerd.sock"')
sub(r'^(\s*)sandbox_image = .*$', rf'\1sandbox_image = "{pause}"')
sub(r'^(\s*)bin_dir = .*$', r'\1bin_dir = "/usr/lib/cni"')
sub(r'^(\s*)conf_dir = .*$', rf'\1conf_dir = "{d}/cni"')
sub(r'^(\s*)BinaryName = .*$', rf'\1BinaryName = "{d}/runc"')
sub(r'^(\s*)SystemdCgroup = .*$', r'\1SystemdCgroup = false', count=0)
print(s, end='')
PY
start containerd containerd --config "$dir/containerd/config.toml"
ctr_cmd=(ctr --address "$dir/containerd.sock" -n k8s.io)
wait_for 30 containerd "${ctr_cmd[@]}" version
"${ctr_cmd[@]}" images import --all-platforms "$pause_dir/pause.tar" >/dev/null

cat > "$dir/kubelet/config.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $gateway
port: $kubelet_port
readOnlyPort: 0
healthzPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$dir/pki/ca.crt"}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
resolvConf: "$dir/resolv.conf"
clusterDomain: cluster.local
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
serializeImagePulls: false
# Mounted ConfigMaps and Secrets are refreshed on this period (1 minute by default).
syncFrequency: 10s
KUBELET
start kubelet "$bins/kubelet" --config="$dir/kubelet/config.yaml" --kubeconfig="$dir/kubelet.kubeconfig" \
  --container-runtime=remote --container-runtime-endpoint="unix://$dir/containerd.sock" \
  --node-ip="$gateway" --hostname-override="$node" --root-dir="$dir/kubelet/root" \
  --cert-dir="$dir/kubelet/pki" --register-node=true
wait_for 90 "node $node" sh -c "kubectl get node $node -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
wait_for 60 "the default ServiceAccount" kubectl -n default get serviceaccount default
log "ready in $(( $(date +%s) - started ))s: node $node, API server https://$gateway:$api_port"
echo "$dir/admin.kubeconfig"
