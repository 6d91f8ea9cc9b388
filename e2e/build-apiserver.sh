#!/usr/bin/env bash
# Prints the path of a kube-apiserver v1.20.2 built from Debian's `kubernetes` source package,
# building and caching it the first time (see e2e/cluster/build-kubernetes.sh).
set -euo pipefail
dir=$("$(dirname "${BASH_SOURCE[0]}")/cluster/build-kubernetes.sh" kube-apiserver)
echo "$dir/kube-apiserver"
