# Shared by up.sh, down.sh and run.sh: where the cluster lives, and how its processes are started.
dir="${VSA_CLUSTER_DIR:-/var/tmp/vaultserver-admission-cluster}"
VSA_CACHE_DIR="${VSA_CACHE:-$HOME/.cache/vaultserver-admission}"
node=vsa-node
bridge=vsa0
gateway=10.244.0.1
pod_cidr=10.244.0.0/24
service_cidr=10.0.0.0/24
service_ip=10.0.0.1
pause_image=localhost/vaultserver-admission-pause:v1.20.2
rule_tag=vaultserver-admission-cluster

# start NAME COMMAND...: runs it in its own session (it outlives this script), logs in $dir/logs.
start() {
  local name=$1; shift
  log "starting $name"
  setsid "$@" > "$dir/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/pids/$name.pid"
}

# running NAME: the process started as NAME is alive.
running() {
  local pid
  pid=$(cat "$dir/pids/$1.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null
}

cluster_healthy() {
  local name
  for name in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet; do
    running "$name" || return 1
  done
  KUBECONFIG="$dir/admin.kubeconfig" kubectl get node "$node" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True
}
