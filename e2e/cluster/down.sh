#!/usr/bin/env bash
# Stops the cluster e2e/cluster/up.sh started and removes what it made: its processes (by the pids
# it recorded), the containers of its containerd, their mounts and network namespaces, the bridge,
# the iptables rules tagged with its name, and its folder. Safe to run when nothing is running.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
log() { echo "cluster: $*" >&2; }

stop() { # stop NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS
  local pid
  pid=$(cat "$dir/pids/$1.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $(( ${2:-10} * 10 ))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

[ -d "$dir" ] || exit 0
log "stopping the cluster in $dir"
stop kubelet
stop kube-scheduler
stop kube-controller-manager
sock="$dir/containerd.sock"
if running containerd; then
  ctr_cmd=(ctr --address "$sock" -n k8s.io)
  for task in $("${ctr_cmd[@]}" tasks ls -q 2>/dev/null); do
    "${ctr_cmd[@]}" tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true
  done
  sleep 1
  for task in $("${ctr_cmd[@]}" tasks ls -q 2>/dev/null); do
    "${ctr_cmd[@]}" tasks delete -f "$task" >/dev/null 2>&1 || true
  done
fi
stop containerd
# Shims of this containerd that are still there (they name its socket on their command line).
pkill -9 -f "containerd-shim.*$sock" 2>/dev/null || true
stop kube-apiserver
stop etcd

# Mounts under the folder (Secret and emptyDir volumes, container root filesystems), deepest first.
findmnt -rn -o TARGET | grep -F "$dir/" | sort -r | while read -r target; do umount -l "$target" 2>/dev/null || true; done
# The Pods' network namespaces: containerd names them cni-<uuid>; the node's CNI network is ours alone.
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^cni-'); do
  if ip netns exec "$ns" ip -4 -o addr 2>/dev/null | grep -q " ${gateway%.*}\."; then ip netns delete "$ns" 2>/dev/null || true; fi
done
ip link del "$bridge" 2>/dev/null || true
for table in nat filter; do
  iptables-save -t "$table" 2>/dev/null | grep -- "--comment $rule_tag" | sed 's/^-A /-D /' | while read -r rule; do
    eval "iptables -t $table $rule" 2>/dev/null || true
  done
done
[ -f "$dir/made-folders" ] && xargs -r rm -rf < "$dir/made-folders"
rm -rf "$dir"
log "stopped"
